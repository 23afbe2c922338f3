"""Readable validation errors: pydantic's errors as plain lines naming the field."""

from __future__ import annotations

from pydantic import ValidationError

def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def describe_validation_error(error: ValidationError, limit: int = 8) -> list[str]:
    """Plain-English lines for a pydantic error, each naming the field that is wrong."""
    lines: list[str] = []
    for err in error.errors(include_url=False):
        where = _location(tuple(err.get("loc", ())))
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            msg = "unknown field (not part of the assessment format)"
        elif kind == "missing":
            msg = "required field is missing"
        elif kind == "string_too_long":
            limit_ = (err.get("ctx") or {}).get("max_length")
            msg = f"text is too long (at most {limit_:,} characters)" if limit_ else "text is too long"
        elif kind == "too_long":
            limit_ = (err.get("ctx") or {}).get("max_length")
            msg = f"too many items (at most {limit_:,})" if limit_ else "too many items"
        else:
            msg = str(err.get("msg", "invalid value"))
            msg = msg.removeprefix("Value error, ")
            msg = msg[0].lower() + msg[1:] if msg else msg
        lines.append(f"{where}: {msg}")
    if len(lines) > limit:
        extra = len(lines) - limit
        lines = lines[:limit] + [f"… and {extra} more problem{'s' if extra != 1 else ''}"]
    return lines
