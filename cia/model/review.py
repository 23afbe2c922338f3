"""What the review records inside an assessment: comments on a place in it, and the append-only audit trail."""

from typing import Annotated, Literal

from pydantic import Field

from .fields import POINTS_MAX, Line, Strict, Text, Time, now

Action = Literal["submit", "return", "approve", "signoff", "reopen", "edit", "record_signoff", "create", "migrate",
                 "screen"]
"""What happened: a workflow transition, an edit that returned an approved assessment to draft, a sign-off
being recorded, or the assessment being created."""


class Actor(Strict):
    """Who did something, as the person said who they are (``cia whoami``)."""

    name: Line = ""
    role: Line = ""

    def display(self) -> str:
        if self.name and self.role:
            return f"{self.name} ({self.role})"
        return self.name or self.role or "someone unnamed"


class Reply(Strict):
    by: Actor = Field(default_factory=Actor)
    at: Time = Field(default_factory=now)
    text: Text


class Comment(Strict):
    """A reviewer's (or author's) comment on one place in the assessment."""

    n: Annotated[int, Field(ge=1)]
    """Numbered 1, 2, 3 … within an assessment; never reused."""
    location: Line
    """A location as ``cia check`` prints it: ``psed/race/risks/1``, ``details/title``, ``front/executive_summary``."""
    text: Text
    by: Actor = Field(default_factory=Actor)
    at: Time = Field(default_factory=now)
    replies: list[Reply] = Field(default_factory=list, max_length=POINTS_MAX)
    resolved: bool = False
    resolved_by: Actor | None = None
    resolved_at: Time | None = None
    resolution: Text = ""
    """The note given when resolving it."""

    @property
    def is_open(self) -> bool:
        return not self.resolved


class TrailEvent(Strict):
    """One entry of the audit trail: who, role, when, from which status to which, and why."""

    at: Time = Field(default_factory=now)
    by: Actor = Field(default_factory=Actor)
    action: Action
    from_status: Line = ""
    to_status: Line = ""
    revision: Annotated[int, Field(ge=0)] = 0
    """The revision the action applies to (an approval is given to this revision)."""
    note: Text = ""
    warnings: list[Text] = Field(default_factory=list, max_length=POINTS_MAX)
    """Readiness warnings that stood when the assessment was submitted."""
