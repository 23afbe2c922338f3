"""Readiness checks: is this assessment ready to submit?

:func:`check` returns a list of :class:`Finding`, each with an exact location the
UI can jump to, a level (error or warning) and a plain-English message. It never
raises: a check that cannot run becomes a finding itself.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Literal, NamedTuple

from .model import FIELD_LABELS, AreaEntry, Assessment, is_real_risk
from .text import pattern, shorten

Level = Literal["error", "warning"]

DETAILS = "details"
"""Location section for header fields (the Details step)."""
FRONT = "front"
"""Location section for the introduction, summary and key mitigations."""
SIGNOFF = "signoff"


class Location(NamedTuple):
    """Where a finding is. ``section`` is DETAILS, FRONT, SIGNOFF or a category key.

    Location and Finding are NamedTuples rather than frozen dataclasses: defining a dataclass costs about half
    a millisecond, paid by every command that checks an assessment."""

    section: str
    area: str | None = None
    """Area key within a category section."""
    field: str | None = None
    """Field name: a header field, "introduction", "groups", "risks", "evidence", …"""
    index: int | None = None
    """Index within a list field (a point, an evidence item, a lead)."""

    @property
    def path(self) -> str:
        parts = [self.section]
        if self.area:
            parts.append(self.area)
        if self.field:
            parts.append(self.field)
        if self.index is not None:
            parts.append(str(self.index + 1))
        return "/".join(parts)


class Finding(NamedTuple):
    level: Level
    location: Location
    message: str
    code: str
    """Stable identifier of the rule, e.g. "area-not-assessed"."""
    where: str = ""
    """Human description of the location, e.g. "PSED › Race › Risks"."""

    @property
    def is_error(self) -> bool:
        return self.level == "error"


# --- personal details -------------------------------------------------------------------------------

# Compiled on first use (cia.text.pattern): showing an assessment needs none of them.
EMAIL_RE = r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b"
# Full UK postcodes (outward + inward), upper case as written on post.
POSTCODE_RE = r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b"
NI_RE = r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
PHONE_CANDIDATE_RE = r"(?<![\w£$.,/])(?:\+44\s?\(?0?\)?\s?|\(?0)\d[\d\s\-()]{7,14}\d(?![\w/])"


def _phone_like(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if digits.startswith("44"):
        digits = "0" + digits[2:].lstrip("0")
    return len(digits) in (10, 11) and digits[0] == "0" and digits[1] in "12378"


def personal_details(text: str) -> list[str]:
    """Kinds of personal detail that ``text`` appears to contain."""
    kinds = []
    if "@" in text and pattern(EMAIL_RE).search(text):  # (the pattern compiled only for a text that could match)
        kinds.append("an email address")
    if any(_phone_like(m.group(0)) for m in pattern(PHONE_CANDIDATE_RE).finditer(text)):
        kinds.append("a phone number")
    if pattern(POSTCODE_RE).search(text):
        kinds.append("a postcode")
    if pattern(NI_RE).search(text):
        kinds.append("a National Insurance number")
    return kinds


# --- the checks ---------------------------------------------------------------------------------------


class _Collector:
    def __init__(self, assessment: Assessment) -> None:
        self.a = assessment
        self.findings: list[Finding] = []

    def add(self, level: Level, code: str, message: str, location: Location, where: str) -> None:
        self.findings.append(Finding(level, location, message, code, where))


AreaFindings = Callable[[Assessment, str, AreaEntry], "tuple[list[Finding], list[Finding]]"]


def check(assessment: Assessment, *, areas: AreaFindings | None = None) -> list[Finding]:
    """All readiness findings for an assessment, errors and warnings, in document order.

    ``areas(assessment, section_key, entry)`` gives one area's findings as (its rules' findings, its
    personal-details warnings); by default :func:`area_parts`. The app passes a cache of it, so that
    while one area is edited only that area is checked again.
    """
    c = _Collector(assessment)
    from .screening import findings as screening_findings, not_needed

    for level, code, message in screening_findings(assessment):  # still to be screened, or screened out
        field = "title" if code == "header-missing" else "screening"
        c.add(level, code, message, Location(DETAILS, field=field), "Screening")  # type: ignore[arg-type]
    if not_needed(assessment):  # screened out: the screening record is what is reviewed and signed off
        return c.findings
    parts = areas or area_parts
    per_area: dict[tuple[str, str], tuple[list[Finding], list[Finding]]] = {}

    def area(section_key: str, entry: AreaEntry) -> tuple[list[Finding], list[Finding]]:
        key = (section_key, entry.key)
        if key not in per_area:
            per_area[key] = parts(assessment, section_key, entry)
        return per_area[key]

    for rule in (_header, _front, lambda c: _categories(c, area), _review, lambda c: _personal_details(c, area)):
        try:
            rule(c)
        except Exception as exc:  # a broken rule must not hide the others or crash the caller
            c.add("error", "check-failed", f"A check could not run ({type(exc).__name__}: {exc}).",
                  Location(DETAILS), "Checks")
    return c.findings


def is_ready(findings: list[Finding]) -> bool:
    return not any(f.is_error for f in findings)


def area_parts(assessment: Assessment, section_key: str, entry: AreaEntry) -> tuple[list[Finding], list[Finding]]:
    """One area's findings: (those of the area rules, the personal-details warnings on its texts).

    An area's findings depend on the area itself and, for "see first row", on its table's cross-cutting
    first row; on nothing else.
    """
    c = _Collector(assessment)
    category = assessment.category(section_key)
    if category is not None:
        try:
            _area(c, section_key, category, entry, assessment.cross_cutting_entry())
        except Exception as exc:  # as in check(): a broken rule becomes a finding
            c.add("error", "check-failed", f"A check could not run ({type(exc).__name__}: {exc}).",
                  Location(section_key, entry.key), "Checks")
    rules = c.findings
    c.findings = []
    title = category.short_title if category else section_key
    for location, where, text in _area_texts(assessment, section_key, title, entry):
        _personal_detail(c, location, where, text)
    return rules, c.findings


def check_area(assessment: Assessment, section_key: str, entry: AreaEntry) -> list[Finding]:
    """The findings for one area (for live feedback while editing it): this area's rules only."""
    rules, personal = area_parts(assessment, section_key, entry)
    return rules + personal


