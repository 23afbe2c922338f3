"""The Checklist and Executive Summary that cia exports beside the full CIA: its executive summary and
key risks come back in with the full CIA (the same export, recognised by the assessment id it records).

The executive summary is kept only if it differs from the one cia would draft (an unedited draft keeps
following the assessment). A key risk row ("Category – Area", the risk, "Owner: …; Target date: …", the
residual rating) marks that risk as key and restores its owner, due date and rating. Rows shown only as
proposals (no key risks chosen yet) mark nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from .build import ImportResult, recorded_source
from .front import _prose
from .package import DocxImportError, open_package
from .reader import Para, Table, read_blocks
from .wording import norm

SUFFIXES = ("-full-cia.docx", "-summary.docx")
PROPOSED = re.compile(r"^Proposed: no key risks have been chosen\b")


def sibling(path: Path) -> Path | None:
    name = path.name
    if name.endswith(SUFFIXES[0]):
        candidate = path.with_name(name[: -len(SUFFIXES[0])] + SUFFIXES[1])
        return candidate if candidate.is_file() else None
    return None


def read_summary_beside(result: ImportResult, path: Path, explicit: Path | None = None) -> None:
    """Read the summary document exported with ``path`` (or ``explicit``) into ``result``, if it is one."""
    target = explicit or sibling(path)
    if target is None:
        return
    try:
        package = open_package(target)
    except DocxImportError as exc:
        if explicit is not None:
            raise
        result.report.warnings.append(f"the summary document beside it was not read: {exc}")
        return
    if not result.source_id or recorded_source(package)[0] != result.source_id:
        if explicit is not None:
            raise DocxImportError(f"{target.name}: this summary was not exported from the same assessment as "
                                  f"{path.name}")
        return
    apply_summary(result, read_blocks(package))


def apply_summary(result: ImportResult, blocks: list[Para | Table]) -> None:
    a, report = result.assessment, result.report
    mode = ""
    prose: list[Para] = []
    key_tables: list[Table] = []
    proposed = False
    for block in blocks:
        if isinstance(block, Table):
            if mode == "risks":
                key_tables.append(block)
            continue
        text = block.text.strip()
        if block.heading:
            low = norm(text)
            mode = "summary" if low == "executive summary" else "risks" if low.startswith("key risks") else ""
            continue
        if mode == "summary" and text:
            prose.append(block)
        elif mode == "risks" and PROPOSED.match(text):
            proposed = True
    text = _prose(prose)
    if text:
        from ..export import draft_executive_summary

        try:
            drafted = draft_executive_summary(a)
        except Exception:  # noqa: BLE001 - a draft that cannot be made is simply not equal
            drafted = ""
        if " ".join(text.split()) != " ".join(drafted.split()):
            a.executive_summary = text
            report.executive_summary = True
    if proposed:
        return
    for table in key_tables:
        for row in table.rows[1:]:
            _key_risk(a, row, report)


def _key_risk(a, row, report) -> None:  # type: ignore[no-untyped-def]
    from ..model.risks import RATING_LABELS

    if len(row.cells) < 2:
        return
    paras = [p.text.strip() for p in row.cells[0].paras if p.text.strip()]
    if len(paras) < 2:
        return
    where, text = paras[0], paras[1]
    details = paras[2] if len(paras) > 2 else ""
    rating_text = row.cells[1].text.strip() if len(row.cells) > 2 else ""
    for section in a.sections:
        category = a.category(section.key)
        titles = {category.title, category.short_title} if category else {section.key}
        for entry in section.entries:
            if where not in {f"{t} – {a.area_name(section.key, entry)}" for t in titles}:
                continue
            for risk in entry.risks:
                if risk.text == text:
                    risk.key = True
                    m = re.search(r"Owner: (.*?)(?:; Target date: |$)", details)
                    if m:
                        risk.owner = m.group(1).strip()
                    m = re.search(r"Target date: (.*)$", details)
                    if m:
                        risk.due = m.group(1).strip()
                    for value, label in RATING_LABELS.items():
                        if value and label == rating_text:
                            risk.rating = value
                    report.key_risks += 1
                    return
