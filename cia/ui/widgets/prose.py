"""A text area for prose: soft-wrapped, Tab moves on, ctrl+Home / ctrl+End go to the start / end."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea


class ProseArea(TextArea):
    BINDINGS = [
        Binding("ctrl+home", "to_start", "Start", show=False),
        Binding("ctrl+end", "to_end", "End", show=False),
        Binding("ctrl+shift+home", "to_start(True)", show=False),
        Binding("ctrl+shift+end", "to_end(True)", show=False),
    ]

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(text, id=id, classes=classes, soft_wrap=True, tab_behavior="focus")

    def action_to_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_to_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)
