"""Word documents laid out the way the council's CIA template lays them out, built with python-docx.

Built from the transcriptions in ``/work/shared/reference/examples`` (copied into ``tests/data``) so that
tests can check every point, area, N/A, reference and link the importer reads back. Options produce the
variations found in real documents: header fields in a table or as paragraphs, guiding questions under
the area names, merged cells, a header row repeated after a page break, a row split across a page break
(its continuation a new row with an empty area cell), a renamed heading, trailing colons on area names,
"Access to jobs/ good quality jobs", bullets typed as "•", and a table split into two at a page break.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

DATA = Path(__file__).resolve().parent / "data"
CDP2020 = DATA / "communities-delivery-plan-2020.json"
CX2024 = DATA / "customer-experience-2024.json"

FIELDS = ("groups", "benefits", "risks", "mitigations")


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


@dataclass
class Variant:
    header_table: bool = True
    """Header fields in a two-column table (else "Label: value" paragraphs)."""
    questions: dict[str, str] = field(default_factory=dict)
    """Area name -> guiding question printed under the name in the area cell (2021 style)."""
    repeat_header_before: set[str] = field(default_factory=set)
    """Area names before whose row the header row is repeated as an ordinary row (a page break)."""
    split_rows: set[str] = field(default_factory=set)
    """Area names whose row is split in two: the second half of every cell in a continuation row."""
    rename_headings: dict[str, str] = field(default_factory=dict)
    """Section key -> heading printed instead of the section title."""
    trailing_colons: bool = False
    area_names: dict[str, str] = field(default_factory=dict)
    """Area name -> name printed instead (e.g. "Access to jobs/ good quality jobs")."""
    typed_bullets: set[str] = field(default_factory=set)
    """Area names whose cell points are typed with a leading "• " instead of a list style."""
    split_table_before: str = ""
    """Area name before which the table ends and a new table (with its header row) begins."""
    title_in_table: bool = False
    """Section title and description in a full-width first row of the table (2020 style)."""
    merged: dict[str, list[dict[str, list[str]]]] = field(default_factory=dict)
    """Area name -> impact lines; the area cell is merged vertically over one sub-row per line."""
    guidance: bool = True
    na_span: set[str] = field(default_factory=set)
    """Area names whose Benefits, Risks and Mitigations are one merged cell saying "N/A"."""


def _link(paragraph, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    hl = OxmlElement("w:hyperlink")
    hl.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    rpr.append(style)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    hl.append(run)
    paragraph._p.append(hl)


def _mark_header(row) -> None:  # type: ignore[no-untyped-def]
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def _cell_paras(cell, items: list[str], *, bullets: bool, typed: bool = False, bold_first: str = "",
                question: str = "") -> None:  # type: ignore[no-untyped-def]
    """Fill a cell: optional bold name (and italic question), then one paragraph per item."""
    first = cell.paragraphs[0]
    used_first = False
    if bold_first:
        first.add_run(bold_first).bold = True
        used_first = True
        if question:
            p = cell.add_paragraph()
            p.add_run(question).italic = True
    for item in items:
        if not used_first:
            p = first
            used_first = True
        else:
            p = cell.add_paragraph()
        if typed:
            p.add_run("• " + item)
        else:
            if bullets:
                p.style = "List Bullet"
            p.add_run(item)


def _set_span(cell, span: int) -> None:  # type: ignore[no-untyped-def]
    tcpr = cell._tc.get_or_add_tcPr()
    gs = OxmlElement("w:gridSpan")
    gs.set(qn("w:val"), str(span))
    tcpr.append(gs)


def _vmerge(cell, restart: bool) -> None:  # type: ignore[no-untyped-def]
    tcpr = cell._tc.get_or_add_tcPr()
    vm = OxmlElement("w:vMerge")
    if restart:
        vm.set(qn("w:val"), "restart")
    tcpr.append(vm)


def _full_width_row(table, texts: list[tuple[str, bool]]) -> None:  # type: ignore[no-untyped-def]
    """A row whose single cell spans the whole table (python-docx merge)."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    first = True
    for text, bold in texts:
        p = merged.paragraphs[0] if first else merged.add_paragraph()
        first = False
        p.add_run(text).bold = bold
    return merged


def _evidence_paras(cell_or_doc, items: list[dict], *, first_para=None) -> None:  # type: ignore[no-untyped-def]
    for n, item in enumerate(items):
        p = first_para if (n == 0 and first_para is not None) else cell_or_doc.add_paragraph()
        p.style = "List Bullet"
        p.add_run(item["text"])
        for link in item.get("links", []):
            p.add_run(" ")
            _link(p, link["url"], link["label"])


