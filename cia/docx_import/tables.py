"""Category tables: the header row found by its wording, body rows lined up with its columns.

A table is a category table when one of its first rows names a Benefits, a Risks and a
Mitigations column, whatever the exact wording ("Mitigations / Recommendations",
"Which groups will be affected?", "Groups affected", "Protected Characteristics:").
Rows above it are title rows (the 2020 layout puts the section title inside the table).
Below it:

- a copy of the header row (repeated after a page break) is skipped;
- a full-width row is the Evidence Base (its label, then the evidence), or a note;
- a row whose area cell continues a vertical merge is another impact line of the same area;
- a row whose area cell is empty continues the previous row (a row split across a page break);
- any other row is an area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .reader import Cell, Para, Row, Table
from .wording import norm

FIELDS = ("groups", "benefits", "risks", "mitigations")
_END_PUNCT = re.compile(r"[.!?:;)\]\"'’”]$")


def column_field(text: str, first: bool) -> str | None:
    t = norm(text)
    if first:
        return "area"
    if "benefit" in t:
        return "benefits"
    if "risk" in t:
        return "risks"
    if "mitigat" in t or "recommend" in t:
        return "mitigations"
    if "group" in t or "affected" in t or t.startswith("who"):
        return "groups"
    return None


def _is_header(row: Row) -> bool:
    texts = [norm(c.text) for c in row.cells]
    joined = " | ".join(texts)
    return ("benefit" in joined and "risk" in joined and ("mitigat" in joined or "recommend" in joined)
            and all(len(t) < 400 for t in texts))


@dataclass
class RawRow:
    area: list[Para]
    lines: list[dict[str, list[Para]]] = field(default_factory=list)
    joined: int = 0
    """Points re-joined across a page break (a sentence cut in two)."""
    continued: int = 0
    """Continuation rows (a row split across a page break) merged into this one."""
    spans: list[str] = field(default_factory=list)
    """Fields whose cell spanned further columns (content placed under the first)."""

    @property
    def name(self) -> str:
        return next((p.text.strip() for p in self.area if p.text.strip()), "")

    def paras(self, f: str) -> list[Para]:
        return [p for line in self.lines for p in line.get(f, [])]


@dataclass
class ParsedTable:
    columns: dict[str, str]
    """Field -> the header text of its column."""
    title: list[Para] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    evidence: list[Para] = field(default_factory=list)
    evidence_label: str = ""
    notes: list[Para] = field(default_factory=list)
    """Full-width rows that are not the evidence base (template notes, or text to report)."""
    repeated_headers: int = 0

    @property
    def has_groups(self) -> bool:
        return "groups" in self.columns


def header_index(table: Table, search: int = 8) -> int | None:
    for i, row in enumerate(table.rows[:search]):
        if _is_header(row):
            return i
    return None


def _grid_fields(row: Row) -> list[str | None]:
    out: list[str | None] = []
    for n, cell in enumerate(row.cells):
        f = column_field(cell.text, first=n == 0)
        out.extend([f] * cell.span)
    return out


def _nonempty(paras: list[Para]) -> bool:
    return any(p.text.strip() for p in paras)


def _is_full_width(row: Row, width: int) -> bool:
    return bool(row.cells) and (len(row.cells) == 1 or row.cells[0].span >= width)


def _same_header(row: Row, header: list[str]) -> bool:
    texts = [norm(c.text) for c in row.cells]
    return bool(texts) and texts == header


def _append(line: dict[str, list[Para]], f: str, paras: list[Para], raw: RawRow) -> None:
    """Add a continuation cell's paragraphs, re-joining a sentence cut by the page break."""
    if not paras:
        return
    target = line.setdefault(f, [])
    first, rest = paras[0], paras[1:]
    prev = next((p for p in reversed(target) if p.text.strip()), None)
    text = first.text.strip()
    if (prev is not None and text and text[0].islower() and not _END_PUNCT.search(prev.text.strip())
            and not first.list_kind):
        prev.text = prev.text.rstrip() + " " + text
        prev.links.extend(first.links)
        raw.joined += 1
    else:
        target.append(first)
    target.extend(rest)


