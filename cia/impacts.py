"""The cumulative picture: for each protected characteristic and category area, the proposals that assess
an impact on it, with their benefits and risks counted, and the unmitigated and high-rated risks.

Added up by the store (the folder store's index, the PostgreSQL store's tables), never by opening every
assessment, so it answers quickly across thousands of them. An area counts for a proposal when it is assessed with at least one benefit or
risk of its own. Areas are matched across editions by their key (the 2021 "Gender Reassignment" and the
2024 "Gender reassignment" are one row); an extra area an author added is matched by its name.
No Textual, python-docx or pydantic here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .store import Store
    from .store.extract import AreaStat

CHARACTERISTIC_CATEGORIES = ("psed", "workforce")
"""Categories whose rows are people with protected characteristics (and staff), not category areas."""
CROSS_CUTTING_NAME = "All / multiple protected characteristics"
STAFF_NAME = "Council staff"
STAFF_KEYS = ("scc_staff",)
STATUSES = ("draft", "in_review", "changes_requested", "approved", "signed_off")
"""The model's statuses (``cia.model.STATUS_LABELS``; a test keeps the two the same) without loading pydantic."""


@dataclass(frozen=True)
class Proposal:
    """One assessment's impact on one characteristic or area."""

    id: str
    title: str
    status: str
    status_label: str
    updated: datetime | None
    path: Path | None
    area: str
    """The area's key in that assessment (to open it at that area)."""
    category: str
    area_name: str
    benefits: int
    risks: int
    unmitigated: int
    high: int


@dataclass
class ImpactRow:
    group: str
    """"characteristic" or "area"."""
    key: str
    name: str
    category_title: str
    count: int = 0
    """Proposals assessing an impact on it (areas, strictly: an assessment with two areas that match counts twice)."""
    benefits: int = 0
    risks: int = 0
    unmitigated: int = 0
    high: int = 0
    members: list[tuple[str, str, str]] = field(default_factory=list)
    """The (category, area key, area name) of the index that make up this row."""
    proposals: list[Proposal] | None = None
    """Filled by :func:`load_proposals` (figures need only the totals)."""

    def add(self, benefits: int, risks: int, unmitigated: int, high: int, n: int = 1) -> None:
        self.count += n
        self.benefits += benefits
        self.risks += risks
        self.unmitigated += unmitigated
        self.high += high

    def sort_key(self) -> tuple:
        return (-self.count, -self.high, -self.unmitigated, -self.risks, -self.benefits, self.name.casefold())


@dataclass
class ImpactReport:
    characteristics: list[ImpactRow]
    areas: list[ImpactRow]
    assessments: int
    """How many assessments matched the filters."""
    filters: list[str]
    """The filters applied, in words (for the report's heading)."""
    query: object = None
    """What was asked of the store (to load the proposals of a row later)."""

    @property
    def rows(self) -> list[ImpactRow]:
        return self.characteristics + self.areas


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _group_key(category: str, area: str, area_name: str) -> tuple[str, str]:
    """(group, key): the same characteristic or area across editions, and an author's extra area by name."""
    group = "characteristic" if category in CHARACTERISTIC_CATEGORIES else "area"
    if area.startswith("extra_"):
        key = _norm(area_name).replace(" ", "_") or area
    elif area in STAFF_KEYS:
        key = "staff"
    else:
        key = area
    return group, (key if group == "characteristic" else f"{category}:{key}")


def _matches(row: ImpactRow, wanted: str) -> bool:
    w = _norm(wanted)
    return bool(w) and (w in _norm(row.name) or w == _norm(row.key.split(":")[-1]))


def row_matches(row: ImpactRow, wanted: str) -> bool:
    """Whether ``row`` is what a person named (as ``--characteristic`` and ``--area`` choose rows)."""
    return _matches(row, wanted)


