"""Import an assessment from a file (cia's JSON, or a CIA in Word): asks for the path."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class ImportModal(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Import an assessment (JSON or Word .docx)", classes="dialog-title")
            yield Label("Path of a cia .json file, or of a CIA in Word (.docx): the council's template or a cia "
                        "export. The file is read, never changed.")
            yield Input(placeholder="/path/to/assessment.json or /path/to/cia.docx", id="path")
            yield Label("", id="import-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", id="import", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#import")
    def _import(self, event) -> None:
        event.stop()
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.query_one("#import-error", Label).update("Give the path of a .json or .docx file.")
            return
        path = Path(raw).expanduser()
        if not path.is_file():
            self.query_one("#import-error", Label).update(f"There is no file at {path}.")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
