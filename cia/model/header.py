"""The header of an assessment: proposal, people, decision, engagement."""

from __future__ import annotations

from pydantic import Field, field_validator

from .fields import Line, Strict, Text

class Person(Strict):
    name: Line = ""
    role: Line = ""

    def display(self) -> str:
        if self.name and self.role:
            return f"{self.name} ({self.role})"
        return self.name or self.role

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.role)


class Engagement(Strict):
    """Whether engagement/consultation took place, and with whom."""

    took_place: bool | None = None
    """None until the author says."""
    details: Text = ""


class Header(Strict):
    title: Line = ""
    """Name of proposal."""
    sponsor: Person = Field(default_factory=Person)
    leads: list[Person] = Field(default_factory=list, max_length=20)
    """Project manager(s) or lead(s)."""
    author: Line = ""
    date_completed: Line = ""
    """As the author writes it ("28th April 2021", "March 2024")."""
    decision: Line = ""
    """The decision the CIA supports, e.g. "Cabinet, 21 July 2021"."""
    directorate: Line = ""
    engagement: Engagement = Field(default_factory=Engagement)

    def filled(self) -> dict[str, bool]:
        """Which header fields (by the names editions use in ``required_header``) have a value."""
        return {
            "title": bool(self.title),
            "sponsor": bool(self.sponsor.name),
            "leads": bool(self.leads),
            "author": bool(self.author),
            "date_completed": bool(self.date_completed),
            "decision": bool(self.decision),
            "directorate": bool(self.directorate),
        }

    @field_validator("leads", mode="after")
    @classmethod
    def _drop_empty_leads(cls, leads: list[Person]) -> list[Person]:
        return [p for p in leads if not p.is_empty]