_HEADER_MESSAGES = {
    "title": "Give the name of the proposal.",
    "sponsor": "Name the project sponsor.",
    "leads": "Name at least one project manager or lead.",
    "author": "Name the author.",
    "date_completed": "Give the date the assessment was completed.",
    "decision": "Say which decision the assessment supports (e.g. \"Cabinet, 21 July 2021\").",
    "directorate": "Name the directorate.",
}


def _header(c: _Collector) -> None:
    h = c.a.header
    edition = c.a.template
    present = h.filled()
    labels = edition.labels
    for name in edition.required_header:
        if not present.get(name):
            label = labels.get(name, name)
            spec = edition.header_field(name)
            message = (spec.missing if spec is not None else "") or _HEADER_MESSAGES.get(name) or f"Fill in {label}."
            c.add("error", "header-missing", message, Location(DETAILS, field=name), f"Details › {label}")
    if h.sponsor.name and not h.sponsor.role and "sponsor" in edition.required_header:
        c.add("warning", "role-missing", "Give the project sponsor's role.", Location(DETAILS, field="sponsor"),
              f"Details › {labels['sponsor']}")
    for i, lead in enumerate(h.leads):
        if lead.name and not lead.role:
            c.add("warning", "role-missing", f"Give the role of {lead.name}.", Location(DETAILS, field="leads", index=i),
                  f"Details › {labels['leads']}")
    if h.engagement.took_place is None:
        c.add("warning", "engagement-unstated",
              "Say whether engagement or consultation took place, and with whom.",
              Location(DETAILS, field="engagement"), "Details › Engagement")
    elif h.engagement.took_place and not h.engagement.details:
        c.add("warning", "engagement-details",
              "Engagement took place: say with whom and what it found.",
              Location(DETAILS, field="engagement"), "Details › Engagement")


