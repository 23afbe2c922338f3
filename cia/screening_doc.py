"""The one-page screening record (.docx): the proposal, each question and answer, the groups named,
the outcome and why, who decided and when, and the sign-off block."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Assessment

DOCUMENT = "Community Impact Assessment screening record"


def build_screening_record(a: Assessment) -> bytes:
    from .export.common import signoff_table, status_label, status_mark
    from .export.tables import Table
    from .export.writer import PORTRAIT_WIDTH, DocWriter, column_widths
    from .model import ANSWER_LABELS
    from .screening import group_names, outcome_label

    s = a.screening
    if s is None:
        raise ValueError(f"{a.title or a.id} has not been screened (cia screen {a.id})")
    edition = a.template
    w = DocWriter()
    w.heading(edition.screening.title or DOCUMENT, 1)
    mark = status_mark(a)
    if mark:
        w.notice(f"DRAFT: this screening has not been signed off (status: {status_label(a).lower()}).")
    for spec, value in edition.header_rows(a.header):
        if value:
            w.labelled(spec.label, value)
    w.labelled("Status", status_label(a))
    w.heading("Outcome", 2)
    w.para(outcome_label(s.outcome) + ".", fmt="b")
    w.bullets(s.reasons)
    if s.note:
        w.para("Why: " + s.note)
    if s.decided_by is not None:
        when = f" on {s.decided_at.day} {s.decided_at:%B %Y}" if s.decided_at else ""
        w.para(f"Decided by {s.decided_by.display()}{when}.")
    w.heading("Screening questions", 2)
    widths = column_widths((0.78, 0.22))
    table = Table(caption="Screening questions and answers",
                  description="Each screening question of the template and the answer given.",
                  columns=["Question", "Answer"], widths=widths)
    for q in edition.screening.questions:
        given = s.answer(q.key)
        table.rows.append([[("p", q.text, "")], [("p", ANSWER_LABELS[given.answer] if given else "Not answered", "")]])
    w.table(table)
    w.heading(edition.screening.groups_question or "Groups that could be affected", 2)
    w.para("; ".join(group_names(edition, list(s.groups))) if s.groups else "None named.")
    w.heading("Sign-off", 2)
    w.table(signoff_table(a, PORTRAIT_WIDTH))
    title = a.header.title
    core = {"title": f"{DOCUMENT}: {title}" if title else DOCUMENT, "subject": f"{DOCUMENT} ({edition.title})",
            "creator": s.decided_by.name if s.decided_by else "cia", "lastModifiedBy": "cia",
            "keywords": "Community Impact Assessment; CIA; screening", "category": "Community Impact Assessment",
            "description": f"Status: {status_label(a)}. Produced with cia from assessment {a.id}.",
            "contentStatus": status_label(a)}
    return w.finish(header_left=f"{DOCUMENT}: {title}" if title else DOCUMENT, header_right=mark, core=core)
