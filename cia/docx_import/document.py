"""The document walked once, top to bottom, into its parts: header block, front sections, category
tables (with what precedes them and the evidence that follows), sign-offs, and everything left over.

Nothing here decides areas or editions; it only says what each block is. Template wording
(guidance, descriptions, prompts, closing instruction) is recognised and set aside; text that is
neither the template's nor placeable is kept in ``unplaced`` with where it was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .match import is_template_text
from .reader import Block, Para, Table
from .tables import ParsedTable, continue_closing_rows, parse_table
from .wording import norm, norm_loose

HEADER_LABELS = {
    "name of proposal": "title",
    "proposal name": "title",
    "name of the proposal": "title",
    "proposal": "title",
    "title": "title",
    "project sponsor": "sponsor",
    "sponsor": "sponsor",
    "project manager or lead": "leads",
    "project manager/lead": "leads",
    "project managers": "leads",
    "project manager": "leads",
    "project lead": "leads",
    "project leads": "leads",
    "leads": "leads",
    "lead": "leads",
    "author": "author",
    "authors": "author",
    "date": "date_completed",
    "date completed": "date_completed",
    "completed": "date_completed",
    "decision": "decision",
    "directorate": "directorate",
    "status": "status",
    "engagement/consultation": "engagement",
    "engagement / consultation": "engagement",
}

FRONT_HEADINGS = (
    (re.compile(r"^(?:\d+[.)]?\s*)?introduction\b", re.I), "introduction"),
    (re.compile(r"^(?:\d+[.)]?\s*)?summary of (?:the )?assessment\b", re.I), "summary"),
    (re.compile(r"^(?:\d+[.)]?\s*)?summary of (?:the )?key mitigations?\b", re.I), "key_mitigations"),
)
EVIDENCE_HEADING = re.compile(r"^evidence base\b", re.I)
SIGNOFF_HEADING = re.compile(r"^sign[- ]?offs?\b", re.I)
CIA_NOTICE = re.compile(r"^DRAFT: this (?:assessment|document|checklist)\b")
SKIP_LINES = re.compile(r"^(?:community impact assessment|staffordshire county council)$", re.I)


@dataclass
class FoundTable:
    parsed: ParsedTable
    context: list[Para]
    """Paragraphs between the previous table and this one (headings, title, description, prompts)."""
    index: int
    after: list[Para] = field(default_factory=list)
    """An "Evidence Base" heading's paragraphs after the table (cia's own layout)."""
    evidence_heading: bool = False


@dataclass
class Unplaced:
    where: str
    text: str


@dataclass
class DocumentParts:
    header: dict[str, list[str]] = field(default_factory=dict)
    """Header field -> its value's lines, in order found (labels are recorded in ``labels``)."""
    labels: list[str] = field(default_factory=list)
    title_line: str = ""
    """An unlabelled line under the document title (the 2024 layout's proposal name)."""
    heading_title: str = ""
    """A proposal name from a heading "Community Impact Assessment – …"."""
    front: dict[str, list[Para]] = field(default_factory=dict)
    tables: list[FoundTable] = field(default_factory=list)
    signoffs: list[list[str]] = field(default_factory=list)
    template_skipped: int = 0
    unplaced: list[Unplaced] = field(default_factory=list)
    other_tables: list[Table] = field(default_factory=list)


def split_label(text: str) -> tuple[str, str] | None:
    """("Project Sponsor", "Helen Riley …") from "Project Sponsor: Helen Riley …", when the label is known."""
    m = re.match(r"^\s*([^:\t\n]{2,60}?)\s*:\s*(.*)$", text, re.S)
    if not m:
        m = re.match(r"^\s*([^:\t\n]{2,60}?)\t+(.*)$", text, re.S)
    if not m:
        return None
    label = m.group(1)
    if norm(label) not in HEADER_LABELS:
        return None
    return label.strip(), m.group(2).strip()


def _is_heading(p: Para) -> bool:
    text = p.text.strip()
    return bool(text) and (p.heading > 0 or (p.bold and len(text) < 120 and not p.list_kind))


def _header_table(table: Table) -> list[tuple[str, list[str]]] | None:
    rows = []
    for row in table.rows:
        if len(row.cells) < 2:
            return None
        label = row.cells[0].text
        if norm(label) not in HEADER_LABELS:
            return None
        values = [p.text.strip() for c in row.cells[1:] for p in c.paras if p.text.strip()]
        rows.append((label.strip().rstrip(":").strip(), values))
    return rows or None


def _signoff_table(table: Table) -> list[list[str]] | None:
    if not table.rows:
        return None
    head = [norm(c.text) for c in table.rows[0].cells]
    if head[:2] != ["name", "role"]:
        return None
    out = []
    for row in table.rows[1:]:
        cells = [c.text.strip() for c in row.cells]
        if any(cells):
            out.append(cells)
    return out


