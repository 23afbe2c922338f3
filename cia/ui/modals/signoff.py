"""Add or edit one sign-off: who signed the assessment off, in what role, when, and what they decided."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label

from ...model import SHORT_MAX, SignOff, describe_validation_error
from .form import FormModal

DECISIONS = ["Approved", "Approved with recommendations", "Changes requested", "Not approved"]
"""Offered as completions in the decision field (→ accepts one); any other wording is fine."""

FIELDS = ("name", "role", "date", "decision")


class SignOffModal(FormModal[SignOff | None]):
    """Enter moves to the next field and saves from the last; ctrl+s saves; Escape asks before dropping edits."""

    BINDINGS = [Binding("ctrl+s", "save", "Save sign-off", priority=True)]
    what = "the sign-off"

    def __init__(self, signoff: SignOff | None = None) -> None:
        super().__init__()
        self.signoff = signoff

    def compose(self) -> ComposeResult:
        current = self.signoff or SignOff()
        with Vertical(classes="dialog"):
            yield Label("Edit sign-off" if self.signoff is not None else "Add a sign-off", classes="dialog-title")
            yield Label("Name")
            yield Input(current.name, id="name", max_length=SHORT_MAX, compact=True)
            yield Label("Role")
            yield Input(current.role, id="role", max_length=SHORT_MAX, compact=True,
                        placeholder="e.g. Director of Public Health")
            yield Label("Date")
            yield Input(current.date, id="date", max_length=SHORT_MAX, compact=True, placeholder="e.g. 14 March 2026")
            yield Label("Decision")
            yield Input(current.decision, id="decision", max_length=SHORT_MAX, compact=True,
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

    def _values(self) -> dict[str, str]:
        return {field: self.query_one(f"#{field}", Input).value for field in FIELDS}

    def is_changed(self) -> bool:
        current = self.signoff or SignOff()
        return any(value.strip() != getattr(current, field) for field, value in self._values().items())

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def action_save(self) -> None:
        self.submit()

    def submit(self) -> None:
        values = self._values()
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
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
