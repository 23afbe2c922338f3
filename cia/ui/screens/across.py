"""Across assessments: the cumulative picture ``cia impacts`` prints, in the app.

For each protected characteristic and category area: the proposals that assess an impact on it, their
benefits and risks, the risks no mitigation answers and the high-rated ones, most affected first. Every
figure comes from :mod:`cia.impacts` (the one place the rule lives); this screen only shows the report and
narrows it with the command's own options (status, updated since, directorate; a characteristic or area by
name). Enter on a figure lists the proposals that make it up (:mod:`.across_proposals`).
"""

from __future__ import annotations

from datetime import datetime, timezone

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from ... import impacts
from ...store import StoreError
from ...text import shorten

STATUS_CHOICES = [
    ("Any status", ""),
    ("Approved or signed off", "approved,signed_off"),
    ("Not yet approved", "draft,in_review,changes_requested"),
    ("Draft", "draft"),
    ("In review", "in_review"),
    ("Changes requested", "changes_requested"),
    ("Approved", "approved"),
    ("Signed off", "signed_off"),
]
GROUP_CHOICES = [("Characteristics and areas", ""), ("Characteristics", "characteristic"), ("Areas", "area")]
SHORT_COLUMNS = ("Props", "Benef.", "Risks", "Unmit.", "High")
"""The figures' headings where the full ones do not fit (the line under the table says what they mean)."""


