"""The screening recorded on an assessment: is a full Community Impact Assessment needed?"""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .fields import POINTS_MAX, Line, Strict, Text, Time
from .review import Actor

Answer = Literal["yes", "no", "dont_know"]
Outcome = Literal["needed", "not_needed"]
ANSWER_LABELS = {"yes": "Yes", "no": "No", "dont_know": "Don't know"}
OUTCOME_LABELS = {"needed": "A full Community Impact Assessment is needed",
                  "not_needed": "A full Community Impact Assessment is not needed"}


class ScreeningAnswer(Strict):
    question: Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_]*$")]
    """The question's key in the edition's screening questions."""
    answer: Answer
    note: Text = ""


class ScreeningRecord(Strict):
    """Answers, the groups named, the outcome with its reasons, and who decided when."""

    answers: list[ScreeningAnswer] = Field(default_factory=list, max_length=100)
    groups: list[Line] = Field(default_factory=list, max_length=POINTS_MAX)
    """The groups that could be affected: area keys of the edition's groups category, or other groups by name."""
    outcome: Outcome | None = None
    reasons: list[Text] = Field(default_factory=list, max_length=POINTS_MAX)
    note: Text = ""
    """Why, in the decider's words (required for a "not needed" outcome)."""
    decided_by: Actor | None = None
    decided_at: Time | None = None

    def answer(self, key: str) -> ScreeningAnswer | None:
        return next((a for a in self.answers if a.question == key), None)