def parse_statuses(text: str) -> tuple[str, ...]:
    """``"approved,signed_off"`` → ("approved", "signed_off"); names may use spaces or dashes."""
    out = [p.strip().casefold().replace("-", "_").replace(" ", "_") for p in text.split(",")]
    out = [p for p in out if p]
    for part in out:
        if part not in STATUSES:
            raise ValueError(f"unknown status {part!r} (statuses: {', '.join(STATUSES)})")
    return tuple(out)


@dataclass(frozen=True)
class _Query:
    store: Store
    filters: object


def _totals(store: Store, filters) -> tuple[int, list[tuple]]:
    """Added up by the store (the folder store's index, the PostgreSQL store's tables), else from its areas."""
    from .store.folder import FolderStore

    if isinstance(store, FolderStore):
        from .store.index import index_of

        index = index_of(store)
        index.sync(full=filters.rescan)
        return index.impact_totals(filters)
    if hasattr(store, "impact_totals"):
        return store.impact_totals(filters)  # type: ignore[attr-defined]
    stats = _stats(store, filters)
    wanted = {s.id for s in store.list(filters).items if not filters.statuses or s.status in filters.statuses}
    grouped: dict[tuple, list[int]] = {}
    for s in stats:
        if s.assessment_id not in wanted:
            continue
        t = grouped.setdefault((s.category, s.category_title, s.area, s.area_name), [0, 0, 0, 0, 0])
        t[0] += 1
        t[1] += s.benefits
        t[2] += s.risks
        t[3] += s.unmitigated
        t[4] += s.high
    return len(wanted), [(*k, *v) for k, v in grouped.items()]


def _stats(store: Store, filters) -> list:
    return store.area_stats(filters, with_impact=True)


def collect(store: Store, *, characteristic: str = "", area: str = "", statuses: Iterable[str] = (),
            since: datetime | None = None, directorate: str = "") -> ImpactReport:
    from .store import Filters

    statuses = tuple(statuses)
    filters = Filters(statuses=statuses, updated_since=since, directorate=directorate)
    count, totals = _totals(store, filters)
    rows: dict[tuple[str, str], ImpactRow] = {}
    names: dict[tuple[str, str], Counter] = {}
    for category, category_title, area_key, area_name, n, benefits, risks, unmitigated, high in totals:
        gk = _group_key(category, area_key, area_name)
        row = rows.get(gk)
        if row is None:
            title = "Protected characteristics" if gk[0] == "characteristic" else category_title
            row = rows[gk] = ImpactRow(gk[0], gk[1], area_name, title)
            names[gk] = Counter()
        names[gk][area_name] += n
        row.add(benefits, risks, unmitigated, high, n)
        row.members.append((category, area_key, area_name))
    for gk, row in rows.items():
        if row.key == "cross_cutting":
            row.name = CROSS_CUTTING_NAME
        elif row.key == "staff":
            row.name = STAFF_NAME
        else:
            row.name = min(names[gk].items(), key=lambda kv: (-kv[1], kv[0]))[0]
    chosen = list(rows.values())
    if characteristic:
        chosen = [r for r in chosen if r.group == "characteristic" and _matches(r, characteristic)]
    if area:
        chosen = [r for r in chosen if r.group == "area" and _matches(r, area)]
    chosen.sort(key=ImpactRow.sort_key)
    words = []
    if characteristic:
        words.append(f"characteristic “{characteristic}”")
    if area:
        words.append(f"area “{area}”")
    if statuses:
        words.append("status " + " or ".join(statuses))
    if since:
        words.append(f"updated since {since.day} {since:%B %Y}")
    if directorate:
        words.append(f"directorate “{directorate}”")
    return ImpactReport([r for r in chosen if r.group == "characteristic"], [r for r in chosen if r.group == "area"],
                        count, words, _Query(store, filters))


