"""Which of the area's risks a mitigation answers: tick them (space or Enter), Keep to save, Escape to cancel.

Returns the chosen risk ids, or None when cancelled. Once any mitigation of an area says which risks it answers,
the readiness checks ask for a mitigation per risk.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList, Static

from ...model import AreaEntry
from ...text import shorten


class AnswersModal(ModalScreen[list[str] | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, entry: AreaEntry, index: int) -> None:
        super().__init__(classes="dialog-screen")
        self.entry = entry
        self.index = index

    def compose(self) -> ComposeResult:
        mitigation = self.entry.mitigations[self.index]
        with Vertical(classes="dialog"):
            yield Label("Which risks does this answer?", classes="dialog-title", markup=False)
            yield Static(shorten(mitigation.text, 200), classes="dialog-message", markup=False)
            yield SelectionList[str](
                *[(shorten(r.text, 70), r.id, r.id in mitigation.answers) for r in self.entry.risks if r.is_real],
                id="answers")
            yield Static("Space or Enter ticks a risk; Tab to Keep. Ticking none means it answers the area as a whole.",
                         classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep", id="answers-ok", variant="primary")
                yield Button("Cancel", id="answers-cancel")

    def on_mount(self) -> None:
        self.query_one("#answers", SelectionList).focus()

    def _chosen(self) -> list[str]:
        return list(self.query_one("#answers", SelectionList).selected)

    @on(Button.Pressed, "#answers-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self._chosen())

    @on(Button.Pressed, "#answers-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
