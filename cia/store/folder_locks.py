"""A folder store's locks, both kinds operating-system locks that die with their process (:mod:`cia.store.locks`):
the save lock that serialises saves of one assessment, and the open-lock that says who has it open for editing.
Both live in ``.locks/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BusyError
from .format import SUFFIX
from .locks import FileLock, LocksUnsupported, read_note
from .records import LockInfo

if TYPE_CHECKING:
    from .records import Notices

SAVE_WAIT_SECONDS = 10.0
"""How long a save waits for another program's save of the same assessment (each takes milliseconds)."""

LOCKS_UNSUPPORTED = (
    "File locks are not supported where the store is ({where}). cia cannot tell who else has an assessment "
    "open; it still refuses to save over a revision someone else saved."
)


class FolderLocks:
    """The save locks and open-locks of :class:`~cia.store.folder.FolderStore` (which provides ``root``,
    ``notices`` and ``_open_locks``)."""

    root: Path
    notices: Notices
    _open_locks: dict[str, FileLock]

    @property
    def lock_dir(self) -> Path:
        return self.root / ".locks"

    @contextmanager
    def _save_lock(self, assessment_id: str) -> Iterator[None]:
        lock = FileLock(self.lock_dir / f"{assessment_id}.saving")
        try:
            taken = lock.acquire(SAVE_WAIT_SECONDS, {"pid": os.getpid(), "host": _host()})
        except LocksUnsupported:
            self.notices.add(LOCKS_UNSUPPORTED.format(where=self.root), once=True)
            yield
            return
        if not taken:
            raise BusyError(f"{assessment_id}{SUFFIX} is being saved by another program; try again in a moment")
        try:
            yield
        finally:
            lock.release()

    def _lock_path(self, assessment_id: str) -> Path:
        return self.lock_dir / f"{assessment_id}.lock"

    def _holder(self, assessment_id: str) -> tuple[bool, LockInfo | None]:
        """(someone holds it, who) — a holder in this very process counts as us."""
        note = read_note(self._lock_path(assessment_id))
        if note is None:
            return False, None
        try:
            info = LockInfo(str(note["user"]), str(note["host"]), int(note["pid"]), str(note["since"]))
        except (KeyError, TypeError, ValueError):
            info = LockInfo("someone", "another computer", 0, "a moment ago")
        if info.pid == os.getpid() and info.host == _host():
            return True, None
        return True, info

    def lock_holder(self, assessment_id: str) -> LockInfo | None:
        if assessment_id in self._open_locks:
            return None
        try:
            return self._holder(assessment_id)[1]
        except LocksUnsupported:
            self.notices.add(LOCKS_UNSUPPORTED.format(where=self.root), once=True)
            return None

    def acquire_lock(self, assessment_id: str) -> LockInfo | None:
        from ..model import now

        if assessment_id in self._open_locks:
            return None
        lock = FileLock(self._lock_path(assessment_id))
        note = {"user": _user(), "host": _host(), "pid": os.getpid(), "since": now().isoformat()}
        try:
            for _ in range(20):
                if lock.try_acquire(note):
                    self._open_locks[assessment_id] = lock
                    return None
                held, info = self._holder(assessment_id)
                if held:
                    return info
                # it was free again by the time we looked (a holder just left, or someone only peeked)
        except LocksUnsupported:
            self.notices.add(LOCKS_UNSUPPORTED.format(where=self.root), once=True)
            return None
        return LockInfo("someone", "another computer", 0, "a moment ago")

    def release_lock(self, assessment_id: str) -> None:
        lock = self._open_locks.pop(assessment_id, None)
        if lock is not None:
            lock.release()


def _host() -> str:
    import socket  # only when locking or saving: reading commands need not import it

    return socket.gethostname()


def _user() -> str:
    for var in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return "unknown"
