"""The proposals behind one figure of the cumulative picture, each opening its assessment at that area.

Reached from :class:`~.across.AcrossScreen`: a row (a characteristic or area) and one of its figures
(proposals, benefits, risks, unmitigated, high-rated). The proposals and their own figures come from
:mod:`cia.impacts`; the table draws only the rows on screen, so a figure made of thousands opens at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ... import impacts
from ...checks import Location
from ...store import StoreError
from ..widgets.lazy_table import Cell, Column, LazyTable, Row

if TYPE_CHECKING:
    from .across import AcrossScreen

WHAT = ("proposals assessing an impact", "benefits", "risks", "unmitigated risks", "high-rated risks")


class ProposalsScreen(Screen):
    DEFAULT_CSS = """
    ProposalsScreen #proposals-body { padding: 0 1; }
    ProposalsScreen #proposals-what { text-style: bold; margin-bottom: 1; }
    ProposalsScreen #proposals { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open at the area", tooltip="Open the assessment at this area"),
        Binding("escape", "back", "Back", tooltip="Back to the figures across assessments"),
    ]

    def __init__(self, owner: AcrossScreen, key: str, column: int) -> None:
        super().__init__()
        self.owner = owner
        self.key = key
        self.column = column
        """Which of :data:`cia.impacts.COLUMNS` this lists the proposals of."""
        self.proposals: list[impacts.Proposal] = []
        self._left = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="proposals-body"):
            yield Static("", id="proposals-what", markup=False)
            yield LazyTable(self._columns(False), id="proposals")
            yield Static("Enter: open the assessment at this area · Esc: back", classes="hint", markup=False)
        yield Footer()

    def _columns(self, with_area: bool) -> list[Column]:
        wide = self.app.size.width >= 110
        columns = [Column("Proposal", min_width=20), Column("Status", 17 if wide else 11)]
        if with_area:
            columns.append(Column("Area", 24))
        columns += [Column(h, len(h), right=True) for h in (("Benefits", "Risks", "Unmitigated", "High-rated")
                                                             if wide else ("Ben.", "Risks", "Unmit.", "High"))]
        return columns

    def on_mount(self) -> None:
        self.title = "Across assessments"
        self.fill()
        self.query_one("#proposals", LazyTable).focus()

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        if self._left:  # back from an assessment: the figures may have changed
            self.owner.collect()
            self.fill()
        self._left = False

    def fill(self) -> None:
        row = self.owner.row_for(self.key)
        what = self.query_one("#proposals-what", Static)
        table = self.query_one("#proposals", LazyTable)
        if row is None:
            self.proposals = []
            what.update("No assessment assesses an impact on this any more.")
            table.show(0, lambda offset, limit: ())
            return
        self.sub_title = impacts.row_label(row)
        self.proposals = impacts.figure_proposals(row, self.column)
        figure = impacts.figures(row)[self.column]
        n = len(self.proposals)
        text = f"{impacts.row_label(row)}: {figure:,} {WHAT[self.column]}"
        if self.column:
            text += f" in {n:,} proposal{'s' if n != 1 else ''}"
        what.update(text)
        # the area's own name where the row gathers areas of different names (across editions, or by name)
        with_area = self.app.size.width >= 110 and len({p.area_name for p in self.proposals}) > 1
        table.set_columns(self._columns(with_area))
        rows = [self._row(p, with_area) for p in self.proposals]
        current = table.current_key
        keys = [r.key for r in rows]
        table.show(len(rows), lambda offset, limit: rows[offset:offset + limit], rows,
                   cursor=keys.index(current) if current in keys else 0)

    def _row(self, p: impacts.Proposal, with_area: bool) -> Row:
        cells: list[str | Cell] = [p.title or p.id, p.status_label]
        if with_area:
            cells.append(p.area_name)
        for i, value in enumerate((p.benefits, p.risks, p.unmitigated, p.high), start=1):
            cells.append(Cell(str(value), "bold" if i == self.column else ""))
        return Row(f"{p.id}\t{p.category}\t{p.area}", cells)

    @on(LazyTable.RowSelected, "#proposals")
    def _selected(self, event: LazyTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#proposals", LazyTable).cursor_row)

    def open_row(self, index: int) -> None:
        if 0 <= index < len(self.proposals):
            self._open_at(self.proposals[index])

    @work(exclusive=True, group="open-at-area")
    async def _open_at(self, proposal: impacts.Proposal) -> None:
        """Open the proposal's assessment, then its area's editor (once the assessment screen is up)."""
        from .assessment import AssessmentScreen

        try:
            self.app.open_assessment(proposal.id)  # type: ignore[attr-defined]
        except (StoreError, OSError) as exc:
            self.notify(f"Cannot open {proposal.id}: {exc}", severity="error", markup=False)
            return
        screen = self.app.screen
        if not isinstance(screen, AssessmentScreen) or screen.session.id != proposal.id:
            return  # not opened: the app said why
        await screen._mounted_event.wait()  # its steps are shown and its first step chosen
        if screen.recovered is not None:
            self.notify(f"Then go to {proposal.area_name} (choose first what to do with the unsaved changes).",
                        title="Unsaved changes found")
            return
        if self.app.screen is screen:
            await screen.jump(Location(proposal.category, proposal.area))

    def action_back(self) -> None:
        self.dismiss()
