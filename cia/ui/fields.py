"""Field references: which part of an assessment a widget edits, a finding points at, or the help explains.

One typed reference for all of these: :class:`cia.checks.Location` (section, area, field, index), the
same value the readiness checks give each finding. No Textual here.

- ``Location(DETAILS, field="title")`` — a header field (``"sponsor.name"``, ``"engagement.details"`` …)
- ``Location(FRONT, field="introduction")`` — the front sections and the executive summary
- ``Location(REVIEW, field="status")`` / ``Location(SIGNOFF, field="signoffs")`` — the review step
- ``Location("psed", "race", "risks")`` — an area's field; ``Location("psed")`` a whole category
- ``Location("psed", field="evidence")`` — a category's evidence base; ``Location(EVIDENCE)`` the step
"""

from __future__ import annotations

from typing import Any

from ..checks import DETAILS, FRONT, SIGNOFF, Location
from ..model import AreaEntry, Assessment

EVIDENCE = "evidence"
"""The Evidence step as a whole (help, step list)."""
REVIEW = "review"
"""The Review & export step as a whole, and the assessment's own fields shown there (status)."""

STATUS = Location(REVIEW, field="status")
SIGNOFFS = Location(SIGNOFF, field="signoffs")
EXECUTIVE_SUMMARY = Location(FRONT, field="executive_summary")
IMPORT_NOTES = Location(REVIEW, field="import_notes")

POINT_FIELDS = ("groups", "benefits", "risks", "mitigations")


def header(name: str) -> Location:
    return Location(DETAILS, field=name)


def front(name: str) -> Location:
    return Location(FRONT, field=name)


def area(section_key: str, area_key: str, field: str | None = None, index: int | None = None) -> Location:
    return Location(section_key, area_key, field, index)


def evidence(section_key: str, index: int | None = None) -> Location:
    return Location(section_key, field="evidence", index=index)


def target(a: Assessment, location: Location) -> tuple[Any, str]:
    """The object and attribute a location's field is stored in; KeyError if there is no such field."""
    section, field = location.section, location.field
    if not field:
        raise KeyError(f"{location.path} names no field")
    if section == DETAILS:
        obj: Any = a.header
    elif section in (FRONT, REVIEW, SIGNOFF):
        obj = a
    else:
        category = a.section(section)
        if location.area is None:
            if field != "evidence":
                raise KeyError(location.path)
            return category, "evidence"
        obj = category.entry(location.area)
        if obj is None:
            raise KeyError(location.path)
    *parents, attr = field.split(".")
    for name in parents:
        obj = getattr(obj, name)
    if not hasattr(obj, attr):
        raise KeyError(location.path)
    return obj, attr


def get(a: Assessment, location: Location) -> Any:
    obj, attr = target(a, location)
    if isinstance(obj, AreaEntry) and attr in POINT_FIELDS:
        return obj.points(attr)  # type: ignore[arg-type]
    return getattr(obj, attr)


def assign(a: Assessment, location: Location, value: Any) -> None:
    """Set a field through the model's validation (raises pydantic's ValidationError when it is refused)."""
    obj, attr = target(a, location)
    if isinstance(obj, AreaEntry) and attr in POINT_FIELDS:
        obj.set_points(attr, value)  # type: ignore[arg-type]  # keeps each risk's rating, owner, links …
    else:
        setattr(obj, attr, value)
