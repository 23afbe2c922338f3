"""Add an extra area to a category table, or rename one: a name and an optional guiding question."""

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

    def __init__(self, category_title: str, current: ExtraArea | None = None) -> None:
        """With ``current``, the dialog renames that extra area instead of adding one."""
        super().__init__()
        self.category_title = category_title
        self.current = current

    def compose(self) -> ComposeResult:
        current = self.current
        with Vertical(classes="dialog"):
            if current is None:
                yield Label(f"Add an area to {self.category_title}", classes="dialog-title")
                yield Label("The template's areas are suggestions: add any other impact area here.")
            else:
                yield Label(f"Rename “{current.name}” ({self.category_title})", classes="dialog-title",
                            markup=False)
            yield Label("Name of the area")
            yield Input(current.name if current else "", id="name", max_length=500)
            yield Label("Guiding question (optional)")
            yield Input(current.question if current else "", id="question", max_length=500)
            yield Label("", id="area-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add" if current is None else "Save", id="add", variant="primary")
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
