"""The full CIA, published as a Background Paper.

Layout, following the council template: the title and header block and the front
sections (Introduction, Summary of assessment, Summary of key mitigations /
recommendations) on portrait pages; then each category on landscape pages: title,
description (and PSED's "Please consider" prompts), the five-column table, template
notes and the evidence base; then the sign-off block.
"""

from __future__ import annotations

from ..model import Assessment, EvidenceItem
from . import cells
from .common import core_properties, draft_notice, signoff_table, status_mark, write_header_block
from .figures import exported_sections
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


def has_front(a: Assessment) -> bool:
    return bool(a.template.front_sections or a.introduction or a.summary or a.key_mitigations)


def _front(w: DocWriter, a: Assessment) -> None:
    for key, heading in FRONT_SECTIONS:
        w.heading(heading, 2)
        if key == "key_mitigations":
            if a.key_mitigations:
                w.para(KEY_MITIGATIONS_LEAD)
                w.bullets(a.key_mitigations)
            else:
                w.para(NOT_WRITTEN, fmt="i")
        else:
            text = getattr(a, key)
            if text:
                w.prose(text)
            else:
                w.para(NOT_WRITTEN, fmt="i")


def evidence_runs(w: DocWriter, item: EvidenceItem) -> str:
    xml = run(item.citation) if item.citation else ""
    if item.date:
        xml += run(f" ({item.date})" if item.citation else item.date)
    if item.url:
        xml += (run(" ") if xml else "") + w.link_runs(item.url)
    return xml


def build_full(a: Assessment) -> bytes:
    w = DocWriter()
    front = has_front(a)
    w.landscape = not front
    mark = status_mark(a)

    w.heading(DOCUMENT, 1)
    if mark:
        w.notice(draft_notice(a, "assessment"))
    write_header_block(w, a, engagement=True)
    if front:
        _front(w, a)
        w.end_section()

    for n, (section, category) in enumerate(exported_sections(a)):
        w.heading(category.title, 2, page_break=n > 0)
        if category.description:
            w.para(category.description)
        if category.prompts:
            w.para(category.prompts_intro or "Please consider:", fmt="b", keep_next=True)
            w.bullets(category.prompts)
        w.table(cells.category_table(a, section, category))
        for note in category.notes:
            w.para(runs=run("Note: ", "b") + run(note), style="Note")
        if category.has_evidence:
            w.heading("Evidence Base", 3)
            if section.evidence:
                for item in section.evidence:
                    w.bullet_runs(evidence_runs(w, item))
            else:
                w.para(NO_EVIDENCE, fmt="i")

    w.heading("Sign-off", 2)
    w.table(signoff_table(a, LANDSCAPE_WIDTH))

    title = a.header.title
    return w.finish(
        header_left=f"{DOCUMENT}: {title}" if title else DOCUMENT,
        header_right=mark,
        core=core_properties(a, DOCUMENT),
    )
