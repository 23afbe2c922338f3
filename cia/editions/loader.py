"""Reading edition files: TOML in, a validated :class:`Edition` out, or messages naming file, line and field.

A file may extend another edition (``extends = "2024"`` or ``"2024@1"``) instead of copying it: its
tables are laid over the base edition's. Lists of things with a ``key`` (header fields, front
sections, categories, areas, screening questions) are merged by key — an item with a key the base
has changes only the fields it gives, ``remove = true`` takes it out, and a new key is added at the
end or where ``after = "key"`` / ``before = "key"`` says. Every other value replaces the base's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

if TYPE_CHECKING:
    from .schema import Edition

MAX_FILE_BYTES = 2_000_000
KEYED_LISTS = {
    ("header",),
    ("front",),
    ("categories",),
    ("categories", "areas"),
    ("screening", "questions"),
}
"""Lists (by their path, without indices) whose items are merged by ``key`` when extending an edition."""
OVERLAY_ONLY = ("remove", "after", "before")


class Problem(NamedTuple):
    """What is wrong with an edition file, and where (a NamedTuple: cheaper to define than a dataclass)."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class EditionFileError(Exception):
    """An edition file that cannot be used; ``problems`` says what is wrong and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- reading -------------------------------------------------------------------------------------------


def _parse_toml(text: str) -> dict[str, Any]:
    """The parsed text; an edition that was parsed before comes from cia's cache (:mod:`cia.prebuilt`)."""
    from ..prebuilt import parsed_text

    return parsed_text("edition", text, _toml)


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed file and its text; a file that is not TOML says where it stops making sense."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditionFileError([Problem(name, None, "", f"cannot be read ({exc.strerror or exc})")]) from None
    return parse_toml(raw, name)


