"""The Assessments screen: the store as a table; new, open, duplicate, delete, import; search by typing.

The table shows a page of the store's listing at a time (newest first, or best match first while searching)
and adds the next page as the cursor nears the end, so a store of thousands opens as fast as one of two.
Typing searches every text of every assessment through the store's index.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from ...store import Filters, Listing, StoreError, Summary
from ...text import shorten

PAGE = 100
"""Rows added to the table at a time."""


class AssessmentsScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", show=True, tooltip="Open the highlighted assessment"),
        Binding("ctrl+n", "new", "New", priority=True, tooltip="Start a new assessment"),
        Binding("ctrl+o", "import", "Import", priority=True, tooltip="Import an assessment from a JSON file"),
        Binding("ctrl+d", "duplicate", "Duplicate", priority=True, tooltip="Copy the highlighted assessment"),
        Binding("delete", "delete", "Delete", tooltip="Move the highlighted assessment to the trash"),
        Binding("f1", "help", "Help"),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
        Binding("escape", "clear_filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing = Listing([], [])
        self.shown: list[Summary] = []
        self._resumed = False

    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="assessments-body"):
            yield Input(placeholder="Type to search every assessment (title, lead, status, any text)…", id="filter",
                        select_on_focus=False)
            table = DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
            table.add_column("Title", key="title")
            table.add_column("Status", key="status")
            table.add_column("Done", key="done")
            table.add_column("Lead", key="lead")
            table.add_column("Updated", key="updated")
            yield table
            yield Static("", id="matched", classes="hint", markup=False)
            yield Static("", id="more", classes="hint", markup=False)
            yield Static("", id="empty", classes="hint")
            yield Static("", id="recoveries", classes="hint", markup=False)
            yield Static("", id="problems", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Open", id="open", compact=True, tooltip="Open (Enter)")
                yield Button("New", id="new", compact=True, tooltip="New assessment (ctrl+n)")
                yield Button("Import", id="import", compact=True, tooltip="Import JSON (ctrl+o)")
                yield Button("Duplicate", id="duplicate", compact=True, tooltip="Duplicate (ctrl+d)")
                yield Button("Delete", id="delete", compact=True, tooltip="Delete (Delete key)")
        yield Footer()

    def on_mount(self) -> None:
        if getattr(self.app, "demo", False):
            self.title = "DEMO · Assessments"
            self.sub_title = f"a temporary copy of the samples in {self.store.location}"
        else:
            self.title = "Assessments"
            self.sub_title = str(self.store.location)
        self.reload()
        self.query_one("#filter", Input).focus()

    def on_screen_resume(self) -> None:
        if self._resumed:  # back from an assessment: it may have changed (the first resume follows on_mount)
            self.reload()
        self._resumed = True

    # --- listing ----------------------------------------------------------------------------------

    def _query(self, limit: int, *, refresh: bool) -> Listing:
        words = self.query_one("#filter", Input).value.strip()
        try:
            return self.store.list(Filters(search=words, limit=limit, refresh=refresh, with_matches=False))
        except (StoreError, OSError) as exc:
            self.notify(f"Cannot read the store at {self.store.location}: {exc}", severity="error", markup=False)
            return Listing([], [])

    def reload(self, select: str | None = None) -> None:
        """Compare the store with its index, then show the first page (and the page holding ``select``)."""
        self.listing = self._query(PAGE, refresh=True)
        self._fill(select)
        problems = self.listing.problems
        widget = self.query_one("#problems", Static)
        if problems:
            lines = [f"{len(problems)} file{'s' if len(problems) != 1 else ''} could not be read:"]
            for p in problems[:6]:
                lines.append(f"  ✗ {p.message}")
                lines.extend(f"      {d}" for d in p.details[:2])
            if len(problems) > 6:
                lines.append(f"  … and {len(problems) - 6} more")
            widget.update("\n".join(lines))
        widget.display = bool(problems)
        titles = {s.id: s.title for s in self.listing.items}
        try:
            pending = [titles[i] for i in self.store.recoveries() if i in titles]
        except OSError:
            pending = []
        note = self.query_one("#recoveries", Static)
        note.update("Unsaved changes can be recovered for: " + "; ".join(pending) + " (open it to restore them)."
                    if pending else "")
        note.display = bool(pending)

    def _fill(self, select: str | None = None, *, keep: bool = True) -> None:
        """Show the listing; the cursor stays on ``select`` or the highlighted row (else goes to the top)."""
        table = self.query_one("#assessments", DataTable)
        current = select or (self.current_id() if keep else None)
        self.shown = []
        table.clear()
        self._add_rows(self.listing.items)
        ids = [s.id for s in self.shown]
        if current in ids:
            table.move_cursor(row=ids.index(current), animate=False)
        empty = self.query_one("#empty", Static)
        searching = bool(self.query_one("#filter", Input).value.strip())
        if not self.listing.items and not searching:
            empty.update("No assessments yet. Press ctrl+n to start one, or ctrl+o to import a JSON file.")
        elif not self.shown:
            empty.update("Nothing matches the search (Escape clears it).")
        empty.display = not self.shown
        self._show_matched()

    def _add_rows(self, items: list[Summary]) -> None:
        table = self.query_one("#assessments", DataTable)
        wide = self.app.size.width >= 110
        for s in items:
            done = Text(f"{s.done}/{s.total}", style="green" if s.total and s.done == s.total else "")
            updated = s.updated.astimezone().strftime("%d %b %Y %H:%M" if wide else "%d %b %Y")
            table.add_row(shorten(s.title, 50 if wide else 30), s.status_label or s.status, done,
                          shorten(s.lead, 24 if wide else 12), updated, key=s.id)
        self.shown.extend(items)
        more = self.query_one("#more", Static)
        rest = self.listing.count - len(self.shown)
        more.update(f"{len(self.shown):,} of {self.listing.count:,} shown; more appear as you move down, "
                    "or type to search." if rest > 0 else "")
        more.display = rest > 0

    def _more(self) -> None:
        """Add the next page when the cursor nears the end of what is shown."""
        if len(self.shown) >= self.listing.count:
            return
        listing = self._query(len(self.shown) + PAGE, refresh=False)
        known = {s.id for s in self.shown}
        self.listing = listing
        self._add_rows([s for s in listing.items if s.id not in known])

    def _show_matched(self) -> None:
        """Under the table, where the highlighted assessment matched the search."""
        widget = self.query_one("#matched", Static)
        current = self.current_id()
        words = self.query_one("#filter", Input).value.strip()
        found = ()
        if current is not None and words:
            try:
                found = self.store.matches(current, words)
            except (StoreError, OSError):
                found = ()
        if not found:
            widget.display = False
            return
        text = Text("Matched in ")
        for i, m in enumerate(found):
            if i:
                text.append("; ")
            text.append(m.where, style="bold")
            text.append(": ")
            for part, hit in m.parts():
                text.append(part, style="reverse" if hit else "")
        widget.update(text)
        widget.display = True

    @on(DataTable.RowHighlighted, "#assessments")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.shown) - 5:
            self._more()
        self._show_matched()

    def current_id(self) -> str | None:
        table = self.query_one("#assessments", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key((table.cursor_row, 0))
        return str(row_key.value)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self.listing = self._query(PAGE, refresh=False)  # answered by the index, as it is
        self._fill(keep=False)  # the best match first

    @on(Input.Submitted, "#filter")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere on this screen filters the list."""
        filt = self.query_one("#filter", Input)
        if event.is_printable and event.character and not filt.has_focus and isinstance(self.focused, DataTable):
            event.stop()
            filt.focus()
            filt.insert_text_at_cursor(event.character)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#assessments", DataTable)
        if table.has_focus:
            table.action_cursor_down() if delta > 0 else table.action_cursor_up()
        elif table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + delta, table.row_count - 1)))

    def action_clear_filter(self) -> None:
        filt = self.query_one("#filter", Input)
        filt.value = ""
        filt.focus()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open(str(event.row_key.value))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        getattr(self, f"action_{event.button.id}")()

    # --- actions ----------------------------------------------------------------------------------

    def action_open(self) -> None:
        assessment_id = self.current_id()
        if assessment_id is None:
            self.notify("Nothing to open: the list is empty.", severity="warning")
            return
        self.open(assessment_id)

    def open(self, assessment_id: str) -> None:
        self.app.open_assessment(assessment_id)  # type: ignore[attr-defined]

    def action_new(self) -> None:
        from ...model import new_assessment  # the model (pydantic) loads when first needed, not at start-up
        from ..modals.new_assessment import NewAssessment, NewAssessmentModal

        def created(result: NewAssessment | None) -> None:
            if result is None:
                return
            try:
                assessment = new_assessment(result.title, result.edition)
                self.store.create(assessment)
            except (StoreError, OSError, ValueError) as exc:
                self.notify(f"Could not create the assessment: {exc}", severity="error")
                return
            self.reload(select=assessment.id)
            self.open(assessment.id)

        self.app.push_screen(NewAssessmentModal(), created)

    def action_import(self) -> None:
        from ..modals.import_file import ImportModal

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            from ...docx_import import looks_like_word

            if looks_like_word(path):
                self._import_word(path)
                return
            try:
                assessment = self.store.import_file(path, new_id_on_clash=True)
            except StoreError as exc:
                self.notify(str(exc), title="Not imported", severity="error", timeout=10)
                return
            except OSError as exc:
                self.notify(f"{path}: {exc}", title="Not imported", severity="error")
                return
            self.reload(select=assessment.id)
            self.notify(f"Imported {assessment.title or assessment.id}.", title="Imported")

        self.app.push_screen(ImportModal(), chosen)

    @work(thread=True, exclusive=True, group="import-word")
    def _import_word(self, path: Path) -> None:
        """Read a Word CIA into the store off the UI thread, then show the import report."""
        from ...docx_import import DocxImportError
        from ...docx_import.into_store import import_docx

        try:
            done = import_docx(self.store, path, new_id_on_clash=True)
        except (DocxImportError, StoreError) as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Not imported", severity="error", timeout=10)
            return
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"{path}: {exc}", title="Not imported", severity="error")
            return
        self.app.call_from_thread(self._word_imported, done.assessment.id, done.report.text())

    def _word_imported(self, assessment_id: str, report: str) -> None:
        from ..modals.confirm import ChoiceModal

        self.reload(select=assessment_id)
        self.app.push_screen(ChoiceModal("Imported from Word", report, [("ok", "OK")]))

    def action_duplicate(self) -> None:
        assessment_id = self.current_id()
        if assessment_id is None:
            return
        try:
            copy = self.store.duplicate(assessment_id)
        except (StoreError, OSError) as exc:
            self.notify(f"Could not duplicate: {exc}", severity="error")
            return
        self.reload(select=copy.id)
        self.notify(f"Created {copy.title}.", title="Duplicated")

    def action_delete(self) -> None:
        from ..modals.confirm import confirm

        assessment_id = self.current_id()
        if assessment_id is None:
            return
        summary = next(s for s in self.shown if s.id == assessment_id)
        try:
            holder = self.store.lock_holder(assessment_id)
        except StoreError:
            holder = None  # the delete itself will say what is wrong

        def answered(choice: str | None) -> None:
            if choice != "yes":
                return
            try:
                target = self.store.delete(assessment_id)
            except (StoreError, OSError) as exc:
                self.notify(f"Could not delete: {exc}", severity="error")
                return
            self.reload()
            self.notify(f"Moved to {target}.", title="Deleted")

        warning = f"\n\n{holder.describe()} has it open." if holder else ""
        self.app.push_screen(confirm("Delete this assessment?",
                                     f"“{summary.title}” will be moved to the store's trash folder "
                                     f"({self.store.trash_dir}).{warning}", yes="Delete", danger=True), answered)

    def action_help(self) -> None:
        from ..guidance import guidance_markdown
        from ..modals.help import HelpModal

        self.app.push_screen(HelpModal(guidance_markdown(None, "list")))