def _front(c: _Collector) -> None:
    edition = c.a.template

    def required(key: str) -> bool:
        section = edition.front_section(key)
        return section is not None and section.required

    if required("introduction") and not c.a.introduction:
        c.add("error", "introduction-missing",
              "Write the introduction: what the proposal is and which decision this CIA supports.",
              Location(FRONT, field="introduction"), "Introduction")
    if required("summary") and not c.a.summary:
        c.add("error", "summary-missing", "Write the summary of the assessment: the overall impact and main risks.",
              Location(FRONT, field="summary"), "Summary of assessment")
    any_risk = c.a.identifies_risks()
    if any_risk and required("key_mitigations") and not c.a.key_mitigations:
        c.add("error", "key-mitigations-missing",
              "The assessment identifies risks: list the key mitigations / recommendations.",
              Location(FRONT, field="key_mitigations"), "Summary of key mitigations / recommendations")


def _review(c: _Collector) -> None:
    a = c.a
    if a.summary_is_stale() and a.risks_changed is not None:
        when = a.risks_changed.strftime("%d %B %Y").lstrip("0")
        c.add("warning", "summary-stale",
              f"The executive summary was written before the risks or mitigations last changed ({when}); review it.",
              Location(FRONT, field="executive_summary"), "Executive summary")


def _categories(c: _Collector, area) -> None:
    a = c.a
    for section in a.sections:
        category = a.category(section.key)
        title = category.short_title if category else section.key
        if category is None:
            c.add("warning", "unknown-category",
                  f"This section is not part of the {a.template.title}; it will not be exported.",
                  Location(section.key), title)
            continue
        assessed = 0
        for entry in section.entries:
            c.findings.extend(area(section.key, entry)[0])
            assessed += entry.status == "assessed"
        if category.has_evidence and category.evidence_required and assessed and not section.evidence:
            c.add("error", "evidence-missing",
                  f"{title} has assessed areas but no evidence base: say what evidence the assessment rests on.",
                  Location(section.key, field="evidence"), f"{title} › Evidence base")


def _area(c: _Collector, section_key: str, category, entry: AreaEntry, cc: AreaEntry | None) -> None:
    a = c.a
    title = category.short_title
    name = a.area_name(section_key, entry)
    where = f"{title} › {name}"

    def loc(field: str | None = None, index: int | None = None) -> Location:
        return Location(section_key, entry.key, field, index)

    if entry.status == "not_assessed":
        if entry.has_content:
            msg = f"{name} has content but is not marked as assessed."
        else:
            msg = f"Assess {name}, or mark it N/A if there is no major impact."
        c.add("error", "area-not-assessed", msg, loc(), where)
        return
    if entry.status == "na":
        if entry.has_content:
            c.add("warning", "na-with-content",
                  f"{name} is marked N/A but still has points; they will not be exported.", loc(), where)
        return
    if category.groups_column and category.groups_required and not entry.groups:
        c.add("error", "groups-missing", f"Say which groups will be affected by the impact on {name}.",
              loc("groups"), f"{where} › Groups")
    benefits = a.effective_points(section_key, entry, "benefits")
    risks = [r for r in a.effective_points(section_key, entry, "risks") if is_real_risk(r)]
    mitigations = a.effective_points(section_key, entry, "mitigations")
    if not benefits and not risks:
        c.add("error", "no-impact",
              f"Give at least one benefit or risk for {name}, or mark it N/A.", loc("benefits"), where)
    if risks and not mitigations:
        n = len(risks)
        c.add("error", "risk-unmitigated",
              f"{name} has {n} risk{'s' if n != 1 else ''} but no mitigation or recommendation.",
              loc("mitigations"), f"{where} › Mitigations")
    elif entry.uses_links and len(mitigations) == len(entry.mitigations):
        # the area says which risk each mitigation answers: every risk needs its own
        for i, risk in enumerate(entry.risks):
            if risk.is_real and not entry.mitigations_for(risk):
                c.add("error", "risk-unmitigated",
                      f"No mitigation answers the risk \"{shorten(risk.text, 60)}\" ({name} links its "
                      "mitigations to the risks they answer).", loc("risks", i), f"{where} › Risks")
    not_risks = [(i, r) for i, r in enumerate(entry.risks) if not r.is_real]
    if not_risks and entry.mitigations:
        i, r = not_risks[0]
        c.add("warning", "not-a-risk",
              f"{name} lists \"{shorten(r.text, 30)}\" as a risk beside {len(entry.mitigations)} "
              "mitigation(s): it is not counted as a risk. Remove it, or say which risk the mitigations answer.",
              loc("risks", i), f"{where} › Risks")
    for field in ("benefits", "risks", "mitigations"):
        if a.refers_to_first_row(entry, field) and not a.first_row_points(entry, field):  # type: ignore[arg-type]
            c.add("error", "first-row-empty",
                  f"{name} refers to the first row for {FIELD_LABELS[field].lower()}, "
                  "but the cross-cutting first row has none.",
                  loc(field), f"{where} › {FIELD_LABELS[field]}")
    if entry is cc and entry.first_row.any():
        c.add("warning", "first-row-self", "The first row cannot refer to itself; the reference is ignored.",
              loc(), where)