def parse_toml(raw: bytes, name: str) -> tuple[dict[str, Any], str]:
    """An edition's TOML (from a file, or a row of a database store named ``name``) parsed, and its text."""
    if len(raw) > MAX_FILE_BYTES:
        raise EditionFileError([Problem(name, None, "", f"is too large for an edition file ({len(raw):,} bytes)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise EditionFileError([Problem(name, line, "", "is not UTF-8 text")]) from None
    try:
        data = _parse_toml(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise EditionFileError([Problem(name, line, "", f"is not valid TOML: {message}")]) from None
    return data, text


# --- where a value is in the file ----------------------------------------------------------------------

# compiled when first needed (a message about a file), not whenever an edition is read
_TABLE = r"^\s*\[\[\s*([^\]]+?)\s*\]\]\s*(#.*)?$"
_SUBTABLE = r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$"
_KEY = r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*="


def _split_key(key: str) -> list[str]:
    return [part.strip().strip("\"'") for part in key.split(".")]


def line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Line number (1-based) of each table and key in a TOML file, by its path (with list indices).

    A small scanner for the shapes edition files use; anything it cannot place is simply not in
    the map (the message then names the field without a line).
    """
    table_re, subtable_re, key_re = re.compile(_TABLE), re.compile(_SUBTABLE), re.compile(_KEY)
    where: dict[tuple[Any, ...], int] = {}
    counts: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    lines = text.splitlines()
    i = 0

    def resolve(parts: list[str]) -> tuple[Any, ...]:
        path: tuple[Any, ...] = ()
        for part in parts:
            path += (part,)
            if path in counts:
                path += (counts[path] - 1,)
        return path

    while i < len(lines):
        line = lines[i]
        n = i + 1
        i += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = table_re.match(line)
        if m:
            parts = _split_key(m.group(1))
            parent = resolve(parts[:-1])
            key = parent + (parts[-1],)
            counts[key] = counts.get(key, 0) + 1
            current = key + (counts[key] - 1,)
            where.setdefault(key, n)
            where[current] = n
            continue
        m = subtable_re.match(line)
        if m:
            current = resolve(_split_key(m.group(1)))
            where[current] = n
            continue
        m = key_re.match(line)
        if m:
            path = current + tuple(_split_key(m.group(1)))
            where[path] = n
            rest = line[m.end():]
            # skip the continuation lines of multi-line strings and arrays
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    while i < len(lines) and quote not in lines[i]:
                        i += 1
                    i += 1
                    break
            else:
                depth = _bracket_depth(rest)
                in_string = False
                while depth > 0 and i < len(lines):
                    fragment = lines[i]
                    i += 1
                    if fragment.count('"""') % 2 == 1:
                        in_string = not in_string
                        continue
                    if not in_string:
                        depth += _bracket_depth(fragment)
    return where


def _bracket_depth(fragment: str) -> int:
    fragment = re.sub(r'"(\\.|[^"\\])*"|\'[^\']*\'', "", fragment)
    fragment = fragment.split("#", 1)[0]
    return fragment.count("[") - fragment.count("]")


def find_line(where: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    """The line of the longest prefix of ``loc`` the file has."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    return None


def readable_path(data: Any, loc: tuple[Any, ...]) -> str:
    """``categories[psed].areas[carers].name``: list items named by their key where they have one."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            key = node[part].get("key") if isinstance(node, list) and part < len(node) and isinstance(
                node[part], dict) else None
            out += f"[{key}]" if isinstance(key, str) and key else f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


# --- extending an edition ------------------------------------------------------------------------------


def _plain(path: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(p for p in path if not isinstance(p, int))


def overlay(base: Any, child: Any, path: tuple[Any, ...] = ()) -> Any:
    """``child`` laid over ``base`` (see the module docstring). Raises ValueError naming the item."""
    if isinstance(base, dict) and isinstance(child, dict):
        out = dict(base)
        for key, value in child.items():
            out[key] = overlay(base[key], value, path + (key,)) if key in base else _strip(value)
        return out
    if isinstance(base, (list, tuple)) and isinstance(child, list) and _plain(path) in KEYED_LISTS:
        return _overlay_keyed(list(base), child, path)
    return _strip(child)


def _strip(value: Any) -> Any:
    """A new value with the overlay-only keys taken out (they mean nothing outside a merge)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in OVERLAY_ONLY}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _overlay_keyed(base: list[Any], child: list[Any], path: tuple[Any, ...]) -> list[Any]:
    out = list(base)
    for i, item in enumerate(child):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise _MergeError(path + (i,), "each item needs a \"key\" (to say which one it changes or adds)")
        keys = [b.get("key") if isinstance(b, dict) else None for b in out]
        key = item["key"]
        if item.get("remove") is True:
            if key not in keys:
                raise _MergeError(path + (i, "remove"), f"there is no {key!r} to remove in the base edition")
            del out[keys.index(key)]
            continue
        if key in keys:
            j = keys.index(key)
            out[j] = overlay(out[j], {k: v for k, v in item.items() if k not in OVERLAY_ONLY}, path + (j,))
            continue
        new = _strip(item)
        anchor_field = "after" if "after" in item else "before" if "before" in item else None
        if anchor_field is None:
            out.append(new)
            continue
        anchor = item[anchor_field]
        if anchor not in keys:
            raise _MergeError(path + (i, anchor_field), f"there is no {anchor!r} to put {key!r} {anchor_field}")
        at = keys.index(anchor) + (1 if anchor_field == "after" else 0)
        out.insert(at, new)
    return out


class _MergeError(ValueError):
    def __init__(self, loc: tuple[Any, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def _child_loc(child: Any, merged: Any, loc: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Where an item of the merged edition came from in the extending file (None if from the base)."""
    out: tuple[Any, ...] = ()
    c, m = child, merged
    for part in loc:
        if isinstance(part, int):
            if not (isinstance(m, list) and isinstance(c, list) and part < len(m)):
                return out if out else None
            key = m[part].get("key") if isinstance(m[part], dict) else None
            idx = next((j for j, item in enumerate(c) if isinstance(item, dict) and item.get("key") == key), None)
            if key is None or idx is None:
                return out if out else None
            out += (idx,)
            c, m = c[idx], m[part]
        else:
            if not isinstance(c, dict) or part not in c:
                return out if out else None
            out += (part,)
            c, m = c[part], m.get(part) if isinstance(m, dict) else None
    return out


# --- validating ----------------------------------------------------------------------------------------

BaseLookup = Callable[[str], "Edition"]
"""Finds the edition a file extends, by ``id`` or ``id@version``; raises KeyError if there is none."""


def load_edition(path: Path, base_lookup: BaseLookup | None = None) -> Edition:
    data, text = read_toml(path)
    return validate(data, text, str(path), base_lookup)


def load_text(text: str, name: str, base_lookup: BaseLookup | None = None) -> Edition:
    """An edition kept as text (a database store's table); messages name it ``name``."""
    data, text = parse_toml(text.encode("utf-8"), name)
    return validate(data, text, name, base_lookup)


def validate(data: dict[str, Any], text: str, name: str, base_lookup: BaseLookup | None = None) -> Edition:
    from pydantic import ValidationError

    from .schema import Edition

    lines: list[dict[tuple[Any, ...], int]] = []

    def line_of(loc: tuple[Any, ...]) -> int | None:
        """The line of ``loc`` in the file; the file is scanned for lines only when a message needs one."""
        if not lines:
            lines.append(line_map(text))
        return find_line(lines[0], loc)

    merged = data
    base_name = ""
    extends = data.get("extends")
    if extends == "":
        data = {k: v for k, v in data.items() if k != "extends"}
        merged = data
    elif extends is not None:
        if not isinstance(extends, str) or not extends:
            raise EditionFileError([Problem(name, line_of(("extends",)), "extends",
                                            "must name an edition, e.g. \"2024\" or \"2024@1\"")])
        try:
            if base_lookup is None:
                raise KeyError(extends)
            base = base_lookup(extends)
        except KeyError as exc:
            detail = exc.args[0] if exc.args and exc.args[0] != extends else f"there is no edition {extends!r}"
            raise EditionFileError([Problem(name, line_of(("extends",)), "extends", str(detail))]) from None
        base_name = base.ref
        base_data = base.model_dump(mode="json", exclude={"extends"})
        body = {k: v for k, v in data.items() if k != "extends"}
        try:
            merged = overlay(base_data, body)
        except _MergeError as exc:
            raise EditionFileError([Problem(name, line_of(exc.loc), readable_path(data, exc.loc),
                                            exc.message)]) from None
        merged["extends"] = base.ref
        for required in ("id", "title"):
            if required not in data:
                raise EditionFileError([Problem(name, None, required, "an edition that extends another needs "
                                                f"its own {required}")])
    try:
        return Edition.model_validate(merged)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err.get("loc", ()))
            # model validators report at the model: drop pydantic's internal "[key]" tail parts
            message = _message(err)
            if merged is data:
                line, field = line_of(loc), readable_path(data, loc)
            else:
                child = _child_loc(data, merged, loc)
                line = line_of(child) if child else None
                field = readable_path(merged, loc)
                if child is None and base_name:
                    message += f" (in {base_name}, which this file extends)"
            problems.append(Problem(name, line, field, message))
        raise EditionFileError(problems) from None


def _message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown field (not part of the edition format)"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch":
        return "use lower-case letters, digits and _ only (for ids also - and .)"
    if kind == "literal_error":
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"must be one of {expected}"
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else msg
