"""The command palette's commands for an open assessment (ctrl+p): go to a step, review actions, save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Awaitable, Callable, Iterator

from .steps import DETAILS_STEP, EVIDENCE_STEP, FRONT_STEP, REVIEW_STEP, SCREENING_STEP, StepRef

if TYPE_CHECKING:
    from .screens.assessment import AssessmentScreen
    from .widgets.review import ReviewPane

Command = tuple[str, str, Callable[[], object]]


def assessment_commands(screen: AssessmentScreen) -> Iterator[Command]:
    a = screen.session.assessment
    for step in screen.steps:
        if step.kind == "category":
            title = a.template.category(step.key).title
            yield f"Go to {step.label}", f"The {title} table", _goto(screen, step.ref)
    if any(s.kind == "screening" for s in screen.steps):
        yield ("Go to Screening", "Is a full assessment needed? The answers, the outcome, who decided",
               _goto(screen, SCREENING_STEP))
    header = ", ".join(h.label for h in a.template.header)
    yield "Go to Details", f"The header block: {header}", _goto(screen, DETAILS_STEP)
    if a.template.front_sections:
        yield "Go to Introduction & summary", "Introduction, summary and key mitigations", _goto(screen, FRONT_STEP)
    if any(s.kind == "evidence" for s in screen.steps):
        yield "Go to Evidence", "The evidence base of each category", _goto(screen, EVIDENCE_STEP)
    yield "Go to Review & export", "Findings, status, sign-offs, executive summary, export", _goto(screen, REVIEW_STEP)
    yield ("Check readiness", "List every finding on the Review step",
           _review(screen, lambda pane: pane.focus_findings()))
    yield ("Review actions", "Submit, request changes, approve, sign off or reopen (as the workflow allows)",
           _review(screen, lambda pane: pane.focus_status()))
    yield ("Risk register", "Every risk with its mitigations, rating, owner, date and key-risk flag (F6)",
           screen.action_risk_register)
    yield ("Comment on this assessment", "Add a comment the author or the reviewer will see on the Review step",
           _review(screen, lambda pane: pane.add_comment()))
    yield ("Add a sign-off", "Record who signed the assessment off: name, role, date, decision",
           _review(screen, lambda pane: pane.add_signoff()))
    yield "Edit the executive summary", "The summary for the Checklist and Executive Summary", \
        _review(screen, lambda pane: pane.focus_summary())
    yield ("Reset the executive summary", "Go back to the summary drafted from the assessment (asks first)",
           _review(screen, lambda pane: pane.reset_summary()))
    yield ("Show the report paragraph", "The \"Community Impact\" paragraph for a committee or Cabinet report",
           _review(screen, lambda pane: pane.show_paragraph()))
    yield ("Export to Word", "Write the full CIA and the Checklist and Executive Summary (and PDFs)",
           _review(screen, lambda pane: pane.export()))
    yield "Save", "Save the assessment now", screen.action_save


def _goto(screen: AssessmentScreen, step: StepRef) -> Callable[[], Awaitable[None]]:
    async def go() -> None:
        await screen.show_step(step)
        screen.focus_pane()

    return go


def _review(screen: AssessmentScreen, act: Callable[[ReviewPane], object]) -> Callable[[], Awaitable[None]]:
    """Go to the Review step, then do something there."""
    async def run() -> None:
        pane = await screen.show_step(REVIEW_STEP)
        act(pane)  # type: ignore[arg-type]  (the Review step's pane is a ReviewPane)

    return run
