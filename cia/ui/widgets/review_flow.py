"""The Review step's workflow parts: the status with the actions that apply (instead of a free status
drop-down), the changes since the version last submitted, approved or signed off, and the audit trail."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ... import workflow
from ...history import ACTION_WORDS, HistoryError, diff, resolve
from ...register import key_risks
from ...store import StoreError
from ..session import Session
from .base import show_text


class ReviewActions(Vertical):
    """The status, one button per action that applies now (a refused one says why), and a note for the trail."""

    DEFAULT_CSS = """
    ReviewActions { height: auto; }
    ReviewActions #review-buttons { height: auto; }
    ReviewActions Button { margin-right: 1; }
    ReviewActions .review-refusal { color: $text-muted; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__(id="review-actions")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Label("Status", classes="field-label")
        yield Static("", id="review-status", markup=False)
        yield Horizontal(id="review-buttons")
        yield Input(placeholder="A note for the audit trail (optional; needed to reopen)", id="review-note",
                    select_on_focus=False)
        yield Static("", id="review-refusals", classes="review-refusal", markup=False)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        from ... import identity

        a = self.session.assessment
        actor = identity.current()
        who = actor.display() if actor.name else "not set (you will be asked)"
        show_text(self.query_one("#review-status", Static),
                  f"{workflow.status_label(a.status)} · revision {a.revision} · you are {who}")
        box = self.query_one("#review-buttons", Horizontal)
        wanted = workflow.available(a, actor)
        ids = [f"review-{t.action}" for t, _ in wanted]
        if [b.id for b in box.query(Button)] != ids:
            self._rebuild(wanted)
        else:
            for (t, refused), button in zip(wanted, box.query(Button)):
                button.variant = "primary" if refused is None else "default"
        notes = [f"{t.label}: {refused.splitlines()[0]}" for t, refused in wanted
                 if refused and t.action != "reopen"]
        chosen = key_risks(a)
        if chosen.proposed and chosen.rows:
            notes.append(f"No key risks are flagged: the summary proposes {len(chosen.rows)}. Before you submit "
                         "for review, confirm them in the risk register (F6).")
        show_text(self.query_one("#review-refusals", Static), "\n".join(notes))

    @work(exclusive=True, group="review-buttons")
    async def _rebuild(self, wanted) -> None:
        box = self.query_one("#review-buttons", Horizontal)
        await box.remove_children()
        await box.mount_all([Button(t.label, id=f"review-{t.action}", compact=True,
                                    variant="primary" if refused is None else "default") for t, refused in wanted])

    @on(Button.Pressed, "#review-buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        from ..review_ops import owner_screen, take_action

        event.stop()
        action = (event.button.id or "").removeprefix("review-")
        note_input = self.query_one("#review-note", Input)

        def done() -> None:
            note_input.value = ""
            self.show()

        take_action(owner_screen(self), action, note_input.value, done)


class ChangesPanel(Vertical):
    """What changed since the version last submitted, approved or signed off (including unsaved edits)."""

    DEFAULT_CSS = """
    ChangesPanel { height: auto; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__(id="review-changes")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Label("Changes since the last submitted, approved or signed-off version", classes="field-label")
        yield Static("", id="changes-text", markup=False)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        a = self.session.assessment
        store = self.session.store
        text = self.query_one("#changes-text", Static)
        try:
            n = resolve(store, a.id, None, default="last", before=a.revision)
            old = store.load_revision(a.id, n)
        except HistoryError:
            show_text(text, "Not yet submitted: there is no reviewed version to compare with.")
            return
        except (StoreError, OSError, ValueError) as exc:  # say so; do not break the step
            show_text(text, f"The earlier version could not be read ({exc}).")
            return
        lines = diff(old, a)
        head = f"Since revision {n} ({workflow.status_label(old.status).lower()}):"
        show_text(text, head + "\n" + ("\n".join(f"  {line}" for line in lines) if lines else "  nothing has changed"))


class TrailPanel(Vertical):
    """The audit trail: who did what, when."""

    DEFAULT_CSS = """
    TrailPanel { height: auto; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__(id="review-trail")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Label("Audit trail", classes="field-label")
        yield Static("", id="trail-text", markup=False)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        trail = self.session.assessment.trail
        if not trail:
            show_text(self.query_one("#trail-text", Static), "Nothing recorded yet.")
            return
        lines = []
        for e in reversed(trail[-30:]):
            when = e.at.strftime("%d %b %Y %H:%M").lstrip("0")
            note = f" — {e.note}" if e.note else ""
            lines.append(f"{when}  {ACTION_WORDS.get(e.action, e.action)} by {e.by.display()} "
                         f"(revision {e.revision}){note}")
        if len(trail) > 30:
            lines.append(f"… and {len(trail) - 30} earlier (cia history)")
        show_text(self.query_one("#trail-text", Static), "\n".join(lines))
