"""The folder store's index: an SQLite database beside the files (``.index/index.sqlite``), for listing and search.

The JSON files stay the source of truth. The index holds one row per file keyed by its name, size and
modification time, with what the listing shows, every area's counts (for ``cia impacts``), and an FTS5
full-text index over every text of the assessment. It is brought up to date before each query: when the
folder has changed since the last check, every file's size and time are compared and only files that changed
are read again (in parallel when there are many). It is rebuilt from the files whenever it is missing,
unreadable, of another version or corrupt, and it is never read in place of a file: opening an assessment
always reads its file.

A change made in place to a file by another program, leaving the folder itself untouched, is seen when the
folder next changes or when a listing asks for a full check (``cia list --rescan``); every cia save, and
every editor or sync tool that replaces files, changes the folder.

The index is in parts: :mod:`.index_schema` (where it lives, its schema), this module (opening it, rebuilding
it when damaged, and the folder store's hooks), :mod:`.index_refresh` (keeping up with the files) and
:mod:`.index_queries` (listings, search, counts).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .records import Filters, Listing
from .index_queries import IndexQueries
from .index_refresh import IndexRefresh
from .index_schema import (
    _SCHEMA,
    FRESH_MARGIN_NS,
    INDEX_DIR,
    INDEX_NAME,
    INDEX_VERSION,
    MATCHES_SHOWN,
    PARALLEL_FROM,
    PREFIX_FROM,
    fts_query,
)

if TYPE_CHECKING:
    from ..model import Assessment
    from .folder import FolderStore

__all__ = ["FRESH_MARGIN_NS", "INDEX_DIR", "INDEX_NAME", "INDEX_VERSION", "MATCHES_SHOWN", "PARALLEL_FROM",
           "PREFIX_FROM", "Index", "close_index", "fts_query", "index_of", "list_folder", "note_removed",
           "note_saved"]


class Index(IndexQueries, IndexRefresh):
    def __init__(self, store: FolderStore) -> None:
        self.store = store
        self.root = store.root
        self.path = store.root / INDEX_DIR / INDEX_NAME
        self.db: sqlite3.Connection | None = None
        self.in_memory = False
        self.last_read = 0
        """How many files the last check read again (0 when nothing had changed)."""

    # --- the database -------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.db is not None:
            return self.db
        try:
            self.path.parent.mkdir(exist_ok=True)
            db = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, INDEX_VERSION):
                db.close()
                self._remove_files()
                db = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError:
                pass  # a file system without shared memory: the default journal works too
            db.execute("PRAGMA synchronous=OFF")  # the index is rebuilt from the files; it needs no fsync
            db.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError):
            # corrupt: rebuild; a folder we cannot write: keep the index in memory for this process
            try:
                db.close()  # type: ignore[possibly-undefined]
            except Exception:
                pass
            if self.path.exists() and os.access(self.root, os.W_OK):
                self._remove_files()
                return self._open_after_removal()
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            db.executescript(_SCHEMA)
            self.in_memory = True
        self.db = db
        return db

    def _open_after_removal(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError):
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            db.executescript(_SCHEMA)
            self.in_memory = True
        self.db = db
        return db

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except OSError:
                pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def _run(self, work: Any) -> Any:
        """Run ``work(db)``; a corrupt database is removed, rebuilt from the files, and asked again once."""
        try:
            return work(self._open())
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise
            self.close()
            self._remove_files()
            self._sync(self._open(), True)
            return work(self._open())



def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """A damaged or foreign database file (rebuild it), not a busy or misused one (never delete those)."""
    if isinstance(exc, (sqlite3.OperationalError, sqlite3.IntegrityError, sqlite3.ProgrammingError,
                        sqlite3.InterfaceError)):
        text = str(exc).lower()
        return "malformed" in text or "not a database" in text or "no such table" in text or "no such column" in text
    return True



# --- the folder store's hooks ---------------------------------------------------------------------------


def index_of(store: FolderStore) -> Index:
    if store._index is None:
        store._index = Index(store)
    return store._index


def list_folder(store: FolderStore, filters: Filters) -> Listing:
    index = index_of(store)
    if filters.refresh or index.db is None:
        index.sync(full=filters.rescan)
    return index.listing(filters)


def note_saved(store: FolderStore, path: Path, assessment: Assessment) -> None:
    """A save wrote ``assessment`` to ``path`` (only if the index is open: otherwise the next sync sees it)."""
    if store._index is not None and store._index.db is not None:
        try:
            store._index.saved(path, assessment)
        except (sqlite3.Error, OSError):
            pass  # the index is only a shortcut; the next listing compares the files again


def note_removed(store: FolderStore, path: Path) -> None:
    if store._index is not None and store._index.db is not None:
        try:
            store._index.removed(path)
        except (sqlite3.Error, OSError):
            pass


def close_index(store: FolderStore) -> None:
    if store._index is not None:
        store._index.close()
