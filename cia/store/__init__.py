"""The assessment store.

``open_store(location)`` (or ``Store(location)``) gives the backend for a location: a folder of JSON files
(:mod:`cia.store.folder`) or a ``postgresql://`` URL (:mod:`cia.store.postgres`). Every backend implements
:class:`Store` (:mod:`cia.store.base`). The file format lives in :mod:`cia.store.format`, the folder
store's locks in :mod:`cia.store.locks` and its index in :mod:`cia.store.index`.

Importing this package is light: nothing here loads pydantic until an assessment is read or written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..fsio import atomic_write
from .base import Store
from .records import Filters, Listing, LockInfo, Match, Problem, RevisionInfo, Summary
from .errors import AssessmentFileError, BusyError, ConflictError, NotFoundError, StoreError, UnavailableError
from .format import MAX_DEPTH, MAX_FILE_BYTES, SUFFIX
from .location import ENV_VAR, default_store_dir, resolve_store_dir, resolve_store_location

__all__ = [
    "AssessmentFileError", "BusyError", "ConflictError", "ENV_VAR", "Filters", "FolderStore", "Listing",
    "LockInfo", "MAX_DEPTH", "MAX_FILE_BYTES", "Match", "NotFoundError", "Problem", "RevisionInfo", "SUFFIX",
    "Store", "StoreError", "Summary", "UnavailableError", "atomic_write", "default_store_dir", "open_store", "parse_bytes",
    "read_file", "resolve_store_dir", "resolve_store_location", "to_json",
]


def open_store(location: str | os.PathLike[str] | None = None) -> Store:
    """The store at ``location`` (a folder or a ``postgresql://`` URL); None resolves the default."""
    if location is None:
        location = resolve_store_location(None)
    return Store(location if isinstance(location, str) else Path(location))


_LAZY = {
    "FolderStore": ".folder",
    "AreaStat": ".extract",
    "read_file": ".format",
    "parse_bytes": ".format",
    "parse_json": ".format",
    "to_json": ".format",
    "migrate": ".format",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module, __name__), name)
