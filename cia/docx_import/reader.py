"""The body of a Word document as plain blocks: paragraphs (text, style, list, links) and tables.

This is the only module that knows WordprocessingML. Everything the author typed is kept:
inserted revisions, field results, text in content controls, nested tables (their paragraphs
join the cell), line breaks and tabs. Deleted revisions and field instructions are not text.
Merged cells are described as they are stored: a horizontal span (``gridSpan``) and a vertical
merge (``vMerge`` restart / continue), so the layout code can line cells up with columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .package import R_NS, W_NS, Package

W = f"{{{W_NS}}}"
R_ID = f"{{{R_NS}}}id"

_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+)*"?([^"\s]+)"?', re.IGNORECASE)


@dataclass
class Para:
    text: str
    style: str = ""
    """Style name (e.g. "Heading 2", "List Bullet"), or the style id where the name is unknown."""
    heading: int = 0
    """Outline level 1–9 for headings and titles, else 0."""
    list_kind: str = ""
    """"bullet" or "number" for paragraphs in an automatic list, else ""."""
    bold: bool = False
    """Every visible character is bold."""
    italic: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)
    """(text, target) of each hyperlink, in order."""
    page_break_before: bool = False


@dataclass
class Cell:
    paras: list[Para]
    span: int = 1
    vmerge: str = ""
    """"restart", "continue" or "" (not vertically merged)."""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras).strip()


@dataclass
class Row:
    cells: list[Cell]
    is_header: bool = False
    """Marked to repeat as a header row on each page (w:tblHeader)."""

    @property
    def width(self) -> int:
        return sum(c.span for c in self.cells)

    def grid(self) -> list[Cell | None]:
        """One entry per grid column: the cell covering it (its first column only), else None."""
        out: list[Cell | None] = []
        for cell in self.cells:
            out.append(cell)
            out.extend([None] * (cell.span - 1))
        return out


@dataclass
class Table:
    rows: list[Row]


Block = Para | Table


@dataclass
class _Styles:
    names: dict[str, str] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    outline: dict[str, int] = field(default_factory=dict)
    num: dict[str, str] = field(default_factory=dict)
    bold: dict[str, bool] = field(default_factory=dict)

    def chain(self, style_id: str):  # type: ignore[no-untyped-def]
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            yield style_id
            style_id = self.based_on.get(style_id, "")

    def heading(self, style_id: str) -> int:
        for sid in self.chain(style_id):
            name = self.names.get(sid, sid)
            m = _HEADING_NAME.match(name.replace("_", " "))
            if m:
                return int(m.group(1))
            if name.lower() in ("title",):
                return 1
            if sid in self.outline:
                return self.outline[sid] + 1
        return 0

    def num_id(self, style_id: str) -> str:
        for sid in self.chain(style_id):
            if sid in self.num:
                return self.num[sid]
        return ""


def _styles(package: Package) -> _Styles:
    out = _Styles()
    root = package.styles
    if root is None:
        return out
    for style in root.iter(f"{W}style"):
        sid = style.get(f"{W}styleId", "")
        name = style.find(f"{W}name")
        out.names[sid] = name.get(f"{W}val", sid) if name is not None else sid
        based = style.find(f"{W}basedOn")
        if based is not None:
            out.based_on[sid] = based.get(f"{W}val", "")
        ppr = style.find(f"{W}pPr")
        if ppr is not None:
            lvl = ppr.find(f"{W}outlineLvl")
            if lvl is not None and (lvl.get(f"{W}val") or "").isdigit() and int(lvl.get(f"{W}val")) < 9:
                out.outline[sid] = int(lvl.get(f"{W}val"))
            num = ppr.find(f"{W}numPr/{W}numId")
            if num is not None:
                out.num[sid] = num.get(f"{W}val", "")
    return out


def _numbering(package: Package) -> dict[str, dict[int, str]]:
    """numId -> {level: numFmt}."""
    root = package.numbering
    if root is None:
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for an in root.iter(f"{W}abstractNum"):
        levels = {}
        for lvl in an.iter(f"{W}lvl"):
            fmt = lvl.find(f"{W}numFmt")
            try:
                levels[int(lvl.get(f"{W}ilvl", "0"))] = fmt.get(f"{W}val", "") if fmt is not None else ""
            except ValueError:
                continue
        abstract[an.get(f"{W}abstractNumId", "")] = levels
    out = {}
    for num in root.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        if ref is not None:
            out[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})
    return out


def _on(el) -> bool:  # type: ignore[no-untyped-def]
    if el is None:
        return False
    return (el.get(f"{W}val") or "true").lower() not in ("0", "false", "off", "none")


class _Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.styles = _styles(package)
        self.numbering = _numbering(package)

    # --- paragraphs -----------------------------------------------------------------------------

    def para(self, p) -> Para:  # type: ignore[no-untyped-def]
        ppr = p.find(f"{W}pPr")
        style_id = ""
        num_id, ilvl = "", 0
        outline = -1
        page_break = False
        if ppr is not None:
            ps = ppr.find(f"{W}pStyle")
            style_id = ps.get(f"{W}val", "") if ps is not None else ""
            num = ppr.find(f"{W}numPr")
            if num is not None:
                nid = num.find(f"{W}numId")
                lvl = num.find(f"{W}ilvl")
                num_id = nid.get(f"{W}val", "") if nid is not None else ""
                try:
                    ilvl = int(lvl.get(f"{W}val", "0")) if lvl is not None else 0
                except ValueError:
                    ilvl = 0
            ol = ppr.find(f"{W}outlineLvl")
            if ol is not None and (ol.get(f"{W}val") or "").isdigit():
                outline = int(ol.get(f"{W}val"))
            page_break = _on(ppr.find(f"{W}pageBreakBefore"))
        if not num_id:
            num_id = self.styles.num_id(style_id)
        list_kind = ""
        if num_id and num_id != "0":
            fmt = self.numbering.get(num_id, {}).get(ilvl, "bullet" if not self.numbering else "")
            if fmt and fmt != "none":
                list_kind = "bullet" if fmt == "bullet" else "number"
        heading = outline + 1 if 0 <= outline < 9 else self.styles.heading(style_id)
        out = Para(text="", style=self.styles.names.get(style_id, style_id), heading=heading,
                   list_kind=list_kind, page_break_before=page_break)
        self._runs(p, out)
        return out

    def _runs(self, p, out: Para) -> None:  # type: ignore[no-untyped-def]
        text: list[str] = []
        all_bold = all_italic = True
        visible = False
        # complex-field state: instruction text collected between begin and separate
        field_depth = 0
        in_instr = False
        instr: list[str] = []
        field_link: list[str | None] = []
        link_start: list[int] = []

        def walk(el, link: str | None) -> None:  # type: ignore[no-untyped-def]
            nonlocal all_bold, all_italic, visible, field_depth, in_instr
            for child in el:
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                if tag == f"{W}hyperlink":
                    rel = child.get(R_ID)
                    target = self.package.links.get(rel, "") if rel else ""
                    if not target and child.get(f"{W}anchor"):
                        target = "#" + child.get(f"{W}anchor")
                    start = len("".join(text))
                    walk(child, target)
                    label = "".join(text)[start:]
                    if target and label.strip():
                        out.links.append((label.strip(), target))
                elif tag in (f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}proofErr", f"{W}bookmarkStart",
                             f"{W}bookmarkEnd"):
                    continue
                elif tag == f"{W}fldSimple":
                    m = _HYPERLINK_FIELD.match(child.get(f"{W}instr", ""))
                    start = len("".join(text))
                    walk(child, link)
                    label = "".join(text)[start:]
                    if m and label.strip():
                        out.links.append((label.strip(), m.group(1)))
                elif tag == f"{W}r":
                    rpr = child.find(f"{W}rPr")
                    bold = rpr is not None and _on(rpr.find(f"{W}b"))
                    italic = rpr is not None and _on(rpr.find(f"{W}i"))
                    hidden = rpr is not None and (_on(rpr.find(f"{W}vanish")) or _on(rpr.find(f"{W}specVanish")))
                    for item in child:
                        itag = item.tag
                        if itag == f"{W}fldChar":
                            kind = item.get(f"{W}fldCharType")
                            if kind == "begin":
                                field_depth += 1
                                in_instr = True
                                instr.clear()
                            elif kind == "separate":
                                in_instr = False
                                m = _HYPERLINK_FIELD.match("".join(instr))
                                field_link.append(m.group(1) if m else None)
                                link_start.append(len("".join(text)))
                            elif kind == "end":
                                field_depth = max(0, field_depth - 1)
                                in_instr = False
                                if field_link:
                                    target = field_link.pop()
                                    start = link_start.pop()
                                    label = "".join(text)[start:]
                                    if target and label.strip():
                                        out.links.append((label.strip(), target))
                        elif itag == f"{W}instrText":
                            instr.append(item.text or "")
                        elif in_instr:
                            continue
                        elif itag == f"{W}t" and not hidden:
                            if item.text:
                                text.append(item.text)
                                if item.text.strip():
                                    visible = True
                                    all_bold = all_bold and bold
                                    all_italic = all_italic and italic
                        elif itag == f"{W}tab":
                            text.append("\t")
                        elif itag in (f"{W}br", f"{W}cr"):
                            if item.get(f"{W}type") not in ("page", "column"):
                                text.append("\n")
                        elif itag == f"{W}noBreakHyphen":
                            text.append("-")
                        elif itag == f"{W}sym":
                            char = item.get(f"{W}char", "")
                            try:
                                code = int(char, 16)
                                if code >= 0xF000:
                                    code -= 0xF000
                                text.append(chr(code) if code >= 0x20 else "")
                            except ValueError:
                                pass
                else:
                    # w:ins, w:smartTag, w:sdt/w:sdtContent, w:customXml, w:moveTo …: their runs are text
                    walk(child, link)

        walk(p, None)
        out.text = "".join(text)
        out.bold = visible and all_bold
        out.italic = visible and all_italic

    # --- tables ---------------------------------------------------------------------------------

    def table(self, tbl) -> Table:  # type: ignore[no-untyped-def]
        rows = []
        for tr in self._children(tbl, "tr"):
            trpr = tr.find(f"{W}trPr")
            header = trpr is not None and _on(trpr.find(f"{W}tblHeader"))
            cells = []
            for tc in self._children(tr, "tc"):
                tcpr = tc.find(f"{W}tcPr")
                span, vmerge = 1, ""
                if tcpr is not None:
                    gs = tcpr.find(f"{W}gridSpan")
                    if gs is not None:
                        try:
                            span = max(1, min(int(gs.get(f"{W}val", "1")), 64))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(f"{W}vMerge")
                    if vm is not None:
                        vmerge = "restart" if vm.get(f"{W}val") == "restart" else "continue"
                paras: list[Para] = []
                self._cell_paras(tc, paras)
                cells.append(Cell(paras=paras, span=span, vmerge=vmerge))
            rows.append(Row(cells=cells, is_header=header))
        return Table(rows=rows)

    def _children(self, el, name: str):  # type: ignore[no-untyped-def]
        """Direct children named ``name``, looking through content controls and custom XML."""
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == f"{W}{name}":
                yield child
            elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
                yield from self._children(child, name)

    def _cell_paras(self, el, out: list[Para]) -> None:  # type: ignore[no-untyped-def]
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == f"{W}p":
                out.append(self.para(child))
            elif child.tag == f"{W}tbl":
                for row in self.table(child).rows:
                    for cell in row.cells:
                        out.extend(cell.paras)
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                self._cell_paras(child, out)

    # --- body -----------------------------------------------------------------------------------

    def blocks(self, el, out: list[Block]) -> None:  # type: ignore[no-untyped-def]
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == f"{W}p":
                out.append(self.para(child))
            elif child.tag == f"{W}tbl":
                out.append(self.table(child))
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                self.blocks(child, out)


def read_blocks(package: Package) -> list[Block]:
    """The document body, in order, as paragraphs and tables."""
    body = package.document.find(f"{W}body")
    out: list[Block] = []
    if body is not None:
        _Reader(package).blocks(body, out)
    return out
