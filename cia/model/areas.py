"""Category tables: one row per area (groups, benefits, risks, mitigations) and the table's evidence."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from .fields import POINTS_MAX, AreaStatus, Line, PointField, Points, Strict, Text, Url

class FirstRowRefs(Strict):
    """Which columns of the cross-cutting first row also apply to this row ("See first row …")."""

    benefits: bool = False
    risks: bool = False
    mitigations: bool = False

    def any(self) -> bool:
        return self.benefits or self.risks or self.mitigations

    def get(self, field: str) -> bool:
        return bool(getattr(self, field, False))


class AreaEntry(Strict):
    """One row of a category table: a template area, or an extra area the author added."""

    key: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9_\-]+$")]
    name: Line = ""
    """Only for extra areas: template areas take their name from the template."""
    question: Line = ""
    """Only for extra areas: an optional guiding question."""
    extra: bool = False
    status: AreaStatus = "not_assessed"
    na_reason: Text = ""
    groups: Points = Field(default_factory=list)
    benefits: Points = Field(default_factory=list)
    risks: Points = Field(default_factory=list)
    mitigations: Points = Field(default_factory=list)
    first_row: FirstRowRefs = Field(default_factory=FirstRowRefs)

    def points(self, field: PointField) -> list[str]:
        return getattr(self, field)

    @property
    def has_content(self) -> bool:
        return bool(self.groups or self.benefits or self.risks or self.mitigations or self.first_row.any())


class EvidenceItem(Strict):
    citation: Text = ""
    url: Url = ""
    date: Line = ""
    """When the evidence was published or gathered, as written ("March 2021")."""


class CategorySection(Strict):
    key: Annotated[str, Field(min_length=1, max_length=80)]
    entries: list[AreaEntry] = Field(default_factory=list, max_length=300)
    evidence: list[EvidenceItem] = Field(default_factory=list, max_length=POINTS_MAX)

    @field_validator("evidence", mode="after")
    @classmethod
    def _drop_empty_evidence(cls, items: list[EvidenceItem]) -> list[EvidenceItem]:
        return [i for i in items if i.citation or i.url]

    def entry(self, key: str) -> AreaEntry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None


