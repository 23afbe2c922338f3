"""Risks and mitigations as records: a risk's residual rating, owner, target date and key-risk flag, and which
risks a mitigation answers.

Input may still be a plain string (a file written by hand, an importer, the UI's point editor): it becomes a
record with no metadata. :func:`is_real_risk` is the one definition of which texts are not risks at all
("None", "N/A", "None identified" …).
"""

from functools import partial
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from ..text import clean_block, is_real_risk  # noqa: F401 (is_real_risk: the model's, kept here too)
from .fields import POINT_MAX, POINTS_MAX, Line, Strict

Rating = Literal["low", "medium", "high"]
RATINGS: tuple[str, ...] = ("high", "medium", "low")
"""Highest first."""
RATING_LABELS: dict[str | None, str] = {"high": "High", "medium": "Medium", "low": "Low", None: "Not rated"}
RATING_RANK: dict[str | None, int] = {"high": 3, "medium": 2, "low": 1, None: 0}

_ID = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")]
_Text = Annotated[str, Field(max_length=POINT_MAX)]

def _clean_rating(value: object) -> object:
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("", "none", "not rated", "unrated", "-"):
            return None
        return {"l": "low", "m": "medium", "med": "medium", "h": "high"}.get(v, v)
    return value


def _records(kind: str):
    """A before-validator that turns a list of strings and records into records with ids ``<kind><n>``."""
    return partial(_coerce_records, kind=kind)  # a partial of a module function, so the validator can be cached


def _coerce_records(value: object, kind: str) -> object:
    """Plain strings become records; empty texts are dropped (an empty bullet is never wanted)."""
    if not isinstance(value, (list, tuple)):
        return value
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"text": item}
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            item = {**item, "text": clean_block(item["text"])}
            if not item["text"]:
                continue
        elif isinstance(item, (Risk, Mitigation)):
            if not item.text:
                continue
        out.append(item)
    return _give_ids(out, kind)


def _give_ids(items: list, prefix: str) -> list:
    """Give every record without an id (or with a repeated one) the next free ``<prefix><n>``."""
    def id_of(item: object) -> str | None:
        if isinstance(item, dict):
            v = item.get("id")
            return v if isinstance(v, str) and v else None
        return getattr(item, "id", None)

    taken: set[str] = set()
    for item in items:
        i = id_of(item)
        if i:
            taken.add(i)
    seen: set[str] = set()
    n = 1
    out = []
    for item in items:
        i = id_of(item)
        if i is None or i in seen:
            while f"{prefix}{n}" in taken:
                n += 1
            i = f"{prefix}{n}"
            taken.add(i)
            if isinstance(item, dict):
                item = {**item, "id": i}
            else:
                item = item.model_copy(update={"id": i})
        seen.add(i)
        out.append(item)
    return out


class Risk(Strict):
    """One identified risk, with what the author and reviewer decide about it."""

    id: _ID = "r1"
    """Stable within its area; mitigations refer to it."""
    text: _Text
    rating: Annotated[Rating | None, BeforeValidator(_clean_rating)] = None
    """Residual rating after mitigation; None until someone rates it."""
    owner: Line = ""
    due: Line = ""
    """Target date, as written ("March 2025")."""
    key: bool = False
    """A key risk for Cabinet: listed in the summary's key risks table."""

    @field_validator("text", mode="before")
    @classmethod
    def _clean_text(cls, value: object) -> object:
        return clean_block(value) if isinstance(value, str) else value

    @property
    def is_real(self) -> bool:
        return is_real_risk(self.text)

    @property
    def rating_label(self) -> str:
        return RATING_LABELS[self.rating]


class Mitigation(Strict):
    """One mitigation or recommendation, and which of its area's risks it answers (none said: the area's)."""

    id: _ID = "m1"
    text: _Text
    answers: list[_ID] = Field(default_factory=list, max_length=POINTS_MAX)

    @field_validator("text", mode="before")
    @classmethod
    def _clean_text(cls, value: object) -> object:
        return clean_block(value) if isinstance(value, str) else value

    @field_validator("answers", mode="after")
    @classmethod
    def _distinct(cls, answers: list[str]) -> list[str]:
        return list(dict.fromkeys(answers))


Risks = Annotated[list[Risk], BeforeValidator(_records("r")), Field(max_length=POINTS_MAX)]
Mitigations = Annotated[list[Mitigation], BeforeValidator(_records("m")), Field(max_length=POINTS_MAX)]
