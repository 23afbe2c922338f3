"""A one-line field for forms: nothing selected on focus, and the start of the text shown when left."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from ...model import SHORT_MAX


class FieldInput(Input):
    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(value, placeholder=placeholder, id=id, classes=classes, max_length=SHORT_MAX,
                         compact=True, select_on_focus=False)

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self.scroll_to(x=0, animate=False)  # a long role reads from its start, not "…r of Communities"
