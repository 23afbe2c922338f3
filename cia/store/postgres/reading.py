"""Reading a PostgreSQL store: listing (with full-text search), counts by area, ids, and loading documents.

A part of :class:`~cia.store.postgres.backend.PostgresStore`, which provides ``_connection`` and ``location``.
"""

from __future__ import annotations

import json
from datetime import timezone
from typing import TYPE_CHECKING, Any

from ..records import Filters, Listing, Summary
from ..errors import AssessmentFileError, NotFoundError
from .search import MATCHES_SHOWN, every_word, match_in, tsquery, tsquery_any

if TYPE_CHECKING:
    import psycopg

    from ...model import Assessment
    from ..extract import AreaStat

_SUMMARY_COLUMNS = "id, title, status, status_label, lead, updated, done, total, edition"


def _where(f: Filters) -> tuple[str, list[Any]]:
    """Every filter but the search, as SQL on ``cia_assessments a`` (as the folder store's index filters)."""
    where, params = ["true"], []
    if f.status:
        where.append("a.status = %s")
        params.append(f.status)
    if f.statuses:
        where.append("a.status = ANY(%s)")
        params.append(list(f.statuses))
    if f.lead:
        where.append("strpos(lower(a.lead), lower(%s)) > 0")
        params.append(f.lead)
    if f.edition:
        where.append("a.edition = %s")
        params.append(f.edition)
    if f.directorate.strip():
        where.append("lower(btrim(a.document -> 'header' ->> 'directorate')) = %s")
        params.append(f.directorate.strip().casefold())
    if f.updated_since:
        since = f.updated_since if f.updated_since.tzinfo else f.updated_since.replace(tzinfo=timezone.utc)
        where.append("a.updated >= %s")
        params.append(since)
    return " AND ".join(where), params


