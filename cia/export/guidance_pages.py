"""The council's guidance as the classic template prints it at the front of a CIA, and its closing
"Submitting a CIA" instruction: all wording from the assessment's edition.

An edition whose guidance is not printed (the 2024 layout), or one without guidance data, gets none.
"""

from __future__ import annotations

from ..model import Assessment
from .writer import Block, DocWriter, Table, column_widths

COLUMN_FIELDS = ("groups", "benefits", "risks", "mitigations")


def _guidance(a: Assessment):  # type: ignore[no-untyped-def]
    guidance = getattr(a.template, "guidance", None)
    if guidance is None or not getattr(guidance, "printed", False):
        return None
    return guidance


def guidance_printed(a: Assessment) -> bool:
    """Whether the edition prints its guidance in the full CIA."""
    return _guidance(a) is not None


def write_guidance(w: DocWriter, a: Assessment) -> bool:
    """"Completing a CIA", the column guidance table with its "Please note" and Evidence Base rows, and the
    categories instruction. Returns whether anything was written."""
    g = _guidance(a)
    if g is None:
        return False
    wrote = False
    if g.completing:
        w.heading(g.completing_heading or "Completing a CIA", 2)
        w.bullets(g.completing)
        wrote = True
    table = _columns_table(a, g)
    if table is not None:
        w.heading(g.template_table_heading or "Completing the CIA template", 2)
        if g.template_table_intro:
            w.para(g.template_table_intro, keep_next=True)
        w.table(table)
        wrote = True
    if g.categories_instruction:
        w.para(g.categories_instruction, after_table=table is not None)
        wrote = True
    return wrote


def _columns_table(a: Assessment, g) -> Table | None:  # type: ignore[no-untyped-def]
    columns = dict(g.columns)
    if not columns:
        return None
    first = a.template.categories[0]
    headings = []
    fields = []
    for f in COLUMN_FIELDS:
        if f in columns:
            heading = first.column_heading(f) if hasattr(first, "column_heading") else f.capitalize()
            headings.append(heading or f.capitalize())
            fields.append(f)
    widths = column_widths([1 / len(fields)] * len(fields))
    table = Table(
        caption="Completing the CIA template",
        description="What each column of the category tables asks for: " + ", ".join(headings) + ".",
        columns=headings,
        widths=widths,
    )
    table.rows = [[[("p", text, "") for text in columns[f]] for f in fields]]
    if g.please_note:
        note: list[Block] = [("p", "Please note:", "b")] + [("li", t, "") for t in g.please_note]
        table.closing_rows.append(note)
    if g.evidence:
        table.closing_rows.append([("p", g.evidence_label, "b"), ("p", g.evidence, "")])
    table.keep_together = True
    return table


def write_submitting(w: DocWriter, a: Assessment) -> None:
    """The closing instruction (2021: under "Submitting a CIA"; 2020: the same text without a heading)."""
    g = _guidance(a)
    if g is None or not g.submitting:
        return
    if g.submitting_heading:
        w.heading(g.submitting_heading, 2)
    w.para(g.submitting, keep_next=True, after_table=not g.submitting_heading)
