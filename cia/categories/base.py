"""Types that describe a template edition: its categories and their areas.

Everything here is plain frozen data. A category is rendered generically by the
UI, the checks and the Word export, so adding or renaming an area is a change to
one tuple in the category's module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AreaKind = Literal["cross_cutting", "protected_characteristic", "staff", "area"]


@dataclass(frozen=True)
class AreaDef:
    """One row of a category table in the council template."""

    key: str
    name: str
    question: str = ""
    """The guiding question printed under the area name (2021 template), if any."""
    hint: str = ""
    """A short hint shown while editing: what to think about for this area."""
    description: str = ""
    """A definition printed after the name (the 2024 layout defines each characteristic)."""
    kind: AreaKind = "area"
    optional: bool = False
    """Optional rows (the cross-cutting first row) are only part of an assessment once added."""


@dataclass(frozen=True)
class CategoryDef:
    """One section of the template: a category and its table."""

    key: str
    title: str
    short_title: str
    description: str
    areas: tuple[AreaDef, ...]
    prompts_intro: str = ""
    prompts: tuple[str, ...] = ()
    area_column: str = "Category Area"
    groups_column: str | None = "Which groups will be affected"
    """Header of the groups column, or None where the table has no such column."""
    has_evidence: bool = True
    evidence_label: str = "Evidence Base: (Evidence used/ likelihood/ size of impact)"
    notes: tuple[str, ...] = ()
    """Template notes printed with the table (not rows)."""

    def area(self, key: str) -> AreaDef | None:
        for area in self.areas:
            if area.key == key:
                return area
        return None

    @property
    def cross_cutting(self) -> AreaDef | None:
        for area in self.areas:
            if area.kind == "cross_cutting":
                return area
        return None

    @property
    def required_areas(self) -> tuple[AreaDef, ...]:
        return tuple(a for a in self.areas if not a.optional)


@dataclass(frozen=True)
class Guidance:
    """The council's guidance text shown on screen and in help."""

    completing: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    please_note: tuple[str, ...]
    evidence: str
    categories_instruction: str
    submitting: str


HeaderField = Literal["title", "sponsor", "leads", "author", "date_completed", "decision", "directorate"]


@dataclass(frozen=True)
class Edition:
    """A version of the council template."""

    key: str
    title: str
    description: str
    categories: tuple[CategoryDef, ...]
    guidance: Guidance
    required_header: tuple[HeaderField, ...]
    front_sections: bool = True
    """Whether the edition has Introduction / Summary / Key mitigations sections."""
    cross_cutting_category: str = "psed"
    """The category whose cross-cutting first row "See first row" references point to."""
    labels: dict[str, str] = field(default_factory=dict)
    """Header labels as the edition prints them (e.g. "Date Completed")."""

    def category(self, key: str) -> CategoryDef:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(key)

    def has_category(self, key: str) -> bool:
        return any(c.key == key for c in self.categories)

    @property
    def category_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.categories)
