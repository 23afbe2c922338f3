"""An edition written back out as TOML (``cia templates show --resolved``): the shape edition files use."""

from __future__ import annotations

import json
from typing import Any

from .schema import Edition

_ORDER = ("id", "version", "title", "description", "council", "heading", "extends")


def _string(value: str) -> str:
    if "\n" in value or len(value) <= 100:
        return json.dumps(value, ensure_ascii=False)
    # long one-line strings: a multi-line basic string with line-ending backslashes, wrapped near 110 columns
    words, lines, line = value.split(" "), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > 108:
            lines.append(line + " \\")
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    body = "\n".join(lines).replace('"""', '\\"\\"\\"')
    return '"""\\\n' + body + '"""'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + "".join(f"  {_value(v)},\n" for v in value) + "]"
    raise TypeError(type(value))


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, dict) for v in value)


def _emit(out: list[str], path: str, data: dict[str, Any]) -> None:
    plain = {k: v for k, v in data.items() if not _is_table(v) and not _is_table_list(v) and v is not None}
    for key, value in plain.items():
        out.append(f"{key} = {_value(value)}")
    for key, value in data.items():
        sub = f"{path}.{key}" if path else key
        if _is_table(value):
            out.append("")
            out.append(f"[{sub}]")
            _emit(out, sub, value)
        elif _is_table_list(value):
            for item in value:
                out.append("")
                out.append(f"[[{sub}]]")
                _emit(out, sub, item)


def edition_toml(edition: Edition) -> str:
    """The whole edition (after any ``extends`` is applied) as one TOML document."""
    data = edition.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    data["id"], data["version"] = edition.id, edition.version
    ordered = {k: data.pop(k) for k in _ORDER if k in data and data[k] != ""}
    ordered.update(data)
    out = [f"# {edition.title} — {edition.ref}, written out in full by cia templates show --resolved", ""]
    _emit(out, "", ordered)
    return "\n".join(out).strip() + "\n"
