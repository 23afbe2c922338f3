"""The Assessments screen: the store as a table; new, open, duplicate, delete, import; search by typing.

The table draws only the rows on screen and fetches them from the store's listing a page at a time (newest
first, or best match first while searching), so a store of thousands opens and filters as fast as one of
two. Typing searches every text of every assessment through the store's index, one query per keystroke.
"""

from __future__ import annotations


from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from ...store import Filters, Listing, StoreError, Summary
from ..widgets.lazy_table import Cell, Column, LazyTable, Row
from .assessments_actions import StoreActions
from ..widgets.footer import Footer

PAGE = 100
"""Rows fetched from the store at a time."""
KEPT_PAGES = 64
"""Pages of listings kept until the store is next compared with its index (on return to this screen and
after each action), so a backspace or a word still being typed does not ask the store again."""
ACTIONS = "  ".join(f"[@click=screen.{action}] {label} [/]" for action, label in (
    ("open", "Open"), ("new", "New"), ("import", "Import"), ("duplicate", "Duplicate"), ("delete", "Delete")))
"""The screen's actions as a row of links, for the mouse: one widget, where five Buttons added about 14 ms of
CPU to the first screen. The keys are in the footer and in the tooltip."""
ACTION_KEYS = "Open: Enter · New: ctrl+n · Import: ctrl+o · Duplicate: ctrl+d · Delete: the Delete key in the list"
SHORT = 3
"""A last word shorter than this is taken as still being typed when the search with it finds nothing (the
index matches the beginnings of words from three letters)."""


class SearchBox(Input):
    """The search field: its screen shows the results of each change where it happens (not after the
    message has bubbled up), so the key and its results are drawn together."""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        screen = self.screen
        if isinstance(screen, AssessmentsScreen):
            screen.search_changed()


