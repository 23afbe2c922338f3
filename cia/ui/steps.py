"""The steps of an assessment, as shown down the side of the assessment screen (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..checks import DETAILS, FRONT, SIGNOFF, Finding, Location
from ..model import Assessment

StepKind = Literal["screening", "details", "front", "category", "evidence", "review"]


@dataclass(frozen=True)
class Step:
    key: str
    """"screening", "details", "front", "evidence", "review" or a category key."""
    label: str
    kind: StepKind


def steps_for(a: Assessment) -> list[Step]:
    edition = a.template
    steps = [Step("screening", "Screening", "screening")] if edition.screening.questions else []
    steps.append(Step("details", "Details", "details"))
    if edition.front_sections:
        steps.append(Step("front", "Introduction & summary", "front"))
    for category in edition.categories:
        steps.append(Step(category.key, category.short_title, "category"))
    if any(c.has_evidence for c in edition.categories):
        steps.append(Step("evidence", "Evidence", "evidence"))
    steps.append(Step("review", "Review & export", "review"))
    return steps


def first_step(a: Assessment, steps: list[Step]) -> Step:
    """The step an assessment opens on: Screening while a new one is still to be screened (the council screens
    first), and for one screened out (the screening is the whole of it); otherwise the first step after it."""
    from ..screening import not_needed

    if steps[0].kind != "screening" or len(steps) == 1:
        return steps[0]
    s = a.screening
    undecided = s is None or s.outcome is None
    if not_needed(a) or (undecided and not _written(a)):
        return steps[0]
    return steps[1]


def _written(a: Assessment) -> bool:
    """Whether anything beyond the header has been written (an area, a front section)."""
    if a.introduction or a.summary or a.key_mitigations:
        return True
    return any(e.has_content or e.status != "not_assessed" for s in a.sections for e in s.entries)


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
        return a.completeness(step.key)
    if step.kind == "evidence":
        keys = [c.key for c in a.template.categories if c.has_evidence]
        return sum(bool(a.section(k).evidence) for k in keys), len(keys)
    return None


def step_key_for(a: Assessment, location: Location) -> str:
    """Which step shows a finding's location."""
    section = location.section
    if section == DETAILS:
        return "screening" if location.field == "screening" else "details"
    if section == FRONT:
        if location.field == "executive_summary" or not a.template.front_sections:
            return "review"
        return "front"
    if section == SIGNOFF:
        return "review"
    if location.field == "evidence" and location.area is None:
        return "evidence"
    if a.template.has_category(section):
        return section
    return "review"


def comments_by_step(a: Assessment) -> dict[str, int]:
    """Open comments per step (the step list shows the count)."""
    from ..comments import as_location

    counts: dict[str, int] = {}
    for comment in a.comments:
        if comment.is_open:
            key = step_key_for(a, as_location(comment.location))
            counts[key] = counts.get(key, 0) + 1
    return counts


def errors_by_step(a: Assessment, findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        if finding.is_error:
            key = step_key_for(a, finding.location)
            counts[key] = counts.get(key, 0) + 1
    return counts
