"""Ask for one line (or a few lines) of text; returns it, or None on Escape."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class TextPrompt(ModalScreen[str | None]):
    """One field and OK / Cancel. Enter in the field is OK; an empty answer is allowed unless ``required``."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, label: str, value: str = "", *, ok: str = "OK", required: bool = False,
                 placeholder: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.dialog_title = title
        self.label = label
        self.value = value
        self.ok = ok
        self.required = required
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.dialog_title, classes="dialog-title", markup=False)
            yield Static(self.label, classes="dialog-message", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-value", select_on_focus=False)
            yield Static("", id="prompt-error", classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok, id="prompt-ok", variant="primary")
                yield Button("Cancel", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query_one("#prompt-value", Input).focus()

    def _finish(self) -> None:
        value = self.query_one("#prompt-value", Input).value.strip()
        if self.required and not value:
            self.query_one("#prompt-error", Static).update("Please write something first (Escape cancels).")
            return
        self.dismiss(value)

    @on(Input.Submitted, "#prompt-value")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish()

    @on(Button.Pressed, "#prompt-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self._finish()

    @on(Button.Pressed, "#prompt-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
