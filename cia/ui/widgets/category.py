"""A category step: the council's description and prompts, and the areas as a table."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Collapsible, DataTable, Label, Static

from ...checks import Finding, Location
from ...model import AREA_STATUS_LABELS, AreaEntry
from ...text import shorten
from ..messages import AreaOpenRequested, Edited
from ..session import Session

NARROW_STATUS = {"not_assessed": "To do", "na": "N/A", "assessed": "Done"}
STATUS_STYLE = {"not_assessed": "dim", "na": "italic", "assessed": "bold"}


class AreasTable(DataTable):
    BINDINGS = [
        Binding("n", "toggle_na", "Mark N/A", tooltip="Mark the highlighted area N/A (press again to undo)"),
        Binding("a", "add_area", "Add area", tooltip="Add an extra area to this table"),
    ]

    def action_toggle_na(self) -> None:
        pane = self.query_ancestor(CategoryPane)
        pane.toggle_na()

    def action_add_area(self) -> None:
        self.query_ancestor(CategoryPane).add_area()


class CategoryPane(Vertical):
    """Posts :class:`AreaOpenRequested`, :class:`Edited` (status) and :class:`CategoryPane.AddArea`."""

    class AddArea(Message):
        def __init__(self, section_key: str, name: str, question: str) -> None:
            super().__init__()
            self.section_key = section_key
            self.name = name
            self.question = question

    class AddFirstRow(Message):
        pass

    def __init__(self, session: Session, section_key: str, **kwargs) -> None:
        super().__init__(classes="pane category-pane", **kwargs)
        self.session = session
        self.section_key = section_key
        self.findings: list[Finding] = []

    @property
    def category(self):
        return self.session.assessment.category(self.section_key)

    def compose(self) -> ComposeResult:
        category = self.category
        yield Label(category.title, classes="pane-title")
        tall = self.app.size.height >= 34
        with Collapsible(title="About this section and what to consider", collapsed=not tall, id="about"):
            with VerticalScroll(classes="about-scroll"):
                yield Static(category.description, classes="description", markup=False)
                if category.prompts:
                    intro = category.prompts_intro or "Please consider:"
                    prompts = "\n".join(f"• {p}" for p in category.prompts)
                    yield Static(f"{intro}\n{prompts}", classes="prompts", markup=False)
                for note in category.notes:
                    yield Static(f"Note: {note}", classes="hint", markup=False)
        table = AreasTable(id="areas", cursor_type="row", zebra_stripes=True)
        narrow = self.narrow
        area_label = category.area_column if len(category.area_column) < 30 and not narrow else "Area"
        table.add_column(area_label, key="area")
        table.add_column("Status", key="status")
        if category.groups_column:
            table.add_column("G" if narrow else "Groups", key="groups")
        table.add_column("B" if narrow else "Benefits", key="benefits")
        table.add_column("R" if narrow else "Risks", key="risks")
        table.add_column("M" if narrow else "Mitigations", key="mitigations")
        table.add_column("", key="mark")
        yield table
        if narrow:
            legend = ("G groups · " if category.groups_column else "") + "B benefits · R risks · M mitigations"
            yield Label(legend, classes="hint")
        with Horizontal(classes="buttons"):
            yield Button("Open", id="open", compact=True, tooltip="Edit the highlighted area (Enter)")
            yield Button("N/A", id="na", compact=True, tooltip="Mark the highlighted area N/A (n)")
            yield Button("+ Area", id="add-area", compact=True, tooltip="Add an extra area (a)")
            cc = category.cross_cutting
            if cc is not None and cc.optional:
                yield Button("+ First row", id="add-first-row", compact=True,
                             tooltip=f"Add the \"{cc.name}\" first row")
        yield Label("", id="progress", classes="hint")

    def on_mount(self) -> None:
        self.refresh_view()

    # --- view -------------------------------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        return self.app.size.width < 110

    def _row(self, entry: AreaEntry) -> list:
        a = self.session.assessment
        name = a.area_name(self.section_key, entry)
        if entry.extra:
            name += " (added)"
        errors = [f for f in self.findings if f.is_error and f.location.area == entry.key]
        warnings = [f for f in self.findings if not f.is_error and f.location.area == entry.key]
        narrow = self.narrow
        label = NARROW_STATUS[entry.status] if narrow else AREA_STATUS_LABELS[entry.status]
        status = Text(label, style=STATUS_STYLE[entry.status])
        if errors:
            mark = Text("✗", style="bold red")
        elif warnings:
            mark = Text("!", style="yellow")
        elif entry.status != "not_assessed":
            mark = Text("✓", style="green")
        else:
            mark = Text("")
        row = [shorten(name, 20 if narrow else 32), status]
        if self.category.groups_column:
            groups = entry.groups
            if narrow:
                row.append(str(len(groups)) if groups else "–")
            else:
                text = shorten(groups[0], 18) + (f" +{len(groups) - 1}" if len(groups) > 1 else "") if groups else "–"
                row.append(text)

        def count(field: str) -> str:
            n = len(entry.points(field))  # type: ignore[arg-type]
            if entry.first_row.get(field):
                return "1st" if narrow and not n else (f"{n}+1st" if n else "1st row")
            return str(n) if n else "–"

        row += [count("benefits"), count("risks"), count("mitigations"), mark]
        return row

    def refresh_view(self, findings: list[Finding] | None = None) -> None:
        a = self.session.assessment
        if findings is not None:
            self.findings = [f for f in findings if f.location.section == self.section_key]
        else:
            from ...checks import check

            self.findings = [f for f in check(a) if f.location.section == self.section_key]
        table = self.query_one(AreasTable)
        cursor = table.cursor_row
        table.clear()
        section = a.section(self.section_key)
        for entry in section.entries:
            table.add_row(*self._row(entry), key=entry.key)
        if section.entries:
            table.move_cursor(row=min(cursor, len(section.entries) - 1), animate=False)
        done, total = a.completeness(self.section_key)
        errors = sum(f.is_error for f in self.findings)
        text = f"{done} of {total} areas done"
        if errors:
            text += f" · {errors} to fix"
        self.query_one("#progress", Label).update(text)
        cc = self.category.cross_cutting
        if cc is not None and cc.optional:
            self.query_one("#add-first-row", Button).display = section.entry(cc.key) is None

    def current_key(self) -> str | None:
        table = self.query_one(AreasTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key((table.cursor_row, 0))
        return str(row_key.value)

    def select_area(self, area_key: str) -> None:
        table = self.query_one(AreasTable)
        try:
            table.move_cursor(row=table.get_row_index(area_key), animate=False)
        except Exception:
            pass

    def focus_first(self) -> None:
        self.query_one(AreasTable).focus()

    def focus_location(self, location: Location) -> None:
        if location.area:
            self.select_area(location.area)
        self.query_one(AreasTable).focus()

    # --- actions ----------------------------------------------------------------------------------

    def open_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(AreaOpenRequested(self.section_key, key))

    def toggle_na(self) -> None:
        key = self.current_key()
        if key is None:
            return
        entry = self.session.entry(self.section_key, key)
        status = "not_assessed" if entry.status == "na" else "na"
        if status == "not_assessed" and entry.has_content:
            status = "assessed"
        self.post_message(Edited(f"area:{self.section_key}:{key}:status", status))
        table = self.query_one(AreasTable)
        if status == "na" and table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def add_area(self) -> None:
        from ..modals.extra_area import ExtraArea, ExtraAreaModal

        def added(result: ExtraArea | None) -> None:
            if result is not None:
                self.post_message(self.AddArea(self.section_key, result.name, result.question))

        self.app.push_screen(ExtraAreaModal(self.category.title), added)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(AreaOpenRequested(self.section_key, str(event.row_key.value)))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "open":
            self.open_current()
        elif event.button.id == "na":
            self.toggle_na()
        elif event.button.id == "add-area":
            self.add_area()
        elif event.button.id == "add-first-row":
            self.post_message(self.AddFirstRow())
