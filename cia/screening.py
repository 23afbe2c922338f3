"""Screening: is a full Community Impact Assessment needed? The one rule, used by the CLI, checks and export.

The questions are the edition's (``[screening]`` in its file). Any answer the question lists in
``full_if`` ("yes" or "don't know" by default), or any group named as possibly affected, means a full
assessment is needed. A "not needed" outcome must say why, and is then reviewed and signed off like an
assessment (the readiness checks look only at the screening). A "needed" outcome carries the groups it
named into the assessment as areas to assess.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .editions import Edition
    from .model import Actor, Assessment, ScreeningRecord


class Decision(NamedTuple):  # not a dataclass: defining one costs about half a millisecond, paid by every check
    outcome: str | None
    """"needed", "not_needed", or None while a question is unanswered."""
    reasons: list[str]
    unanswered: list[str]
    """Texts of the questions still to answer."""


def decide(edition: Edition, answers: dict[str, str], groups: list[str]) -> Decision:
    screening = edition.screening
    reasons: list[str] = []
    unanswered: list[str] = []
    for q in screening.questions:
        given = answers.get(q.key)
        if given is None:
            unanswered.append(q.text)
        elif given in q.full_if:
            word = "don't know" if given == "dont_know" else given
            reasons.append(f"{q.reason or q.text} (answered {word})")
    if groups:
        reasons.append("Groups that could be affected: " + ", ".join(group_names(edition, groups)) + ".")
    if unanswered:
        return Decision(None, reasons, unanswered)
    return Decision("needed" if reasons else "not_needed", reasons or [screening.not_needed_statement], [])


def group_names(edition: Edition, groups: list[str]) -> list[str]:
    category = _groups_category(edition)
    out = []
    for g in groups:
        area = category.area(g) if category is not None else None
        out.append(area.name if area is not None else g)
    return out


def _groups_category(edition: Edition):
    key = edition.screening.groups_category
    return edition.category(key) if edition.has_category(key) else None


def resolve_group(edition: Edition, text: str) -> str:
    """A group as given (an area key or name of the groups category, or another group's name) → what is stored."""
    category = _groups_category(edition)
    wanted = " ".join(text.split())
    if category is not None:
        for area in category.areas:
            if wanted.casefold() in (area.key.casefold(), area.name.casefold()):
                return area.key
    return wanted


def record(a: Assessment, answers: dict[str, str], groups: list[str], actor: Actor, note: str = "",
           at: datetime | None = None) -> ScreeningRecord:
    """Record a screening on ``a`` (replacing an earlier one) and its outcome; a "needed" outcome puts the
    groups it named into the assessment as areas to assess. Raises ValueError for an unknown question or a
    "not needed" outcome without a note saying why."""
    from .model import ScreeningAnswer, ScreeningRecord, TrailEvent, now

    edition = a.template
    known = {q.key for q in edition.screening.questions}
    for key in answers:
        if key not in known:
            raise ValueError(f"there is no screening question {key!r} in {edition.title} "
                             f"(questions: {', '.join(sorted(known))})")
    stored_groups = list(dict.fromkeys(resolve_group(edition, g) for g in groups if g.strip()))
    decision = decide(edition, answers, stored_groups)
    if decision.outcome == "not_needed" and not note.strip():
        raise ValueError("say why a full assessment is not needed (a note is recorded with the decision)")
    when = at or now()
    rec = ScreeningRecord(
        answers=[ScreeningAnswer(question=q.key, answer=answers[q.key]) for q in edition.screening.questions
                 if q.key in answers],  # type: ignore[arg-type]
        groups=stored_groups, outcome=decision.outcome, reasons=decision.reasons, note=note,
        decided_by=actor if decision.outcome else None, decided_at=when if decision.outcome else None)  # type: ignore[arg-type]
    a.screening = rec
    if decision.outcome == "needed":
        carry_groups(a, stored_groups)
    if decision.outcome:
        a.trail = [*a.trail, TrailEvent(at=when, by=actor, action="screen", from_status=a.status,
                                        to_status=a.status, revision=a.revision + 1,
                                        note=f"Screening: {outcome_label(decision.outcome).lower()}.")]
    return rec


def draft(a: Assessment, answers: dict[str, str], groups: list[str], note: str = "") -> ScreeningRecord:
    """Keep the answers, groups and note as they are being given (the app, as the person types), before
    anyone decides: only :func:`record` records an outcome, who decided and when. A recorded decision stands
    while what it was decided on is unchanged; any change clears it, to be recorded again."""
    from .model import ScreeningAnswer, ScreeningRecord

    edition = a.template
    questions = [q.key for q in edition.screening.questions]
    stored_groups = list(dict.fromkeys(resolve_group(edition, g) for g in groups if g.strip()))
    rec = ScreeningRecord(
        answers=[ScreeningAnswer(question=k, answer=answers[k]) for k in questions if k in answers],  # type: ignore[arg-type]
        groups=stored_groups, note=note)
    old = a.screening
    if old is not None and old.outcome and (old.answers, old.groups, old.note.strip()) == (
            rec.answers, rec.groups, rec.note.strip()):
        return old
    rec.reasons = decide(edition, answers, stored_groups).reasons
    a.screening = rec
    return rec


def carry_groups(a: Assessment, groups: list[str]) -> list[str]:
    """The groups named at screening become areas to assess: template areas are there (an optional one,
    like the classic cross-cutting row, is added); any other group becomes an extra area. Returns the names."""
    edition = a.template
    category = _groups_category(edition)
    if category is None:
        return []
    section = a.section(category.key)
    names = []
    for g in groups:
        area = category.area(g)
        if area is not None:
            if section.entry(area.key) is None and area.kind == "cross_cutting":
                a.add_cross_cutting()
            names.append(area.name)
        elif not any(e.extra and e.name.casefold() == g.casefold() for e in section.entries):
            a.add_extra_area(category.key, g)
            names.append(g)
        else:
            names.append(g)
    return names


def outcome_label(outcome: str | None) -> str:
    from .model import OUTCOME_LABELS

    return OUTCOME_LABELS.get(outcome or "", "Not decided yet")


def not_needed(a: Assessment) -> bool:
    """Screened out: the assessment is the screening record, reviewed and signed off as it is."""
    return a.screening is not None and a.screening.outcome == "not_needed"


def due(a: Assessment) -> bool:
    """Still to be screened: the edition screens, no outcome is recorded, and nothing of a full assessment
    has been written yet (an area, a front section). The council screens first; once the lead is writing the
    full assessment, it is the full assessment's own readiness that counts, as for the council's CIAs written
    before screening was recorded here. The app opens such an assessment on its Screening step and marks the
    step as not done, and ``cia check`` lists it, all through this one rule."""
    if not a.template.screening.questions:
        return False
    s = a.screening
    return (s is None or s.outcome is None) and not written(a)


def written(a: Assessment) -> bool:
    """Whether anything beyond the header has been written (an area, a front section)."""
    if a.introduction or a.summary or a.key_mitigations:
        return True
    return any(e.has_content or e.status != "not_assessed" for s in a.sections for e in s.entries)


def findings(a: Assessment) -> list[tuple[str, str, str]]:
    """(level, code, message) for the screening's part of an assessment's readiness (the checks use these):
    for one still to be screened (:func:`due`), that it is; for one screened out, everything its record
    needs; otherwise none."""
    s = a.screening
    out: list[tuple[str, str, str]] = []
    if due(a):
        if s is not None and s.answers:
            message = "Finish the screening: answer every question and record whether a full assessment is needed."
        else:
            message = "Screen the proposal first: answer the screening questions and record whether a full " \
                      "assessment is needed."
        return [("error", "screening-due", message)]
    if s is None or not not_needed(a):
        return out
    if not a.header.title:
        out.append(("error", "header-missing", "Give the name of the proposal."))
    decision = decide(a.template, {x.question: x.answer for x in s.answers}, list(s.groups))
    for text in decision.unanswered:
        out.append(("error", "screening-unanswered", f"Answer the screening question: {text}"))
    if decision.outcome != s.outcome:
        out.append(("error", "screening-stale", "The answers no longer give the recorded outcome; screen again."))
    if s.outcome == "not_needed" and not s.note.strip():
        out.append(("error", "screening-reason", "Say why a full assessment is not needed."))
    if s.decided_by is None or not s.decided_by.name:
        out.append(("error", "screening-decider", "Record who decided (cia config set name …, then screen again)."))
    return out
