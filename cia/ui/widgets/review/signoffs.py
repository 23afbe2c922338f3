"""The sign-offs: who signed the assessment off, in a table with add, edit and remove."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label

from ....model import SIGNOFFS_MAX, SignOff
from ....text import shorten
from ... import fields
from ...messages import Edited
from ...session import Session
from ..base import show_text
from ..tables import fill_table, fit_widths

SIGNOFF_COLUMNS = [("Name", "name"), ("Role", "role"), ("Date", "date"), ("Decision", "decision")]


class SignOffTable(DataTable):
    BINDINGS = [
        Binding("a", "add", "Add sign-off", tooltip="Record who signed the assessment off"),
        Binding("delete", "remove", "Remove", tooltip="Remove the highlighted sign-off (asks first)"),
    ]

    def action_add(self) -> None:
        self.query_ancestor(SignOffsPanel).add_signoff()

    def action_remove(self) -> None:
        self.query_ancestor(SignOffsPanel).remove_signoff()


class SignOffsPanel(Vertical):
    """Posts :class:`Edited` with the whole list of sign-offs when one is added, edited or removed."""

    def __init__(self, session: Session) -> None:
        super().__init__(id="signoffs-panel")
        self.session = session
        self._shown: tuple | None = None
        self._highlight_next: int | None = None

    def compose(self) -> ComposeResult:
        yield Label("Sign-off (printed in both Word documents)", classes="field-label")
        yield SignOffTable(id="signoffs", cursor_type="row", zebra_stripes=True)
        yield Label("", id="signoff-note", classes="hint")
        with Horizontal(classes="buttons"):
            yield Button("+ Sign-off", id="signoff-add", compact=True, tooltip="Add a sign-off (a)")
            yield Button("Edit", id="signoff-edit", compact=True, tooltip="Edit the highlighted sign-off (Enter)")
            yield Button("✕ Remove", id="signoff-remove", compact=True,
                         tooltip="Remove the highlighted sign-off (Delete)")

    def show(self) -> None:
        signoffs = self.session.assessment.signoffs
        room = self._room()
        values = [(s.name, s.role, s.date, s.decision) for s in signoffs]
        if (values, room) == self._shown and self._highlight_next is None:
            return
        self._shown = (values, room)
        widths = fit_widths([max([len(label)] + [len(v[i]) for v in values]) for i, (label, _) in
                             enumerate(SIGNOFF_COLUMNS)], room)
        rows = [(str(i), [shorten(value, width) for value, width in zip(v, widths)]) for i, v in enumerate(values)]
        table = self.query_one(SignOffTable)
        fill_table(table, SIGNOFF_COLUMNS, rows)
        if self._highlight_next is not None and self._highlight_next < len(rows):
            table.move_cursor(row=self._highlight_next, animate=False)
            self._highlight_next = None
        if signoffs:
            note = "Enter or click: edit · Delete: remove · a: add another"
        else:
            note = "None yet: the documents get blank rows to sign by hand. a adds one."
        show_text(self.query_one("#signoff-note", Label), note)

    def _room(self) -> int:
        """Characters the table has for its four columns without scrolling sideways."""
        width = self.size.width or (self.app.size.width - 30)
        return max(32, width - 2 - 8)  # the scrollbar, and a space each side of each cell

    def on_resize(self) -> None:
        if self._shown is not None and self._shown[1] != self._room():
            self.show()

    def focus_row(self, index: int | None) -> None:
        table = self.query_one(SignOffTable)
        if index is not None and index < table.row_count:
            table.move_cursor(row=index, animate=False)
        table.focus()

    def _current(self) -> int | None:
        table = self.query_one(SignOffTable)
        if not table.row_count:
            return None
        return min(table.cursor_row, len(self.session.assessment.signoffs) - 1)

    def add_signoff(self) -> None:
        self.query_one(SignOffTable).focus()
        self._edit(None)

    def edit_signoff(self) -> None:
        index = self._current()
        self._edit(index)

    def _edit(self, index: int | None) -> None:
        from ...modals.signoff import SignOffModal

        signoffs = self.session.assessment.signoffs
        if index is None and self.session.assessment.status != "approved":
            from ....workflow import status_label

            status = status_label(self.session.assessment.status).lower()
            self.app.notify(f"Sign-offs are recorded only on an approved assessment; this one is {status}.",
                            title="Not yet", severity="warning", markup=False)
            return
        if index is None and len(signoffs) >= SIGNOFFS_MAX:
            self.app.notify(f"An assessment can have at most {SIGNOFFS_MAX} sign-offs.", severity="warning")
            return
        current = signoffs[index] if index is not None else None

        def done(result: SignOff | None) -> None:
            if result is None:
                return
            updated = list(self.session.assessment.signoffs)
            if index is None:
                from ...review_ops import record_signoff

                self._highlight_next = len(updated)  # show the new row highlighted once the table has it
                record_signoff(self, result)  # who recorded it and when, in the audit trail
                return
            updated[index] = result
            self.post_message(Edited(fields.SIGNOFFS, updated))

        self.app.push_screen(SignOffModal(current), done)

    def remove_signoff(self) -> None:
        from ...modals.confirm import confirm

        index = self._current()
        if index is None:
            return
        signoff = self.session.assessment.signoffs[index]
        who = signoff.name or "this person"
        detail = ", ".join(x for x in (signoff.role, signoff.date, signoff.decision) if x)
        message = f"The sign-off by {who}" + (f" ({detail})" if detail else "") + " will be removed."

        def chosen(choice: str | None) -> None:
            if choice != "yes":
                return
            updated = list(self.session.assessment.signoffs)
            if index < len(updated) and updated[index] == signoff:
                del updated[index]
                self.post_message(Edited(fields.SIGNOFFS, updated))

        self.app.push_screen(confirm("Remove this sign-off?", message, yes="Remove sign-off", danger=True), chosen)

    @on(DataTable.RowSelected, "#signoffs")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_signoff()

    @on(Button.Pressed, "#signoff-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_signoff()

    @on(Button.Pressed, "#signoff-edit")
    def _edit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.edit_signoff()

    @on(Button.Pressed, "#signoff-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove_signoff()
