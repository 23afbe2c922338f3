"""Add an extra area to a category table, or rename one: a name and an optional guiding question."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from ...model import SHORT_MAX
from .form import FormModal


@dataclass(frozen=True)
class ExtraArea:
    name: str
    question: str


class ExtraAreaModal(FormModal[ExtraArea | None]):
    """Enter in either field adds (or saves) the area; Escape asks before dropping what was typed."""

    what = "the area"

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
            yield Input(current.name if current else "", id="name", max_length=SHORT_MAX, select_on_focus=False)
            yield Label("Guiding question (optional)")
            yield Input(current.question if current else "", id="question", max_length=SHORT_MAX,
                        select_on_focus=False)
            yield Label("", id="area-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add" if current is None else "Save", id="add", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        name = self.query_one("#name", Input)
        name.focus()
        name.cursor_position = len(name.value)  # renaming: the cursor at the end, nothing selected

    def _values(self) -> ExtraArea:
        return ExtraArea(self.query_one("#name", Input).value.strip(), self.query_one("#question", Input).value.strip())

    def is_changed(self) -> bool:
        return self._values() != (self.current or ExtraArea("", ""))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#area-error", Label).update("Give the area a name.")
            self.query_one("#name", Input).focus()
            return
        self.dismiss(ExtraArea(name, self.query_one("#question", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
