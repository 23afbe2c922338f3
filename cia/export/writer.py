"""A fast, small WordprocessingML writer on top of python-docx.

python-docx's high-level API looks a style up by name for every paragraph and builds
each element node by node; for documents made mostly of table cells that dominates
the run time. This writer instead emits the body as WordprocessingML text, parses it
once and moves it into a python-docx document whose styles and numbering come from
``templates/docx/`` (so every style id is known in advance). python-docx still does
the packaging: parts, relationships, headers and footers, core properties.

Element order inside ``pPr``, ``rPr``, ``tblPr``, ``tcPr`` and ``sectPr`` follows the
ECMA-376 schema sequence; Word refuses (with a repair prompt) documents that do not.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from ..resources import templates_dir
from ..text import strip_illegal

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

# A4 in twentieths of a point, and the page margins (2 cm).
A4_SHORT, A4_LONG = 11906, 16838
MARGIN = 1134
HEADER_DISTANCE = 567
PORTRAIT_WIDTH = A4_SHORT - 2 * MARGIN
LANDSCAPE_WIDTH = A4_LONG - 2 * MARGIN

STYLE_NAMES = {
    "Normal": "Normal",
    "Heading1": "Heading 1",
    "Heading2": "Heading 2",
    "Heading3": "Heading 3",
    "ListBullet": "List Bullet",
    "Notice": "Notice",
    "HeaderField": "Header Field",
    "Note": "Note",
    "TableText": "Table Text",
    "TableHeading": "Table Heading",
    "TableBullet": "Table Bullet",
    "Header": "Header",
    "Footer": "Footer",
    "Hyperlink": "Hyperlink",
    "CIATable": "CIA Table",
}
"""Style ids the writer uses and their names as python-docx reports them (checked once per document)."""

HEADER_FILL = "D9D9D9"
"""Shading of table header rows (black text on it: about 15:1)."""

Block = tuple[str, str, str]
"""Cell content: (kind, text, format). kind "p" (paragraph) or "li" (bullet); format "", "b", "i" or "bi"."""


class WriterError(Exception):
    """The document could not be assembled (a problem with the style templates, for instance)."""


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_SPLIT = re.compile(r"(\n|\t)")


def esc(text: str) -> str:
    """Text made safe for an XML text node or attribute (illegal characters dropped)."""
    return strip_illegal(text).translate(_ESCAPES)


def _rpr(fmt: str, extra: str = "") -> str:
    if not fmt and not extra:
        return ""
    parts = []
    if "b" in fmt:
        parts.append("<w:b/><w:bCs/>")
    if "i" in fmt:
        parts.append("<w:i/><w:iCs/>")
    return "<w:rPr>" + "".join(parts) + extra + "</w:rPr>"


def run(text: str, fmt: str = "", extra_rpr: str = "") -> str:
    """One run. Newlines become line breaks and tabs become tab characters."""
    rpr = _rpr(fmt, extra_rpr)
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
              tabs: str = "", jc: str = "") -> str:
    """A paragraph from pre-rendered runs. The pPr always exists so a section break can be added to it."""
    ppr = f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if tabs:
        ppr += tabs
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>"


def section_properties(landscape: bool, extra: str = "") -> str:
    if landscape:
        size = f'<w:pgSz w:w="{A4_LONG}" w:h="{A4_SHORT}" w:orient="landscape"/>'
    else:
        size = f'<w:pgSz w:w="{A4_SHORT}" w:h="{A4_LONG}"/>'
    return (
        f"<w:sectPr>{extra}{size}"
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
        f'w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>'
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
    keep_rows_under: int = 24
    """Rows estimated at fewer lines than this are kept on one page; taller rows may break across pages
    (a row that cannot break and is taller than a page would be cut off)."""


@lru_cache(maxsize=None)
def _template_bytes(name: str) -> bytes:
    path = Path(templates_dir()) / "docx" / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WriterError(f"the document style template {path} cannot be read ({exc.strerror or exc})") from None


def _install_base(doc) -> None:  # type: ignore[no-untyped-def]
    """Replace the default template's styles and numbering with ours; drop parts we do not want."""
    from docx.oxml.parser import parse_xml

    for part_element, name in ((doc.styles.element, "styles.xml"),
                               (doc.part.numbering_part.element, "numbering.xml")):
        try:
            ours = parse_xml(_template_bytes(name))
        except WriterError:
            raise
        except Exception as exc:  # lxml.etree.XMLSyntaxError and friends
            raise WriterError(f"the document style template {name} is not valid XML ({exc})") from None
        for child in list(part_element):
            part_element.remove(child)
        for child in list(ours):
            if isinstance(child.tag, str):  # skip comments
                part_element.append(child)

    ids = {s.style_id: s.name for s in doc.styles}
    missing = [sid for sid, name in STYLE_NAMES.items() if ids.get(sid) != name]
    if missing:
        raise WriterError(f"the document styles template lacks the style(s) {', '.join(missing)}")

    # Word 2010's duplicate style sheet and the default template's preview picture would contradict ours.
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rel_id]
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del package_rels[rel_id]

    settings = doc.settings.element
    for el in settings.iter(f"{{{W_NS}}}themeFontLang"):
        el.set(f"{{{W_NS}}}val", "en-GB")
        el.attrib.pop(f"{{{W_NS}}}eastAsia", None)