def load_proposals(report: ImpactReport, rows: list[ImpactRow] | None = None) -> None:
    """Fill ``proposals`` of the given rows (all by default): each assessment with its figures and a link."""
    rows = [r for r in (report.rows if rows is None else rows) if r.proposals is None]
    if not rows or report.query is None:
        return
    query: _Query = report.query  # type: ignore[assignment]
    by_member = {m: r for r in rows for m in r.members}
    for r in rows:
        r.proposals = []
    for p in _proposals(query.store, query.filters, list(by_member)):
        row = by_member.get((p.category, p.area, p.area_name))
        if row is not None:
            row.proposals.append(p)  # type: ignore[union-attr]
    for r in rows:
        r.proposals.sort(key=lambda p: (-p.high, -p.unmitigated, -p.risks, -p.benefits, p.title.casefold(), p.id))  # type: ignore[union-attr]


def _proposals(store: Store, filters, members: list[tuple[str, str, str]]) -> list[Proposal]:
    from .store.folder import FolderStore

    rows = None
    if isinstance(store, FolderStore):
        from .store.index import index_of

        root = store.root
        rows = [(*r[:5], root / r[5], *r[6:]) for r in index_of(store).impact_proposals(filters, members)]
    elif hasattr(store, "impact_proposals"):
        rows = store.impact_proposals(filters, members)  # type: ignore[attr-defined]
    if rows is not None:
        return [Proposal(i, t, st, sl or st, datetime.fromisoformat(u) if isinstance(u, str) else u, path, ar, cat,
                         an, b, r, un, h) for i, t, st, sl, u, path, cat, ar, an, b, r, un, h in rows]
    wanted = set(members)
    summaries = {s.id: s for s in store.list(filters).items if not filters.statuses or s.status in filters.statuses}
    out = []
    for s in _stats(store, filters):
        summary = summaries.get(s.assessment_id)
        if summary is None or (s.category, s.area, s.area_name) not in wanted:
            continue
        out.append(Proposal(summary.id, summary.title, summary.status, summary.status_label or summary.status,
                            summary.updated, summary.path, s.area, s.category, s.area_name, s.benefits, s.risks,
                            s.unmitigated, s.high))
    return out


# --- output --------------------------------------------------------------------------------------------

COLUMNS = ("Proposals", "Benefits", "Risks", "Unmitigated", "High-rated")


def figures(row: ImpactRow) -> list[int]:
    return [row.count, row.benefits, row.risks, row.unmitigated, row.high]


def as_json(report: ImpactReport) -> dict:
    load_proposals(report)
    def proposal(p: Proposal) -> dict:
        return {"id": p.id, "title": p.title, "status": p.status, "area": p.area, "category": p.category,
                "area_name": p.area_name, "benefits": p.benefits, "risks": p.risks, "unmitigated": p.unmitigated,
                "high": p.high, "updated": p.updated.isoformat() if p.updated else None,
                "path": str(p.path) if p.path else None, "open": f"cia open {p.id}"}

    def row(r: ImpactRow) -> dict:
        return {"group": r.group, "key": r.key, "name": r.name, "category": r.category_title,
                "proposals": r.count, "benefits": r.benefits, "risks": r.risks, "unmitigated": r.unmitigated,
                "high": r.high, "assessments": [proposal(p) for p in r.proposals or []]}

    return {"assessments": report.assessments, "filters": report.filters,
            "characteristics": [row(r) for r in report.characteristics], "areas": [row(r) for r in report.areas]}