class PostgresReading:
    """Listing, search and loading for :class:`~cia.store.postgres.backend.PostgresStore`."""

    # --- reading ----------------------------------------------------------------------------------

    def list(self, filters: Filters | None = None) -> Listing:
        f = filters or Filters()
        where, params = _where(f)
        query = tsquery(f.search) if f.search else ""
        if f.search and not query:
            return Listing([], [], 0)
        columns = ", ".join(f"a.{c}" for c in _SUMMARY_COLUMNS.split(", "))
        if query:
            # ranked by the assessment's best text
            hits, hit_params = every_word(f.search, ranked=True)
            sql = (f"SELECT {columns} FROM cia_assessments a JOIN ({hits}) h ON h.id = a.id "
                   f"WHERE {where} ORDER BY h.score DESC, a.updated DESC, a.id")
            params = [*hit_params, *params]
        else:
            sql = f"SELECT {columns} FROM cia_assessments a WHERE {where} ORDER BY a.updated DESC, a.id"
        limit = f" LIMIT {int(f.limit)}" if f.limit is not None else ""
        if f.offset > 0:
            limit += f" OFFSET {int(f.offset)}"
        with self._connection() as conn:
            rows = conn.execute(sql + limit, params).fetchall()
            total = len(rows) + max(f.offset, 0)
            if f.offset > 0 or (limit and len(rows) >= int(f.limit)):
                total = conn.execute(f"SELECT count(*) FROM ({sql}) AS everything", params).fetchone()[0]
            matches = self._matches(conn, query, f.search, [r[0] for r in rows]) if query else {}
        items = [Summary(id=r[0], title=r[1], status=r[2], status_label=r[3], lead=r[4], updated=r[5], done=r[6],
                         total=r[7], edition=r[8], path=None, matches=matches.get(r[0], ())) for r in rows]
        return Listing(items, [], total)

    @staticmethod
    def _matches(conn: psycopg.Connection, query: str, search: str, ids: list[str]) -> dict[str, tuple]:
        """Where each assessment matched: its best few texts, the matched words marked."""
        if not ids:
            return {}
        # the texts holding every word first, then those holding any, best first
        rows = conn.execute(
            """WITH q AS (SELECT to_tsquery('english', %s) AS every, to_tsquery('english', %s) AS any)
               SELECT id, place, body FROM (
                   SELECT t.id, t.place, t.body, row_number() OVER (
                       PARTITION BY t.id ORDER BY (t.tsv @@ q.every) DESC, ts_rank(t.tsv, q.any) DESC, t.ord) AS n
                   FROM cia_texts t, q WHERE t.id = ANY(%s) AND t.tsv @@ q.any) AS ranked
               WHERE n <= %s ORDER BY id, n""", (query, tsquery_any(search), ids, MATCHES_SHOWN)).fetchall()
        out: dict[str, list] = {}
        for assessment_id, place, body in rows:
            out.setdefault(assessment_id, []).append(match_in(place, body, search))
        return {k: tuple(v) for k, v in out.items()}

    def area_stats(self, filters: Filters | None = None, *, with_impact: bool = False) -> list[AreaStat]:
        from ..extract import AreaStat

        wanted = [s.id for s in self.list(filters).items] if filters and filters.any else None
        sql = ("SELECT id, category, category_title, area, area_name, status, benefits, risks, unmitigated, high "
               "FROM cia_areas")
        params: list[Any] = []
        if wanted is not None:
            sql += " WHERE id = ANY(%s)"
            params.append(wanted)
        if with_impact:
            sql += (" AND" if wanted is not None else " WHERE") + " status = 'assessed' AND (benefits > 0 OR risks > 0)"
        with self._connection() as conn:
            rows = conn.execute(sql + " ORDER BY id, ord", params).fetchall()
        return [AreaStat(*r) for r in rows]

    # --- cia impacts: added up in the database ----------------------------------------------------

    _IMPACT = "r.status = 'assessed' AND (r.benefits > 0 OR r.risks > 0)"

    @staticmethod
    def _impact_where(f: Filters) -> tuple[str, list[Any]]:
        """The assessments ``cia impacts`` counts: the listing's filters, the search a condition like them."""
        where, params = _where(f)
        if f.search:
            hits, hit_params = every_word(f.search)
            where += f" AND a.id IN ({hits})"
            params += hit_params
        return where, params

    def impact_totals(self, filters: Filters) -> tuple[int, list[tuple]]:
        """As :meth:`cia.store.index.Index.impact_totals`: (assessments matching, rows of (category,
        category title, area, area name, areas, benefits, risks, unmitigated, high))."""
        where, params = self._impact_where(filters)
        with self._connection() as conn:
            count = conn.execute(f"SELECT count(*) FROM cia_assessments a WHERE {where}", params).fetchone()[0]
            rows = conn.execute(
                "SELECT r.category, r.category_title, r.area, r.area_name, count(*), sum(r.benefits), sum(r.risks), "
                f"sum(r.unmitigated), sum(r.high) FROM cia_areas r JOIN cia_assessments a ON a.id = r.id WHERE {where} "
                f"AND {self._IMPACT} GROUP BY r.category, r.category_title, r.area, r.area_name", params).fetchall()
        return count, [tuple(int(v) if i >= 4 else v for i, v in enumerate(row)) for row in rows]

    def impact_proposals(self, filters: Filters, areas: list[tuple[str, str, str]] | None = None) -> list[tuple]:
        """As :meth:`cia.store.index.Index.impact_proposals` (no file: the path is None)."""
        where, params = self._impact_where(filters)
        if areas is not None:
            if not areas:
                return []
            where += " AND (r.category, r.area, r.area_name) IN (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[]))"
            params = [*params, *[list(c) for c in zip(*areas)]]
        with self._connection() as conn:
            return conn.execute(
                "SELECT a.id, a.title, a.status, a.status_label, a.updated, NULL, r.category, r.area, r.area_name, "
                f"r.benefits, r.risks, r.unmitigated, r.high FROM cia_areas r JOIN cia_assessments a ON a.id = r.id "
                f"WHERE {where} AND {self._IMPACT}", params).fetchall()

    def ids(self) -> list[str]:
        with self._connection() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM cia_assessments ORDER BY id").fetchall()]

    def resolve_id(self, ref: str) -> str:
        ref = ref.strip()
        if not ref:
            raise NotFoundError("no assessment id given")
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT id FROM cia_assessments WHERE id = %s OR starts_with(id, %s) ORDER BY id = %s DESC, id "
                "LIMIT 6", (ref, ref, ref)).fetchall()
        found = [r[0] for r in rows]
        if found and found[0] == ref:
            return ref
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(f"no assessment {ref!r} in {self.location}")
        with self._connection() as conn:
            count = conn.execute("SELECT count(*) FROM cia_assessments WHERE starts_with(id, %s)",
                                 (ref,)).fetchone()[0]
        raise NotFoundError(f"{ref!r} matches {count} assessments ({', '.join(found[:5])}); give more of the id")

    def load(self, ref: str) -> Assessment:
        assessment_id = ref.strip()
        with self._connection() as conn:  # an exact id (the usual case) in one round trip
            row = conn.execute("SELECT document::text FROM cia_assessments WHERE id = %s",
                               (assessment_id,)).fetchone()
        if row is None:
            assessment_id = self.resolve_id(ref)
            with self._connection() as conn:
                row = conn.execute("SELECT document::text FROM cia_assessments WHERE id = %s",
                                   (assessment_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no assessment {assessment_id!r} in {self.location}")
        return self._parse(row[0], assessment_id)

    def _parse(self, text: str, assessment_id: str) -> Assessment:
        from ..format import migrate, validate

        path = self._path(assessment_id)
        try:
            data = json.loads(text)
        except ValueError as exc:  # jsonb is always valid JSON; guard anyway
            raise AssessmentFileError(path, f"the stored document is not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise AssessmentFileError(path, "the stored document is not a cia assessment")
        return validate(migrate(data, path), path)

    def exists(self, assessment_id: str) -> bool:
        with self._connection() as conn:
            return conn.execute("SELECT 1 FROM cia_assessments WHERE id = %s", (assessment_id,)).fetchone() is not None

    def disk_revision(self, assessment_id: str) -> int | None:
        with self._connection() as conn:
            row = conn.execute("SELECT revision FROM cia_assessments WHERE id = %s", (assessment_id,)).fetchone()
        return int(row[0]) if row else None
