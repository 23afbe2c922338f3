"""Prebuilt validators and parsed edition files, kept between runs like Python's ``.pyc`` files.

Building the validators of the assessment model (and of the edition files' model) from their definitions takes
longer than reading and checking an assessment. They depend only on the code, so the first run after cia is installed or changed builds them and
keeps them in the user's cache folder; later runs load them in about a millisecond. The validators are
exactly the ones pydantic builds (pydantic-core's own pickled form: the core schema, which names the model
classes and validator functions of this code, never their code), so every rule and message is the same.

The cache is used only when it was made by this very code (the source file of every module of ``cia`` that was
loaded when the validators were built, by size and modification time, and the versions of Python, pydantic and
pydantic-core), and only from a file and folder that belong to the user and that no one else can write.
Anything unexpected (a missing, stale, damaged or foreign file) falls back to building the validators, which
then replace the file.

Parsed edition files (:func:`parsed_text`) are kept the same way, as JSON named by a digest of the file's text,
so that an edition that has not changed is not parsed again (nor the TOML parser imported).

``CIA_NO_CACHE=1`` turns the cache off; ``CIA_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

try:  # the C pickler alone: importing the ``pickle`` module costs more than loading the cache
    from _pickle import dumps, loads
except ImportError:  # pragma: no cover - other Python implementations
    from pickle import dumps, loads

if TYPE_CHECKING:
    from pydantic import BaseModel

PACKAGE = Path(__file__).resolve().parent
FORMAT = 1


def cache_dir() -> Path | None:
    """Where the cache is kept (None: turned off). The user's cache folder, found without platformdirs (whose
    import alone would cost more than the cache saves)."""
    if os.environ.get("CIA_NO_CACHE"):
        return None
    if os.environ.get("CIA_CACHE_DIR"):
        return Path(os.environ["CIA_CACHE_DIR"])
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "cia" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cia"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cia"


def _cache_file(name: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    # one file per installed copy of cia, so two installations never take turns replacing each other's
    return folder / f"validators-{name}-{zlib.crc32(str(PACKAGE).encode()):08x}.pickle"


def versions() -> str:
    """The versions the validators were built with: the cache's format, Python, pydantic and pydantic-core."""
    import pydantic_core
    from pydantic.version import VERSION

    return f"{FORMAT}\n{sys.version}\n{VERSION}\n{pydantic_core.__version__}"


def code_files() -> list[tuple[str, int, int]]:
    """(path, size, modification time) of the source of every module of cia that is loaded: the code the
    validators are built from. Built validators can depend on no other code of cia (code that was not run
    when they were built cannot have shaped them), so a file changed since they were built is in this list."""
    out = []
    for name, module in list(sys.modules.items()):
        if name != __package__ and not name.startswith(f"{__package__}."):
            continue
        path = getattr(module, "__file__", None)
        if path:
            try:
                st = os.stat(path)
            except OSError:
                continue
            out.append((path, st.st_size, st.st_mtime_ns))
    return sorted(out)


def _unchanged(files: list[tuple[str, int, int]]) -> bool:
    for path, size, mtime in files:
        try:
            st = os.stat(path)
        except OSError:
            return False
        if st.st_size != size or st.st_mtime_ns != mtime:
            return False
    return True


def _trusted(path: Path) -> bool:
    """Only the user's own file, in the user's own folder, that no one else can write, is ever loaded."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the per-user LOCALAPPDATA folder
    try:
        for p in (path, path.parent):
            st = p.stat()
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return False
    except OSError:
        return False
    return True


def install(name: str, classes: list[type[BaseModel]]) -> bool:
    """Give each class its prebuilt validator and serializer, building and keeping them first if need be.

    Returns whether they came from the cache. Never raises: the worst case is that pydantic builds them
    when they are first used, as it would without this module.
    """
    path = _cache_file(name)
    if path is None:
        return False
    try:
        stamp = versions()
    except Exception:
        return False
    names = [f"{c.__module__}.{c.__qualname__}" for c in classes]
    try:
        if _trusted(path):
            kept = loads(path.read_bytes())
            if kept["stamp"] == stamp and list(kept["built"]) == names and _unchanged(kept["files"]):
                for cls, (validator, serializer) in zip(classes, kept["built"].values()):
                    cls.__pydantic_validator__ = validator  # type: ignore[misc]
                    cls.__pydantic_serializer__ = serializer  # type: ignore[misc]
                return True
    except Exception:
        pass  # missing, stale, damaged: build them below
    try:
        for cls in classes:
            cls.model_rebuild()
        built = {n: (c.__pydantic_validator__, c.__pydantic_serializer__) for n, c in zip(names, classes)}
        data = dumps({"stamp": stamp, "files": code_files(), "built": built}, -1)
    except Exception:
        return False  # pydantic builds them when first used, as it would without this module
    _keep(path, data)
    return False


def _keep(path: Path, data: bytes) -> None:
    """Write the cache atomically (a reader sees the old file or the new one), readable by the user alone."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:  # a read-only home, a full disk: the validators were built in this process all the same
        try:
            os.unlink(tmp)
        except OSError:
            pass


def parsed_text(kind: str, text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, remembered by the text's content (a different text is a different entry, so an entry
    is never stale). Only results that JSON gives back exactly are kept; ``parse``'s errors pass through."""
    folder = cache_dir()
    if folder is None:
        return parse(text)
    import hashlib
    import json

    digest = hashlib.blake2b(f"{FORMAT}\n{sys.version}\n{text}".encode("utf-8", "surrogatepass"),
                             digest_size=20).hexdigest()
    path = folder / f"{kind}-{digest}.json"
    try:
        if _trusted(path):
            kept = json.loads(path.read_bytes())
            if kept["digest"] == digest:
                return kept["data"]
    except Exception:
        pass  # missing or damaged: parse it below
    data = parse(text)
    try:
        payload = json.dumps({"digest": digest, "data": data}, ensure_ascii=False).encode("utf-8")
        if json.loads(payload)["data"] != data:
            return data
    except (TypeError, ValueError):  # dates and times, NaN: not kept
        return data
    _keep(path, payload)
    return data