def json_text(report: ImpactReport) -> str:
    """:func:`as_json` as text: each row on its lines, its proposals one JSON array. A folder store's index
    writes the arrays itself (tens of thousands of proposals in a large store), any other store's
    proposals are loaded and written here; the two give the same document."""
    arrays: dict[int, str] = {}
    query: _Query | None = report.query  # type: ignore[assignment]
    from .store.folder import FolderStore

    if query is not None and isinstance(query.store, FolderStore) and all(r.proposals is None for r in report.rows):
        from .store.index import index_of

        groups = list({m: (*m, i) for i, r in enumerate(report.rows) for m in r.members}.values())
        arrays = index_of(query.store).impact_json(query.filters, groups)  # type: ignore[arg-type]
    else:
        data = as_json(report)
        for i, r in enumerate(data["characteristics"] + data["areas"]):
            arrays[i] = json.dumps(r["assessments"], ensure_ascii=False, separators=(", ", ":"))

    def row(i: int, r: ImpactRow) -> str:
        head = json.dumps({"group": r.group, "key": r.key, "name": r.name, "category": r.category_title,
                           "proposals": r.count, "benefits": r.benefits, "risks": r.risks,
                           "unmitigated": r.unmitigated, "high": r.high}, ensure_ascii=False)
        return f'    {head[:-1]}, "assessments": {arrays.get(i, "[]")}}}'

    n = len(report.characteristics)
    chars = ",\n".join(row(i, r) for i, r in enumerate(report.characteristics))
    areas = ",\n".join(row(n + i, r) for i, r in enumerate(report.areas))
    return (f'{{\n  "assessments": {report.assessments},\n  "filters": {json.dumps(report.filters, ensure_ascii=False)},\n'
            f'  "characteristics": [{chr(10) + chars + chr(10) + "  " if chars else ""}],\n'
            f'  "areas": [{chr(10) + areas + chr(10) + "  " if areas else ""}]\n}}\n')


def csv_rows(report: ImpactReport) -> list[list[str]]:
    load_proposals(report)
    out = [["group", "category", "name", "proposals", "benefits", "risks", "unmitigated", "high", "assessment id",
            "assessment title", "status", "area benefits", "area risks", "area unmitigated", "area high"]]
    for r in report.rows:
        for p in r.proposals or []:
            out.append([r.group, r.category_title, r.name, *map(str, figures(r)), p.id, p.title, p.status,
                        str(p.benefits), str(p.risks), str(p.unmitigated), str(p.high)])
    return out


def text(report: ImpactReport, *, detail: bool = False) -> str:
    if detail:
        load_proposals(report)
    lines: list[str] = []
    scope = f"{report.assessments} assessment{'s' if report.assessments != 1 else ''}"
    if report.filters:
        scope += " (" + "; ".join(report.filters) + ")"
    lines.append(f"Impacts across {scope}")
    for title, rows in (("Protected characteristics", report.characteristics), ("Category areas", report.areas)):
        if not rows:
            continue
        width = max(len(_label(r)) for r in rows)
        width = max(width, len(title))
        lines += ["", title.ljust(width) + "  " + "  ".join(c.rjust(len(c)) for c in COLUMNS)]
        for r in rows:
            nums = "  ".join(str(v).rjust(len(c)) for v, c in zip(figures(r), COLUMNS))
            lines.append(_label(r).ljust(width) + "  " + nums)
            if detail:
                for p in r.proposals or []:
                    lines.append(f"    {p.id}  {p.title} ({p.status_label}): {p.benefits} benefit"
                                 f"{'s' if p.benefits != 1 else ''}, {p.risks} risk{'s' if p.risks != 1 else ''}"
                                 + (f", {p.unmitigated} unmitigated" if p.unmitigated else "")
                                 + (f", {p.high} high-rated" if p.high else "")
                                 + f"  [cia open {p.id}]")
    if not report.rows:
        lines += ["", "No assessment in the store assesses an impact on that."]
    return "\n".join(lines) + "\n"


def _label(r: ImpactRow) -> str:
    return r.name if r.group == "characteristic" else f"{r.category_title} › {r.name}"


row_label = _label
"""A row's name as the report prints it ("Disability", "Economy › Poverty and Income")."""


FIGURE_FIELDS = (None, "benefits", "risks", "unmitigated", "high")
"""For each of :data:`COLUMNS`, the :class:`Proposal` field its proposals add up to (None: each one counts)."""


def figure_proposals(row: ImpactRow, column: int) -> list[Proposal]:
    """The proposals that make up one figure of a row (after :func:`load_proposals`): all of them for
    "Proposals", else those with a benefit, a risk, an unmitigated or a high-rated risk."""
    name = FIGURE_FIELDS[column]
    return [p for p in row.proposals or [] if name is None or getattr(p, name) > 0]
