"""The assessment file format: raw-byte limits, parsing, migration of older versions, writing.

A file is checked on its raw bytes (size, text encoding, nesting depth) before any JSON parser sees it,
so a hostile or damaged file gives a clear message instead of exhausting memory or the stack. Older
schema versions are migrated by :func:`cia.migrations.upgrade`.
"""

from __future__ import annotations

import json
import os
import re
import stat
from array import array
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..limits import MAX_DEPTH, MAX_FILE_BYTES, size_text
from .errors import AssessmentFileError, NotFoundError

if TYPE_CHECKING:
    from ..model import Assessment

SUFFIX = ".json"

_STRING = re.compile(rb'"[^"]*"')
_KEEP_STRUCTURE = bytes(range(256)).translate(None, b'[]{}"')
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_DEPTH_STEP = bytes.maketrans(b"[{]}", bytes([1, 1, 255, 255]))


def _structure(raw: bytes) -> bytes:
    """Only the quotes and brackets of JSON text, escaped quotes dropped: cheap to scan even when huge."""
    if b"\\\\" in raw:
        raw = raw.replace(b"\\\\", b"")
    if b'\\"' in raw:
        raw = raw.replace(b'\\"', b"")
    return raw.translate(None, _KEEP_STRUCTURE)


def _without_strings(structure: bytes) -> bytes:
    """The brackets of :func:`_structure` outside strings."""
    if structure.count(b'"') % 2 == 0:  # each quote opens or closes a string: keep what is between strings
        return b"".join(structure.split(b'"')[::2])
    return _STRING.sub(b"", structure).translate(None, _BRACKETS)


