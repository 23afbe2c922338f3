"""The review's actions in the app: who is acting, taking a workflow action, comments, and asking before an
approved assessment is edited. The rules are :mod:`cia.workflow`'s and :mod:`cia.comments`'s; this only asks
the person and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import comments as comment_rules
from .. import identity, workflow
from ..model import Actor

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from .session import Session


def owner_screen(widget: Widget) -> Any:
    """The assessment screen a widget belongs to (directly, or through the area editor's or risk register's
    owner)."""
    from .screens.assessment import owner_of

    return owner_of(widget.screen) or widget.screen


def with_actor(app: App, then: Callable[[Actor], None]) -> None:
    """Call ``then`` with the acting person, asking for their name and role first if cia does not know them."""
    actor = identity.current()
    if actor.name:
        then(actor)
        return
    from .. import config
    from .modals.text_prompt import TextPrompt

    def got_role(role: str | None) -> None:
        if role is None:
            return
        try:
            if role:
                config.set("role", role)
        except config.ConfigError as exc:
            app.notify(str(exc), severity="warning", markup=False)
        then(identity.current() if identity.current().name else Actor(name=name_holder[0], role=role))

    name_holder: list[str] = []

    def got_name(name: str | None) -> None:
        if not name:
            return
        name_holder.append(name)
        try:
            config.set("name", name)
        except config.ConfigError as exc:
            app.notify(str(exc), severity="warning", markup=False)
        app.push_screen(TextPrompt("Who are you?", "Your role (e.g. Commissioning Lead)", "", ok="Continue"),
                        got_role)

    app.push_screen(TextPrompt("Who are you?", "Your name, recorded with what you do (cia config set name …)",
                               "", ok="Continue", required=True), got_name)


def take_action(screen: Any, action: str, note: str = "", done: Callable[[], None] | None = None) -> None:
    """Take a workflow action on the screen's assessment and save at once; a refusal is shown, nothing changes."""
    session: Session = screen.session

    def act(actor: Actor) -> None:
        a = session.assessment
        message = workflow.refusal(a, action, actor, note)
        if message:
            screen.notify(message[0].upper() + message[1:], title="Not allowed", severity="error", timeout=12,
                          markup=False)
            return
        before = (a.status, list(a.trail), list(a.signoffs), session.dirty)
        workflow.apply(a, action, actor, note)
        session.dirty = True
        result = session.save()
        if result.outcome != "saved":
            # the action is taken only once it is saved: put the status back as it was
            a.status, a.trail, a.signoffs, session.dirty = before  # type: ignore[assignment]
            screen.notify(result.message or "The action was not saved.", title="Not saved", severity="error",
                          timeout=12, markup=False)
        else:
            session.approved_edit_ok = False
            screen.notify(workflow.done_message(a, action), title=workflow.TRANSITIONS[action].label, markup=False)
        screen.refresh_views()
        if done is not None:
            done()

    with_actor(screen.app, act)


def change_comments(screen: Any, change: Callable[[Actor], object], done: Callable[[], None] | None = None) -> None:
    """Add, answer or resolve a comment (as the acting person), then save soon like any other change."""
    session: Session = screen.session

    def act(actor: Actor) -> None:
        try:
            _, error = session.mutate(lambda a: change(actor))
        except workflow.Refused as exc:
            screen.notify(str(exc), title="Read-only", severity="error", timeout=12, markup=False)
            return
        if error:
            screen.notify(error, title="Not added", severity="error", markup=False)
            return
        screen.note_change()
        screen.refresh_views()
        if done is not None:
            done()

    with_actor(screen.app, act)


def add_comment(screen: Any, location: str, where: str, done: Callable[[], None] | None = None) -> None:
    from .modals.text_prompt import TextPrompt

    def got(text: str | None) -> None:
        if text:
            change_comments(screen, lambda actor: comment_rules.add(screen.session.assessment, location, text, actor),
                            done)

    screen.app.push_screen(TextPrompt(f"Comment on {where}", "Your comment", "", ok="Add comment", required=True),
                           got)


def reply_comment(screen: Any, n: int, done: Callable[[], None] | None = None) -> None:
    from .modals.text_prompt import TextPrompt

    def got(text: str | None) -> None:
        if text:
            change_comments(screen, lambda actor: comment_rules.reply(screen.session.assessment, n, text, actor), done)

    screen.app.push_screen(TextPrompt(f"Answer comment {n}", "Your answer", "", ok="Answer", required=True), got)


def resolve_comment(screen: Any, n: int, done: Callable[[], None] | None = None) -> None:
    from .modals.text_prompt import TextPrompt

    def got(note: str | None) -> None:
        if note is not None:
            change_comments(screen, lambda actor: comment_rules.resolve(screen.session.assessment, n, actor, note),
                            done)

    screen.app.push_screen(TextPrompt(f"Resolve comment {n}", "How it was resolved (optional)", "", ok="Resolve"),
                           got)


def record_signoff(widget: Widget, signoff: Any) -> None:
    """Record a sign-off of the approved assessment as the acting person (kept in the audit trail)."""
    screen = owner_screen(widget)

    def act(actor: Actor) -> None:
        try:
            _, error = screen.session.mutate(lambda a: workflow.record_signoff(a, signoff, actor))
        except workflow.Refused as exc:
            screen.notify(str(exc), title="Not recorded", severity="error", markup=False)
            return
        if error:
            screen.notify(error, title="Not recorded", severity="error", markup=False)
            return
        screen.note_change()
        screen.refresh_views()

    with_actor(screen.app, act)


def confirm_edit(screen: Any, retry: Callable[[], None], undo: Callable[[], None] | None = None) -> bool:
    """Whether an edit may go ahead now.

    A signed-off assessment is read-only: the edit is refused with who signed it off and how to reopen it. The
    first edit of an approved assessment asks first (it returns it to draft); if the person agrees, ``retry``
    makes the edit again; if not, ``undo`` puts the widgets back.
    """
    session: Session = screen.session
    a = session.assessment
    if a.status == "signed_off":
        screen.notify(workflow.signed_off_message(a), title="Read-only", severity="error", timeout=12, markup=False)
        if undo is not None:
            undo()
        return False
    if a.status != "approved" or getattr(session, "approved_edit_ok", False):
        return True
    waiting = session.approved_edit_waiting
    if waiting is not None:  # the question is already asked: this edit waits for the same answer
        waiting.append(retry)
        return False
    session.approved_edit_waiting = [retry]
    from .modals.confirm import confirm

    def chosen(answer: str | None) -> None:
        retries, session.approved_edit_waiting = session.approved_edit_waiting or [], None
        if answer == "yes":
            session.approved_edit_ok = True
            for again in retries:
                again()
        elif undo is not None:
            undo()

    approved = workflow.last_event(a, "approve")
    given = f" (revision {approved.revision}, by {approved.by.display()})" if approved else ""
    screen.app.push_screen(confirm(
        "Edit an approved assessment?",
        f"“{a.title or 'This assessment'}” is approved{given}. Changing it returns it to draft: it must be "
        "submitted and approved again. The approval stays in its history.",
        yes="Edit it (back to draft)", no="Cancel"), chosen)
    return False