def _texts(a: Assessment) -> Iterator[tuple[Location, str, str]]:
    """Every piece of free text outside the category tables' areas, with its location and a readable place."""
    h = a.header
    yield Location(DETAILS, field="title"), "Details › Name of Proposal", h.title
    yield Location(DETAILS, field="sponsor"), "Details › Project Sponsor", f"{h.sponsor.name} {h.sponsor.role}"
    for i, lead in enumerate(h.leads):
        yield Location(DETAILS, field="leads", index=i), "Details › Project Manager or Lead", f"{lead.name} {lead.role}"
    yield Location(DETAILS, field="author"), "Details › Author", h.author
    yield Location(DETAILS, field="engagement"), "Details › Engagement", h.engagement.details
    yield Location(FRONT, field="introduction"), "Introduction", a.introduction
    yield Location(FRONT, field="summary"), "Summary of assessment", a.summary
    for i, point in enumerate(a.key_mitigations):
        yield Location(FRONT, field="key_mitigations", index=i), "Key mitigations", point
    yield Location(FRONT, field="executive_summary"), "Executive summary", a.executive_summary


def _area_texts(a: Assessment, section_key: str, title: str, entry: AreaEntry) -> Iterator[tuple[Location, str, str]]:
    name = a.area_name(section_key, entry)
    if entry.extra:
        yield Location(section_key, entry.key), f"{title} › {name}", entry.name
    yield Location(section_key, entry.key, "na_reason"), f"{title} › {name} › N/A reason", entry.na_reason
    for field in ("groups", "benefits", "risks", "mitigations"):
        for i, point in enumerate(entry.points(field)):  # type: ignore[arg-type]
            yield Location(section_key, entry.key, field, i), f"{title} › {name} › {FIELD_LABELS[field]}", point


def _personal_detail(c: _Collector, location: Location, where: str, text: str) -> None:
    if not text:
        return
    kinds = personal_details(text)
    if kinds:
        found = " and ".join(kinds)
        c.add("warning", "personal-details",
              f"This looks like it contains {found} (\"{shorten(text, 60)}\"). A published CIA must not "
              "record personal details of members of the public.", location, where)


def _personal_details(c: _Collector, area) -> None:
    a = c.a
    for location, where, text in _texts(a):
        _personal_detail(c, location, where, text)
    for section in a.sections:
        category = a.category(section.key)
        title = category.short_title if category else section.key
        for entry in section.entries:
            c.findings.extend(area(section.key, entry)[1])
        for i, item in enumerate(section.evidence):
            _personal_detail(c, Location(section.key, field="evidence", index=i), f"{title} › Evidence base",
                             item.citation)


def personal_details_found(findings: list[Finding]) -> bool:
    return any(f.code == "personal-details" for f in findings)
