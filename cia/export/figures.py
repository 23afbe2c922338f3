"""The figures and lists the exported documents show, computed from an assessment.

Nothing here touches Word or Jinja2, so the UI and the tests can use it cheaply.

Counting rules (shared by the checklist, the executive summary and the report paragraph):

- A category's **risks** (and benefits) are the distinct points that apply to its assessed areas: each
  area's own points, plus the cross-cutting first row's points where an area refers to them ("See first
  row …"). A first-row point counts once per category however many areas refer to it.
- A risk is **unmitigated** when an area it applies to has no mitigation or recommendation of its own or
  by reference (the rule the readiness checks apply).
- An area **has impacts** when it is assessed and at least one benefit or risk applies to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import AreaEntry, Assessment, CategorySection, is_real_risk
from ..categories import CategoryDef

PointKey = tuple[str, str, int]
"""Identity of a point: (section key, area key, index)."""


@dataclass(frozen=True)
class ChecklistRow:
    """One category's line of the checklist."""

    key: str
    title: str
    areas: int
    """Areas (rows) in the category's table."""
    assessed: int
    """Areas assessed as having impacts to record."""
    not_applicable: int
    """Areas marked N/A (no major impact)."""
    not_assessed: int
    """Areas not yet assessed."""
    with_impacts: int
    """Assessed areas with at least one benefit or risk."""
    benefits: int
    risks: int
    unmitigated: int
    """Risks with no mitigation or recommendation."""
    evidence: int | None
    """Evidence items given; None where the template has no evidence base for this category."""

    @property
    def complete(self) -> bool:
        """Every area assessed or marked N/A."""
        return self.not_assessed == 0

    @property
    def assessed_label(self) -> str:
        done = self.areas - self.not_assessed
        if self.areas and self.not_assessed == 0:
            return "Yes"
        if done == 0:
            return "No"
        return f"Partly ({done} of {self.areas} areas)"

    @property
    def evidence_label(self) -> str:
        if self.evidence is None:
            return "Not required"
        if self.evidence == 0:
            return "No"
        return f"Yes ({self.evidence} item{'s' if self.evidence != 1 else ''})"


@dataclass(frozen=True)
class ChecklistItem:
    """A yes/no question of the checklist with its answer."""

    key: str
    question: str
    answer: str
    detail: str = ""
    ok: bool | None = None
    """True when the answer is the one a submission needs, False when it is not, None when unknown."""


@dataclass(frozen=True)
class KeyRisk:
    """One row of the "Key risks and mitigations" table: an area's own risks and what mitigates them."""

    category: str
    area: str
    risks: tuple[str, ...]
    mitigations: tuple[str, ...]
    mitigated_by_first_row: str = ""
    """The first row's name when the area also relies on its mitigations ("See first row …")."""
    rating: str = ""
    """The residual rating's label ("High"), empty when not rated."""


@dataclass
class Totals:
    categories: int = 0
    areas: int = 0
    assessed: int = 0
    not_applicable: int = 0
    not_assessed: int = 0
    with_impacts: int = 0
    with_benefits: int = 0
    with_risks: int = 0
    benefits: int = 0
    risks: int = 0
    unmitigated: int = 0
    evidence_categories: int = 0
    """Categories that need an evidence base."""
    evidence_given: int = 0
    """…of which have one."""
    not_assessed_areas: list[str] = field(default_factory=list)
    """"Area (Category)" for every area not yet assessed, as the prose names it."""


def exported_sections(a: Assessment) -> list[tuple[CategorySection, CategoryDef]]:
    """The sections the documents show: those whose category belongs to the assessment's edition."""
    out = []
    for section in a.sections:
        category = a.category(section.key)
        if category is not None:
            out.append((section, category))
    return out


def _applicable(a: Assessment, section_key: str, entry: AreaEntry, field_: str,
                cc: AreaEntry | None, cc_section: str) -> list[tuple[PointKey, str]]:
    """The points that apply to an area: the first row's (where referred to) then its own, with identities."""
    own = [((section_key, entry.key, i), p) for i, p in enumerate(entry.points(field_))]  # type: ignore[arg-type]
    applying = a.first_row_applying(entry, field_)
    if applying is not None:
        ref = [((cc_section, applying.key, i), p) for i, p in enumerate(applying.points(field_))]  # type: ignore[arg-type]
        own = ref + own
    if field_ == "risks":  # "None", "N/A" … are not risks
        own = [(k, p) for k, p in own if is_real_risk(p)]
    return own


def _row(a: Assessment, section: CategorySection, category: CategoryDef, totals: Totals | None) -> ChecklistRow:
    cc = a.cross_cutting_entry()
    cc_section = a.template.cross_cutting_category
    benefits: set[PointKey] = set()
    risks: set[PointKey] = set()
    unmitigated: set[PointKey] = set()
    assessed = na = todo = impacts = 0
    for entry in section.entries:
        if entry.status == "na":
            na += 1
            continue
        if entry.status == "not_assessed":
            todo += 1
            if totals is not None:
                totals.not_assessed_areas.append(f"{a.area_name(section.key, entry)} ({category.short_title})")
            continue
        assessed += 1
        b = _applicable(a, section.key, entry, "benefits", cc, cc_section)
        r = _applicable(a, section.key, entry, "risks", cc, cc_section)
        m = _applicable(a, section.key, entry, "mitigations", cc, cc_section)
        benefits.update(k for k, _ in b)
        risks.update(k for k, _ in r)
        if r and not m:
            unmitigated.update(k for k, _ in r)
        elif entry.uses_links and not (entry.first_row.mitigations and len(m) > len(entry.mitigations)):
            # the area says which risk each mitigation answers: a risk no mitigation answers is unmitigated
            unmitigated.update((section.key, entry.key, i) for i, risk in enumerate(entry.risks)
                               if risk.is_real and not entry.mitigations_for(risk))
        if b or r:
            impacts += 1
        if totals is not None:
            totals.with_benefits += bool(b)
            totals.with_risks += bool(r)
    evidence = len(section.evidence) if category.has_evidence else None
    return ChecklistRow(
        key=section.key,
        title=category.title,
        areas=len(section.entries),
        assessed=assessed,
        not_applicable=na,
        not_assessed=todo,
        with_impacts=impacts,
        benefits=len(benefits),
        risks=len(risks),
        unmitigated=len(unmitigated),
        evidence=evidence,
    )


