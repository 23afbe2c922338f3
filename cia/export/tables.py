"""Tables as WordprocessingML: header row, body rows, full-width closing rows, and how they paginate.

Pagination (the documents are published as page images, so a page that holds one line or a lone
table is a defect):

- rows may break across pages; the header row (repeated on every page) and rows estimated at a few
  lines are kept whole;
- a table that fits on a page can be kept whole (``keep_together``) or with what follows it
  (``keep_with_next``): every paragraph in it is kept with the next, which both Word and LibreOffice
  honour for a whole table;
- a longer table that must keep its end with what follows (the last category before the sign-off)
  puts its closing rows (the Evidence Base) in a table of their own, every paragraph kept with the next:
  LibreOffice moves such a table (of two rows or more) with what follows, and ignores a keep on the last
  rows of a longer one.
  A hairline paragraph keeps the two tables apart (Word would merge them); the first table has no
  bottom border, so on one page the two read as one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

Block = tuple[str, str, str]
"""Cell content: (kind, text, format). kind "p" (paragraph) or "li" (bullet); format "", "b", "i" or "bi".
Kinds "xp" and "xli" carry already rendered runs (links) instead of text."""

HEADER_FILL = "D9D9D9"
"""Shading of table header rows (black text on it: about 15:1)."""

CELL_PADDING = 216 + 227
"""Twips of a cell's width not available to text: cell margins and the bullet indent."""
CHAR_WIDTH = 100
"""Average width of a 10pt Arial character in twips (for estimating row heights)."""
PAGE_LINES = 34
"""Lines of table text that fit on a landscape page under a header row (a portrait page holds more)."""
END_TABLE_LINES = PAGE_LINES / 2
"""At most this much of a long table's end is moved with what follows it."""


@dataclass
class Table:
    """A table to write: header row, widths (twips) and body rows of cells of blocks."""

    caption: str
    description: str
    columns: Sequence[str]
    widths: Sequence[int]
    rows: list[list[list[Block]]] = field(default_factory=list)
    min_row_height: int = 0
    """Twips; used for sign-off rows left blank to sign by hand."""
    keep_rows_under: float = 6
    """Rows estimated at fewer lines than this are kept on one page; taller rows may break across pages."""
    keep_together: bool = False
    """Keep the whole table on one page (small tables: sign-off, checklist)."""
    keep_with_next: bool = False
    """Keep the table's end on the page of what follows it (so that never stands alone)."""
    closing_rows: list[list[Block]] = field(default_factory=list)
    """Full-width rows after the body rows (the template's Evidence Base row, notes)."""
    row_groups: list[int] = field(default_factory=list)
    """Optional: for each row, the index of the group (area) it belongs to. A group of several rows (an
    area's impact lines) has its first cell merged down the rows, and its short rows are kept with the
    group's next row."""


