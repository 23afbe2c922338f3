"""Answering from the folder store's index: listings with filters and full-text search, where a search
matched, counts by area, and the totals and rows of ``cia impacts``.

A part of :class:`~cia.store.index.Index`, which provides the database (``_run``) and the folder (``root``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from typing import Any

from .records import AreaStat, Filters, Listing, Match, Problem, Summary
from .format import SUFFIX
from .index_schema import _MASK, _SHIFT, MATCHES_SHOWN, fts_query, unpack

_EVERY_WORD = "f.fid IN (SELECT rowid FROM texts WHERE texts MATCH ?)"
"""The one rule of a search, as SQL (its parameter the :func:`~cia.store.index_schema.fts_query` of the search):
the file holds every word, in one text or several (all of a file's texts are one row of ``texts``)."""


class IndexQueries:
    """Listings, search and counts from :class:`~cia.store.index.Index`."""

    def listing(self, filters: Filters) -> Listing:
        return self._run(lambda db: self._listing(db, filters))

    def _where(self, filters: Filters) -> tuple[str, list[Any], str]:
        clauses, params = ["f.ok = 1"], []
        if filters.status:
            clauses.append("f.status = ?")
            params.append(filters.status)
        if filters.statuses:
            clauses.append(f"f.status IN ({', '.join('?' * len(filters.statuses))})")
            params.extend(filters.statuses)
        if filters.lead:
            clauses.append("instr(f.lead_fold, ?) > 0")
            params.append(filters.lead.casefold())
        if filters.edition:
            clauses.append("f.edition = ?")
            params.append(filters.edition)
        if filters.directorate.strip():
            clauses.append("f.directorate_fold = ?")
            params.append(filters.directorate.strip().casefold())
        if filters.updated_since:
            since = filters.updated_since
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            clauses.append("f.updated >= ?")
            params.append(since.astimezone(timezone.utc).isoformat())
        query = fts_query(filters.search) if filters.search else ""
        return " AND ".join(clauses), params, query

    def _where_searched(self, filters: Filters) -> tuple[str, list[Any]]:
        """As :meth:`_where`, the search a condition like the others (for counts, not for ranking)."""
        where, params, query = self._where(filters)
        if query:
            return f"{where} AND {_EVERY_WORD}", [*params, query]
        return where, params

    def _listing(self, db: sqlite3.Connection, filters: Filters) -> Listing:
        where, params, query = self._where(filters)
        columns = "f.fid, f.name, f.id, f.title, f.status, f.status_label, f.lead, f.updated, f.done, f.total, f.edition"
        try:
            if query:
                total, rows = self._search(db, columns, where, params, query, filters)
            else:
                total = db.execute(f"SELECT count(*) FROM files f WHERE {where}", params).fetchone()[0]
                limit = f" LIMIT {int(filters.limit)}" if filters.limit is not None else ""
                if filters.offset > 0:
                    limit = f"{limit or ' LIMIT -1'} OFFSET {int(filters.offset)}"
                rows = db.execute(f"SELECT {columns} FROM files f WHERE {where} ORDER BY f.updated DESC, f.name{limit}",
                                  params).fetchall()
        except sqlite3.OperationalError as exc:
            if query and ("fts5" in str(exc).lower() or "syntax" in str(exc).lower()):
                return Listing([], self._problems(db), 0)  # a query FTS cannot read matches nothing
            raise
        matches = (self._matches(db, [r[0] for r in rows], filters.search)
                   if query and filters.with_matches else {})
        root = self.root
        items = [Summary(id=r[2], title=r[3], status=r[4], lead=r[6], updated=_time(r[7]), done=r[8], total=r[9],
                         path=root / r[1], edition=r[10], status_label=r[5], matches=matches.get(r[0], ()))
                 for r in rows]
        return Listing(items, self._problems(db), total)

    def _search(self, db: sqlite3.Connection, columns: str, where: str, params: list[Any], query: str,
                filters: Filters) -> tuple[int, list]:
        """(how many match, the page of them): every assessment holding all the words; those whose title,
        id, status or lead holds them first, then newest first. Neither count nor page goes through every
        match: the full-text index counts them, and the page is read in the files' order of time."""
        if where == "f.ok = 1":  # the full-text rows are those of readable files, one each
            total = db.execute("SELECT count(*) FROM texts WHERE texts MATCH ?", (query,)).fetchone()[0]
        else:
            total = db.execute(f"SELECT count(*) FROM files f WHERE {where} AND {_EVERY_WORD}",
                               [*params, query]).fetchone()[0]
        head = [r[0] for r in db.execute(
            f"SELECT f.fid FROM files f WHERE {where} AND f.fid IN (SELECT rowid >> {_SHIFT} FROM heads "
            "WHERE heads MATCH ?) ORDER BY f.updated DESC, f.name", [*params, query])]
        start = max(int(filters.offset), 0)
        wanted = None if filters.limit is None else int(filters.limit)
        page = head[start:] if wanted is None else head[start:start + wanted]
        if wanted is None or len(page) < wanted:
            skip = max(0, start - len(head))
            more = -1 if wanted is None else skip + (wanted - len(page)) + len(head)
            firsts = set(head)
            others = [r[0] for r in db.execute(f"SELECT f.fid FROM files f WHERE {where} AND {_EVERY_WORD} "
                                                f"ORDER BY f.updated DESC, f.name LIMIT {more}", [*params, query])
                      if r[0] not in firsts]
            page += others[skip:] if wanted is None else others[skip:skip + wanted - len(page)]
        if not page:
            return total, []
        rank = {fid: i for i, fid in enumerate(page)}
        rows = db.execute(f"SELECT {columns} FROM files f WHERE f.fid IN (SELECT value FROM json_each(?))",
                          (json.dumps(page),))
        return total, sorted(rows, key=lambda r: rank[r[0]])

    def _matches(self, db: sqlite3.Connection, fids: list[int], search: str) -> dict[int, tuple[Match, ...]]:
        """Where each assessment matched: its first few texts holding every word (else those holding the
        most of them), in its own order (title and details first), with the words marked. Read from the
        texts kept with the index, as its tokenizer reads them."""
        from .index_snippet import Terms, snippet

        if not fids:
            return {}
        terms = Terms(search)
        kept = dict(db.execute(f"SELECT fid, texts FROM docs WHERE fid IN ({', '.join('?' * len(fids))})", fids))
        out = {}
        for fid in fids:
            texts = unpack(kept[fid]) if fid in kept else []
            counts = terms.counts(texts)
            best = max(counts, default=0)
            shown = [i for i, n in enumerate(counts) if n == best][:MATCHES_SHOWN] if best else []
            out[fid] = tuple(Match(texts[i][0], snippet(texts[i][1], terms)) for i in shown)
        return out

    def matches(self, assessment_id: str, search: str) -> tuple[Match, ...]:
        query = fts_query(search)
        if not query:
            return ()

        def work(db: sqlite3.Connection) -> tuple[Match, ...]:
            row = db.execute("SELECT fid FROM files WHERE name = ?", (f"{assessment_id}{SUFFIX}",)).fetchone()
            if row is None:
                return ()
            return self._matches(db, [row[0]], search).get(row[0], ())

        return self._run(work)

    def _problems(self, db: sqlite3.Connection) -> list[Problem]:
        return [Problem(self.root / name, reason or "cannot be read", tuple((details or "").splitlines()))
                for name, reason, details in
                db.execute("SELECT name, reason, details FROM files WHERE ok = 0 ORDER BY name")]

    def area_stats(self, filters: Filters, *, with_impact: bool = False) -> list[AreaStat]:
        def work(db: sqlite3.Connection) -> list[AreaStat]:
            where, params = self._where_searched(filters)
            if with_impact:
                where += " AND a.status = 'assessed' AND (a.benefits > 0 OR a.risks > 0)"
            sql = ("SELECT f.id, a.category, a.category_title, a.area, a.area_name, a.status, a.benefits, a.risks, "
                   f"a.unmitigated, a.high FROM areas a JOIN files f ON f.fid = a.fid WHERE {where}")
            return [AreaStat(*row) for row in db.execute(sql + " ORDER BY f.id, a.rowid", params)]

        return self._run(work)


    # --- cia impacts ----------------------------------------------------------------------------------

    _IMPACT = "a.status = 'assessed' AND (a.benefits > 0 OR a.risks > 0)"

    def impact_totals(self, filters: Filters) -> tuple[int, list[tuple]]:
        """(assessments matching ``filters``, rows of (category, category title, area, area name, areas,
        benefits, risks, unmitigated, high)) over the areas assessed with a benefit or risk, added up in
        the database. Call :meth:`sync` first."""

        def work(db: sqlite3.Connection) -> tuple[int, list[tuple]]:
            where, params = self._where_searched(filters)
            count = db.execute(f"SELECT count(*) FROM files f WHERE {where}", params).fetchone()[0]
            # areas are only kept for readable files: with no filter the join is not needed
            source = "areas a" if where == "f.ok = 1" else f"areas a JOIN files f ON f.fid = a.fid WHERE {where} AND"
            rows = db.execute(
                "SELECT a.category, a.category_title, a.area, a.area_name, count(*), sum(a.benefits), sum(a.risks), "
                f"sum(a.unmitigated), sum(a.high) FROM {source}{' WHERE' if where == 'f.ok = 1' else ''} "
                f"{self._IMPACT} GROUP BY a.category, a.area, a.area_name, a.category_title", params).fetchall()
            return count, rows

        return self._run(work)

    def impact_proposals(self, filters: Filters, areas: list[tuple[str, str, str]] | None = None) -> list[tuple]:
        """Rows of (id, title, status, status label, updated, file name, category, area, area name, benefits,
        risks, unmitigated, high), only for the (category, area, area name) given (all if None)."""

        def work(db: sqlite3.Connection) -> list[tuple]:
            where, params = self._where_searched(filters)
            if areas is not None:
                if not areas:
                    return []
                where += (" AND (a.category, a.area, a.area_name) IN (SELECT json_extract(value, '$[0]'), "
                          "json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?))")
                params = [*params, json.dumps([list(k) for k in areas])]
            return db.execute(
                "SELECT f.id, f.title, f.status, f.status_label, f.updated, f.name, a.category, a.area, a.area_name, "
                f"a.benefits, a.risks, a.unmitigated, a.high FROM areas a JOIN files f ON f.fid = a.fid WHERE {where} "
                f"AND {self._IMPACT}", params).fetchall()

        return self._run(work)


    def impact_json(self, filters: Filters, groups: list[tuple[str, str, str, int]]) -> dict[int, str]:
        """For each group (the index given with its (category, area, area name) members), the JSON array of
        its proposals, best first (most high-rated, unmitigated, risks, benefits; then by title and id), as
        :func:`cia.impacts.as_json` writes them: built by SQLite, every proposal of every row in one pass."""
        if not groups:
            return {}

        def work(db: sqlite3.Connection) -> dict[int, str]:
            where, params = self._where_searched(filters)
            proposal = ("json_object('id', f.id, 'title', f.title, 'status', f.status, 'area', a.area, 'category', "
                        "a.category, 'area_name', a.area_name, 'benefits', a.benefits, 'risks', a.risks, "
                        "'unmitigated', a.unmitigated, 'high', a.high, 'updated', f.updated, 'path', ? || f.name, "
                        "'open', 'cia open ' || f.id)")
            rows = db.execute(  # each member's areas through the index, then their files
                "WITH m(category, area, area_name, g) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2, "
                "value ->> 3 FROM json_each(?)) "
                "SELECT g, '[' || group_concat(p, ', ') || ']' FROM ("
                f"SELECT m.g AS g, {proposal} AS p FROM m CROSS JOIN areas a ON m.category = a.category AND "
                f"m.area = a.area AND m.area_name = a.area_name CROSS JOIN files f ON f.fid = a.fid WHERE {where} "
                f"AND {self._IMPACT} "
                "ORDER BY m.g, a.high DESC, a.unmitigated DESC, a.risks DESC, a.benefits DESC, f.title_fold, f.id) "
                "GROUP BY g", [json.dumps(groups), f"{self.root}{os.sep}", *params]).fetchall()
            return dict(rows)

        return self._run(work)


def _time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
