"""The header block and the front sections (Introduction, Summary of assessment, Key mitigations)."""

from __future__ import annotations

import re

from .document import DocumentParts
from .package import Package
from .reader import Para
from .report import ImportReport
from .wording import norm, similar, strip_typed_bullet

# Placeholders cia's own export writes where there is nothing (never the author's words).
NOT_WRITTEN = "Not yet written."
NOT_GIVEN = "Not given"
KEY_MITIGATIONS_LEADS = (
    "Based on the assessment below, this CIA makes the following overarching recommendations to mitigate "
    "the risks identified:",
)

def _person(text: str):  # type: ignore[no-untyped-def]
    from ..model import Person

    text = " ".join(text.split())
    m = re.match(r"^(.*?)\s*\((.*)\)$", text)
    if m and m.group(1):
        return Person(name=m.group(1), role=m.group(2))
    return Person(name=text)


def _split_people(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        parts = [p.strip() for p in line.split("; ")]
        if len(parts) > 1 and all(re.search(r"\(.*\)$", p) for p in parts):
            out.extend(parts)
        else:
            out.append(line)
    return out


def fill_header(a, parts: DocumentParts, package: Package, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    from ..model import STATUS_LABELS, Engagement

    h = {k: [v for v in values if v != NOT_GIVEN] for k, values in parts.header.items()}
    header = a.header
    title = " ".join(h.get("title", [])) or parts.title_line or parts.heading_title
    if not title:
        core_title = package.core.get("title", "")
        title = re.sub(r"^(?:community impact assessment|checklist and executive summary):\s*", "", core_title,
                       flags=re.I)
    header.title = title
    if h.get("sponsor"):
        header.sponsor = _person(" ".join(h["sponsor"]))
    if h.get("leads"):
        header.leads = [_person(x) for x in _split_people(h["leads"])]
    for key in ("author", "date_completed", "decision", "directorate"):
        if h.get(key):
            setattr(header, key, " ".join(h[key]))
    if h.get("status"):
        # a Word document is not a review record: the import is a draft, whatever the document says
        said = " ".join(h["status"])
        if norm(said) != norm(STATUS_LABELS.get("draft", "Draft")):
            report.warnings.append(f"the document's status is “{said}”; it is imported as a draft (review and "
                                   "sign-off are recorded in cia, with their trail)")
    if h.get("engagement"):
        text = "\n".join(h["engagement"])
        m = re.match(r"^(yes|no)\b[:.]?\s*(.*)$", text, re.I | re.S)
        if m:
            header.engagement = Engagement(took_place=m.group(1).lower() == "yes", details=m.group(2).strip())
        else:
            header.engagement = Engagement(details=text)
    report.header_fields = [label for label in dict.fromkeys(parts.labels) if norm(label) != "status"]
    if not h.get("title") and title:
        report.header_fields.insert(0, "title line")


def _prose(paras: list[Para]) -> str:
    chunks: list[str] = []
    for p in paras:
        text = p.text.strip()
        if not text or text == NOT_WRITTEN:
            continue
        bare, typed = strip_typed_bullet(text)
        if p.list_kind == "bullet" or typed:
            line = "- " + bare
            if chunks:
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
        else:
            chunks.append(text)
    return "\n\n".join(chunks)


def fill_front(a, parts: DocumentParts, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    edition = a.template
    leads = list(KEY_MITIGATIONS_LEADS)
    section = getattr(edition, "front_section", None)
    if callable(section):
        km = section("key_mitigations")
        if km is not None and getattr(km, "lead", ""):
            leads.append(km.lead)
    for key, paras in parts.front.items():
        if key == "key_mitigations":
            points = []
            for p in paras:
                text = p.text.strip()
                if not text or text == NOT_WRITTEN or any(similar(text, lead) > 0.97 for lead in leads):
                    continue
                points.append(strip_typed_bullet(text)[0])
            a.key_mitigations = points
        else:
            setattr(a, key, _prose(paras))
        if getattr(a, key):
            report.front_sections.append({"introduction": "Introduction", "summary": "Summary of assessment",
                                          "key_mitigations": "Key mitigations"}[key])