_TAGS = re.compile(r"<[^>]+>")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def row_lines(cells: Sequence[Sequence[Block]], per_line: Sequence[int]) -> float:
    """Estimated height of a row in lines of table text (its tallest cell)."""
    tallest = 0.0
    for blocks, chars in zip(cells, per_line):
        lines = 0.0
        for kind, text, _fmt in blocks:
            if kind.startswith("x"):
                text = _TAGS.sub("", text)
            for segment in text.split("\n"):
                lines += max(1, -(-len(segment) // chars))
            lines += 0.25  # paragraph spacing
        tallest = max(tallest, lines)
    return tallest


HAIRLINE = ('<w:p><w:pPr><w:pStyle w:val="TableText"/><w:keepNext/>'
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')
"""A paragraph one point high between a table and the table holding its end."""

_LINE = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


def _start(t: Table, total: int, caption: str, description: str, *, end: bool = False, ended: bool = False,
           inside_h: bool = True) -> str:
    """The table's start up to its grid. ``ended``: its last rows follow in an end table, so it has no
    bottom border (the end table's top border closes it); ``end``: that end table (no header row)."""
    borders = ""
    if end or ended:
        sides = {s: _LINE.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV")}
        if ended:
            sides["bottom"] = '<w:bottom w:val="nil"/>'
        if not inside_h:
            sides["insideH"] = '<w:insideH w:val="nil"/>'
        borders = "<w:tblBorders>" + "".join(sides.values()) + "</w:tblBorders>"
    first_row = "0" if end else "1"
    return (
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="CIATable"/>'
        f'<w:tblW w:w="{total}" w:type="dxa"/>'
        f"{borders}"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="0620" w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f'<w:tblCaption w:val="{caption}"/>'
        f'<w:tblDescription w:val="{description}"/>'
        "</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in t.widths)
        + "</w:tblGrid>"
    )


def render(t: Table, cell_xml: Callable[[Sequence[Block], bool], str], text_run: Callable[[str], str],
           attr: Callable[[str, int], str]) -> str:
    """The table's XML. ``cell_xml(blocks, keep)`` renders a cell's paragraphs (kept with the next when
    ``keep``), ``text_run`` a header cell's text, ``attr(text, limit)`` an attribute value."""
    total = sum(t.widths)
    per_line = [max(8, (w - CELL_PADDING) // CHAR_WIDTH) for w in t.widths]
    heights = [row_lines(cells, per_line) for cells in t.rows]
    full_width = [max(8, (total - CELL_PADDING) // CHAR_WIDTH)]
    closing = [row_lines([cell], full_width) for cell in t.closing_rows]
    fits = sum(heights) + sum(closing) < PAGE_LINES
    keep_all = t.keep_together or t.keep_with_next and fits

    # Where a long table's end starts (an index into rows + closing rows), if it needs one.
    end_at: int | None = None
    n = len(t.rows)
    if t.keep_with_next and not keep_all:
        if t.closing_rows and sum(closing) < END_TABLE_LINES:
            end_at = n
    # A table of one row is not moved by LibreOffice: an end of one full-width row is split in two.
    split_closing = end_at == n and len(t.closing_rows) == 1 and len(t.closing_rows[0]) > 1
    closing_cells = list(t.closing_rows)
    if split_closing:
        closing_cells = [closing_cells[0][:1], closing_cells[0][1:]]
        closing = [1.25, max(0.0, closing[0] - 1.25)]

    out = [_start(t, total, attr(t.caption, 255), attr(t.description, 2000), ended=end_at is not None)]
    # Header row: repeats on every page, never split, kept with the first row (TableHeading keeps next).
    out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    for name, width in zip(t.columns, t.widths):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableHeading"/></w:pPr>{text_run(name)}</w:p></w:tc>'
        )
    out.append("</w:tr>")

    def begin_end_table() -> None:
        out.append("</w:tbl>")
        out.append(HAIRLINE)
        out.append(_start(t, total, attr(t.caption + " (end)", 255),
                          attr(f"The last rows of the {t.caption}, kept with what follows it.", 2000),
                          end=True, inside_h=not split_closing))

    tc_pr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in t.widths]
    last = n - 1 + len(closing_cells)
    for r, cells in enumerate(t.rows):
        if r == end_at:
            begin_end_table()
        short = t.min_row_height > 0 or heights[r] < t.keep_rows_under
        in_end = end_at is not None and r >= end_at
        # Every row of a table kept whole or with what follows; in a long table only short rows are
        # marked (a tall row marked would have LibreOffice move the whole table to the next page).
        keep = in_end or keep_all and (r < last or t.keep_with_next)
        if short and (t.keep_with_next and r == last or closing_cells and r == n - 1):
            keep = True
        if short and t.row_groups and r + 1 < n and t.row_groups[r] == t.row_groups[r + 1]:
            keep = True
        tr_pr = "<w:cantSplit/>" if short else ""
        if t.min_row_height:
            tr_pr += f'<w:trHeight w:val="{t.min_row_height}" w:hRule="atLeast"/>'
        out.append(f"<w:tr><w:trPr>{tr_pr}</w:trPr>" if tr_pr else "<w:tr>")
        merge = ""
        if t.row_groups:
            group = t.row_groups[r]
            starts = r == 0 or t.row_groups[r - 1] != group
            continues = r + 1 < n and t.row_groups[r + 1] == group
            merge = "restart" if starts and continues else "" if starts else "continue"
        for i, blocks in enumerate(cells):
            if i == 0 and merge:
                # the area's cell spans its impact lines (vertically merged)
                vm = '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
                content = cell_xml(blocks if merge == "restart" else [], keep)
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{t.widths[0]}" w:type="dxa"/>{vm}</w:tcPr>{content}</w:tc>')
                continue
            out.append(f"<w:tc>{tc_pr[i]}{cell_xml(blocks, keep)}</w:tc>")
        out.append("</w:tr>")

    span = f'<w:tcPr><w:tcW w:w="{total}" w:type="dxa"/><w:gridSpan w:val="{len(t.widths)}"/></w:tcPr>'
    for c, blocks in enumerate(closing_cells):
        r = n + c
        if r == end_at:
            begin_end_table()
        in_end = end_at is not None and r >= end_at
        keep = in_end or keep_all and (r < last or t.keep_with_next) \
            or t.keep_with_next and r == last and closing[c] < t.keep_rows_under
        # short closing rows never split (and are kept with the row before by its keep)
        tr_pr = "<w:trPr><w:cantSplit/></w:trPr>" if closing[c] < PAGE_LINES / 3 else ""
        out.append(f"<w:tr>{tr_pr}<w:tc>{span}{cell_xml(blocks, keep)}</w:tc></w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
