"""Edition files as the registry lists them: what each says it is (id, version, title, the edition it extends),
read only far enough to list it, or why it cannot be used."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, NamedTuple

from .loader import EditionFileError, parse_toml, read_toml

SHIPPED_DIR = Path(__file__).resolve().parent / "data"

Origin = Literal["shipped", "council"]


class EditionFile(NamedTuple):
    """One edition file that was found: what it says it is, where it is, or why it cannot be used (a NamedTuple:
    cheaper to define than a dataclass, which every command that reads an assessment would pay for)."""

    id: str
    version: int
    title: str
    path: Path
    origin: Origin
    extends: str = ""
    problem: str = ""
    where: str = ""
    """Where it is kept, as messages name it, for an edition kept in a database store (else its path)."""
    text: str | None = None
    """The TOML of an edition kept in a database store; None for a file (read when needed)."""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def name(self) -> str:
        """The file, or the database row, that holds it (for messages)."""
        return self.where or str(self.path)

    @property
    def stored(self) -> bool:
        """Kept in a database store (not a file)."""
        return self.text is not None


def shipped_names() -> list[str]:
    """The names of the shipped edition files (listed without a glob, whose pattern would have to be compiled)."""
    try:
        return [n for n in os.listdir(SHIPPED_DIR) if n.endswith(".toml")]
    except OSError:
        return []


def describe(path: Path, origin: Origin) -> EditionFile:
    """What a file says it is, reading only enough to list it."""
    try:
        data, _ = read_toml(path)
    except EditionFileError as exc:
        return EditionFile(path.stem, 0, "", path, origin, problem=_problems(exc))
    found = _fields(data)
    if isinstance(found, str):
        ident = data.get("id")
        return EditionFile(ident if isinstance(ident, str) and ident else path.stem, 0,
                           str(data.get("title", "")) if found != "has no id" else "", path, origin, problem=found)
    ident, version, title, extends = found
    return EditionFile(ident, version, title, path, origin, extends=extends)


def describe_stored(name: str, text: str | None, store: str) -> EditionFile:
    """What an edition kept in a database store says it is (``name`` is its row, ``id@version``)."""
    where = f"edition {name} in {store}"
    ident, _, version = name.partition("@")
    if text is None:
        return EditionFile(ident, 0, "", Path(name), "council", where=where, text="", problem="cannot be read")
    try:
        data, _ = parse_toml(text.encode("utf-8"), where)
    except EditionFileError as exc:
        return EditionFile(ident, 0, "", Path(name), "council", where=where, text=text,
                           problem=_problems(exc))
    found = _fields(data)
    if isinstance(found, str):
        return EditionFile(ident, 0, str(data.get("title", "")), Path(name), "council", where=where, text=text,
                           problem=found)
    file_id, file_version, title, extends = found
    if f"{file_id}@{file_version}" != name:
        return EditionFile(ident, 0, title, Path(name), "council", where=where, text=text,
                           problem=f"its TOML says it is {file_id}@{file_version}, not {name}")
    return EditionFile(file_id, file_version, title, Path(name), "council", extends=extends, where=where, text=text)


def _fields(data: dict) -> tuple[str, int, str, str] | str:
    """(id, version, title, extends) of a parsed edition, or why it cannot be listed."""
    ident, version, title = data.get("id"), data.get("version", 1), data.get("title", "")
    if not isinstance(ident, str) or not ident:
        return "has no id"
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return "version must be a whole number from 1"
    extends = data.get("extends", "")
    return ident, version, str(title), extends if isinstance(extends, str) else ""


def _problems(exc: EditionFileError) -> str:
    return "; ".join((f"line {p.line}: " if p.line else "") + p.message for p in exc.problems)


def with_problem(f: EditionFile, problem: str) -> EditionFile:
    return EditionFile(f.id, f.version, f.title, f.path, f.origin, f.extends, problem, f.where, f.text)
