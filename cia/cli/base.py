"""Shared pieces of the command line: exit codes, usage errors, messages and the store."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..store import Store

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_BAD_FILE = 4
EXIT_CONFLICT = 5
EXIT_REFUSED = 6
"""Refused by the review rules (a signed-off assessment, a transition whose conditions do not hold)."""
EXIT_UNAVAILABLE = 7
"""The store cannot be reached (a database server that does not answer, or went away)."""

Command = Callable[[argparse.Namespace], int]
Adder = Callable[[str, Command, str], argparse.ArgumentParser]
"""``add(name, func, help)`` registers a sub-command and returns its parser (with ``--store``)."""


class UsageError(Exception):
    pass


def reads_one(func: Command) -> Command:
    """Marks a command that reads one assessment, prints and ends, which :func:`cia.cli.main` runs with Python's
    cycle collector paused. Such a command makes some hundred thousand objects that all live until it ends
    (the modules, model classes and validators it imports, the assessment it reads) and only a few hundred
    in reference cycles; the collector would go through the living ones again and again, for about a
    twentieth of the command's time, to free next to nothing."""
    func.reads_one = True  # type: ignore[attr-defined]
    return func


def err(message: str) -> None:
    print(f"cia: {message}", file=sys.stderr)


def open_store(args: argparse.Namespace, *, editions: bool = True) -> Store:
    """The store the command works on. ``editions=False`` leaves the council's editions unread until a
    file must be read (the folder store's index offers them itself then): listing stays light."""
    from ..store import open_store as _open, resolve_store_location

    store = _open(resolve_store_location(getattr(args, "store", None)))
    args._opened_stores = [*getattr(args, "_opened_stores", []), store]  # main() passes on their notices
    if editions or getattr(args, "templates", None):
        use_editions(args, getattr(store, "root", None), store)
    return store


def use_editions(args: argparse.Namespace, store_root: Path | None = None, store: Store | None = None) -> None:
    """Offer the council's editions: ``<store>/templates/`` (a folder store), the editions table (a
    database store, read when first needed) and ``--templates DIR``."""
    from ..editions import use_store, use_stored, use_templates

    if isinstance(store_root, Path):
        use_store(store_root)
    elif store is not None:
        use_stored(store.editions_where, store.edition_files)
    for folder in getattr(args, "templates", None) or []:
        use_templates(folder)


_DASHED_ID = re.compile(r"^-[A-Za-z0-9_][A-Za-z0-9_\-]*$")


def add_id(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="assessment id (or a unique prefix)")
    # An id may begin with a dash (a file named -rf.json): take a dashed word that is not one of this
    # command's options as the id, as argparse does for negative numbers.
    p._negative_number_matcher = _DASHED_ID  # type: ignore[attr-defined]
