"""``cia impacts --docx``: the cumulative picture as an accessible Word report a policy officer can attach
to a budget paper (real headings, tables with repeating header rows, a document title and language)."""

from __future__ import annotations

from datetime import datetime, timezone

from .impacts import COLUMNS, ImpactReport, ImpactRow, figures, load_proposals

TITLE = "Cumulative impact across Community Impact Assessments"


def build_report(report: ImpactReport, *, store_name: str = "") -> bytes:
    from .export.tables import Table
    from .export.writer import DocWriter, column_widths

    load_proposals(report)
    w = DocWriter()
    w.heading(TITLE, 1)
    scope = f"{report.assessments} assessment{'s' if report.assessments != 1 else ''}"
    if store_name:
        scope += f" in {store_name}"
    if report.filters:
        scope += " (" + "; ".join(report.filters) + ")"
    made = datetime.now(timezone.utc).strftime("%d %B %Y").lstrip("0")
    w.para(f"Produced with cia on {made} from {scope}.")
    w.para("For each protected characteristic and category area, the proposals whose Community Impact "
           "Assessment assesses an impact on it (a benefit or a risk), with their benefits and risks counted, "
           "the risks no mitigation answers and the risks rated high. The groups affected by most proposals "
           "come first. Due regard includes the cumulative effect of several decisions on the same people.")
    if not report.rows:
        w.para("No assessment matching these filters assesses an impact on any characteristic or area.")
    share = [0.31, 0.13, 0.12, 0.11, 0.17, 0.16]
    for title, rows in (("Protected characteristics", report.characteristics), ("Category areas", report.areas)):
        if not rows:
            continue
        w.heading(title, 2)
        widths = column_widths(share)
        table = Table(
            caption=f"{title}: impacts across assessments",
            description=f"One row for each of {len(rows)} {title.lower()}, most affected first; columns: "
                        + ", ".join(COLUMNS) + ".",
            columns=[title[:-1] if title.endswith("s") else title, *COLUMNS],
            widths=widths,
        )
        table.rows = [[[("p", _name(r), "")], *[[("p", str(v), "")] for v in figures(r)]] for r in rows]
        w.table(table)
    w.heading("The proposals", 2)
    for r in report.rows:
        w.heading(_name(r), 3)
        widths = column_widths((0.35, 0.14, 0.12, 0.09, 0.16, 0.14))
        table = Table(
            caption=f"{_name(r)}: proposals",
            description=f"The {r.count} proposal{'s' if r.count != 1 else ''} assessing an impact on {_name(r)}, "
                        "with the assessment id to open it in cia.",
            columns=["Proposal (assessment id)", "Status", "Benefits", "Risks", "Unmitigated", "High-rated"],
            widths=widths,
        )
        table.rows = [[[("p", p.title, "b"), ("p", p.id, "")], [("p", p.status_label, "")],
                       [("p", str(p.benefits), "")], [("p", str(p.risks), "")], [("p", str(p.unmitigated), "")],
                       [("p", str(p.high), "")]] for p in r.proposals or []]
        w.table(table)
    core = {
        "title": TITLE,
        "subject": "Community Impact Assessments: cumulative impact" + (f" ({'; '.join(report.filters)})"
                                                                        if report.filters else ""),
        "creator": "cia",
        "lastModifiedBy": "cia",
        "keywords": "Community Impact Assessment; CIA; equality; cumulative impact",
        "category": "Community Impact Assessment",
        "description": f"{scope}.",
        "contentStatus": "",
    }
    return w.finish(header_left=TITLE, header_right="", core=core, first_page_title=False)


def _name(r: ImpactRow) -> str:
    return r.name if r.group == "characteristic" else f"{r.category_title} › {r.name}"
