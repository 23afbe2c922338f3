"""A fast, small WordprocessingML writer.

The body is emitted as WordprocessingML text with the style ids of ``templates/docx/styles.xml``
(known in advance, so nothing is looked up per paragraph) and packaged by :mod:`.package`.

Pagination: headings, and the lines that introduce a table, stay with what follows them; nothing
starts a new page except a change of orientation; tables break as :mod:`.tables` describes.

Element order inside ``pPr``, ``rPr``, ``tblPr``, ``tcPr`` and ``sectPr`` follows the
ECMA-376 schema sequence; Word refuses (with a repair prompt) documents that do not.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..text import strip_illegal
from .package import Package, PackageError, build, check_styles, footer_rel, header_rel
from .tables import Block, Table  # noqa: F401  (the documents build tables through the writer)
from .tables import render as render_table

# A4 in twentieths of a point, and the page margins (2 cm).
A4_SHORT, A4_LONG = 11906, 16838
MARGIN = 1134
HEADER_DISTANCE = 567
PORTRAIT_WIDTH = A4_SHORT - 2 * MARGIN
LANDSCAPE_WIDTH = A4_LONG - 2 * MARGIN


def column_widths(shares: tuple[float, ...] | list[float], total: int = PORTRAIT_WIDTH) -> list[int]:
    """A table's column widths in twips, each its share of ``total``, adding up to exactly ``total`` (the
    last column takes what rounding leaves). Every table of every document is sized through this."""
    out = [int(total * s) for s in shares]
    out[-1] += total - sum(out)
    return out

STYLE_IDS = ("Normal", "Heading1", "Heading2", "Heading3", "ListBullet", "Notice", "HeaderField", "Note",
             "TableText", "TableHeading", "TableBullet", "Header", "Footer", "Hyperlink", "CIATable")
"""Style ids the writer uses; each must be defined in templates/docx/styles.xml."""



class WriterError(Exception):
    """The document could not be assembled (a problem with the style templates, for instance)."""


AFTER_TABLE = 200
"""Twips of space above a paragraph that follows a table."""

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
              tabs: str = "", ind: str = "", jc: str = "", space_before: int = 0) -> str:
    """A paragraph from pre-rendered runs. The pPr always exists so a section break can be added to it."""
    ppr = f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if tabs:
        ppr += tabs
    if space_before:
        ppr += f'<w:spacing w:before="{space_before}"/>'
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
             keep_next: bool = False, after_table: bool = False) -> None:
        """A paragraph; ``after_table`` gives it the space above that a table's end does not."""
        self._add_p(paragraph(runs or self.text_runs(text, fmt), style, keep_next=keep_next,
                              space_before=AFTER_TABLE if after_table else 0))

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
        return render_table(t, self._cell_blocks, run, lambda text, size: esc(limit(text, size)))

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