def parse_since(text: str) -> datetime | None:
    """A date typed as YYYY-MM-DD (read as UTC, as ``cia impacts --since`` reads it); ValueError if not."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class AcrossScreen(Screen):
    DEFAULT_CSS = """
    AcrossScreen #across-body { padding: 0 1; }
    AcrossScreen .across-filters { height: 1; margin-top: 1; }
    AcrossScreen .across-label { padding: 0 1 0 2; width: auto; }
    AcrossScreen .across-filters Input { width: 1fr; }
    AcrossScreen #across-group { width: 30; margin-left: 2; }
    AcrossScreen #across-status { width: 26; }
    AcrossScreen #across-since { width: 12; }
    AcrossScreen #across-scope { margin-top: 1; }
    AcrossScreen #across-table { height: 1fr; }
    AcrossScreen #across-scope { text-style: bold; }
    AcrossScreen #across-problem { color: $text-error; }
    """
    BINDINGS = [
        Binding("enter", "open", "Proposals", tooltip="The proposals that make up the highlighted figure"),
        Binding("escape", "back", "Back", tooltip="Back to the list of assessments"),
        Binding("f1", "help", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: impacts.ImpactReport | None = None
        self.rows: list[impacts.ImpactRow] = []
        """The rows shown, in the table's order."""
        self.since: datetime | None = None
        self._left = False

    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="across-body"):
            with Horizontal(classes="across-filters"):
                yield Input(placeholder="Characteristic or area, e.g. disability…", id="across-name", compact=True,
                            select_on_focus=False)
                yield Select(GROUP_CHOICES, value="", allow_blank=False, id="across-group", compact=True)
            with Horizontal(classes="across-filters"):
                yield Select(STATUS_CHOICES, value="", allow_blank=False, id="across-status", compact=True)
                yield Static("Since", classes="across-label")
                yield Input(placeholder="YYYY-MM-DD", id="across-since", compact=True)
                yield Static("Directorate", classes="across-label")
                yield Input(placeholder="any", id="across-directorate", compact=True)
            yield Static("", id="across-scope", markup=False)
            yield DataTable(id="across-table", cursor_type="cell", zebra_stripes=True)
            yield Static("", id="across-problem", markup=False)
            yield Static("", id="across-hint", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Across assessments"
        self.sub_title = "the cumulative picture: impacts on each characteristic and area"
        self.query_one("#across-problem", Static).display = False
        self.collect()
        self.query_one("#across-table", DataTable).focus()

    def on_resize(self) -> None:
        if self.report is not None:
            self.show()  # the names' column takes the width there is

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        if self._left:  # back from the proposals: an assessment may have changed
            self.collect()
        self._left = False

    # --- the report -------------------------------------------------------------------------------

    def _value(self, selector: str) -> str:
        widget = self.query_one(selector)
        value = widget.value  # type: ignore[attr-defined]
        return value if isinstance(value, str) else ""

    def collect(self) -> None:
        """Ask the store for the report with the status, date and directorate chosen, then show it."""
        statuses = impacts.parse_statuses(self._value("#across-status"))
        try:
            self.report = impacts.collect(self.store, statuses=statuses, since=self.since,
                                          directorate=self._value("#across-directorate").strip())
        except (StoreError, OSError) as exc:
            self.report = None
            self._problem(f"Cannot read the store at {self.store.location}: {exc}")
        self.show()

    def _problem(self, text: str) -> None:
        widget = self.query_one("#across-problem", Static)
        widget.update(text)
        widget.display = bool(text)

    def show(self) -> None:
        """Fill the table with the report's rows that the name and group chosen keep."""
        table = self.query_one("#across-table", DataTable)
        keep = self._current_key()
        column = table.cursor_column if table.row_count else 1
        name = self._value("#across-name").strip()
        group = self._value("#across-group")
        report = self.report
        rows = report.rows if report is not None else []
        if group:
            rows = [r for r in rows if r.group == group]
        if name:
            rows = [r for r in rows if impacts.row_matches(r, name)]
        self.rows = rows
        wide = self.size.width >= 100 or self.app.size.width >= 100
        headings = impacts.COLUMNS if wide else SHORT_COLUMNS
        figures_width = sum(len(h) + 2 for h in headings)
        label_width = max(self.app.size.width - figures_width - 8, 16)
        table.clear(columns=True)
        table.add_column("Characteristic or area", key="name", width=label_width)
        for key, heading in zip(impacts.COLUMNS, headings):
            table.add_column(heading, key=key, width=len(heading))
        for r in rows:
            table.add_row(shorten(impacts.row_label(r), label_width),
                          *(str(v).rjust(len(h)) for v, h in zip(impacts.figures(r), headings)), key=r.key)
        keys = [r.key for r in rows]
        if keep in keys:
            table.move_cursor(row=keys.index(keep), column=column, animate=False)
        elif rows:
            table.move_cursor(row=0, column=max(column, 1), animate=False)
        self._scope(name, group)
        hint = "Enter on a figure: the proposals that make it up · Esc: back"
        if not wide:
            hint = "Props: proposals assessing an impact · Unmit.: risks no mitigation answers · " \
                   "High: high-rated risks · Enter: the proposals behind a figure"
        self.query_one("#across-hint", Static).update(hint if rows else "")

    def _scope(self, name: str, group: str) -> None:
        report = self.report
        if report is None:
            self.query_one("#across-scope", Static).update("")
            return
        words = list(report.filters)
        if group:
            words.insert(0, "characteristics only" if group == "characteristic" else "areas only")
        if name:
            words.insert(0, f"named “{name}”")
        n = report.assessments
        text = f"Impacts across {n:,} assessment{'s' if n != 1 else ''}"
        if words:
            text += " (" + "; ".join(words) + ")"
        if not self.rows:
            text += ": no assessment in the store assesses an impact on that."
        self.query_one("#across-scope", Static).update(text)

    def _current_key(self) -> str | None:
        table = self.query_one("#across-table", DataTable)
        if not table.row_count or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row].key

    # --- filters ----------------------------------------------------------------------------------

    @on(Input.Changed, "#across-name")
    @on(Select.Changed, "#across-group")
    def _narrowed(self, event) -> None:
        event.stop()
        if self.report is not None:
            self.show()

    @on(Select.Changed, "#across-status")
    def _status(self, event: Select.Changed) -> None:
        event.stop()
        if self.is_mounted:
            self.collect()

    @on(Input.Changed, "#across-since")
    def _since(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        try:
            since = parse_since(text) if text else None
        except ValueError:
            self._problem(f"“{text}” is not a date: give it as YYYY-MM-DD (the figures are not narrowed by it).")
            since = None
        else:
            self._problem("")
        if since != self.since:
            self.since = since
            self.collect()

    @on(Input.Changed, "#across-directorate")
    def _directorate(self, event: Input.Changed) -> None:
        event.stop()
        self.collect()

    def on_key(self, event: events.Key) -> None:
        """Typing on the table narrows it by name (as typing on the list of assessments searches it)."""
        if event.is_printable and event.character and isinstance(self.focused, DataTable):
            event.stop()
            name = self.query_one("#across-name", Input)
            name.focus()
            name.insert_text_at_cursor(event.character)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#across-table", DataTable).focus()

    # --- opening ----------------------------------------------------------------------------------

    @on(DataTable.CellSelected, "#across-table")
    def _selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.open_figure(event.coordinate)

    def open_figure(self, coordinate: Coordinate) -> None:
        """The proposals that make up the figure at ``coordinate`` (the name column: every proposal)."""
        if self.report is None or not 0 <= coordinate.row < len(self.rows):
            return
        from .across_proposals import WHAT, ProposalsScreen

        row = self.rows[coordinate.row]
        column = max(coordinate.column - 1, 0)
        if not impacts.figures(row)[column]:
            self.notify(f"{impacts.row_label(row)}: no {WHAT[column]}.", markup=False)
            return
        try:
            impacts.load_proposals(self.report, [row])
        except (StoreError, OSError) as exc:
            self._problem(f"Cannot read the store at {self.store.location}: {exc}")
            return
        self.app.push_screen(ProposalsScreen(self, row.key, column))

    def row_for(self, key: str) -> impacts.ImpactRow | None:
        """The row with ``key`` in the current report, its proposals loaded (None if it has gone)."""
        if self.report is None:
            return None
        row = next((r for r in self.report.rows if r.key == key), None)
        if row is not None:
            impacts.load_proposals(self.report, [row])
        return row

    def action_open(self) -> None:
        table = self.query_one("#across-table", DataTable)
        if table.row_count:
            self.open_figure(table.cursor_coordinate)

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from ..modals.help import HelpModal

        self.app.push_screen(HelpModal(HELP))


HELP = """\
# Across assessments

Due regard includes the **cumulative effect** of many decisions on the same people: several proposals each
affecting disabled people, or rural communities, a little.

For each protected characteristic and each category area, the table counts:

- **Proposals**: the assessments that assess an impact on it (an area assessed with a benefit or a risk);
- **Benefits** and **Risks**: the points they list;
- **Unmitigated**: risks no mitigation answers;
- **High-rated**: risks rated high.

The most affected come first. The same figures are printed by `cia impacts` (add `--json`, `--csv` or
`--docx FILE` for a report to attach to a paper).

Narrow it by a characteristic or area's name, by status (for example only approved or signed-off
assessments), by the date assessments were last updated, or by directorate.

Press **Enter** on a figure to list the proposals that make it up, and Enter on a proposal to open that
assessment at that area. **Escape** goes back a level.
"""
