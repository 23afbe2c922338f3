"""Building blocks of the model: cleaned text types, length limits, labels, ids and the strict base model."""

import re
import uuid
from datetime import datetime, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..text import clean_block, clean_line

SCHEMA_VERSION = 2
"""Version of the file format written by this release. Older files are migrated on load (:mod:`cia.migrations`)."""

# Length limits: generous enough for any real CIA, small enough to keep files and documents sane.
SHORT_MAX = 500
SIGNOFFS_MAX = 20
"""Sign-offs an assessment can record."""
LEADS_MAX = 20
"""Project managers or leads a header can list."""
"""Names, roles, titles, dates: one line."""
POINT_MAX = 60_000
"""One bullet point (a cell may hold one very long point)."""
TEXT_MAX = 100_000
"""A prose section (introduction, summary)."""
POINTS_MAX = 500
"""Points in one list."""
URL_MAX = 2_000


def _clean_line_input(value: object) -> object:
    return clean_line(value) if isinstance(value, str) else value


def _clean_block_input(value: object) -> object:
    return clean_block(value) if isinstance(value, str) else value


def _clean_points(value: object) -> object:
    """Clean each point and drop the empty ones (an empty bullet is never wanted)."""
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            if isinstance(item, str):
                item = clean_block(item)
                if not item:
                    continue
            out.append(item)
        return out
    return value


Line = Annotated[str, StringConstraints(max_length=SHORT_MAX), BeforeValidator(_clean_line_input)]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX), BeforeValidator(_clean_block_input)]
Point = Annotated[str, StringConstraints(max_length=POINT_MAX), BeforeValidator(_clean_block_input)]
Points = Annotated[list[Point], BeforeValidator(_clean_points), Field(max_length=POINTS_MAX)]

_URL_RE = re.compile(r"^(https?|mailto|ftp)://\S+$|^mailto:\S+$", re.IGNORECASE)


def _check_url(value: str) -> str:
    if value and not _URL_RE.match(value):
        raise ValueError("a link must start with http:// or https:// and contain no spaces")
    return value


Url = Annotated[
    str, StringConstraints(max_length=URL_MAX), BeforeValidator(_clean_line_input), AfterValidator(_check_url)
]

AreaStatus = Literal["not_assessed", "na", "assessed"]
Status = Literal["draft", "in_review", "changes_requested", "approved", "signed_off"]
PointField = Literal["groups", "benefits", "risks", "mitigations"]
RefField = Literal["benefits", "risks", "mitigations"]

STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",
    "in_review": "In review",
    "changes_requested": "Changes requested",
    "approved": "Approved",
    "signed_off": "Signed off",
}
APPROVED_STATUSES: tuple[str, ...] = ("approved", "signed_off")
"""Statuses of an assessment whose documents are final (no DRAFT marking)."""
AREA_STATUS_LABELS: dict[str, str] = {"not_assessed": "Not started", "na": "N/A", "assessed": "Assessed"}
FIELD_LABELS: dict[str, str] = {
    "groups": "Which groups will be affected",
    "benefits": "Benefits",
    "risks": "Risks",
    "mitigations": "Mitigations / Recommendations",
}


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def as_utc(value: datetime) -> datetime:
    """A time as the model keeps it: with a zone. A time written without one is read as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


Time = Annotated[datetime, AfterValidator(as_utc)]
"""Every time the model holds (updated, comments, trail, sign-offs, screening): read as UTC when it has no zone,
so it is always written back with one and compares with every other time."""


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, assignments are validated.

    The modules that define models do not use ``from __future__ import annotations``: pydantic would then
    have to compile and evaluate every field's annotation from its text when the class is created, which
    cost about an eighth of the model's import time (method annotations that name a class not yet defined are
    quoted instead)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