class AssessmentsScreen(StoreActions, Screen):
    DEFAULT_CSS = """
    AssessmentsScreen #count { height: 1; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open", show=True, tooltip="Open the highlighted assessment"),
        Binding("ctrl+n", "new", "New", priority=True, tooltip="Start a new assessment"),
        Binding("ctrl+o", "import", "Import", priority=True, tooltip="Import an assessment from a JSON file"),
        Binding("ctrl+d", "duplicate", "Duplicate", priority=True, tooltip="Copy the highlighted assessment"),
        Binding("delete", "delete", "Delete", tooltip="Move the highlighted assessment to the trash"),
        Binding("f3", "across", "Across", tooltip="Across assessments: the impacts on each characteristic and area"),
        Binding("f1", "help", "Help"),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
        Binding("escape", "clear_filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing = Listing([], [])
        """The first page of what the table shows."""
        self.summaries: dict[str, Summary] = {}
        """Every assessment the table has fetched, by id."""
        self.results_for: str | None = None
        """What was typed when the table was last filled ("" for the whole store)."""
        self.searched = ""
        """The words the table shows the matches of (what was typed, less a last word still being typed)."""
        self._lines: dict[str, str] = {}
        self._pages: dict[tuple[str, int, int], Listing] = {}
        self._left = False

    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="assessments-body"):
            yield SearchBox(placeholder="Type to search every assessment (title, lead, status, any text)…",
                            id="filter", select_on_focus=False)
            wide = self.app.size.width >= 110
            yield LazyTable([Column("Title", min_width=20), Column("Status", 17 if wide else 11),
                             Column("Done", 5, right=True), Column("Lead", 24 if wide else 12),
                             Column("Updated", 17 if wide else 11)],
                            page=PAGE, id="assessments")
            yield Static("", id="count", classes="hint", markup=False)
            yield Static("", id="matched", classes="hint", markup=False)
            yield Static("", id="empty", classes="hint")
            yield Static("", id="recoveries", classes="hint", markup=False)
            yield Static("", id="problems", markup=False)
            actions = Static(ACTIONS, id="actions", classes="actions")
            actions.tooltip = ACTION_KEYS
            yield actions
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

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        if self._left:  # back from another screen: an assessment may have changed
            self._left = False
            self.reload()

    # --- listing ----------------------------------------------------------------------------------

    @property
    def table(self) -> LazyTable:
        return self.query_one("#assessments", LazyTable)

    def _words(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def _query(self, words: str, limit: int, offset: int = 0, *, refresh: bool = False) -> Listing:
        key = (words, limit, offset)
        if refresh:
            self._pages.clear()
        elif key in self._pages:  # asked again since the store was last compared (a backspace, a short word)
            return self._pages[key]
        try:
            listing = self.store.list(Filters(search=words, limit=limit, offset=offset, refresh=refresh,
                                              with_matches=False))
        except (StoreError, OSError) as exc:
            self.notify(f"Cannot read the store at {self.store.location}: {exc}", severity="error", markup=False)
            return Listing([], [])
        if len(self._pages) >= KEPT_PAGES:
            self._pages.pop(next(iter(self._pages)))
        self._pages[key] = listing
        return listing

    def reload(self, select: str | None = None) -> None:
        """Compare the store with its index, then show it (the cursor on ``select`` or where it was)."""
        current = select or self.current_id()
        self._show(*self._search(self._words(), refresh=True), select=current)
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

    def _search(self, typed: str, *, refresh: bool = False) -> tuple[Listing, str]:
        """The first page for what was typed, and the words it searched for: a last word still too short to
        search by is left out while the search with it finds nothing (the list narrows as you type, instead
        of emptying at the first letter of each word)."""
        listing = self._query(typed, PAGE, refresh=refresh)
        words = typed.split()
        if not listing.count and words and len(words[-1]) < SHORT:
            rest = " ".join(words[:-1])
            return self._query(rest, PAGE), rest
        return listing, typed

    def _show(self, listing: Listing, searched: str, *, select: str | None = None) -> None:
        """Show a listing's first page in the table (the rest fetched as it is scrolled to)."""
        typed = self._words()
        self.listing = listing
        self.searched = searched
        self.summaries = {}
        count = listing.count
        first = self._rows(listing.items)
        cursor = next((i for i, s in enumerate(listing.items) if s.id == select), 0) if select else 0
        self.table.show(count, lambda offset, limit: self._rows(self._query(searched, limit, offset).items),
                        first, cursor=cursor)
        if searched != typed:
            short = typed.split()[-1]
            line = (f"{count:,} match{'' if count == 1 else 'es'} for “{searched}”; keep typing “{short}” to narrow"
                    if searched else f"{count:,} assessments; keep typing “{short}” to search")
        elif searched:
            line = f"{count:,} match{'' if count == 1 else 'es'}, best first" if count else ""
        else:
            line = f"{count:,} assessments, newest first; type to search" if count > 1 else ""
        self._set_line("#count", line, layout=False)  # one line high, whatever it says
        if not count and not typed:
            empty = "No assessments yet. Press ctrl+n to start one, or ctrl+o to import a JSON file."
        else:
            empty = "" if count else "Nothing matches the search (Escape clears it)."
        self._set_line("#empty", empty)
        if not count:
            self._show_matched()
        self.results_for = typed

    def _set_line(self, selector: str, text: str, *, layout: bool = True) -> None:
        """A text under the table, hidden when empty (nothing is done while it stays the same)."""
        if text == self._lines.get(selector):
            return
        self._lines[selector] = text
        widget = self.query_one(selector, Static)
        widget.update(text, layout=layout)
        widget.display = bool(text)

    def _rows(self, items: list[Summary]) -> list[Row]:
        wide = self.app.size.width >= 110
        rows = []
        for s in items:
            self.summaries[s.id] = s
            done = Cell(f"{s.done}/{s.total}", "green" if s.total and s.done == s.total else "")
            updated = s.updated.astimezone().strftime("%d %b %Y %H:%M" if wide else "%d %b %Y")
            rows.append(Row(s.id, [s.title, s.status_label or s.status, done, s.lead, updated]))
        return rows

    def _show_matched(self) -> None:
        """Under the table, where the highlighted assessment matched the search."""
        widget = self.query_one("#matched", Static)
        current = self.current_id()
        words = self.searched
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

    @on(LazyTable.RowHighlighted, "#assessments")
    def _highlighted(self, event: LazyTable.RowHighlighted) -> None:
        event.stop()
        self._show_matched()

    def current_id(self) -> str | None:
        return self.table.current_key

    def search_changed(self) -> None:
        """The search text changed: show the best matches first (answered by the index, as it is)."""
        self._show(*self._search(self._words()))

    @on(Input.Submitted, "#filter")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere on this screen filters the list."""
        filt = self.query_one("#filter", Input)
        if event.is_printable and event.character and not filt.has_focus and isinstance(self.focused, LazyTable):
            event.stop()
            filt.focus()
            filt.insert_text_at_cursor(event.character)

    def action_cursor(self, delta: int) -> None:
        table = self.table
        table.move_cursor(table.cursor_row + delta)

    def action_clear_filter(self) -> None:
        filt = self.query_one("#filter", Input)
        filt.value = ""
        filt.focus()

    @on(LazyTable.RowSelected, "#assessments")
    def _row_selected(self, event: LazyTable.RowSelected) -> None:
        event.stop()
        self.open(event.key)

    # --- actions ----------------------------------------------------------------------------------

    def action_open(self) -> None:
        assessment_id = self.current_id()
        if assessment_id is None:
            self.notify("Nothing to open: the list is empty.", severity="warning")
            return
        self.open(assessment_id)

    def open(self, assessment_id: str) -> None:
        self.app.open_assessment(assessment_id)  # type: ignore[attr-defined]

    def action_across(self) -> None:
        from .across import AcrossScreen

        self.app.push_screen(AcrossScreen())

    def palette_commands(self):
        yield ("Across assessments", "The cumulative picture: for each characteristic and area, the proposals that "
               "assess an impact on it, their benefits and risks (F3)", self.action_across)

    def action_help(self) -> None:
        from ..guidance import guidance_markdown
        from ..modals.help import HelpModal

        self.app.push_screen(HelpModal(guidance_markdown(None, "list")))