def _area_label(name: str, v: Variant) -> str:
    name = v.area_names.get(name, name)
    return name + ":" if v.trailing_colons else name


def _header(doc, data: dict, v: Variant) -> None:  # type: ignore[no-untyped-def]
    fields = [(f["label"], f["value"]) for f in data["header_fields"]]
    if data.get("template_version") == "2024":
        for label, value in fields:
            if label:
                p = doc.add_paragraph()
                p.add_run(f"{label}: ").bold = True
                p.add_run(value)
            else:
                doc.add_paragraph(value, style="Heading 2")
        return
    if v.header_table:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in fields:
            row = table.add_row()
            row.cells[0].paragraphs[0].add_run(f"{label}:").bold = True
            values = value.split("; ") if label.startswith("Project Manager") else [value]
            row.cells[1].paragraphs[0].add_run(values[0])
            for extra in values[1:]:
                row.cells[1].add_paragraph(extra)
    else:
        for label, value in fields:
            p = doc.add_paragraph()
            p.add_run(f"{label}:").bold = True
            p.add_run("\t" + value.replace("; ", "\n"))


def _guidance(doc, data: dict) -> None:  # type: ignore[no-untyped-def]
    b = data["boilerplate"]
    doc.add_paragraph(b["completing_a_cia_heading"], style="Heading 2")
    for text in b["completing_a_cia"]:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_paragraph(b["template_table_heading"], style="Heading 2")
    doc.add_paragraph(b["template_table_intro"])
    cols = list(b["column_guidance"])
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, cols):
        cell.paragraphs[0].add_run(name).bold = True
    row = table.add_row()
    for cell, name in zip(row.cells, cols):
        _cell_paras(cell, b["column_guidance"][name], bullets=False)
    _full_width_row(table, [("Please note:", True)] + [(t, False) for t in b["please_note"]])
    ev = b["evidence_base_guidance"]
    _full_width_row(table, [(ev["label"], True), (ev["text"], False)])
    doc.add_paragraph(b["categories_instruction"])


def _front(doc, data: dict) -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph(data["assessment_heading"], style="Heading 1")
    doc.add_paragraph(data["introduction_heading"], style="Heading 2")
    doc.add_paragraph(data["introduction"])
    doc.add_paragraph(data["summary_heading"], style="Heading 2")
    for para in data["summary_paragraphs"]:
        doc.add_paragraph(f"{para['number']} {para['text']}")
        for bullet in para["bullets"]:
            doc.add_paragraph(bullet, style="List Bullet")
    doc.add_paragraph(data["key_mitigations_heading"], style="Heading 2")
    doc.add_paragraph(data["key_mitigations_intro"])
    for item in data["key_mitigations"]:
        doc.add_paragraph(item, style="List Bullet")


def _columns(section: dict, with_groups: bool) -> list[str]:
    return list(section["columns"]) if with_groups else list(section["columns"])


def _header_row(table, columns: list[str], *, mark: bool) -> None:  # type: ignore[no-untyped-def]
    row = table.add_row()
    for cell, name in zip(row.cells, columns):
        cell.paragraphs[0].add_run(name).bold = True
    if mark:
        _mark_header(row)


def _halves(items: list[str]) -> tuple[list[str], list[str]]:
    cut = (len(items) + 1) // 2
    return items[:cut], items[cut:]


def _row(table, section: dict, r: dict, v: Variant, group_col: bool) -> None:  # type: ignore[no-untyped-def]
    fields = FIELDS if group_col else FIELDS[1:]
    name = r["area"]
    label = _area_label(name, v)
    if r.get("area_description"):
        label = f"{label} - {r['area_description']}"
    typed = name in v.typed_bullets
    if name in v.merged:
        lines = v.merged[name]
        for n, line in enumerate(lines):
            row = table.add_row()
            if n == 0:
                _cell_paras(row.cells[0], [], bullets=False, bold_first=label, question=v.questions.get(name, ""))
            _vmerge(row.cells[0], restart=n == 0)
            for cell, f in zip(row.cells[1:], fields):
                _cell_paras(cell, line.get(f, []), bullets=False)
        return
    if name in v.split_rows:
        first = {f: _halves(r[f])[0] for f in fields}
        second = {f: _halves(r[f])[1] for f in fields}
        parts = [first, second]
    else:
        parts = [{f: r[f] for f in fields}]
    if name in v.na_span:
        row = table.add_row()
        _cell_paras(row.cells[0], [], bullets=False, bold_first=label, question=v.questions.get(name, ""))
        offset = 1 if group_col else 0
        if group_col:
            _cell_paras(row.cells[1], r["groups"], bullets=False)
        merged = row.cells[1 + offset].merge(row.cells[-1])
        merged.paragraphs[0].add_run("N/A")
        return
    for n, part in enumerate(parts):
        row = table.add_row()
        if n == 0:
            _cell_paras(row.cells[0], [], bullets=False, bold_first=label, question=v.questions.get(name, ""))
        for cell, f in zip(row.cells[1:], fields):
            items = part[f]
            _cell_paras(cell, items, bullets=len(items) > 1 or f != "groups", typed=typed)