def parse_table(table: Table) -> ParsedTable | None:
    """The table as a category table, or None when it has no Benefits / Risks / Mitigations header row."""
    h = header_index(table)
    if h is None:
        return None
    header = table.rows[h]
    grid = _grid_fields(header)
    width = len(grid)
    columns: dict[str, str] = {}
    for n, cell in enumerate(header.cells):
        f = column_field(cell.text, first=n == 0)
        if f and f not in columns:
            columns[f] = cell.text
    out = ParsedTable(columns=columns)
    for row in table.rows[:h]:
        for cell in row.cells:
            out.title.extend(p for p in cell.paras if p.text.strip())

    header_texts = [norm(c.text) for c in header.cells]
    current: RawRow | None = None
    in_evidence = False
    for row in table.rows[h + 1:]:
        if _same_header(row, header_texts) or (row.is_header and _is_header(row)):
            out.repeated_headers += 1
            continue
        first_text = row.cells[0].text if row.cells else ""
        if norm(first_text).startswith("evidence base") or norm(first_text).startswith("evidence used"):
            in_evidence = True
            paras = [p for c in row.cells for p in c.paras]
            label = next(p for p in paras if p.text.strip())
            out.evidence_label = label.text.strip()
            out.evidence.extend(p for p in paras if p is not label and p.text.strip())
            continue
        if _is_full_width(row, width) or in_evidence:
            paras = [p for c in row.cells for p in c.paras if p.text.strip()]
            (out.evidence if in_evidence else out.notes).extend(paras)
            continue
        cells = row.grid()
        fields_here: dict[str, list[Para]] = {}
        area_cell: Cell | None = cells[0] if cells else None
        for g, cell in enumerate(cells):
            if cell is None or g == 0:
                continue
            covered = [f for f in grid[g:g + cell.span] if f and f != "area"]
            if not covered:
                if _nonempty(cell.paras):
                    out.notes.extend(p for p in cell.paras if p.text.strip())
                continue
            f = covered[0]
            if cell.vmerge == "continue":
                continue
            fields_here.setdefault(f, []).extend(cell.paras)
            others = [o for o in dict.fromkeys(covered[1:]) if o != f]
            if others and _nonempty(cell.paras):
                fields_here.setdefault("_spans", []).append(Para(text=",".join([f] + others)))
        spans = fields_here.pop("_spans", [])
        area_paras = area_cell.paras if area_cell is not None else []
        if area_cell is not None and area_cell.vmerge == "continue" and current is not None:
            current.lines.append(fields_here)
        elif not _nonempty(area_paras):
            if current is None:
                # the table starts with the rest of a row from before a page break: kept for the
                # importer to join to the last row of the previous table
                current = RawRow(area=[], lines=[fields_here])
                out.rows.append(current)
                continue
            current.continued += 1
            line = current.lines[-1]
            for f, paras in fields_here.items():
                _append(line, f, paras, current)
        else:
            current = RawRow(area=list(area_paras), lines=[fields_here])
            out.rows.append(current)
        if current is not None:
            current.spans.extend(s.text for s in spans)
    return out


def continue_closing_rows(table: Table, out: ParsedTable) -> bool:
    """Add a table made only of full-width rows (template notes, an Evidence Base) to the category table
    before it, as its closing rows; False (nothing added) for any other table.

    cia's export puts the closing rows of a long table that must stay with the sign-off in a table of
    their own, directly after it, so that LibreOffice keeps them together.
    """
    rows = table.rows
    if not rows or any(len(r.cells) != 1 for r in rows):
        return False
    first = norm(rows[0].cells[0].text)
    if not (first.startswith("evidence base") or first.startswith("evidence used") or first.startswith("note")):
        return False
    in_evidence = False
    for row in rows:
        paras = [p for p in row.cells[0].paras if p.text.strip()]
        if not paras:
            continue
        text = norm(paras[0].text)
        if text.startswith("evidence base") or text.startswith("evidence used"):
            in_evidence = True
            out.evidence_label = paras[0].text.strip()
            out.evidence.extend(paras[1:])
            continue
        (out.evidence if in_evidence else out.notes).extend(paras)
    return True

