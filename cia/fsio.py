"""Writing files so that a crash never leaves half of one, and refusing to write over what is not a file.

Used by the store (assessment files, recovery copies) and by every command that writes a file the user named
(``--out``). Nothing here knows about assessments.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

TMP_SUFFIX = ".tmp"


class UnsafeTargetError(OSError):
    """The path names something that must not be replaced: a device, a link, a folder, a pipe."""


def tmp_prefix(path: Path) -> str:
    """Temporary files for ``path`` are named ``.<name>.<random>.tmp`` in the same folder."""
    return f".{path.name}."


def check_replaceable(path: Path) -> None:
    """Raise :class:`UnsafeTargetError` unless ``path`` is absent or a regular file (not a link to one)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        kind = "a symbolic link"
    elif stat.S_ISDIR(st.st_mode):
        kind = "a folder"
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        kind = "a device"
    elif stat.S_ISFIFO(st.st_mode):
        kind = "a named pipe"
    elif stat.S_ISSOCK(st.st_mode):
        kind = "a socket"
    elif stat.S_ISREG(st.st_mode):
        return
    else:
        kind = "not a regular file"
    raise UnsafeTargetError(f"{path} is {kind}; refusing to replace it (give the path of a regular file)")


def atomic_write(path: Path, data: bytes | str, *, mode: int | None = None, safe_target: bool = False) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    The data goes to a temporary file in the same folder, is flushed to disk, and then renamed over ``path``.
    A failure leaves ``path`` as it was. With ``safe_target``, ``path`` must be absent or a regular file
    (see :func:`check_replaceable`); use it for every path a user typed.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if safe_target:
        check_replaceable(path)
    import tempfile  # here, not at the top: it imports shutil and lzma, which reading commands never need

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=tmp_prefix(path), suffix=TMP_SUFFIX, dir=path.parent)
    try:
        os.chmod(tmp, file_mode(path) if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if safe_target:
            check_replaceable(path)  # it may have changed while we wrote
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def default_mode() -> int:
    """0666 less the umask: what a newly created file would get."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def file_mode(path: Path) -> int:
    """Keep an existing file's permissions; new files get the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return default_mode()


def remove_stray_tmp(path: Path) -> list[Path]:
    """Remove temporary files a killed write of ``path`` left behind; returns what was removed.

    Call only while holding the lock that serialises writes of ``path``: then no temporary file of it can
    belong to a write still in progress.
    """
    removed: list[Path] = []
    prefix = tmp_prefix(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if name.startswith(prefix) and name.endswith(TMP_SUFFIX):
            stray = path.parent / name
            try:
                stray.unlink()
                removed.append(stray)
            except OSError:
                pass
    return removed