class DocWriter:
    """Collects body content as WordprocessingML and turns it into a .docx."""

    def __init__(self) -> None:
        from docx import Document

        self.doc = Document()
        _install_base(self.doc)
        self._parts: list[str] = []
        self._last_p: int | None = None
        """Index in _parts of the last top-level paragraph (a section break is attached to it)."""
        self._sections: list[bool] = []
        """Orientation (landscape?) of each finished section."""
        self._links: dict[str, str] = {}
        self.landscape = False
        """Orientation of the section being written."""

    # --- body content -------------------------------------------------------------------------------

    def _add_p(self, xml: str) -> None:
        self._last_p = len(self._parts)
        self._parts.append(xml)

    def heading(self, text: str, level: int, *, page_break: bool = False) -> None:
        self._add_p(paragraph(run(text), f"Heading{level}", page_break=page_break))

    def para(self, text: str = "", style: str = "Normal", fmt: str = "", *, runs: str = "",
             keep_next: bool = False) -> None:
        self._add_p(paragraph(runs or run(text, fmt), style, keep_next=keep_next))

    def notice(self, text: str) -> None:
        self._add_p(paragraph(run(text), "Notice"))

    def labelled(self, label: str, value: str) -> None:
        """A header field: bold label, a tab, then the value (lines kept)."""
        self._add_p(paragraph(run(f"{label}:", "b") + "<w:r><w:tab/></w:r>" + run(value), "HeaderField"))

    def bullets(self, items: Iterable[str], style: str = "ListBullet") -> None:
        for item in items:
            self._add_p(paragraph(run(item), style))

    def link_runs(self, url: str, text: str | None = None) -> str:
        """A hyperlink to ``url`` (external relationship made once per address)."""
        rel_id = self._links.get(url)
        if rel_id is None:
            rel_id = self.doc.part.relate_to(url, RT_HYPERLINK, is_external=True)
            self._links[url] = rel_id
        label = esc(text if text is not None else url)
        return (f'<w:hyperlink r:id="{rel_id}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
                f'<w:t xml:space="preserve">{label}</w:t></w:r></w:hyperlink>')

    def bullet_runs(self, runs_xml: str, style: str = "ListBullet") -> None:
        self._add_p(paragraph(runs_xml, style))

    def prose(self, text: str) -> None:
        """Author text: blank-line separated paragraphs; lines starting "- " (or "* ", "• ") are bullets."""
        for kind, chunk in prose_blocks(text):
            self._add_p(paragraph(run(chunk), "ListBullet" if kind == "li" else "Normal"))

    def table(self, t: Table) -> None:
        self._parts.append(table_xml(t))
        self._last_p = None  # a section cannot end on a table: its break lives in a paragraph

    def end_section(self) -> None:
        """End the current section here; the next content starts a new page in the other orientation."""
        if self._last_p is None:
            raise WriterError("a section must end with a paragraph")
        xml = self._parts[self._last_p]
        self._parts[self._last_p] = xml.replace("</w:pPr>", section_properties(self.landscape) + "</w:pPr>", 1)
        self._sections.append(self.landscape)
        self._last_p = None
        self.landscape = not self.landscape

    # --- assembling ---------------------------------------------------------------------------------

    def finish(self, *, header_left: str, header_right: str, core: dict[str, object]) -> bytes:
        from docx.oxml.parser import parse_xml

        doc = self.doc
        body = doc.element.body
        for child in list(body):
            body.remove(child)
        self._sections.append(self.landscape)
        fragment = parse_xml(
            f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(self._parts)}'
            f"{section_properties(self.landscape)}</w:body>"
        )
        for child in list(fragment):
            body.append(child)

        for section, landscape in zip(doc.sections, self._sections):
            width = LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
            header = section.header
            header.is_linked_to_previous = False
            _fill_header(header, header_left, header_right, width)
            footer = section.footer
            footer.is_linked_to_previous = False
            _fill_footer(footer)

        _set_core(doc, core)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _replace_paragraphs(container, xml: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml.parser import parse_xml

    element = container._element
    for p in list(element):
        element.remove(p)
    wrapper = parse_xml(f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:hdr>')
    for child in list(wrapper):
        element.append(child)


def _fill_header(header, left: str, right: str, width: int) -> None:  # type: ignore[no-untyped-def]
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{width}"/></w:tabs>'
    content = run(left)
    if right:
        content += "<w:r><w:tab/></w:r>" + run(right, "b", '<w:color w:val="C00000"/>')
    _replace_paragraphs(header, paragraph(content, "Header", tabs=tabs))


def _fill_footer(footer) -> None:  # type: ignore[no-untyped-def]
    content = run("Page ") + field_runs("PAGE", "1") + run(" of ") + field_runs("NUMPAGES", "1")
    _replace_paragraphs(footer, paragraph(content, "Footer"))


def _set_core(doc, core: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    props = doc.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    for name in ("title", "subject", "author", "keywords", "category", "comments", "content_status",
                 "last_modified_by"):
        value = str(core.get(name, "") or "")
        setattr(props, name, _limit(value))
    props.language = "en-GB"
    props.revision = 1
    props.created = now
    props.modified = now


def _limit(value: str, size: int = 255) -> str:
    """Core properties hold at most 255 characters."""
    value = strip_illegal(" ".join(value.split()))
    return value if len(value) <= size else value[: size - 1].rstrip() + "…"


# --- tables -----------------------------------------------------------------------------------------


def _cell_blocks(blocks: Sequence[Block]) -> str:
    if not blocks:
        return '<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>'
    out = []
    for kind, text, fmt in blocks:
        style = "TableBullet" if kind == "li" else "TableText"
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run(text, fmt)}</w:p>')
    return "".join(out)


CELL_PADDING = 216 + 227
"""Twips of a cell's width not available to text: cell margins and the bullet indent."""
CHAR_WIDTH = 100
"""Average width of a 10pt Arial character in twips (for estimating row heights)."""


def _row_lines(cells: Sequence[Sequence[Block]], per_line: Sequence[int]) -> float:
    """Estimated height of a row in lines of table text (its tallest cell)."""
    tallest = 0.0
    for blocks, chars in zip(cells, per_line):
        lines = 0.0
        for _kind, text, _fmt in blocks:
            for segment in text.split("\n"):
                lines += max(1, -(-len(segment) // chars))
            lines += 0.25  # paragraph spacing
        tallest = max(tallest, lines)
    return tallest


def table_xml(t: Table) -> str:
    """A table with a repeating header row, fixed column widths and alt text (caption and description)."""
    total = sum(t.widths)
    out = [
        "<w:tbl><w:tblPr>",
        '<w:tblStyle w:val="CIATable"/>',
        f'<w:tblW w:w="{total}" w:type="dxa"/>',
        '<w:tblLayout w:type="fixed"/>',
        '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>',
        f'<w:tblCaption w:val="{esc(_limit(t.caption))}"/>',
        f'<w:tblDescription w:val="{esc(_limit(t.description, 2000))}"/>',
        "</w:tblPr><w:tblGrid>",
    ]
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in t.widths)
    out.append("</w:tblGrid>")
    # Header row: repeats on every page, never split.
    out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    for name, width in zip(t.columns, t.widths):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableHeading"/></w:pPr>{run(name)}</w:p></w:tc>'
        )
    out.append("</w:tr>")
    row_pr = ""
    if t.min_row_height:
        row_pr = f'<w:trPr><w:cantSplit/><w:trHeight w:val="{t.min_row_height}" w:hRule="atLeast"/></w:trPr>'
    tc_pr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in t.widths]
    per_line = [max(8, (w - CELL_PADDING) // CHAR_WIDTH) for w in t.widths]
    for cells in t.rows:
        if row_pr:
            tr_pr = row_pr
        elif _row_lines(cells, per_line) < t.keep_rows_under:
            tr_pr = "<w:trPr><w:cantSplit/></w:trPr>"
        else:
            tr_pr = ""
        out.append(f"<w:tr>{tr_pr}")
        for i, blocks in enumerate(cells):
            out.append(f"<w:tc>{tc_pr[i]}{_cell_blocks(blocks)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


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
