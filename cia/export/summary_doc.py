"""The Checklist and Executive Summary: the part of the CIA that goes into the Cabinet Papers.

Portrait A4: the header block; the checklist (per category: assessed, areas with
impacts, risks, unmitigated risks, evidence base; then engagement, personal details
and status); the executive summary (the author's, or drafted from the assessment);
the key risks and mitigations table (the flagged key risks, or at most six proposed: see
:func:`cia.register.key_risks`); the sign-off block.
"""

from __future__ import annotations

from ..model import Assessment
from .common import (core_properties, custom_properties, draft_notice, signoff_table, status_mark,
                     write_header_block)
from ..register import KeyRisks, RegisterRow, key_risks
from .figures import ChecklistItem, ChecklistRow, checklist_items, summary_checklist
from .writer import Block, DocWriter, Table, column_widths

DOCUMENT = "Checklist and Executive Summary"
CIA = "Community Impact Assessment"

CHECKLIST_COLUMNS = ("Category", "Assessed", "Areas with impacts", "Risks", "Unmitigated risks", "Evidence base")
CHECKLIST_SHARES = (0.27, 0.15, 0.14, 0.09, 0.16, 0.19)
KEY_RISK_COLUMNS = ("Risk", "Residual rating", "Mitigations / Recommendations")
KEY_RISK_SHARES = (0.42, 0.14, 0.44)
NO_RISKS = "No risks have been identified."
PROPOSED_NOTE = ("Proposed: no key risks have been chosen for this assessment yet, so these are proposed from it "
                 "(the highest rated risks, then those without a mitigation, at most six). The author should "
                 "confirm or change them.")
NO_MITIGATION = "No mitigation or recommendation has been given."


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
        widths=column_widths(CHECKLIST_SHARES),
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
        widths=column_widths((0.45, 0.55)),
    )
    for item in items:
        answer: list[Block] = [("p", item.answer, "b")]
        if item.detail:
            answer.append(("p", item.detail, ""))
        table.rows.append([[("p", item.question, "")], answer])
    return table


def risk_cell(row: RegisterRow) -> list[Block]:
    """The risk column of a key risk: where, the risk, and its owner and target date when given."""
    cell: list[Block] = [("p", f"{row.category} – {row.area}", "b"), ("p", row.text, "")]
    details = []
    if row.risk.owner:
        details.append(f"Owner: {row.risk.owner}")
    if row.risk.due:
        details.append(f"Target date: {row.risk.due}")
    if details:
        cell.append(("p", "; ".join(details), "i"))
    return cell


def mitigation_cell(row: RegisterRow) -> list[Block]:
    cell: list[Block] = []
    if row.first_row_mitigations:
        cell.append(("p", f"See also the mitigations for {row.first_row_name}.", ""))
    cell += [("li", m.text, "") for m in row.mitigations]
    return cell or [("p", NO_MITIGATION, "i")]


def key_risks_table(chosen: KeyRisks) -> Table:
    table = Table(
        caption="Key risks and mitigations",
        description=("The key risks for the decision, highest residual rating first, each with its rating and "
                     "the mitigations or recommendations that answer it."
                     + (" No key risks have been chosen yet: these are proposed from the assessment."
                        if chosen.proposed else "")),
        columns=KEY_RISK_COLUMNS,
        widths=column_widths(KEY_RISK_SHARES),
    )
    for row in chosen.rows:
        table.rows.append([risk_cell(row), [("p", row.rating_label, "")], mitigation_cell(row)])
    return table


def write_key_risks(w: DocWriter, a: Assessment) -> None:
    chosen = key_risks(a)
    if not chosen.rows:
        w.para(NO_RISKS, keep_next=True)
        return
    if chosen.proposed:
        w.para(PROPOSED_NOTE, fmt="i", keep_next=True)
    table = key_risks_table(chosen)
    table.keep_with_next = True  # the sign-off never stands alone on the last page
    w.table(table)


def signed_off_line(a: Assessment) -> str:
    """Who closed the assessment as signed off, and when (from the audit trail); empty until it is."""
    if a.status != "signed_off":
        return ""
    event = next((e for e in reversed(a.trail) if e.action == "signoff"), None)
    if event is None:
        return ""
    when = event.at.strftime("%d %B %Y").lstrip("0")
    return f"Signed off and closed by {event.by.display()} on {when} (revision {event.revision})."


def build_summary(a: Assessment, executive_summary: str) -> bytes:
    w = DocWriter()
    mark = status_mark(a)
    w.heading(DOCUMENT, 1)
    if mark:
        w.notice(draft_notice(a, "summary"))
    write_header_block(w, a)

    w.heading("Checklist", 2)
    w.heading("Categories", 3)
    checklist = checklist_table(summary_checklist(a))
    checklist.keep_together = True
    w.table(checklist)
    w.heading("Engagement, personal details and status", 3)
    questions = questions_table(checklist_items(a))
    questions.keep_together = True
    w.table(questions)

    w.heading("Executive summary", 2)
    w.prose(executive_summary)

    w.heading("Key risks and mitigations", 2)
    write_key_risks(w, a)

    w.heading("Sign-off", 2)
    signoff = signoff_table(a)
    signoff.keep_together = True
    w.table(signoff)
    closed = signed_off_line(a)
    if closed:
        w.para(closed, fmt="i")

    title = a.header.title
    return w.finish(
        header_left=f"{DOCUMENT}: {title}" if title else DOCUMENT,
        header_right=mark,
        core=core_properties(a, DOCUMENT),
        custom=custom_properties(a, "summary"),
    )
