"""Add an extra area to a category table: a name and an optional guiding question."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


@dataclass(frozen=True)
class ExtraArea:
    name: str
    question: str


class ExtraAreaModal(ModalScreen[ExtraArea | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, category_title: str) -> None:
        super().__init__()
        self.category_title = category_title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Add an area to {self.category_title}", classes="dialog-title")
            yield Label("The template's areas are suggestions: add any other impact area here.")
            yield Label("Name of the area")
            yield Input(id="name", max_length=500)
            yield Label("Guiding question (optional)")
            yield Input(id="question", max_length=500)
            yield Label("", id="area-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", id="add", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#question", Input).focus()

    @on(Input.Submitted, "#question")
    @on(Button.Pressed, "#add")
    def _add(self, event) -> None:
        event.stop()
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#area-error", Label).update("Give the area a name.")
            self.query_one("#name", Input).focus()
            return
        self.dismiss(ExtraArea(name, self.query_one("#question", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
