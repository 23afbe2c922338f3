"""A fast, small WordprocessingML writer.

The body is emitted as WordprocessingML text with the style ids of ``templates/docx/styles.xml``
(known in advance, so nothing is looked up per paragraph) and packaged by :mod:`.package`.

Pagination rules the writer applies (the documents are published as page images, so a page
that is mostly blank or holds a heading alone is a defect):

- table rows may break across pages; only the header row (repeated on every page) and rows
  estimated at a few lines are kept whole;
- headings, and the lines that introduce a table, stay with what follows them;
- a table can be kept whole (the sign-off block) or glued to what follows (a category table
  to its evidence list), so no page holds one line or a lone small table;
- nothing starts a new page except a change of orientation.

Element order inside ``pPr``, ``rPr``, ``tblPr``, ``tcPr`` and ``sectPr`` follows the
ECMA-376 schema sequence; Word refuses (with a repair prompt) documents that do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..text import strip_illegal
from .package import Package, PackageError, build, check_styles, footer_rel, header_rel

# A4 in twentieths of a point, and the page margins (2 cm).
A4_SHORT, A4_LONG = 11906, 16838
MARGIN = 1134
HEADER_DISTANCE = 567
PORTRAIT_WIDTH = A4_SHORT - 2 * MARGIN
LANDSCAPE_WIDTH = A4_LONG - 2 * MARGIN

STYLE_IDS = ("Normal", "Heading1", "Heading2", "Heading3", "ListBullet", "Notice", "HeaderField", "Note",
             "TableText", "TableHeading", "TableBullet", "Header", "Footer", "Hyperlink", "CIATable")
"""Style ids the writer uses; each must be defined in templates/docx/styles.xml."""

HEADER_FILL = "D9D9D9"
"""Shading of table header rows (black text on it: about 15:1)."""

Block = tuple[str, str, str]
"""Cell content: (kind, text, format). kind "p" (paragraph) or "li" (bullet); format "", "b", "i" or "bi".
Kinds "xp" and "xli" carry already rendered runs (links) instead of text."""


class WriterError(Exception):
    """The document could not be assembled (a problem with the style templates, for instance)."""


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_SPLIT = re.compile(r"(\n|\t)")


def esc(text: str) -> str:
    """Text made safe for an XML text node or attribute (illegal characters dropped)."""
    return strip_illegal(text).translate(_ESCAPES)


def _rpr(fmt: str, extra: str = "", style: str = "") -> str:
    if not fmt and not extra and not style:
        return ""
    parts = [f'<w:rStyle w:val="{style}"/>'] if style else []
    if "b" in fmt:
        parts.append("<w:b/><w:bCs/>")
    if "i" in fmt:
        parts.append("<w:i/><w:iCs/>")
    return "<w:rPr>" + "".join(parts) + extra + "</w:rPr>"


def run(text: str, fmt: str = "", extra_rpr: str = "", style: str = "") -> str:
    """One run. Newlines become line breaks and tabs become tab characters."""
    rpr = _rpr(fmt, extra_rpr, style)
    if "\n" not in text and "\t" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'
    out = [f"<w:r>{rpr}"]
    for piece in _SPLIT.split(text):
        if piece == "\n":
            out.append("<w:br/>")
        elif piece == "\t":
            out.append("<w:tab/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{esc(piece)}</w:t>')
    out.append("</w:r>")
    return "".join(out)


def field_runs(instruction: str, placeholder: str, fmt: str = "") -> str:
    """A complex field (PAGE, NUMPAGES …) with a placeholder result that Word and LibreOffice update."""
    rpr = _rpr(fmt)
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r>{rpr}<w:t>{esc(placeholder)}</w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def paragraph(content: str, style: str = "Normal", *, keep_next: bool = False, page_break: bool = False,
              tabs: str = "", ind: str = "", jc: str = "") -> str:
    """A paragraph from pre-rendered runs. The pPr always exists so a section break can be added to it."""
    ppr = f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if tabs:
        ppr += tabs
    if ind:
        ppr += ind
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>"


def section_properties(landscape: bool, header: int, footer: int, first_header: int = 0) -> str:
    refs = ""
    if first_header:
        refs += f'<w:headerReference w:type="first" r:id="{header_rel(first_header)}"/>'
    refs += f'<w:headerReference w:type="default" r:id="{header_rel(header)}"/>'
    if first_header:
        refs += f'<w:footerReference w:type="first" r:id="{footer_rel(footer)}"/>'
    refs += f'<w:footerReference w:type="default" r:id="{footer_rel(footer)}"/>'
    if landscape:
        size = f'<w:pgSz w:w="{A4_LONG}" w:h="{A4_SHORT}" w:orient="landscape"/>'
    else:
        size = f'<w:pgSz w:w="{A4_SHORT}" w:h="{A4_LONG}"/>'
    return (
        f"<w:sectPr>{refs}{size}"
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
        f'w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="708"/>'
        + ("<w:titlePg/>" if first_header else "")
        + '<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


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
    """Keep the last row on the page of what follows the table (so that never stands alone)."""
    closing_rows: list[list[Block]] = field(default_factory=list)
    """Full-width rows after the body rows (the template's Evidence Base row, notes)."""
    row_groups: list[int] = field(default_factory=list)
    """Optional: for each row, the index of the group (area) it belongs to. A group of several rows (an
    area's impact lines) has its first cell merged down the rows, and its short rows are kept with the
    group's next row."""


_INLINE_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"]+|mailto:[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\u2019\u201d"
_MARKERS = re.compile(r"^\s*(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]|[-–—•●◦▪·*+>➤✓✔])\s+\S")
"""A point that starts with its own list marker ("1) …", "a. …", "• …") is printed without a bullet."""


def has_own_marker(text: str) -> bool:
    return bool(_MARKERS.match(text))


class DocWriter:
    """Collects body content as WordprocessingML and turns it into a .docx."""

    def __init__(self) -> None:
        try:
            check_styles(STYLE_IDS)
        except PackageError as exc:
            raise WriterError(str(exc)) from None
        self._parts: list[str] = []
        self._last_p: int | None = None
        """Index in _parts of the last top-level paragraph (a section break is attached to it)."""
        self._sections: list[tuple[int, bool]] = []
        """(index in _parts after which the section ends, landscape?) of each finished section."""
        self._links: dict[str, str] = {}
        self.landscape = False
        """Orientation of the section being written."""

    # --- runs -----------------------------------------------------------------------------------------

    def link_runs(self, url: str, text: str | None = None, fmt: str = "") -> str:
        """A hyperlink to ``url`` (external relationship made once per address)."""
        rel_id = self._links.get(url)
        if rel_id is None:
            rel_id = f"rIdL{len(self._links) + 1}"
            self._links[url] = rel_id
        label = text if text is not None else url
        return f'<w:hyperlink r:id="{rel_id}" w:history="1">{run(label, fmt, style="Hyperlink")}</w:hyperlink>'

    def text_runs(self, text: str, fmt: str = "") -> str:
        """Runs for author text; web addresses in it become links (their text unchanged)."""
        if "://" not in text and "mailto:" not in text.lower():
            return run(text, fmt)
        out, pos = [], 0
        for m in _INLINE_URL.finditer(text):
            url = m.group(0).rstrip(_TRAILING)
            end = m.start() + len(url)
            if m.start() > pos:
                out.append(run(text[pos:m.start()], fmt))
            out.append(self.link_runs(url, url, fmt))
            pos = end
        if pos < len(text):
            out.append(run(text[pos:], fmt))
        return "".join(out)

    # --- body content -------------------------------------------------------------------------------

    def _add_p(self, xml: str) -> None:
        self._last_p = len(self._parts)
        self._parts.append(xml)

    def heading(self, text: str, level: int, *, page_break: bool = False) -> None:
        self._add_p(paragraph(run(text), f"Heading{level}", page_break=page_break))

    def para(self, text: str = "", style: str = "Normal", fmt: str = "", *, runs: str = "",
             keep_next: bool = False) -> None:
        self._add_p(paragraph(runs or self.text_runs(text, fmt), style, keep_next=keep_next))

    def notice(self, text: str) -> None:
        self._add_p(paragraph(run(text), "Notice"))

    def labelled(self, label: str, value: str, indent: int = 0, *, keep_next: bool = False) -> None:
        """A header field: bold label, a tab, then the value (lines kept); an empty label: the value in bold."""
        if not label:
            self._add_p(paragraph(run(value, "b"), "HeaderField", keep_next=keep_next))
            return
        ind = tabs = ""
        if indent:
            ind = f'<w:ind w:left="{indent}" w:hanging="{indent}"/>'
            tabs = f'<w:tabs><w:tab w:val="left" w:pos="{indent}"/></w:tabs>'
        self._add_p(paragraph(run(f"{label}:", "b") + "<w:r><w:tab/></w:r>" + self.text_runs(value),
                              "HeaderField", tabs=tabs, ind=ind, keep_next=keep_next))

    def bullets(self, items: Iterable[str], style: str = "ListBullet", *, keep_together: bool = False,
                keep_next: bool = False) -> None:
        """Bullet points (a point with its own marker, "1) …", as a plain paragraph). ``keep_together``
        keeps them on one page, ``keep_next`` keeps the last with what follows."""
        items = list(items)
        for i, item in enumerate(items):
            keep = keep_together and i < len(items) - 1 or keep_next and i == len(items) - 1
            if has_own_marker(item):
                self._add_p(paragraph(self.text_runs(item), "Normal", keep_next=keep))
            else:
                self._add_p(paragraph(self.text_runs(item), style, keep_next=keep))

    def bullet_runs(self, runs_xml: str, style: str = "ListBullet", *, keep_next: bool = False) -> None:
        self._add_p(paragraph(runs_xml, style, keep_next=keep_next))

    def prose(self, text: str) -> None:
        """Author text: blank-line separated paragraphs; lines starting "- " (or "* ", "• ") are bullets."""
        for kind, chunk in prose_blocks(text):
            style = "ListBullet" if kind == "li" and not has_own_marker(chunk) else "Normal"
            self._add_p(paragraph(self.text_runs(chunk), style))

    def table(self, t: Table) -> None:
        self._parts.append(self.table_xml(t))
        self._last_p = None  # a section cannot end on a table: its break lives in a paragraph

    def end_section(self) -> None:
        """End the current section here; the next content starts a new page in the other orientation."""
        if self._last_p is None:
            raise WriterError("a section must end with a paragraph")
        self._sections.append((self._last_p, self.landscape))
        self._last_p = None
        self.landscape = not self.landscape

    # --- tables ---------------------------------------------------------------------------------------

    def _cell_blocks(self, blocks: Sequence[Block], keep: bool) -> str:
        knext = "<w:keepNext/>" if keep else ""
        if not blocks:
            return f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{knext}</w:pPr></w:p>'
        out = []
        for kind, text, fmt in blocks:
            if kind in ("xp", "xli"):
                style = "TableBullet" if kind == "xli" else "TableText"
                out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{knext}</w:pPr>{text}</w:p>')
                continue
            style = "TableBullet" if kind == "li" and not has_own_marker(text) else "TableText"
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{knext}</w:pPr>{self.text_runs(text, fmt)}</w:p>')
        return "".join(out)

    def table_xml(self, t: Table) -> str:
        """A table with a repeating header row, fixed column widths and alt text (caption and description)."""
        total = sum(t.widths)
        out = [
            "<w:tbl><w:tblPr>",
            '<w:tblStyle w:val="CIATable"/>',
            f'<w:tblW w:w="{total}" w:type="dxa"/>',
            '<w:tblLayout w:type="fixed"/>',
            '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="1" w:noVBand="1"/>',
            f'<w:tblCaption w:val="{esc(limit(t.caption))}"/>',
            f'<w:tblDescription w:val="{esc(limit(t.description, 2000))}"/>',
            "</w:tblPr><w:tblGrid>",
        ]
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in t.widths)
        out.append("</w:tblGrid>")
        # Header row: repeats on every page, never split, kept with the first row (TableHeading keeps next).
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for name, width in zip(t.columns, t.widths):
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="TableHeading"/></w:pPr>{run(name)}</w:p></w:tc>'
            )
        out.append("</w:tr>")
        tc_pr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in t.widths]
        per_line = [max(8, (w - CELL_PADDING) // CHAR_WIDTH) for w in t.widths]
        heights = [row_lines(cells, per_line) for cells in t.rows]
        full_width = [max(8, (total - CELL_PADDING) // CHAR_WIDTH)]
        closing = [row_lines([cell], full_width) for cell in t.closing_rows]
        keep_all = t.keep_together or t.keep_with_next and sum(heights) + sum(closing) < PAGE_LINES
        last = len(t.rows) - 1 + len(t.closing_rows)
        for r, cells in enumerate(t.rows):
            short = t.min_row_height > 0 or heights[r] < t.keep_rows_under
            # LibreOffice keeps a table with what follows only when every row asks to; Word keeps the
            # marked rows. A table that fits on a page asks it of every row, a longer one of its last row.
            # (A tall row is never marked: LibreOffice would then move the whole table to the next page.)
            keep = keep_all and (r < last or t.keep_with_next) or t.keep_with_next and r == last and short
            if t.closing_rows and r == len(t.rows) - 1 and short:
                keep = True
            if t.row_groups and r + 1 < len(t.rows) and t.row_groups[r] == t.row_groups[r + 1] and short:
                keep = True
            tr_pr = ""
            if short:
                tr_pr = "<w:cantSplit/>"
            if t.min_row_height:
                tr_pr += f'<w:trHeight w:val="{t.min_row_height}" w:hRule="atLeast"/>'
            out.append(f"<w:tr><w:trPr>{tr_pr}</w:trPr>" if tr_pr else "<w:tr>")
            merge = ""
            if t.row_groups:
                group = t.row_groups[r]
                starts = r == 0 or t.row_groups[r - 1] != group
                continues = r + 1 < len(t.rows) and t.row_groups[r + 1] == group
                merge = "restart" if starts and continues else "" if starts else "continue"
            for i, blocks in enumerate(cells):
                if i == 0 and merge:
                    # the area's cell spans its impact lines (vertically merged)
                    vm = '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
                    content = self._cell_blocks(blocks if merge == "restart" else [], keep)
                    out.append(f'<w:tc><w:tcPr><w:tcW w:w="{t.widths[0]}" w:type="dxa"/>{vm}</w:tcPr>{content}</w:tc>')
                    continue
                out.append(f"<w:tc>{tc_pr[i]}{self._cell_blocks(blocks, keep)}</w:tc>")
            out.append("</w:tr>")
        span = f'<w:tcPr><w:tcW w:w="{total}" w:type="dxa"/><w:gridSpan w:val="{len(t.widths)}"/></w:tcPr>'
        for c, blocks in enumerate(t.closing_rows):
            r = len(t.rows) + c
            keep = keep_all and (r < last or t.keep_with_next) or t.keep_with_next and r == last \
                and closing[c] < t.keep_rows_under
            # A closing row is kept with the row before it: Word through the row before's keepNext,
            # and short closing rows never split.
            tr_pr = "<w:trPr><w:cantSplit/></w:trPr>" if closing[c] < PAGE_LINES / 3 else ""
            out.append(f"<w:tr>{tr_pr}<w:tc>{span}{self._cell_blocks(blocks, keep)}</w:tc></w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    # --- assembling ---------------------------------------------------------------------------------

    def finish(self, *, header_left: str, header_right: str, core: dict[str, str],
               custom: dict[str, str | int] | None = None, first_page_title: bool = False) -> bytes:
        """The .docx bytes. Each orientation gets its own header (the right-aligned tab follows the width);
        with ``first_page_title`` false, the first page's header leaves out ``header_left`` (the page's own
        heading and fields already name the document)."""
        self._sections.append((len(self._parts), self.landscape))
        headers: list[str] = []
        footers = [_footer()]
        by_orientation: dict[bool, int] = {}

        def header_for(landscape: bool) -> int:
            if landscape not in by_orientation:
                headers.append(_header(header_left, header_right, landscape))
                by_orientation[landscape] = len(headers)
            return by_orientation[landscape]

        parts = list(self._parts)
        first_header = 0
        if not first_page_title:
            headers.append(_header("", header_right, self._sections[0][1]))
            first_header = len(headers)
        for n, (index, landscape) in enumerate(self._sections):
            sect = section_properties(landscape, header_for(landscape), 1, first_header if n == 0 else 0)
            if n < len(self._sections) - 1:
                parts[index] = parts[index].replace("</w:pPr>", sect + "</w:pPr>", 1)
            else:
                parts.append(sect)
        try:
            return build(Package(body="".join(parts), headers=headers, footers=footers, links=self._links,
                                 core=core, custom=custom or {}))
        except PackageError as exc:
            raise WriterError(str(exc)) from None


def _header(left: str, right: str, landscape: bool) -> str:
    width = LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{width}"/></w:tabs>'
    content = run(left) if left else ""
    if right:
        content += "<w:r><w:tab/></w:r>" + run(right, "b", '<w:color w:val="C00000"/>')
    return paragraph(content, "Header", tabs=tabs)


def _footer() -> str:
    content = run("Page ") + field_runs("PAGE", "1") + run(" of ") + field_runs("NUMPAGES", "1")
    return paragraph(content, "Footer")


def limit(value: str, size: int = 255) -> str:
    """Core properties and alt text hold at most 255 characters (alt text descriptions: more)."""
    value = strip_illegal(" ".join(value.split()))
    return value if len(value) <= size else value[: size - 1].rstrip() + "…"


# --- row heights ------------------------------------------------------------------------------------

CELL_PADDING = 216 + 227
"""Twips of a cell's width not available to text: cell margins and the bullet indent."""
CHAR_WIDTH = 100
"""Average width of a 10pt Arial character in twips (for estimating row heights)."""
PAGE_LINES = 34
"""Lines of table text that fit on a landscape page under a header row (a portrait page holds more)."""


_TAGS = re.compile(r"<[^>]+>")


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


# --- author prose -------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")


def prose_blocks(text: str) -> list[tuple[str, str]]:
    """Split author text into ("p", paragraph) and ("li", bullet) blocks.

    Paragraphs are separated by blank lines; a line starting "- ", "* " or "• " is a bullet; other
    lines run on in the same paragraph, their line breaks kept.
    """
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines: list[str] = []
        for line in chunk.split("\n"):
            m = _BULLET.match(line)
            if m:
                if lines:
                    blocks.append(("p", "\n".join(lines)))
                    lines = []
                if m.group(1).strip():
                    blocks.append(("li", m.group(1).strip()))
            elif line.strip():
                lines.append(line.strip())
        if lines:
            blocks.append(("p", "\n".join(lines)))
    return blocks