def _category(doc, data: dict, section: dict, v: Variant) -> None:  # type: ignore[no-untyped-def]
    title = v.rename_headings.get(section["key"], section["title"])
    group_col = len(section["columns"]) == 5
    if not v.title_in_table:
        doc.add_paragraph(title, style="Heading 2")
        if section["description"]:
            doc.add_paragraph(section["description"])
    if section["prompts"]:
        doc.add_paragraph(section["prompts_intro"]).runs[0].bold = True
        for prompt in section["prompts"]:
            doc.add_paragraph(prompt, style="List Number")
    columns = section["columns"]
    table = doc.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    if v.title_in_table:
        _full_width_row(table, [(f"{title} – {section['description']}", True)])
    _header_row(table, columns, mark=True)
    for r in section["rows"]:
        if r["area"] == v.split_table_before:
            brk = doc.add_paragraph()
            brk.add_run().add_break(WD_BREAK.PAGE)
            table = doc.add_table(rows=0, cols=len(columns))
            table.style = "Table Grid"
            _header_row(table, columns, mark=True)
        if r["area"] in v.repeat_header_before:
            _header_row(table, columns, mark=False)
        _row(table, section, r, v, group_col)
    for note in section.get("template_notes", []):
        _full_width_row(table, [(note, False)])
    if section["evidence_label"] or section["evidence"]:
        cell = _full_width_row(table, [(section["evidence_label"] or "Evidence Base:", True)])
        _evidence_paras(cell, section["evidence"])


def build(data: dict, path: Path, variant: Variant | None = None) -> Path:
    """Write ``data`` (a transcription) as a council-layout .docx at ``path``."""
    v = variant or Variant()
    doc = Document()
    if data["template_version"] != "2024":
        doc.add_paragraph("Staffordshire County Council")
    doc.add_paragraph(data.get("document_title") or "Community Impact Assessment", style="Title")
    _header(doc, data, v)
    if data["template_version"] != "2024" and v.guidance and data.get("boilerplate"):
        _guidance(doc, data)
    if data.get("introduction"):
        _front(doc, data)
        doc.add_paragraph("Community Impact Assessment", style="Heading 1")
    for section in data["sections"]:
        if data["template_version"] == "2024" and section["key"] == "workforce":
            doc.add_paragraph("➤ " + section["title"], style="Heading 2")
            section = dict(section, rows=[dict(r, groups=[]) for r in section["rows"]])
            _category_plain(doc, section, v)
        elif data["template_version"] == "2024":
            _category_plain(doc, section, v)
        else:
            _category(doc, data, section, v)
    closing = data.get("closing_instruction") or {}
    if closing.get("heading"):
        doc.add_paragraph(closing["heading"], style="Heading 2")
    if closing.get("text"):
        doc.add_paragraph(closing["text"])
    doc.save(str(path))
    return path


def _category_plain(doc, section: dict, v: Variant) -> None:  # type: ignore[no-untyped-def]
    """A 2024 table: no title or description above it, no groups column, no evidence row."""
    columns = section["columns"]
    table = doc.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    _header_row(table, columns, mark=True)
    for r in section["rows"]:
        if r["area"] in v.repeat_header_before:
            _header_row(table, columns, mark=False)
        _row(table, section, r, v, group_col=False)


def with_rows(data: dict, key: str, rows: list[dict]) -> dict:
    """A copy of ``data`` whose section ``key`` has ``rows`` instead."""
    out = copy.deepcopy(data)
    for section in out["sections"]:
        if section["key"] == key:
            section["rows"] = rows
    return out
