"""The Checklist and Executive Summary: the part of the CIA that goes into the Cabinet Papers.

Portrait A4: the header block; the checklist (per category: assessed, areas with
impacts, risks, unmitigated risks, evidence base; then engagement, personal details
and status); the executive summary (the author's, or drafted from the assessment);
the key risks and mitigations table; the sign-off block.
"""

from __future__ import annotations

from ..model import Assessment
from .common import core_properties, draft_notice, signoff_table, status_mark, write_header_block
from .figures import ChecklistItem, ChecklistRow, KeyRisk, checklist_items, key_risks, summary_checklist
from .writer import PORTRAIT_WIDTH, Block, DocWriter, Table

DOCUMENT = "Checklist and Executive Summary"
CIA = "Community Impact Assessment"

CHECKLIST_COLUMNS = ("Category", "Assessed", "Areas with impacts", "Risks", "Unmitigated risks", "Evidence base")
CHECKLIST_SHARES = (0.27, 0.15, 0.14, 0.09, 0.16, 0.19)
KEY_RISK_COLUMNS = ("Risks", "Mitigations / Recommendations")
NO_RISKS = "No risks have been identified."
NO_MITIGATION = "No mitigation or recommendation has been given."


def _widths(shares: tuple[float, ...], total: int = PORTRAIT_WIDTH) -> list[int]:
    out = [int(total * s) for s in shares]
    out[-1] += total - sum(out)
    return out


def checklist_cells(row: ChecklistRow) -> list[str]:
    """The text of a checklist row's cells, in column order."""
    return [
        row.title,
        row.assessed_label,
        f"{row.with_impacts} of {row.areas}",
        str(row.risks),
        str(row.unmitigated),
        row.evidence_label,
    ]


def total_cells(rows: list[ChecklistRow]) -> list[str]:
    areas = sum(r.areas for r in rows)
    not_assessed = sum(r.not_assessed for r in rows)
    needing = [r for r in rows if r.evidence is not None]
    given = sum(1 for r in needing if r.evidence)
    if not needing:
        evidence = "Not required"
    else:
        evidence = f"{given} of {len(needing)} categories"
    if not_assessed == 0:
        assessed = "Yes"
    elif not_assessed == areas:
        assessed = "No"
    else:
        assessed = f"Partly ({areas - not_assessed} of {areas} areas)"
    return [
        "All categories",
        assessed,
        f"{sum(r.with_impacts for r in rows)} of {areas}",
        str(sum(r.risks for r in rows)),
        str(sum(r.unmitigated for r in rows)),
        evidence,
    ]


def checklist_table(rows: list[ChecklistRow]) -> Table:
    table = Table(
        caption="Checklist by category",
        description="For each category of the assessment: whether it was assessed, how many areas have "
        "impacts, how many risks were identified and how many have no mitigation, and whether an evidence "
        "base is given. The last row totals all categories.",
        columns=CHECKLIST_COLUMNS,
        widths=_widths(CHECKLIST_SHARES),
    )
    table.rows = [[[("p", text, "")] for text in checklist_cells(r)] for r in rows]
    if len(rows) > 1:
        table.rows.append([[("p", text, "b")] for text in total_cells(rows)])
    return table


def questions_table(items: list[ChecklistItem]) -> Table:
    table = Table(
        caption="Checklist questions",
        description="Engagement and consultation, personal details of members of the public, and the "
        "status of the assessment, each with its answer.",
        columns=("Question", "Answer"),
        widths=_widths((0.45, 0.55)),
    )
    for item in items:
        answer: list[Block] = [("p", item.answer, "b")]
        if item.detail:
            answer.append(("p", item.detail, ""))
        table.rows.append([[("p", item.question, "")], answer])
    return table


def key_risks_table(risks: list[KeyRisk]) -> Table:
    table = Table(
        caption="Key risks and mitigations",
        description="The risks the assessment identifies, area by area, with the mitigations or "
        "recommendations for them.",
        columns=KEY_RISK_COLUMNS,
        widths=_widths((0.5, 0.5)),
    )
    for kr in risks:
        left: list[Block] = [("p", f"{kr.category} – {kr.area}", "b")]
        left += [("li", r, "") for r in kr.risks]
        right: list[Block] = []
        if kr.mitigated_by_first_row:
            right.append(("p", f"See also the mitigations for {kr.mitigated_by_first_row}.", ""))
        right += [("li", m, "") for m in kr.mitigations]
        if not right:
            right = [("p", NO_MITIGATION, "i")]
        table.rows.append([left, right])
    return table


def build_summary(a: Assessment, executive_summary: str) -> bytes:
    w = DocWriter()
    mark = status_mark(a)
    w.heading(DOCUMENT, 1)
    w.para(f"{CIA}: {a.header.title}" if a.header.title else CIA, fmt="b")
    if mark:
        w.notice(draft_notice(a, "summary"))
    write_header_block(w, a)

    w.heading("Checklist", 2)
    w.heading("Categories", 3)
    w.table(checklist_table(summary_checklist(a)))
    w.heading("Engagement, personal details and status", 3)
    w.table(questions_table(checklist_items(a)))

    w.heading("Executive summary", 2)
    w.prose(executive_summary)

    w.heading("Key risks and mitigations", 2)
    risks = key_risks(a)
    if risks:
        w.table(key_risks_table(risks))
    else:
        w.para(NO_RISKS)

    w.heading("Sign-off", 2)
    w.table(signoff_table(a))

    title = a.header.title
    return w.finish(
        header_left=f"{DOCUMENT}: {title}" if title else DOCUMENT,
        header_right=mark,
        core=core_properties(a, DOCUMENT),
    )
