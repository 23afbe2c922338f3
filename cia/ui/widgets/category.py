"""A category step: the council's description and prompts, and the areas as a table."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Collapsible, DataTable, Label, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from ...checks import Finding, Location
from ...model import AREA_STATUS_LABELS, AreaEntry
from ...text import shorten
from .. import fields
from ..messages import AreaOpenRequested, Edited
from ..session import Session
from .base import StepPane, show_text
from .tables import fill_table

NARROW_STATUS = {"not_assessed": "To do", "na": "N/A", "assessed": "Done"}
STATUS_STYLE = {"not_assessed": "dim", "na": "italic", "assessed": "bold"}


class AreasTable(DataTable):
    BINDINGS = [
        Binding("n", "toggle_na", "N/A", tooltip="Mark the highlighted area N/A (press again to undo)"),
        Binding("a", "add_area", "Add", tooltip="Add an extra area to this table"),
        Binding("r", "rename_area", "Rename", tooltip="Rename the highlighted area you added"),
        Binding("delete", "remove_area", "Remove", tooltip="Remove the highlighted area you added (asks first)"),
        # The same keys on a template area: not in the footer, but they say why it cannot be done.
        Binding("r", "explain_rename", show=False),
        Binding("delete", "explain_remove", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rename_area", "remove_area"):
            # In the footer only for an area the user added; on a template area the key falls through to the
            # hidden explain_* binding.
            return self._extra_highlighted()
        return True

    def _extra_highlighted(self) -> bool:
        try:
            pane = self.query_ancestor(CategoryPane)
            key = pane.current_key()
            return key is not None and pane.session.entry(pane.section_key, key).extra
        except (NoMatches, CellDoesNotExist, KeyError):
            return False

    def action_toggle_na(self) -> None:
        pane = self.query_ancestor(CategoryPane)
        pane.toggle_na()

    def action_add_area(self) -> None:
        self.query_ancestor(CategoryPane).add_area()

    def action_rename_area(self) -> None:
        self.query_ancestor(CategoryPane).rename_area()

    def action_remove_area(self) -> None:
        self.query_ancestor(CategoryPane).remove_area()

    action_explain_rename = action_rename_area
    action_explain_remove = action_remove_area

    async def _on_click(self, event: events.Click) -> None:
        """A click highlights a row; a double click (or Enter, or Open) opens it. A single click that opened
        the area would leave the next Enter, meant to open it, adding a point in the editor."""
        if event.chain >= 2:
            await super()._on_click(event)
            return
        meta = event.style.meta
        row = meta.get("row")
        if isinstance(row, int) and row >= 0:
            self.move_cursor(row=row, animate=False)


class CategoryPane(StepPane):
    """Posts :class:`AreaOpenRequested`, :class:`Edited` (status, extra area names) and
    :class:`CategoryPane.AddArea` / :class:`CategoryPane.RemoveArea` (structural changes the screen makes)."""

    class AddArea(Message):
        def __init__(self, section_key: str, name: str, question: str) -> None:
            super().__init__()
            self.section_key = section_key
            self.name = name
            self.question = question

    class RemoveArea(Message):
        """The user confirmed removing an extra area."""

        def __init__(self, section_key: str, area_key: str) -> None:
            super().__init__()
            self.section_key = section_key
            self.area_key = area_key

    class AddFirstRow(Message):
        pass

    def __init__(self, session: Session, section_key: str, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self.add_class("category-pane")
        self.section_key = section_key
        self.findings: list[Finding] = []
        self._layout_narrow: bool | None = None
        """Whether the table's columns are laid out narrow (None until they are first set)."""

    @property
    def category(self):
        return self.session.assessment.category(self.section_key)

    def compose(self) -> ComposeResult:
        category = self.category
        yield Label(category.title, classes="pane-title")
        tall = self.app.size.height >= 34
        with Collapsible(title="About this section and what to consider", collapsed=not tall, id="about"):
            with VerticalScroll(classes="about-scroll"):
                yield Static(category.description or category.hint, classes="description", markup=False)
                if category.prompts:
                    intro = category.prompts_intro or "Please consider:"
                    prompts = "\n".join(f"• {p}" for p in category.prompts)
                    yield Static(f"{intro}\n{prompts}", classes="prompts", markup=False)
                for note in category.notes:
                    yield Static(f"Note: {note}", classes="hint", markup=False)
        yield AreasTable(id="areas", cursor_type="row", zebra_stripes=True)
        legend = ("G groups · " if category.groups_column else "") + "B benefits · R risks · M mitigations"
        yield Label(legend, id="legend", classes="hint")
        with Horizontal(classes="buttons"):
            yield Button("Open", id="open", compact=True, tooltip="Edit the highlighted area (Enter)")
            yield Button("N/A", id="na", compact=True, tooltip="Mark the highlighted area N/A (n)")
            yield Button("+ Area", id="add-area", compact=True, tooltip="Add an extra area (a)")
            yield Button("Rename", id="rename-area", compact=True, tooltip="Rename an area you added (r)")
            yield Button("✕ Remove", id="remove-area", compact=True, tooltip="Remove an area you added (Delete)")
            cc = category.cross_cutting
            if cc is not None and cc.optional:
                yield Button("+ First row", id="add-first-row", compact=True,
                             tooltip=f"Add the \"{cc.name}\" first row")
        yield Label("", id="progress", classes="hint")

    @property
    def help_location(self) -> Location:
        return Location(self.section_key)

    # --- view -------------------------------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        return self.app.size.width < 110

    def _columns(self) -> list[tuple[str, str]]:
        """(label, key) of each column, for the terminal's width (narrow: short headings, counts only)."""
        category = self.category
        narrow = self.narrow
        area_label = category.area_column if len(category.area_column) < 30 and not narrow else "Area"
        columns = [(area_label, "area"), ("Status", "status")]
        if category.groups_column:
            columns.append(("G" if narrow else "Groups", "groups"))
        columns += [("B" if narrow else "Benefits", "benefits"), ("R" if narrow else "Risks", "risks"),
                    ("M" if narrow else "Mitigations", "mitigations"), ("", "mark")]
        return columns

    def on_resize(self, event: events.Resize) -> None:
        if self._layout_narrow is not None and self._layout_narrow != self.narrow:
            self.refresh_view(self.findings)

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
            if a.refers_to_first_row(entry, field):
                return "1st" if narrow and not n else (f"{n}+1st" if n else "1st row")
            return str(n) if n else "–"

        row += [count("benefits"), count("risks"), count("mitigations"), mark]
        return row

    def refresh_view(self, findings: list[Finding]) -> None:
        a = self.session.assessment
        self.findings = [f for f in findings if f.location.section == self.section_key]
        section = a.section(self.section_key)
        fill_table(self.query_one(AreasTable), self._columns(),
                   [(entry.key, self._row(entry)) for entry in section.entries])
        self._layout_narrow = self.narrow
        self.query_one("#legend", Label).display = self._layout_narrow
        done, total = a.completeness(self.section_key)
        errors = sum(f.is_error for f in self.findings)
        text = f"{done} of {total} areas done"
        if errors:
            text += f" · {errors} to fix"
        show_text(self.query_one("#progress", Label), text)
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
        except RowDoesNotExist:
            pass  # the area is gone (removed in the meantime): leave the cursor where it is

    def focus_first(self) -> None:
        self.query_one(AreasTable).focus()

    def focus_location(self, location: Location) -> None:
        if location.area:
            self.select_area(location.area)
        self.query_one(AreasTable).focus()

    def leave(self) -> None:
        """The user moves away from the table: nothing is pending here (every change is applied at once)."""

    # --- actions ----------------------------------------------------------------------------------

    def open_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(AreaOpenRequested(fields.area(self.section_key, key)))

    def toggle_na(self) -> None:
        """Mark the highlighted area N/A (and move down), or undo that. An area with points asks first."""
        key = self.current_key()
        if key is None:
            return
        entry = self.session.entry(self.section_key, key)
        status = entry.unmarked_status if entry.status == "na" else "na"

        def apply() -> None:
            self.post_message(Edited(fields.area(self.section_key, key, "status"), status))
            table = self.query_one(AreasTable)
            if status == "na" and table.cursor_row < table.row_count - 1:
                table.move_cursor(row=table.cursor_row + 1)

        if status != "na" or not entry.has_content:
            apply()
            return
        from ..modals.confirm import confirm

        name = self.session.assessment.area_name(self.section_key, entry)
        n = sum(len(entry.points(f)) for f in fields.POINT_FIELDS)  # type: ignore[arg-type]
        written = f"its {n} point{'s' if n != 1 else ''}" if n else "what it refers to in the first row"
        message = (f"“{name}” has been written: {written}. Marked N/A, the documents say “N/A” for it "
                   "instead. The points are kept: marking it assessed again (n) brings them back.")

        def chosen(choice: str | None) -> None:
            if choice == "yes":
                apply()

        self.app.push_screen(confirm(f"Mark “{name}” N/A?", message, yes="Mark N/A", danger=True), chosen)

    def add_area(self) -> None:
        from ..modals.extra_area import ExtraArea, ExtraAreaModal

        def added(result: ExtraArea | None) -> None:
            if result is not None:
                self.post_message(self.AddArea(self.section_key, result.name, result.question))

        self.app.push_screen(ExtraAreaModal(self.category.title), added)

    def _current_extra(self, doing: str) -> AreaEntry | None:
        """The highlighted area if the user added it; otherwise say why ``doing`` is not possible."""
        key = self.current_key()
        if key is None:
            return None
        entry = self.session.entry(self.section_key, key)
        if not entry.extra:
            name = self.session.assessment.area_name(self.section_key, entry)
            advice = ("If it does not apply, mark it N/A (n)." if doing == "removed"
                      else "Its name comes from the council's template.")
            self.app.notify(f"“{name}” is one of the template's areas, so it cannot be {doing}: only areas added "
                            f"with + Area can be. {advice}", title=f"Cannot be {doing}", severity="warning",
                            timeout=6, markup=False)
            return None
        return entry

    def rename_area(self) -> None:
        from ..modals.extra_area import ExtraArea, ExtraAreaModal

        entry = self._current_extra("renamed")
        if entry is None:
            return
        key = entry.key

        def renamed(result: ExtraArea | None) -> None:
            if result is None:
                return
            self.post_message(Edited(fields.area(self.section_key, key, "name"), result.name))
            self.post_message(Edited(fields.area(self.section_key, key, "question"), result.question))

        self.app.push_screen(ExtraAreaModal(self.category.title, ExtraArea(entry.name, entry.question)), renamed)

    def remove_area(self) -> None:
        from ..modals.confirm import confirm

        entry = self._current_extra("removed")
        if entry is None:
            return
        key = entry.key
        name = self.session.assessment.area_name(self.section_key, entry)
        n = sum(len(entry.points(f)) for f in fields.POINT_FIELDS)  # type: ignore[arg-type]
        written = f" and the {n} point{'s' if n != 1 else ''} written in it" if n else ""
        message = f"“{name}”{written} will be removed from the {self.category.title} table."

        def chosen(choice: str | None) -> None:
            if choice == "yes":
                self.post_message(self.RemoveArea(self.section_key, key))

        self.app.push_screen(confirm(f"Remove “{name}”?", message, yes="Remove area", danger=True), chosen)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.query_one(AreasTable).refresh_bindings()  # Rename / Remove show for areas the user added

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(AreaOpenRequested(fields.area(self.section_key, str(event.row_key.value))))

    @on(Button.Pressed, "#open")
    def _open_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.open_current()

    @on(Button.Pressed, "#na")
    def _na_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.toggle_na()

    @on(Button.Pressed, "#add-area")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_area()

    @on(Button.Pressed, "#rename-area")
    def _rename_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.rename_area()

    @on(Button.Pressed, "#remove-area")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove_area()

    @on(Button.Pressed, "#add-first-row")
    def _first_row_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.AddFirstRow())