def walk(blocks: list[Block]) -> DocumentParts:
    parts = DocumentParts()
    pending: list[Para] = []
    mode = ""  # "", a front section key, "evidence", "signoff", "closing"
    last_table: FoundTable | None = None
    seen_table = False
    where = "the beginning of the document"

    def flush_pending_as_unplaced() -> None:
        for p in pending:
            _leftover(parts, p, where)
        pending.clear()

    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            header_rows = _header_table(block) if not seen_table else None
            if header_rows:
                for label, values in header_rows:
                    parts.labels.append(label)
                    parts.header.setdefault(HEADER_LABELS[norm(label)], []).extend(values)
                continue
            signoffs = _signoff_table(block)
            if signoffs is not None:
                parts.signoffs.extend(signoffs)
                mode = ""
                continue
            parsed = parse_table(block)
            if parsed is None:
                if not (last_table is not None and not pending and continue_closing_rows(block, last_table.parsed)):
                    parts.other_tables.append(block)
                continue
            if _is_guidance(parsed):
                parts.template_skipped += 1
                continue
            seen_table = True
            last_table = FoundTable(parsed=parsed, context=list(pending), index=index)
            parts.tables.append(last_table)
            pending.clear()
            mode = ""
            where = "after a category table"
            continue

        p = block
        text = p.text.strip()
        if not text:
            continue
        if CIA_NOTICE.match(text) or SKIP_LINES.match(text):
            continue
        if not seen_table:
            labelled = split_label(text)
            if labelled is not None and mode not in ("introduction", "summary", "key_mitigations"):
                label, value = labelled
                parts.labels.append(label)
                values = [v.strip() for v in value.split("\n") if v.strip()]
                parts.header.setdefault(HEADER_LABELS[norm(label)], []).extend(values)
                continue
            m = re.match(r"^community impact assessment\s*[–—-]\s*(.+)$", text, re.I)
            if m:
                parts.heading_title = m.group(1).strip()
                continue
        front = next((key for rx, key in FRONT_HEADINGS if rx.match(text)), None)
        if front and len(text) < 120:
            flush_pending_as_unplaced()
            mode = front
            parts.front.setdefault(front, [])
            continue
        if EVIDENCE_HEADING.match(text) and last_table is not None and len(text) < 120 and not pending:
            mode = "evidence"
            last_table.evidence_heading = True
            continue
        if SIGNOFF_HEADING.match(text) and len(text) < 40:
            mode = "signoff"
            continue
        if mode == "evidence" and last_table is not None:
            if _is_heading(p) and p.heading:
                mode = ""
            else:
                last_table.after.append(p)
                continue
        if mode in ("introduction", "summary", "key_mitigations"):
            if p.heading or is_template_text(text):
                mode = ""
            else:
                parts.front[mode].append(p)
                continue
        if (not seen_table and not parts.title_line and "title" not in parts.header and not parts.tables
                and not p.list_kind and p.heading and len(text) < 300 and not is_template_text(text)
                and not mode):
            parts.title_line = text
            continue
        if is_template_text(text):
            parts.template_skipped += 1
            continue
        if p.heading:
            where = f"under the heading “{text}”"
        pending.append(p)
    for p in pending:
        _leftover(parts, p, where, keep_headings=True)
    return parts


def _leftover(parts: DocumentParts, p: Para, where: str, keep_headings: bool = True) -> None:
    text = p.text.strip()
    if not text:
        return
    parts.unplaced.append(Unplaced(where=where, text=text))


def _is_guidance(parsed: ParsedTable) -> bool:
    """The template's "Completing the CIA template" table: the column headings with guidance under them."""
    if not parsed.rows:
        return True
    if len(parsed.rows) > 3:
        return False  # the guidance table has one row of guidance under the headings
    texts = [p.text for r in parsed.rows for p in r.area + [q for line in r.lines for ps in line.values()
                                                            for q in ps]]
    texts = [t for t in texts if t.strip()]
    return bool(texts) and sum(1 for t in texts if is_template_text(t)) >= max(1, int(0.6 * len(texts)))


def context_headings(found: FoundTable) -> list[str]:
    """Headings and title lines that name the table: its context paragraphs and its own title rows."""
    out = [p.text.strip() for p in found.context if p.text.strip() and (p.heading or p.bold)]
    out += [p.text.strip() for p in found.parsed.title]
    if not out:
        out = [p.text.strip() for p in found.context[:2] if p.text.strip()]
    return out


__all__ = ["walk", "DocumentParts", "FoundTable", "Unplaced", "context_headings", "norm_loose"]
