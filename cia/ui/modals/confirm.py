"""A question with a few answers; returns the key of the answer chosen (or None on Escape)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ChoiceModal(ModalScreen[str | None]):
    """Ask a question; ``choices`` are (key, label) pairs, the first being the default button."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]], *, danger: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.dialog_title = title
        self.message = message
        self.choices = choices
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.dialog_title, classes="dialog-title", markup=False)
            yield Static(self.message, classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label) in enumerate(self.choices):
                    variant = "error" if key == self.danger else ("primary" if i == 0 else "default")
                    yield Button(label, id=f"choice-{key}", variant=variant)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


def confirm(title: str, message: str, yes: str = "Yes", no: str = "Cancel", *, danger: bool = False) -> ChoiceModal:
    """A yes/cancel question whose result is "yes" or None/"no"."""
    return ChoiceModal(title, message, [("yes", yes), ("no", no)] if not danger else [("no", no), ("yes", yes)],
                       danger="yes" if danger else None)
