"""The Evidence step: each category's evidence base (citation, link, date)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Label, Static

from ...checks import Finding, Location
from ...model import EvidenceItem
from ...text import shorten
from .. import fields
from ..messages import Edited
from ..session import Session
from .base import StepPane, show_text
from .tables import fill_table


class EvidenceTable(DataTable):
    BINDINGS = [
        Binding("a", "add", "Add evidence"),
        Binding("delete", "remove", "Remove"),
    ]

    def action_add(self) -> None:
        self.query_ancestor(EvidencePane).add_item()

    def action_remove(self) -> None:
        self.query_ancestor(EvidencePane).remove_item()


class EvidencePane(StepPane):
    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._rows_shown: list[Location] = []
        """The evidence item each table row shows, in order."""
        self._layout_narrow: bool | None = None
        """Whether the table's columns are laid out narrow (None until they are first set)."""

    @property
    def narrow(self) -> bool:
        return self.app.size.width < 110

    def _categories(self) -> list[tuple[str, str]]:
        return [(c.key, c.short_title) for c in self.session.assessment.template.categories if c.has_evidence]

    def compose(self) -> ComposeResult:
        yield Label("Evidence base", classes="pane-title")
        yield Static("Evidence used / likelihood / size of impact, for each section. F1: the council's guidance.",
                     classes="hint")
        yield EvidenceTable(id="evidence", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("+ Add", id="add", compact=True, tooltip="Add an evidence item (a)")
            yield Button("Edit", id="edit", compact=True, tooltip="Edit the highlighted item (Enter)")
            yield Button("✕ Remove", id="remove", compact=True, tooltip="Remove the highlighted item (Delete)")
        yield Label("", id="evidence-summary", classes="hint")

    @property
    def help_location(self) -> Location:
        return Location(fields.EVIDENCE)

    def on_resize(self, event: events.Resize) -> None:
        if self._layout_narrow is not None and self._layout_narrow != self.narrow:
            self.refresh_view([])

    def _rows(self) -> list[tuple[str, int, EvidenceItem]]:
        rows = []
        for key, _title in self._categories():
            for i, item in enumerate(self.session.assessment.section(key).evidence):
                rows.append((key, i, item))
        return rows

    def refresh_view(self, findings: list[Finding]) -> None:
        titles = dict(self._categories())
        narrow = self.narrow
        rows = []
        self._rows_shown = []
        for key, i, item in self._rows():
            self._rows_shown.append(fields.evidence(key, i))
            if narrow:
                cells = [shorten(titles[key], 12), shorten(item.citation or item.url, 28), shorten(item.date, 10)]
            else:
                cells = [shorten(titles[key], 16), shorten(item.citation, 48), shorten(item.url, 30),
                         shorten(item.date, 14)]
            rows.append((str(len(rows)), cells))
        columns = [("Section", "section"), ("Citation", "citation")]
        if not narrow:
            columns.append(("Link", "url"))
        columns.append(("Date", "date"))
        fill_table(self.query_one(EvidenceTable), columns, rows)
        self._layout_narrow = narrow
        missing = [titles[k] for k, _ in self._categories() if not self.session.assessment.section(k).evidence]
        summary = "Every section has evidence." if not missing else "No evidence yet for: " + ", ".join(missing)
        show_text(self.query_one("#evidence-summary", Label), summary)

    def _current(self) -> tuple[str, int] | None:
        table = self.query_one(EvidenceTable)
        if not table.row_count or table.cursor_row >= len(self._rows_shown):
            return None
        location = self._rows_shown[table.cursor_row]
        return location.section, location.index or 0

    def _set(self, section_key: str, items: list[EvidenceItem]) -> None:
        self.post_message(Edited(fields.evidence(section_key), items))

    def add_item(self, section_key: str | None = None) -> None:
        if section_key is None:
            a = self.session.assessment
            missing = [k for k, _ in self._categories() if not a.section(k).evidence]
            current = self._current()
            section_key = missing[0] if missing else (current[0] if current else self._categories()[0][0])
        self._edit(section_key, None)

    def _edit(self, section_key: str, index: int | None) -> None:
        from ..modals.evidence import EvidenceEdit, EvidenceModal

        a = self.session.assessment
        item = a.section(section_key).evidence[index] if index is not None else None

        def done(result: EvidenceEdit | None) -> None:
            if result is None:
                return
            old = list(a.section(section_key).evidence)
            if index is not None and result.section_key == section_key:
                old[index] = result.item
                self._set(section_key, old)
                return
            if index is not None:
                del old[index]
                self._set(section_key, old)
            target = list(a.section(result.section_key).evidence) + [result.item]
            self._set(result.section_key, target)

        self.app.push_screen(EvidenceModal(self._categories(), section_key, item), done)

    def edit_item(self) -> None:
        current = self._current()
        if current is not None:
            self._edit(*current)

    def remove_item(self) -> None:
        """Remove the highlighted item, after asking."""
        from ..modals.confirm import confirm

        current = self._current()
        if current is None:
            return
        key, index = current
        item = self.session.assessment.section(key).evidence[index]
        what = shorten(item.citation or item.url, 80)

        def chosen(choice: str | None) -> None:
            if choice != "yes":
                return
            items = list(self.session.assessment.section(key).evidence)
            if index < len(items) and items[index] == item:
                del items[index]
                self._set(key, items)

        self.app.push_screen(confirm("Remove this evidence item?", f"“{what}” will be removed from the evidence "
                                     "base.", yes="Remove item", danger=True), chosen)

    def focus_first(self) -> None:
        self.query_one(EvidenceTable).focus()

    def focus_location(self, location: Location) -> None:
        table = self.query_one(EvidenceTable)
        target = fields.evidence(location.section, location.index or 0)
        if target in self._rows_shown:
            table.move_cursor(row=self._rows_shown.index(target), animate=False)
        table.focus()
        has_items = any(loc.section == location.section for loc in self._rows_shown)
        if not has_items and self.session.assessment.category(location.section):
            self.add_item(location.section)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_item()

    @on(Button.Pressed, "#add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_item()

    @on(Button.Pressed, "#edit")
    def _edit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.edit_item()

    @on(Button.Pressed, "#remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove_item()
