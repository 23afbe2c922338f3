"""The risk register: every risk of the assessment in one table, with its mitigations, rating, owner, date and
key-risk flag — filtered (unmitigated, high, key), sorted (template order or rating), set in place, and a jump to
the area it belongs to.

The rows come from :mod:`cia.register`, the same rows ``cia risks`` prints and the summary's key risks table uses.
Changes go through the owning screen's session, like every other edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ... import register
from ...checks import Location
from ...model import RATING_LABELS, Assessment
from ...text import shorten
from ..widgets.tables import fill_table
from ..widgets.footer import Footer

if TYPE_CHECKING:
    from .assessment import AssessmentScreen

RATING_CYCLE = {None: "low", "low": "medium", "medium": "high", "high": None}
RATING_STYLE = {"high": "bold red", "medium": "yellow", "low": "green", None: "dim"}


class RiskRegisterScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the assessment"),
        Binding("u", "toggle('unmitigated')", "Unmitigated", tooltip="Show only risks no mitigation answers"),
        Binding("h", "toggle('high')", "High", tooltip="Show only risks rated high"),
        Binding("k", "toggle('key')", "Key", tooltip="Show only the key risks for Cabinet"),
        Binding("s", "sort", "Sort", tooltip="Template order or highest rating first"),
        Binding("space", "flag", "Key risk", tooltip="Flag or unflag the risk as a key risk for Cabinet"),
        Binding("r", "rate", "Rating", tooltip="Cycle the residual rating: not rated, low, medium, high"),
        Binding("o", "owner", "Owner", tooltip="Set who owns the risk"),
        Binding("d", "due", "Date", tooltip="Set the target date"),
        Binding("enter", "jump", "Go to area", show=True, tooltip="Open the area the risk belongs to"),
    ]

    def __init__(self, owner: AssessmentScreen) -> None:
        super().__init__()
        self.owner = owner
        self.filters = {"unmitigated": False, "high": False, "key": False}
        self.sort = "category"
        self.shown: list[register.RegisterRow] = []

    @property
    def assessment(self) -> Assessment:
        return self.owner.session.assessment

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="register"):
            yield Static("", id="register-summary", markup=False)
            table = DataTable(id="register-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static("", id="register-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Risk register · {self.assessment.title or 'Untitled'}"
        self.refresh_rows()
        self.query_one("#register-table", DataTable).focus()

    # --- rows -------------------------------------------------------------------------------------

    def refresh_rows(self) -> None:
        rows = register.rows(self.assessment)
        shown = register.select(rows, unmitigated=self.filters["unmitigated"],
                                rating="high" if self.filters["high"] else None, key=self.filters["key"])
        self.shown = register.ordered(shown, self.sort)
        width = self.size.width or 120
        wide = width >= 110
        risk_width = max(28, min(70, width - 86))
        columns = [("Category › Area", "area"), ("Risk", "risk"), ("Rating", "rating"), ("Key", "key"),
                   ("Owner", "owner"), ("Due", "due"), ("Mitigations", "mitigations")]
        cells = []
        for r in self.shown:
            mitigations = Text(str(len(r.mitigation_texts))) if not r.unmitigated else Text("none", "bold red")
            cells.append((r.location, [
                shorten(f"{r.category} › {r.area}", 34 if wide else 22),
                shorten(r.text, risk_width),
                Text(RATING_LABELS[r.rating], RATING_STYLE[r.rating]),
                "★" if r.key else "",
                shorten(r.risk.owner, 18), shorten(r.risk.due, 14), mitigations,
            ]))
        table = self.query_one("#register-table", DataTable)
        fill_table(table, columns, cells)
        on = [name for name, value in self.filters.items() if value]
        key_n = sum(r.key for r in rows)
        summary = (f"{len(self.shown)} of {len(rows)} risks"
                   + (f" · showing only: {', '.join(on)}" if on else "")
                   + f" · sorted by {'rating' if self.sort == 'rating' else 'template order'}"
                   + f" · {key_n} flagged as key risks for Cabinet")
        if not key_n and rows:
            summary += " (none flagged: the summary proposes up to six — flag the key ones with space)"
        self.query_one("#register-summary", Static).update(summary)
        self._show_detail()

    def current(self) -> register.RegisterRow | None:
        table = self.query_one("#register-table", DataTable)
        if not self.shown or table.cursor_row is None or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _show_detail(self) -> None:
        row = self.current()
        detail = self.query_one("#register-detail", Static)
        if row is None:
            detail.update("No risks match." if any(self.filters.values()) else "No risks identified yet.")
            return
        lines = [f"{row.location} · {row.category} › {row.area}", f"Risk: {row.text}"]
        if row.groups:
            lines.append(f"Groups: {shorten('; '.join(row.groups), 200)}")
        texts = row.mitigation_texts
        lines += [f"  - {shorten(m, 150)}" for m in texts] or ["  No mitigation answers this risk."]
        detail.update("\n".join(lines))

    @on(DataTable.RowHighlighted, "#register-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#register-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    # --- actions ----------------------------------------------------------------------------------

    def action_toggle(self, name: str) -> None:
        self.filters[name] = not self.filters[name]
        self.refresh_rows()

    def action_sort(self) -> None:
        self.sort = "rating" if self.sort == "category" else "category"
        self.refresh_rows()

    def _update(self, **changes: object) -> None:
        row = self.current()
        if row is None:
            return
        section, area, index = row.section, row.area_key, row.index

        def change(a: Assessment) -> None:
            entry = a.section(section).entry(area)
            if entry is None:
                raise KeyError(f"{section}/{area}")
            entry.risks = [r.model_validate({**r.model_dump(), **changes}) if i == index else r
                           for i, r in enumerate(entry.risks)]

        if not self.owner.confirm_edit(lambda: self._update(**changes)):
            return
        _, error = self.owner.session.mutate(change)
        if error:
            self.notify(f"Not changed: {error}", severity="error", markup=False)
            return
        self.owner.note_change()
        location = row.location
        self.refresh_rows()
        keys = [r.location for r in self.shown]
        if location in keys:
            self.query_one("#register-table", DataTable).move_cursor(row=keys.index(location), animate=False)

    def action_flag(self) -> None:
        row = self.current()
        if row is not None:
            self._update(key=not row.key)

    def action_rate(self) -> None:
        row = self.current()
        if row is not None:
            self._update(rating=RATING_CYCLE[row.rating])

    def _ask(self, field: str, label: str) -> None:
        from ..modals.text_prompt import TextPrompt

        row = self.current()
        if row is None:
            return

        def done(value: str | None) -> None:
            if value is not None:
                self._update(**{field: value})

        self.app.push_screen(TextPrompt(f"{label}: {shorten(row.text, 50)}", f"{label} (empty to clear)",
                                        getattr(row.risk, field)), done)

    def action_owner(self) -> None:
        self._ask("owner", "Owner")

    def action_due(self) -> None:
        self._ask("due", "Target date")

    def action_jump(self) -> None:
        row = self.current()
        if row is None:
            return
        location = Location(row.section, row.area_key, "risks", row.index)
        self.dismiss(location)

    def action_close(self) -> None:
        self.dismiss(None)
