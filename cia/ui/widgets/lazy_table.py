"""A table of any number of rows that draws only the rows on screen, fetching them a page at a time.

:class:`~textual.widgets.DataTable` keeps, measures and lays out a widget row per row it is given; at
thousands of rows that is what makes a screen slow to open and to filter. ``LazyTable`` is given a row count
and a function returning the rows from an offset, keeps the pages it has fetched, and draws each visible line
straight from them (the Line API), so opening it and replacing its rows cost the same for 5 rows as for
50,000. Columns have fixed widths, except one that takes what is left.

Keys: up/down, page up/down, home/end (and ctrl+home/ctrl+end), enter; a click highlights a row, a click on
the highlighted row (or a double click) selects it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, ClassVar, NamedTuple, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True)
class Column:
    label: str
    width: int | None = None
    """Cells of text this column shows; None: the rest of the width (one column only)."""
    min_width: int = 8
    right: bool = False
    """Align the column's text to the right (figures)."""


class Cell(NamedTuple):
    text: str
    style: str = ""
    """A rich style for this cell's text (e.g. "green")."""


class Row(NamedTuple):
    key: str
    cells: Sequence[str | Cell]


Fetch = Callable[[int, int], Sequence[Row]]
"""``fetch(offset, limit)``: the rows from ``offset``, at most ``limit`` of them."""


class LazyTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lazy-table--header", "lazy-table--cursor", "lazy-table--even-row", "lazy-table--odd-row",
    }
    DEFAULT_CSS = """
    LazyTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .lazy-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .lazy-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .lazy-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .lazy-table--even-row { background: $surface-darken-1 40%; }
        & > .lazy-table--odd-row { }
        & > .lazy-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    class _RowMessage(Message):
        """A row of the table, by its position and key."""

        def __init__(self, table: LazyTable, row: int, key: str) -> None:
            super().__init__()
            self.table, self.cursor_row, self.key = table, row, key

        @property
        def control(self) -> LazyTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to a row."""

    class RowSelected(_RowMessage):
        """A row was chosen (Enter, or a click on the highlighted row)."""

    def __init__(self, columns: Sequence[Column], *, page: int = 100, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self.page = page
        self.cursor_row = 0
        self._count = 0
        self._fetch: Fetch = lambda offset, limit: ()
        self._pages: dict[int, list[Row]] = {}
        self._widths: list[int] = []
        self._widths_for = -1
        self._line_width = 0

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Show other columns (their rows come with the next :meth:`show`)."""
        self.columns = list(columns)
        self._widths_for = -1
        self.refresh()

    # --- the rows ---------------------------------------------------------------------------------

    def show(self, count: int, fetch: Fetch, first: Sequence[Row] = (), *, cursor: int = 0) -> None:
        """Show ``count`` rows from ``fetch`` (``first``: the rows from 0 already fetched), the cursor at
        ``cursor``. Nothing is fetched until a row is drawn."""
        self._count = max(0, count)
        self._fetch = fetch
        self._pages = {}
        first = list(first)
        for start in range(0, len(first), self.page):
            chunk = first[start:start + self.page]
            if len(chunk) == self.page or start + len(chunk) >= self._count:
                self._pages[start // self.page] = chunk
        self.virtual_size = Size(self.size.width, self._count + 1)
        self.cursor_row = min(max(cursor, 0), max(self._count - 1, 0))
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.refresh()
        if self._count:
            self._highlighted()

    @property
    def row_count(self) -> int:
        return self._count

    def row(self, index: int) -> Row | None:
        """The row at ``index`` (fetching its page if needed), or None past the end."""
        if not 0 <= index < self._count:
            return None
        number = index // self.page
        rows = self._pages.get(number)
        if rows is None:
            rows = self._pages[number] = list(self._fetch(number * self.page, self.page))
        offset = index - number * self.page
        return rows[offset] if offset < len(rows) else None

    def row_key(self, index: int) -> str | None:
        row = self.row(index)
        return row.key if row else None

    def get_row_at(self, index: int) -> list[str]:
        """The texts of the row at ``index``."""
        row = self.row(index)
        if row is None:
            raise IndexError(index)
        return [c.text if isinstance(c, Cell) else c for c in row.cells]

    def index_of(self, key: str, *, within: int | None = None) -> int | None:
        """The row holding ``key`` among the first ``within`` rows (default: those already fetched)."""
        if within is None:
            for number, rows in sorted(self._pages.items()):
                for i, r in enumerate(rows):
                    if r.key == key:
                        return number * self.page + i
            return None
        for i in range(min(within, self._count)):
            if self.row_key(i) == key:
                return i
        return None

    @property
    def current_key(self) -> str | None:
        return self.row_key(self.cursor_row) if self._count else None

    # --- the cursor -------------------------------------------------------------------------------

    def move_cursor(self, row: int, *, animate: bool = False) -> None:
        if not self._count:
            return
        row = min(max(row, 0), self._count - 1)
        if row == self.cursor_row:
            self._scroll_cursor_into_view()
            return
        old = self.cursor_row
        self.cursor_row = row
        self._scroll_cursor_into_view()
        self._refresh_row(old)
        self._refresh_row(row)
        self._highlighted()

    def _highlighted(self) -> None:
        key = self.row_key(self.cursor_row)
        if key is not None:
            self.post_message(self.RowHighlighted(self, self.cursor_row, key))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        shown = self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + shown:
            self.scroll_to(y=self.cursor_row - shown + 1, animate=False, immediate=True)

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_y) + 1
        if 1 <= y < self.size.height:
            self.refresh_line(y + round(self.scroll_y))

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._visible_rows())

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._visible_rows())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self._count - 1)

    def action_select_cursor(self) -> None:
        key = self.row_key(self.cursor_row)
        if key is not None:
            self.post_message(self.RowSelected(self, self.cursor_row, key))

    async def _on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return  # the header
        index = round(self.scroll_y) + event.y - 1
        if not 0 <= index < self._count:
            return
        event.stop()
        again = index == self.cursor_row
        self.move_cursor(index)
        if again or event.chain > 1:
            self.action_select_cursor()

    # --- drawing ----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._count + 1)

    def _column_widths(self, width: int) -> list[int]:
        """Each column's text width (a cell of padding either side) for a table ``width`` wide."""
        if self._widths_for != width:
            fixed = sum((c.width or 0) + 2 for c in self.columns)
            flex = [c for c in self.columns if c.width is None]
            rest = max(width - fixed - 2 * len(flex), 0)
            self._widths = [c.width if c.width is not None else max(c.min_width, rest // max(len(flex), 1))
                            for c in self.columns]
            self._widths_for = width
        return self._widths

    def render_lines(self, crop):
        self._line_width = self.scrollable_content_region.width  # once per drawing, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._line_width or self.scrollable_content_region.width
        widths = self._column_widths(width)
        if y == 0:
            style = self.get_component_rich_style("lazy-table--header")
            return self._strip([c.label for c in self.columns], widths, style, width)
        index = round(self.scroll_y) + y - 1
        row = self.row(index) if 0 <= index < self._count else None
        if row is None:
            return Strip.blank(width, self.rich_style)
        if index == self.cursor_row:
            style = self.get_component_rich_style("lazy-table--cursor")
        else:
            style = self.get_component_rich_style("lazy-table--even-row" if index % 2 else "lazy-table--odd-row")
        return self._strip(row.cells, widths, style, width)

    def _strip(self, cells: Sequence[str | Cell], widths: list[int], style: Style, width: int) -> Strip:
        base = self.rich_style + style
        segments = []
        for column, cell, w in zip(self.columns, cells, widths):
            text, extra = (cell.text, cell.style) if isinstance(cell, Cell) else (cell, "")
            text = " ".join(text.split())
            if cell_len(text) > w:
                text = set_cell_size(text, max(w - 1, 0)) + "…"
            elif column.right:
                text = " " * (w - cell_len(text)) + text
            text = set_cell_size(text, w)
            segments.append(Segment(" ", base))
            segments.append(Segment(text, base + _style(extra) if extra else base))
            segments.append(Segment(" ", base))
        used = sum(w + 2 for w in widths)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments).crop(0, width)


@lru_cache(maxsize=64)
def _style(name: str) -> Style:
    return Style.parse(name)
