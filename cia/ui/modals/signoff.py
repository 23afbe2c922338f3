"""Add or edit one sign-off: who signed the assessment off, in what role, when, and what they decided."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label

from ...model import SignOff, describe_validation_error

DECISIONS = ["Approved", "Approved with recommendations", "Changes requested", "Not approved"]
"""Offered as completions in the decision field (→ accepts one); any other wording is fine."""

FIELDS = ("name", "role", "date", "decision")


class SignOffModal(ModalScreen[SignOff | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save sign-off", priority=True)]

    def __init__(self, signoff: SignOff | None = None) -> None:
        super().__init__()
        self.signoff = signoff

    def compose(self) -> ComposeResult:
        current = self.signoff or SignOff()
        with Vertical(classes="dialog"):
            yield Label("Edit sign-off" if self.signoff is not None else "Add a sign-off", classes="dialog-title")
            yield Label("Name")
            yield Input(current.name, id="name", max_length=500, compact=True)
            yield Label("Role")
            yield Input(current.role, id="role", max_length=500, compact=True,
                        placeholder="e.g. Director of Public Health")
            yield Label("Date")
            yield Input(current.date, id="date", max_length=500, compact=True, placeholder="e.g. 14 March 2026")
            yield Label("Decision")
            yield Input(current.decision, id="decision", max_length=500, compact=True,
                        placeholder="e.g. Approved (→ completes a suggestion)",
                        suggester=SuggestFromList(DECISIONS, case_sensitive=False))
            yield Label("", id="signoff-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = event.input.id or ""
        if field in FIELDS[:-1]:
            self.query_one(f"#{FIELDS[FIELDS.index(field) + 1]}", Input).focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self, event: Button.Pressed | None = None) -> None:
        if event is not None:
            event.stop()
        values = {field: self.query_one(f"#{field}", Input).value for field in FIELDS}
        if not values["name"].strip():
            self.query_one("#signoff-error", Label).update("Give the name of the person signing off.")
            self.query_one("#name", Input).focus()
            return
        try:
            signoff = SignOff(**values)
        except ValidationError as exc:
            self.query_one("#signoff-error", Label).update("; ".join(describe_validation_error(exc, limit=2)))
            return
        self.dismiss(signoff)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
