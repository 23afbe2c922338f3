"""Add or edit one item of a category's evidence base."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, TextArea

from ...model import EvidenceItem, describe_validation_error
from .form import FormModal


@dataclass(frozen=True)
class EvidenceEdit:
    section_key: str
    item: EvidenceItem


class EvidenceModal(FormModal[EvidenceEdit | None]):
    """ctrl+s or Enter in a one-line field saves; Escape asks before dropping edits."""

    BINDINGS = [Binding("ctrl+s", "save", "Save item", priority=True)]
    what = "the evidence item"

    def __init__(self, categories: list[tuple[str, str]], section_key: str, item: EvidenceItem | None = None) -> None:
        super().__init__()
        self.categories = categories
        self.section_key = section_key
        self.item = item or EvidenceItem()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Evidence item" if self.item.citation else "Add evidence", classes="dialog-title")
            yield Label("Section")
            yield Select([(title, key) for key, title in self.categories], value=self.section_key,
                         allow_blank=False, id="section", compact=True)
            yield Label("Citation: publisher, year, title (or what the evidence shows)")
            yield TextArea(self.item.citation, id="citation", soft_wrap=True, tab_behavior="focus")
            yield Label("Link (optional)")
            yield Input(self.item.url, id="url", placeholder="https://…", compact=True)
            yield Label("Date published or gathered (optional)")
            yield Input(self.item.date, id="date", placeholder="e.g. March 2021", compact=True)
            yield Label("", id="evidence-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#citation", TextArea).focus()

    def is_changed(self) -> bool:
        return (self.query_one("#citation", TextArea).text.strip() != self.item.citation
                or self.query_one("#url", Input).value.strip() != self.item.url
                or self.query_one("#date", Input).value.strip() != self.item.date
                or self.query_one("#section", Select).value != self.section_key)

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def action_save(self) -> None:
        self.submit()

    def submit(self) -> None:
        citation = self.query_one("#citation", TextArea).text
        if not citation.strip() and not self.query_one("#url", Input).value.strip():
            self.query_one("#evidence-error", Label).update("Give a citation or a link.")
            return
        try:
            item = EvidenceItem(citation=citation, url=self.query_one("#url", Input).value.strip(),
                                date=self.query_one("#date", Input).value)
        except ValidationError as exc:
            self.query_one("#evidence-error", Label).update("; ".join(describe_validation_error(exc, limit=2)))
            return
        section = self.query_one("#section", Select).value
        self.dismiss(EvidenceEdit(str(section), item))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
