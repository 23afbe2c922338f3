"""Where the store is: ``--store`` > ``$CIA_STORE`` > the ``store`` key of the config file > the user data folder."""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path

ENV_VAR = "CIA_STORE"
URL_PREFIXES = ("postgresql://", "postgres://")


def is_url(location: str | os.PathLike[str]) -> bool:
    return isinstance(location, str) and location.startswith(URL_PREFIXES)


def default_store_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cia", appauthor=False)) / "assessments"


def _configured() -> str | None:
    """The ``store`` setting of the config file, when this installation has a config module."""
    if importlib.util.find_spec("cia.config") is None:
        return None
    config = importlib.import_module("cia.config")
    getter = getattr(config, "get", None)
    value = getter("store") if callable(getter) else None
    return str(value) if value else None


def resolve_store_location(option: str | os.PathLike[str] | None = None) -> Path | str:
    """The store's location: a folder (a Path) or a ``postgresql://`` URL (a str). Creates nothing."""
    for value in (option, os.environ.get(ENV_VAR) or None):
        if value:
            return _as_location(value)
    configured = _configured()
    if configured:
        return _as_location(configured)
    return default_store_dir()


def _as_location(value: str | os.PathLike[str]) -> Path | str:
    text = os.fspath(value)
    return text if is_url(text) else Path(text).expanduser()


def resolve_store_dir(option: str | os.PathLike[str] | None = None) -> Path | str:
    """Kept for callers that name it so: the same as :func:`resolve_store_location`."""
    return resolve_store_location(option)
