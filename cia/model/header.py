"""The header of an assessment: proposal, people, decision, engagement."""

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from .fields import LEADS_MAX, Line, Strict, Text

FieldKey = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_]*$")]

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
    leads: list[Person] = Field(default_factory=list, max_length=LEADS_MAX)
    """Project manager(s) or lead(s)."""
    author: Line = ""
    date_completed: Line = ""
    """As the author writes it ("28th April 2021", "March 2024")."""
    decision: Line = ""
    """The decision the CIA supports, e.g. "Cabinet, 21 July 2021"."""
    directorate: Line = ""
    engagement: Engagement = Field(default_factory=Engagement)
    additional: dict[FieldKey, Line] = Field(default_factory=dict, max_length=50)
    """Values of header fields an edition adds to the built-in ones, by the field's key (one line each)."""

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
            **{key: bool(value) for key, value in self.additional.items()},
        }

    def text(self, key: str) -> str:
        """A header field's value as one piece of text (people as "Name (Role)", one per line)."""
        if key == "sponsor":
            return self.sponsor.display()
        if key == "leads":
            return "\n".join(p.display() for p in self.leads)
        if key in ("title", "author", "date_completed", "decision", "directorate"):
            return str(getattr(self, key))
        return self.additional.get(key, "")

    @field_validator("leads", mode="after")
    @classmethod
    def _drop_empty_leads(cls, leads: list[Person]) -> list[Person]:
        return [p for p in leads if not p.is_empty]