def summary_checklist(a: Assessment) -> list[ChecklistRow]:
    """One checklist row per category of the assessment's edition, in template order."""
    return [_row(a, section, category, None) for section, category in exported_sections(a)]


def totals(a: Assessment) -> Totals:
    """Figures across all categories (used by the prose and the checklist's total line)."""
    t = Totals()
    for section, category in exported_sections(a):
        row = _row(a, section, category, t)
        t.categories += 1
        t.areas += row.areas
        t.assessed += row.assessed
        t.not_applicable += row.not_applicable
        t.not_assessed += row.not_assessed
        t.with_impacts += row.with_impacts
        t.benefits += row.benefits
        t.risks += row.risks
        t.unmitigated += row.unmitigated
        if row.evidence is not None:
            t.evidence_categories += 1
            t.evidence_given += row.evidence > 0
    return t


def checklist_items(a: Assessment, findings: list | None = None) -> list[ChecklistItem]:
    """The checklist's questions: engagement, personal details, status.

    ``findings`` are the readiness findings (:func:`cia.checks.check`); computed when not given.
    """
    from ..checks import check, personal_details_found
    from ..model import STATUS_LABELS

    if findings is None:
        findings = check(a)
    eng = a.header.engagement
    if eng.took_place is None:
        engagement = ChecklistItem("engagement", "Did engagement or consultation take place?", "Not stated",
                                   "", None)
    elif eng.took_place:
        engagement = ChecklistItem("engagement", "Did engagement or consultation take place?", "Yes",
                                   eng.details, True)
    else:
        engagement = ChecklistItem("engagement", "Did engagement or consultation take place?", "No",
                                   eng.details, False)
    personal = [f for f in findings if f.code == "personal-details"]
    if personal_details_found(findings):
        where = sorted({f.where for f in personal})
        shown = "; ".join(where[:5]) + (f"; and {len(where) - 5} more" if len(where) > 5 else "")
        privacy = ChecklistItem(
            "personal_details",
            "Is the assessment free of personal details of members of the public?",
            "No: check before publishing",
            f"Possible personal details in {len(personal)} place{'s' if len(personal) != 1 else ''}: {shown}.",
            False,
        )
    else:
        privacy = ChecklistItem(
            "personal_details",
            "Is the assessment free of personal details of members of the public?",
            "Yes",
            "No email addresses, phone numbers, postcodes or National Insurance numbers were found (the check "
            "looks for these; it cannot recognise names).",
            True,
        )
    status = ChecklistItem("status", "Status of the assessment", STATUS_LABELS.get(a.status, a.status), "",
                           a.status in ("approved", "signed_off"))
    return [engagement, privacy, status]


def key_risks(a: Assessment) -> list[KeyRisk]:
    """The rows of the summary's key risks table, one per risk (see :func:`cia.register.key_risks`)."""
    from ..register import key_risks as choose

    return [
        KeyRisk(r.category, r.area, (r.text,), tuple(m.text for m in r.mitigations), r.first_row_name,
                r.rating_label if r.rating else "")
        for r in choose(a).rows
    ]


def _round_robin(groups: list[list[str]], limit: int, seen: set[str]) -> list[str]:
    out: list[str] = []
    queues = [list(g) for g in groups if g]
    while queues and len(out) < limit:
        nxt = []
        for q in queues:
            while q:
                item = q.pop(0)
                norm = " ".join(item.lower().split())
                if norm not in seen:
                    seen.add(norm)
                    out.append(item)
                    break
            if q:
                nxt.append(q)
            if len(out) >= limit:
                break
        queues = nxt
    return out


def main_points(a: Assessment, field_: str, limit: int = 6, first_row_limit: int = 3) -> tuple[list[str], int]:
    """The points to lead with in a summary, and how many distinct others there are.

    The cross-cutting first row's points come first (they apply across characteristics), then one point
    from each category in turn, so that every category with points is represented.
    """
    cc = a.cross_cutting_entry()
    seen: set[str] = set()
    chosen: list[str] = []
    if cc is not None and cc.status == "assessed":
        chosen = _round_robin([cc.points(field_)], first_row_limit, seen)  # type: ignore[arg-type]
    per_category: list[list[str]] = []
    everything: set[str] = set()
    for section, _category in exported_sections(a):
        points: list[str] = []
        for entry in section.entries:
            if entry.status != "assessed":
                continue
            for p in entry.points(field_):  # type: ignore[arg-type]
                everything.add(" ".join(p.lower().split()))
                if entry is not cc:
                    points.append(p)
        per_category.append(points)
    chosen += _round_robin(per_category, limit - len(chosen), seen)
    return chosen, max(0, len(everything) - len(chosen))
