"""The command palette's commands for an open assessment (ctrl+p): go to a step, review actions, save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Awaitable, Callable, Iterator

if TYPE_CHECKING:
    from .screens.assessment import AssessmentScreen

Command = tuple[str, str, Callable[[], object]]


def assessment_commands(screen: AssessmentScreen) -> Iterator[Command]:
    a = screen.session.assessment
    for step in screen.steps:
        if step.kind == "category":
            title = a.template.category(step.key).title
            yield f"Go to {step.label}", f"The {title} table", _goto(screen, step.key)
    if any(s.kind == "screening" for s in screen.steps):
        yield ("Go to Screening", "Is a full assessment needed? The answers, the outcome, who decided",
               _goto(screen, "screening"))
    header = ", ".join(h.label for h in a.template.header)
    yield "Go to Details", f"The header block: {header}", _goto(screen, "details")
    if a.template.front_sections:
        yield "Go to Introduction & summary", "Introduction, summary and key mitigations", _goto(screen, "front")
    if any(s.kind == "evidence" for s in screen.steps):
        yield "Go to Evidence", "The evidence base of each category", _goto(screen, "evidence")
    yield "Go to Review & export", "Findings, status, sign-offs, executive summary, export", _goto(screen, "review")
    yield "Check readiness", "List every finding on the Review step", _review(screen, "focus_findings")
    yield ("Review actions", "Submit, request changes, approve, sign off or reopen (as the workflow allows)",
           _review(screen, "focus_status"))
    yield ("Risk register", "Every risk with its mitigations, rating, owner, date and key-risk flag (F6)",
           screen.action_risk_register)
    yield ("Comment on this assessment", "Add a comment the author or the reviewer will see on the Review step",
           _review(screen, "add_comment"))
    yield ("Add a sign-off", "Record who signed the assessment off: name, role, date, decision",
           _review(screen, "add_signoff"))
    yield "Edit the executive summary", "The summary for the Checklist and Executive Summary", \
        _review(screen, "focus_summary")
    yield ("Reset the executive summary", "Go back to the summary drafted from the assessment (asks first)",
           _review(screen, "reset_summary"))
    yield ("Show the report paragraph", "The \"Community Impact\" paragraph for a committee or Cabinet report",
           _review(screen, "show_paragraph"))
    yield "Export to Word", "Write the full CIA and the Checklist and Executive Summary", _review(screen, "export")
    yield "Save", "Save the assessment now", screen.action_save


def _goto(screen: AssessmentScreen, key: str) -> Callable[[], Awaitable[None]]:
    async def go() -> None:
        await screen.show_step(key)
        screen.focus_pane()

    return go


def _review(screen: AssessmentScreen, action: str) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        pane = await screen.show_step("review")
        getattr(pane, action)()

    return run