def size_text(n: int) -> str:
    """A byte count as a person reads it: 812 bytes, 14.2 KB, 200.0 MB."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


_PAIRS = bytes.maketrans(b"[{]}", b"(())")
_ESCAPE_CHARS = b'\\/bfnrtu'
_NOT_ESCAPE_OR_STRUCTURE = bytes(range(256)).translate(None, b'[]{}"' + _ESCAPE_CHARS)


def nesting_depth(raw: bytes) -> int:
    """How deeply brackets nest in JSON text, ignoring brackets inside strings (works on raw bytes).

    Exact up to :data:`MAX_DEPTH`, and for anything deeper; a file within the limit (every real one) is
    measured by taking the innermost bracket pairs away, a round per level, at the speed of ``bytes.replace``.
    """
    if len(raw) < 4096:
        brackets = raw.count(b"[") + raw.count(b"{")
        if brackets <= MAX_DEPTH:
            return brackets
    # the brackets, quotes and what may follow a backslash in JSON; then escaped backslashes and quotes out
    kept = raw.translate(None, _NOT_ESCAPE_OR_STRUCTURE)
    if b"\\" in kept:
        kept = kept.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = _without_strings(kept.translate(None, _ESCAPE_CHARS))
    pairs = structure.translate(_PAIRS)
    for depth in range(MAX_DEPTH + 1):  # balanced brackets lose exactly one level a round
        if not pairs:
            return depth
        fewer = pairs.replace(b"()", b"")
        if fewer == pairs:
            break  # unbalanced: measured below
        pairs = fewer
    steps = structure.translate(_DEPTH_STEP)
    return max(accumulate(array("b", steps)), default=0)


def _looks_truncated(text: str) -> bool:
    """True when the text ends inside a string or with brackets still open."""
    structure = _structure(text.encode("utf-8", "surrogatepass"))
    stripped = _STRING.sub(b"", structure)
    if b'"' in stripped:
        return True
    steps = stripped.translate(None, _BRACKETS).translate(_DEPTH_STEP)
    return bool(steps) and sum(array("b", steps)) > 0


def check_raw(raw: bytes, path: Path, size: int | None = None) -> str:
    """The file's text, after checking its raw bytes; raises :class:`AssessmentFileError` naming the problem."""
    size = len(raw) if size is None else size
    if size > MAX_FILE_BYTES:
        raise AssessmentFileError(path, f"too large ({size_text(size)}; at most {size_text(MAX_FILE_BYTES)})")
    if not raw.strip():
        raise AssessmentFileError(path, "the file is empty")
    if b"\x00" in raw[:4096]:
        raise AssessmentFileError(path, "not a text file (it contains binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AssessmentFileError(path, f"not UTF-8 text (bad byte at position {exc.start:,})") from None
    depth = nesting_depth(raw)
    if depth > MAX_DEPTH:
        raise AssessmentFileError(path, f"nested {depth:,} brackets deep (an assessment nests at most "
                                        f"{MAX_DEPTH}); not a cia assessment")
    return text


def parse_json(raw: bytes, path: Path, size: int | None = None) -> dict[str, Any]:
    """The file's JSON object, checked and migrated to this schema version but not validated."""
    text = check_raw(raw, path, size)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if _looks_truncated(text):
            reason = "the JSON ends before it is complete: the file looks truncated"
        else:
            reason = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise AssessmentFileError(path, reason) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise AssessmentFileError(path, "nested too deeply; not a cia assessment") from None
    if not isinstance(data, dict):
        raise AssessmentFileError(path, "not a cia assessment (the file holds a JSON " + type(data).__name__ + ")")
    return migrate(data, path)


def schema_version() -> int:
    from ..model import SCHEMA_VERSION

    return SCHEMA_VERSION


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring a document of an older schema version up to this one; refuse newer or unknown versions."""
    current = schema_version()
    version = data.get("schema_version")
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool):
        raise AssessmentFileError(path, "not a cia assessment (no schema_version)")
    if version > current:
        raise AssessmentFileError(
            path,
            f"written by a newer version of cia (schema version {version}); this version reads up to "
            f"{current}. Upgrade cia to open it.",
        )
    if version < 1:
        raise AssessmentFileError(path, f"unknown schema version {version} (this version reads 1 to {current})")
    if version == current:
        return data
    from ..migrations import upgrade

    try:
        migrated = upgrade(dict(data))
    except (ValueError, KeyError, TypeError) as exc:
        raise AssessmentFileError(path, f"cannot be upgraded from schema version {version}: {exc}") from None
    if not isinstance(migrated, dict):
        raise AssessmentFileError(path, f"cannot be upgraded from schema version {version}")
    return migrated


def utc_times(data: dict[str, Any]) -> dict[str, Any]:
    """Read ``created``/``updated`` without a time zone as UTC (they are written back with one)."""
    for key in ("created", "updated"):
        value = data.get(key)
        if isinstance(value, str) and _NAIVE_TIME.match(value.strip()):
            value = value.strip()
            data[key] = value + ("T00:00:00+00:00" if len(value) == 10 else "+00:00")  # a date alone: midnight
    return data


_NAIVE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


def validate(data: dict[str, Any], path: Path) -> Assessment:
    from pydantic import ValidationError

    from ..model import Assessment, describe_validation_error

    try:
        return Assessment.model_validate(utc_times(data))
    except ValidationError as exc:
        raise AssessmentFileError(path, "not a valid assessment", describe_validation_error(exc)) from None


def parse_bytes(raw: bytes, path: Path, size: int | None = None) -> Assessment:
    """Parse and validate a file's bytes, migrating older schema versions."""
    return validate(parse_json(raw, path, size), path)


def read_raw(path: Path) -> tuple[bytes, int]:
    """The first ``MAX_FILE_BYTES + 1`` bytes of a regular file and its real size."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AssessmentFileError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise AssessmentFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise AssessmentFileError(path, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise AssessmentFileError(path, "is not a regular file (a device, pipe or socket)")
        if st.st_size > MAX_FILE_BYTES:
            return b"", st.st_size
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            raw = fh.read(MAX_FILE_BYTES + 1)
        return raw, max(st.st_size, len(raw))
    except OSError as exc:
        raise AssessmentFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        if fd >= 0:
            os.close(fd)


def read_file(path: Path) -> Assessment:
    raw, size = read_raw(Path(path))
    return parse_bytes(raw, Path(path), size)


def to_json(assessment: Assessment) -> str:
    return assessment.model_dump_json(indent=2) + "\n"
