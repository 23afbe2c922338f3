"""The steps of an assessment, as shown down the side of the assessment screen (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..checks import DETAILS, FRONT, SIGNOFF, Finding, Location
from ..model import Assessment

StepKind = Literal["screening", "details", "front", "category", "evidence", "review"]
_FIXED: tuple[StepKind, ...] = ("screening", "details", "front", "evidence", "review")


@dataclass(frozen=True)
class StepRef:
    """Which step: its kind and, for a category's table, the category's key. The step list, the panes, the
    palette, help and jumps to a finding all name a step with one of these; :attr:`key` is its text form
    (the step list's option id, the pane's id)."""

    kind: StepKind
    category: str = ""

    def __post_init__(self) -> None:
        if (self.kind == "category") != bool(self.category):
            raise ValueError(f"a {self.kind} step {'needs' if self.kind == 'category' else 'has no'} category key")

    @property
    def key(self) -> str:
        return self.category if self.kind == "category" else self.kind

    @classmethod
    def of(cls, key: str | StepRef) -> StepRef:
        """The step named by its key (an option id): "details", "review" … or a category key."""
        if isinstance(key, StepRef):
            return key
        return cls(key) if key in _FIXED else cls("category", key)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return self.key


SCREENING_STEP = StepRef("screening")
DETAILS_STEP = StepRef("details")
FRONT_STEP = StepRef("front")
EVIDENCE_STEP = StepRef("evidence")
REVIEW_STEP = StepRef("review")


def category_step(key: str) -> StepRef:
    return StepRef("category", key)


@dataclass(frozen=True)
class Step:
    ref: StepRef
    label: str

    @property
    def key(self) -> str:
        return self.ref.key

    @property
    def kind(self) -> StepKind:
        return self.ref.kind


def steps_for(a: Assessment) -> list[Step]:
    edition = a.template
    steps = [Step(SCREENING_STEP, "Screening")] if edition.screening.questions else []
    steps.append(Step(DETAILS_STEP, "Details"))
    if edition.front_sections:
        steps.append(Step(FRONT_STEP, "Introduction & summary"))
    for category in edition.categories:
        steps.append(Step(category_step(category.key), category.short_title))
    if any(c.has_evidence for c in edition.categories):
        steps.append(Step(EVIDENCE_STEP, "Evidence"))
    steps.append(Step(REVIEW_STEP, "Review & export"))
    return steps


def first_step(a: Assessment, steps: list[Step]) -> Step:
    """The step an assessment opens on: Screening while it is still to be screened (the council screens
    first: :func:`cia.screening.due`), and for one screened out (the screening is the whole of it);
    otherwise the first step after it."""
    from ..screening import due, not_needed

    if steps[0].kind != "screening" or len(steps) == 1:
        return steps[0]
    return steps[0] if not_needed(a) or due(a) else steps[1]


def header_progress(a: Assessment) -> tuple[int, int]:
    present = a.header.filled()
    required = a.template.required_header
    return sum(present.get(name, False) for name in required), len(required)


def progress(a: Assessment, step: Step) -> tuple[int, int] | None:
    """(done, total) for a step, or None where a count means nothing (Review)."""
    if step.kind == "screening":
        questions = [q.key for q in a.template.screening.questions]
        answered = {x.question for x in a.screening.answers} if a.screening else set()
        decided = a.screening is not None and a.screening.outcome is not None
        return sum(k in answered for k in questions) + decided, len(questions) + 1
    if step.kind == "details":
        return header_progress(a)
    if step.kind == "front":
        any_risk = a.identifies_risks()
        parts = [bool(a.introduction), bool(a.summary)]
        if any_risk:
            parts.append(bool(a.key_mitigations))
        return sum(parts), len(parts)
    if step.kind == "category":
        return a.completeness(step.ref.category)
    if step.kind == "evidence":
        keys = [c.key for c in a.template.categories if c.has_evidence]
        return sum(bool(a.section(k).evidence) for k in keys), len(keys)
    return None


def step_for(a: Assessment, location: Location) -> StepRef:
    """Which step shows a finding's (or a comment's) location."""
    section = location.section
    if section == DETAILS:
        return SCREENING_STEP if location.field == "screening" else DETAILS_STEP
    if section == FRONT:
        if location.field == "executive_summary" or not a.template.front_sections:
            return REVIEW_STEP
        return FRONT_STEP
    if section == SIGNOFF:
        return REVIEW_STEP
    if location.field == "evidence" and location.area is None:
        return EVIDENCE_STEP
    if a.template.has_category(section):
        return category_step(section)
    return REVIEW_STEP


def comments_by_step(a: Assessment) -> dict[StepRef, int]:
    """Open comments per step (the step list shows the count)."""
    from ..comments import as_location

    counts: dict[StepRef, int] = {}
    for comment in a.comments:
        if comment.is_open:
            key = step_for(a, as_location(comment.location))
            counts[key] = counts.get(key, 0) + 1
    return counts


def errors_by_step(a: Assessment, findings: list[Finding]) -> dict[StepRef, int]:
    counts: dict[StepRef, int] = {}
    for finding in findings:
        if finding.is_error:
            key = step_for(a, finding.location)
            counts[key] = counts.get(key, 0) + 1
    return counts
