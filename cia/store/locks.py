"""Operating-system file locks that die with their process.

A lock is held on an open file (``flock`` on POSIX, ``LockFileEx`` through ``msvcrt`` on Windows): when
the process exits or is killed the system drops it, so no lock can go stale, none is ever taken over by
age, and nobody waits for a dead process. The lock file can hold a note of who holds it (user, host,
process, since), written by the holder and read by others for their message.

Lock files are removed by their holder on release. To stay correct when a file is removed while another
process waits for it, a lock is only held once the locked file is still the one at the path.

On a file system that does not support locks (some network shares), :class:`LocksUnsupported` is raised;
the store then says so once and relies on its revision check alone.
"""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

_UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}
_BUSY = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK}

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError as exc:
            if exc.errno in _BUSY or exc.errno == errno.EDEADLK:
                return False
            raise

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            raise

    def _unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


class LocksUnsupported(OSError):
    """The file system holding the store does not support file locks."""


def _lock_call(fd: int, shared: bool = False) -> bool:
    try:
        return _try_lock(fd, shared)
    except OSError as exc:
        if exc.errno in _UNSUPPORTED:
            raise LocksUnsupported(exc.errno, f"file locks are not supported here ({exc.strerror})") from None
        raise


class FileLock:
    """An exclusive lock on ``path``, held while this object holds it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.fd: int | None = None

    @property
    def held(self) -> bool:
        return self.fd is not None

    def try_acquire(self, note: dict | None = None) -> bool:
        """Take the lock if nobody holds it, writing ``note`` into the lock file; True if taken."""
        if self.fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
            try:
                if not _lock_call(fd):
                    os.close(fd)
                    return False
                if not _same_file(fd, self.path):  # released and removed while we waited: try again
                    _unlock(fd)
                    os.close(fd)
                    continue
            except BaseException:
                os.close(fd)
                raise
            break
        self.fd = fd
        if note is not None:
            data = json.dumps(note).encode("utf-8")
            try:
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                # on Windows the first byte is the locked region; the note follows it
                os.write(fd, (b" " if os.name == "nt" else b"") + data)
            except OSError:
                pass
        return True

    def acquire(self, timeout: float, note: dict | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the lock (a holder only keeps it for one save)."""
        deadline = time.monotonic() + timeout
        delay = 0.001
        while not self.try_acquire(note):
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        return True

    def release(self) -> None:
        """Remove the lock file and drop the lock (removing first, so no one can lock a removed file)."""
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            if _same_file(fd, self.path):
                os.unlink(self.path)
        except OSError:
            pass
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_note(path: Path) -> dict | None:
    """The note in a lock file if some process holds the lock on it; None if nobody does.

    A lock file nobody holds (its process died) is not a lock: it is ignored and left for the next holder.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if _lock_call(fd, shared=True):
            _unlock(fd)
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(64 * 1024)
    finally:
        os.close(fd)
    try:
        data = json.loads(raw.decode("utf-8", "replace").strip() or "{}")
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def _same_file(fd: int, path: Path) -> bool:
    try:
        a = os.fstat(fd)
        b = os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
