"""The full CIA, published as a Background Paper.

Layout, following the council template: the title and header block and the front
sections (Introduction, Summary of assessment, Summary of key mitigations /
recommendations) on portrait pages; then the categories on landscape pages, one after
another: title, description (and PSED's "Please consider" prompts), the table, closed
by full-width rows for the template notes and the Evidence Base; then the sign-off block.
"""

from __future__ import annotations

import re

from ..model import Assessment, EvidenceItem
from . import cells
from .common import (core_properties, custom_properties, draft_notice, signoff_table, status_mark,
                     write_header_block)
from .figures import exported_sections
from .guidance_pages import guidance_printed, write_guidance, write_submitting
from .writer import LANDSCAPE_WIDTH, DocWriter, run

DOCUMENT = "Community Impact Assessment"

FRONT_SECTIONS = (
    ("introduction", "1. Introduction"),
    ("summary", "2. Summary of assessment"),
    ("key_mitigations", "3. Summary of key mitigations / recommendations"),
)
KEY_MITIGATIONS_LEAD = (
    "Based on the assessment below, this CIA makes the following overarching recommendations to mitigate "
    "the risks identified:"
)
NOT_WRITTEN = "Not yet written."
NO_EVIDENCE = "No evidence base has been given."
LONG_HEADING = 60
"""Characters: a longer column heading is shortened in the repeating header row."""



def front_sections(a: Assessment) -> list[tuple[str, str, str]]:
    """(key, heading, lead) of each front section, as the edition prints them."""
    listed = getattr(a.template, "front", None)
    if listed is None:  # an edition without front section definitions: the classic wording
        if not a.template.front_sections:
            return []
        return [(key, heading, KEY_MITIGATIONS_LEAD if key == "key_mitigations" else "")
                for key, heading in FRONT_SECTIONS]
    return [(f.key, f.heading, f.lead) for f in listed]


def has_front(a: Assessment) -> bool:
    return bool(front_sections(a) or a.introduction or a.summary or a.key_mitigations)


def _front(w: DocWriter, a: Assessment) -> None:
    sections = front_sections(a) or [(key, heading, KEY_MITIGATIONS_LEAD if key == "key_mitigations" else "")
                                     for key, heading in FRONT_SECTIONS]
    for key, heading, lead in sections:
        w.heading(heading, 2)
        if key == "key_mitigations":
            if a.key_mitigations:
                if lead:
                    w.para(lead, keep_next=True)
                w.bullets(a.key_mitigations)
            else:
                w.para(NOT_WRITTEN, fmt="i")
        else:
            text = getattr(a, key)
            if text:
                w.prose(text)
            else:
                w.para(NOT_WRITTEN, fmt="i")


_LABEL_LINK = re.compile(r"\[([^\[\]\n]+)\](?:\(([^()\s]*)\))?")
"""A link written as "[label](address)" or "[label]" (the item's own address) inside a citation."""


def evidence_runs(w: DocWriter, item: EvidenceItem) -> str:
    """An evidence item: the citation is the link text (the address is the link's target, not printed);
    labels in brackets become links without their brackets; the date follows in brackets."""
    citation, url = item.citation, item.url
    xml = ""
    if citation and _LABEL_LINK.search(citation):
        pos, used_own = 0, False
        for m in _LABEL_LINK.finditer(citation):
            xml += w.text_runs(citation[pos:m.start()]) if m.start() > pos else ""
            label, target = m.group(1), m.group(2)
            if target is None and url and not used_own:
                target, used_own = url, True
            if target and "://" in target or (target or "").lower().startswith("mailto:"):
                xml += w.link_runs(target, label)
            else:
                xml += run(label)
            pos = m.end()
        xml += w.text_runs(citation[pos:]) if pos < len(citation) else ""
        if url and not used_own and url not in citation:
            xml += run(" ") + w.link_runs(url)
    elif citation:
        xml = w.link_runs(url, citation) if url else w.text_runs(citation)
    elif url:
        xml = w.link_runs(url)
    if item.date:
        xml += run(f" ({item.date})" if xml else item.date)
    return xml


def long_heading(text: str, limit: int = LONG_HEADING) -> tuple[str, str]:
    """(header-row text, full wording to print once above the table) for a column heading.

    A heading longer than ``limit`` characters would fill a fifth of every page it repeats on; its lead
    ("Who will be affected") goes in the header row and the whole wording once, above the table.
    """
    if len(text) <= limit:
        return text, ""
    for sep in (" – ", " — ", " - ", ": ", " ("):
        lead = text.split(sep, 1)[0].strip()
        if 0 < len(lead) <= limit and lead != text:
            return lead, text
    return text, ""


def build_full(a: Assessment) -> bytes:
    w = DocWriter()
    guidance = guidance_printed(a)
    front = has_front(a)
    w.landscape = not (front or guidance)
    mark = status_mark(a)
    document = getattr(a.template, "heading", "") or DOCUMENT

    w.heading(document, 1)
    if mark:
        w.notice(draft_notice(a, "assessment"))
    write_header_block(w, a, engagement=True)
    if guidance:
        write_guidance(w, a)
    if front:
        _front(w, a)
    if front or guidance:
        w.end_section()

    sections = exported_sections(a)
    for n, (section, category) in enumerate(sections):
        w.heading(category.title, 2)
        if category.description:
            w.para(category.description, keep_next=True)
        if category.prompts:
            w.para(category.prompts_intro or "Please consider:", fmt="b", keep_next=True)
            w.bullets(category.prompts, keep_together=True, keep_next=True)
        table = cells.category_table(a, section, category)
        header, full_heading = long_heading(table.columns[0])
        note = getattr(getattr(category, "columns", None), "area_note", "")
        if full_heading or note:
            # the whole wording once; the header row (repeated on every page) keeps only its lead
            table.columns = [header, *table.columns[1:]]
            w.para(" ".join(t for t in (full_heading or header, note) if t), style="Note", fmt="i",
                   keep_next=True)
        for note in category.notes:
            table.closing_rows.append([("xp", run("Note: ", "b") + run(note), "")])
        if category.has_evidence:
            label = evidence_label(category.evidence_label)
            cell: list = [("p", label, "b")]
            if section.evidence:
                cell += [("xli", evidence_runs(w, item), "") for item in section.evidence]
            else:
                cell.append(("p", NO_EVIDENCE, "i"))
            table.closing_rows.append(cell)
        # The last category keeps its end with the sign-off, so that never stands alone on a page.
        table.keep_with_next = n == len(sections) - 1
        w.table(table)

    write_submitting(w, a)
    w.heading("Sign-off", 2)
    signoff = signoff_table(a, LANDSCAPE_WIDTH)
    signoff.keep_together = True
    w.table(signoff)

    title = a.header.title
    return w.finish(
        header_left=f"{document}: {title}" if title else document,
        header_right=mark,
        core=core_properties(a, DOCUMENT),
        custom=custom_properties(a, "full"),
    )


def evidence_label(label: str) -> str:
    """The edition's evidence label, as the template prints it at the head of the Evidence Base row."""
    return " ".join(label.split()) or "Evidence Base:"
