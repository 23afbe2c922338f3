"""Start a new assessment: its title and which edition of the template it follows."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from ...editions import DEFAULT_EDITION, EDITIONS
from ...model import SHORT_MAX


@dataclass(frozen=True)
class NewAssessment:
    title: str
    edition: str


class NewAssessmentModal(ModalScreen[NewAssessment | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New assessment", classes="dialog-title")
            yield Label("Name of the proposal")
            yield Input(placeholder="e.g. Customer Experience Strategy 2024–2026", id="title", max_length=SHORT_MAX)
            yield Label("Template")
            with RadioSet(id="edition"):
                for key, edition in EDITIONS.items():
                    yield RadioButton(edition.title, value=key == DEFAULT_EDITION, name=key)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _edition(self) -> str:
        pressed = self.query_one("#edition", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else DEFAULT_EDITION

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def _create(self, event) -> None:
        event.stop()
        title = self.query_one("#title", Input).value.strip()
        self.dismiss(NewAssessment(title, self._edition()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
