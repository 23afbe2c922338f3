"""The PostgreSQL store: one row per assessment, the validated document as JSONB beside the listed columns.

- A save is one transaction: ``UPDATE … WHERE id = … AND revision = …``, the new revision added to the
  history table and a ``NOTIFY`` sent on commit. A stale copy updates nothing and is refused with the
  same :class:`ConflictError` as the folder store; under any interleaving one save wins and none is silent.
- Open-locks are session advisory locks on a connection of their own: the server drops them when the
  holder's connection ends, so a crashed or disconnected app never blocks anyone. A row in
  ``cia_open_locks`` says who holds one, from where and since when.
- Recovery copies of unsaved edits are local files (they must survive the server being away).
- A role without write grants can list, open, search and export; each write is refused with
  "your database role may read but not change assessments".
"""

from __future__ import annotations

import hashlib
import secrets
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base import Filters, Listing, LockInfo, Notices, Problem, RevisionInfo, Store, Summary
from ..errors import AssessmentFileError, ConflictError, NotFoundError, StoreError
from . import schema
from .connection import ReadOnlyError, Target, UnavailableError, user_name
from .search import MATCHES_SHOWN, match_in, tsquery

if TYPE_CHECKING:
    import psycopg

    from ...model import Assessment
    from ..extract import AreaStat
    from .notify import Listener, StoreEvent

CHANNEL = "cia_saved"
"""The NOTIFY channel every save and delete is announced on (payload: JSON naming the schema and id)."""

POOL_WAIT_SECONDS = 2.0
"""How long an operation waits for a connection from the app's pool before saying the store is unreachable."""
IDLE_CHECK_SECONDS = 1.0
"""A connection idle for longer is checked (one round trip) before use, and replaced if it is gone."""
_SUMMARY_COLUMNS = "id, title, status, status_label, lead, updated, done, total, edition"


class PostgresStore(Store):
    """Assessments in a PostgreSQL database named by a ``postgresql://`` URL."""

    def __init__(self, location: str, *, pool: bool = False) -> None:
        self.target = Target(str(location))
        self.notices = Notices()
        self._mutex = threading.RLock()
        self._conn: psycopg.Connection | None = None
        self._last_used = 0.0
        self._pool: Any = None
        self._use_pool = pool
        self._checked = False
        self._schema_name: str | None = None
        self._lock_conn: psycopg.Connection | None = None
        self._lock_mutex = threading.RLock()
        self._held: dict[str, datetime] = {}
        self._listeners: list[Listener] = []
        self.token = secrets.token_hex(8)
        """Names this store handle in what it announces, so its own saves are known as its own."""

    def __repr__(self) -> str:
        return f"PostgresStore({self.target.display!r})"

    # --- where ----------------------------------------------------------------------------------

    @property
    def location(self) -> str:
        return self.target.display

    def describe(self, assessment_id: str) -> str:
        return f"{assessment_id} in {self.target.where}"

    def _path(self, assessment_id: str) -> Path:
        """The name messages use for one stored assessment (errors name a 'file' by its last part)."""
        return Path(assessment_id.replace("/", "_") or "assessment")

    # --- connections ------------------------------------------------------------------------------

    def use_pool(self, max_size: int = 4) -> None:
        """Serve each operation from a connection pool (the app: several threads at once)."""
        self._use_pool = True
        self._pool_size = max_size

    @contextmanager
    def _connection(self, *, writing: bool = False) -> Iterator[psycopg.Connection]:
        """A connection with the schema checked; psycopg errors inside become plain StoreErrors."""
        with self.target.errors(writing=writing):
            if self._use_pool:
                pool = self._get_pool()
                # a short wait: when the server is away the pool has nothing to give, and the app must not
                # freeze for the connect timeout on every save and listing (the error says it is unreachable)
                with pool.connection(timeout=POOL_WAIT_SECONDS) as conn:
                    self._ensure_checked(conn)
                    yield conn
                return
            with self._mutex:
                conn = self._live_connection()
                try:
                    self._ensure_checked(conn)
                    yield conn
                finally:
                    self._last_used = time.monotonic()
                    if conn.broken:
                        conn.close()
                        self._conn = None
                    elif not conn.closed and conn.info.transaction_status != 0:  # not idle: end it
                        conn.rollback()

    def _live_connection(self) -> psycopg.Connection:
        """Our connection, made anew if it was closed, or if it sat idle and no longer answers (the server
        restarted, or dropped it): an idle connection that went away is not worth an error."""
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            if time.monotonic() - self._last_used < IDLE_CHECK_SECONDS:
                return conn
            try:
                conn.execute("SELECT 1")
                return conn
            except _psycopg().Error:
                pass
        if conn is not None:
            conn.close()
        self._conn = conn = self.target.connect(autocommit=True)
        self._last_used = time.monotonic()
        return conn

    def _get_pool(self) -> Any:
        with self._mutex:
            if self._pool is None:
                # connect once directly first: an unreachable server gives its own message, not a pool timeout
                self.target.connect().close()
                from psycopg_pool import ConnectionPool

                self._pool = ConnectionPool(
                    self.target.url, min_size=1, max_size=getattr(self, "_pool_size", 4),
                    kwargs=self.target.connect_kwargs() | {"autocommit": True}, open=True, timeout=self.target_timeout(),
                    check=ConnectionPool.check_connection, name="cia",
                )
            return self._pool

    @staticmethod
    def target_timeout() -> float:
        from .connection import CONNECT_TIMEOUT

        return float(CONNECT_TIMEOUT)

    def _ensure_checked(self, conn: psycopg.Connection) -> None:
        if self._checked:
            return
        with conn.transaction():
            schema.check(conn, self.target)
            row = conn.execute("SELECT current_schema()").fetchone()
        self._schema_name = row[0] if row else "public"
        self._checked = True

    @property
    def schema_name(self) -> str:
        if self._schema_name is None:
            with self._connection():
                pass
        return self._schema_name or "public"

    def check_available(self) -> None:
        with self._connection():
            pass

    # --- reading ----------------------------------------------------------------------------------

    def list(self, filters: Filters | None = None) -> Listing:
        f = filters or Filters()
        where, params = ["true"], []
        if f.status:
            where.append("a.status = %s")
            params.append(f.status)
        if f.lead:
            where.append("strpos(lower(a.lead), lower(%s)) > 0")
            params.append(f.lead)
        if f.edition:
            where.append("a.edition = %s")
            params.append(f.edition)
        if f.updated_since:
            since = f.updated_since if f.updated_since.tzinfo else f.updated_since.replace(tzinfo=timezone.utc)
            where.append("a.updated >= %s")
            params.append(since)
        query = tsquery(f.search) if f.search else ""
        if f.search and not query:
            return Listing([], [], 0)
        columns = ", ".join(f"a.{c}" for c in _SUMMARY_COLUMNS.split(", "))
        if query:
            sql = (f"WITH q AS (SELECT to_tsquery('english', %s) AS q), "
                   f"hits AS (SELECT t.id, max(ts_rank(t.tsv, q.q)) AS score FROM cia_texts t, q "
                   f"WHERE t.tsv @@ q.q GROUP BY t.id) "
                   f"SELECT {columns} FROM cia_assessments a JOIN hits h ON h.id = a.id "
                   f"WHERE {' AND '.join(where)} ORDER BY h.score DESC, a.updated DESC, a.id")
            params = [query, *params]
        else:
            sql = f"SELECT {columns} FROM cia_assessments a WHERE {' AND '.join(where)} ORDER BY a.updated DESC, a.id"
        limit = f" LIMIT {int(f.limit)}" if f.limit is not None else ""
        with self._connection() as conn:
            rows = conn.execute(sql + limit, params).fetchall()
            total = len(rows)
            if limit and len(rows) >= int(f.limit):
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
        rows = conn.execute(
            """WITH q AS (SELECT to_tsquery('english', %s) AS q)
               SELECT id, place, body FROM (
                   SELECT t.id, t.place, t.body, row_number() OVER (
                       PARTITION BY t.id ORDER BY ts_rank(t.tsv, q.q) DESC, t.ord) AS n
                   FROM cia_texts t, q WHERE t.id = ANY(%s) AND t.tsv @@ q.q) AS ranked
               WHERE n <= %s ORDER BY id, n""", (query, ids, MATCHES_SHOWN)).fetchall()
        out: dict[str, list] = {}
        for assessment_id, place, body in rows:
            out.setdefault(assessment_id, []).append(match_in(place, body, search))
        return {k: tuple(v) for k, v in out.items()}

    def area_stats(self, filters: Filters | None = None, *, with_impact: bool = False) -> list[AreaStat]:
        from ..extract import AreaStat

        if filters is not None and filters.directorate.strip():
            # the directorate is not a column here: read each assessment (the default way)
            return super().area_stats(filters, with_impact=with_impact)
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

    # --- writing ----------------------------------------------------------------------------------

    def save(self, assessment: Assessment, *, force: bool = False, touch: bool = True) -> str:
        from ...model import now

        from ...workflow import carry_back, check_edit

        candidate = assessment.model_copy(deep=True)
        if touch:
            candidate.updated = now()
        # read-only after sign-off, back to draft when an approved one is edited (raises workflow.Refused); the
        # revision check of the write makes sure the version compared is the one replaced (or a forced save)
        try:
            saved = self.load(assessment.id)
        except NotFoundError:
            saved = None
        check_edit(saved, candidate)
        base = assessment.revision
        candidate.revision = base + 1
        stored = self._write(candidate, base=base, force=force)
        assessment.revision = stored.revision
        assessment.updated = stored.updated
        carry_back(assessment, candidate)
        self.clear_recovery(assessment.id)
        return self.describe(assessment.id)

    def _write(self, candidate: Assessment, *, base: int | None, force: bool = False,
               exact: bool = False) -> Assessment:
        """Store ``candidate`` in one transaction; returns what was stored.

        ``base`` is the revision the candidate was loaded at. The common case is one ``UPDATE … WHERE
        revision = base``; when that updates nothing the stored revision decides: none (insert), later
        than ``base`` (conflict, unless ``force``), or earlier (an import of a later copy: allowed, still
        conditional on the revision just read). With ``exact`` the candidate's revision is kept as it is
        (copying a store), otherwise it becomes one past every revision seen.
        """
        from ...model import Assessment as _Assessment

        if base is not None and not exact:
            candidate.revision = base + 1
        payload = first_payload = _payload(candidate)
        _Assessment.model_validate_json(payload)  # the document stored is always a valid one
        with self._connection(writing=True) as conn:
            for _attempt in range(5):
                with conn.transaction():
                    if base is not None and not exact:
                        candidate.revision = base + 1
                        if self._update(conn, candidate, payload, base):
                            return candidate
                    row = conn.execute("SELECT revision, schema_version FROM cia_assessments WHERE id = %s",
                                       (candidate.id,)).fetchone()
                    if row is None:
                        if not exact:
                            candidate.revision = max(base or 0, 0) + 1
                        payload = _payload(candidate)
                        if self._insert(conn, candidate, payload):
                            return candidate
                        continue  # someone created it at this moment: look again
                    stored, stored_schema = int(row[0]), int(row[1])
                    self._refuse_newer(stored_schema, candidate.id)
                    if not exact:
                        if base is not None and stored > base and not force:
                            if stored == base + 1 and self._is_ours(conn, candidate.id, first_payload):
                                candidate.revision = stored  # our own save, committed as the connection was lost
                                return candidate
                            raise ConflictError(self._path(candidate.id), stored, base)
                        candidate.revision = max(base or 0, stored) + 1
                        payload = _payload(candidate)
                    elif stored >= candidate.revision and not force:
                        raise ConflictError(self._path(candidate.id), stored, candidate.revision)
                    if self._update(conn, candidate, payload, stored):
                        return candidate
            raise StoreError(f"{candidate.id} is being saved by others at this moment; try again")

    @staticmethod
    def _is_ours(conn: psycopg.Connection, assessment_id: str, payload: str) -> bool:
        row = conn.execute("SELECT document = %s::jsonb FROM cia_assessments WHERE id = %s",
                           (payload, assessment_id)).fetchone()
        return bool(row and row[0])

    def _refuse_newer(self, stored_schema: int, assessment_id: str) -> None:
        from ..format import schema_version

        if stored_schema > schema_version():
            raise AssessmentFileError(
                self._path(assessment_id),
                f"was saved by a newer version of cia (schema version {stored_schema}); upgrade cia to change it. "
                "Nothing was written")

    @staticmethod
    def _columns(a: Assessment) -> dict[str, Any]:
        from ..extract import summary_row

        row = summary_row(a)
        return {"id": a.id, "revision": a.revision, "schema_version": a.schema_version, "title": row["title"],
                "status": row["status"], "status_label": row["status_label"], "lead": row["lead"],
                "edition": row["edition"], "done": row["done"], "total": row["total"], "created": a.created,
                "updated": a.updated}

    def _update(self, conn: psycopg.Connection, a: Assessment, payload: str, expected: int) -> bool:
        """Replace revision ``expected`` (kept in the history, copied inside the server) with ``a``."""
        values = self._columns(a) | {"document": payload, "expected": expected}
        cur = conn.execute(
            # every part of the statement sees the same snapshot: the history gets the row as it was
            """WITH kept AS (INSERT INTO cia_history (id, revision, status, updated, document, saved_at, saved_by)
                             SELECT id, revision, status, updated, document, saved_at, saved_by FROM cia_assessments
                             WHERE id = %(id)s AND revision = %(expected)s
                             ON CONFLICT (id, revision) DO NOTHING)
               UPDATE cia_assessments SET revision = %(revision)s, schema_version = %(schema_version)s,
                   document = %(document)s::jsonb, title = %(title)s, status = %(status)s,
                   status_label = %(status_label)s, lead = %(lead)s, edition = %(edition)s, done = %(done)s,
                   total = %(total)s, created = %(created)s, updated = %(updated)s,
                   saved_at = now(), saved_by = current_user
               WHERE id = %(id)s AND revision = %(expected)s""", values)
        if cur.rowcount != 1:
            return False
        self._index(conn, a, fresh=False)
        self._notify(conn, a.id, a.revision, "saved")
        return True

    def _insert(self, conn: psycopg.Connection, a: Assessment, payload: str) -> bool:
        values = self._columns(a) | {"document": payload}
        cur = conn.execute(
            """INSERT INTO cia_assessments (id, revision, schema_version, document, title, status, status_label,
                   lead, edition, done, total, created, updated)
               VALUES (%(id)s, %(revision)s, %(schema_version)s, %(document)s::jsonb, %(title)s, %(status)s,
                   %(status_label)s, %(lead)s, %(edition)s, %(done)s, %(total)s, %(created)s, %(updated)s)
               ON CONFLICT (id) DO NOTHING""", values)
        if cur.rowcount != 1:
            return False
        self._index(conn, a, fresh=True)
        self._notify(conn, a.id, a.revision, "saved")
        return True

    @staticmethod
    def _index(conn: psycopg.Connection, a: Assessment, *, fresh: bool) -> None:
        """The assessment's texts (for search) and areas (for counts across assessments), replaced."""
        from ..extract import areas_of, texts_of

        texts = texts_of(a)
        places, bodies = [p for p, _ in texts], [b for _, b in texts]
        if fresh:
            if texts:
                conn.execute(
                    """INSERT INTO cia_texts (id, ord, place, body, tsv)
                       SELECT %s, t.ord, t.place, t.body, to_tsvector('english', t.body)
                       FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(place, body, ord)""",
                    (a.id, places, bodies))
        else:  # only what changed: most saves change a few texts of many
            conn.execute(
                """WITH new AS (SELECT t.place, t.body, min(t.ord) AS ord
                                FROM unnest(%(places)s::text[], %(bodies)s::text[]) WITH ORDINALITY AS t(place, body, ord)
                                GROUP BY t.place, t.body),
                        gone AS (DELETE FROM cia_texts o WHERE o.id = %(id)s AND NOT EXISTS (
                                     SELECT 1 FROM new n WHERE n.place = o.place AND n.body = o.body))
                   INSERT INTO cia_texts (id, ord, place, body, tsv)
                   SELECT %(id)s, n.ord, n.place, n.body, to_tsvector('english', n.body) FROM new n
                   WHERE NOT EXISTS (SELECT 1 FROM cia_texts o WHERE o.id = %(id)s AND o.place = n.place
                                     AND o.body = n.body)""", {"id": a.id, "places": places, "bodies": bodies})
            conn.execute("DELETE FROM cia_areas WHERE id = %s", (a.id,))
        areas = areas_of(a)
        if areas:
            columns = list(zip(*areas))
            conn.execute(
                """INSERT INTO cia_areas (id, ord, category, category_title, area, area_name, status, benefits,
                       risks, unmitigated, high)
                   SELECT %s, t.ord, t.c, t.ct, t.a, t.an, t.s, t.b, t.r, t.u, t.h
                   FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[], %s::int[],
                               %s::int[], %s::int[]) WITH ORDINALITY AS t(c, ct, a, an, s, b, r, u, h, ord)""",
                (a.id, *[list(c) for c in columns]))

    def _notify(self, conn: psycopg.Connection, assessment_id: str, revision: int, event: str) -> None:
        payload = json.dumps({"schema": self.schema_name, "id": assessment_id, "revision": revision,
                              "event": event, "user": user_name(), "host": socket.gethostname(),
                              "pid": os.getpid(), "token": self.token})
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))

    def delete(self, ref: str) -> str:
        assessment_id = self.resolve_id(ref)
        with self._connection(writing=True) as conn, conn.transaction():
            row = conn.execute(
                """WITH gone AS (DELETE FROM cia_assessments WHERE id = %s RETURNING id, revision, document),
                        kept AS (DELETE FROM cia_history WHERE id = %s RETURNING revision, document)
                   INSERT INTO cia_trash (id, revision, document, history)
                   SELECT gone.id, gone.revision, gone.document,
                          (SELECT coalesce(jsonb_agg(kept.document ORDER BY kept.revision), '[]'::jsonb) FROM kept)
                   FROM gone RETURNING trash_id, revision""", (assessment_id, assessment_id)).fetchone()
            if row is None:
                raise NotFoundError(f"no assessment {assessment_id!r} in {self.location}")
            self._notify(conn, assessment_id, int(row[1]), "deleted")
        self.clear_recovery(assessment_id)
        return f"the trash of {self.target.where} (entry {row[0]})"

    @property
    def trash_dir(self) -> str:
        """Where deleted assessments go, for messages (the folder store's is a folder)."""
        return f"the cia_trash table of {self.target.where}"

    def trash(self) -> list[tuple[int, str, int, datetime, str]]:
        """What is in the trash: (entry, id, revision, deleted at, deleted by), newest first."""
        with self._connection() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT trash_id, id, revision, deleted_at, deleted_by FROM cia_trash ORDER BY trash_id DESC")]

    # --- history ----------------------------------------------------------------------------------

    def history(self, assessment_id: str) -> list[RevisionInfo]:
        """Every revision: the earlier ones from the history table, the current one last."""
        with self._connection() as conn:
            rows = conn.execute(
                """SELECT revision, status, updated, false FROM cia_history WHERE id = %s
                   UNION ALL SELECT revision, status, updated, true FROM cia_assessments WHERE id = %s
                   ORDER BY 1""", (assessment_id, assessment_id)).fetchall()
        if not rows or not rows[-1][3]:
            raise NotFoundError(f"no assessment {assessment_id!r} in {self.location}")
        return [RevisionInfo(int(r[0]), r[1], r[2], current=bool(r[3])) for r in rows
                if r[3] or int(r[0]) < int(rows[-1][0])]

    def load_revision(self, assessment_id: str, revision: int) -> Assessment:
        with self._connection() as conn:
            row = conn.execute(
                """SELECT document::text FROM cia_history WHERE id = %s AND revision = %s
                   UNION ALL SELECT document::text FROM cia_assessments WHERE id = %s AND revision = %s""",
                (assessment_id, revision, assessment_id, revision)).fetchone()
        if row is None:
            raise NotFoundError(f"revision {revision} of {assessment_id} was not kept")
        return self._parse(row[0], assessment_id)

    def put_copy(self, current: Assessment, history: list[Assessment]) -> None:
        """Store an assessment copied from another store exactly as it is (its earlier revisions, then the
        current one); they were validated when read. Refused (ConflictError) if this store already has it."""
        payloads = [(_payload(a), a) for a in history if a.revision < current.revision]
        payload = _payload(current)
        with self._connection(writing=True) as conn, conn.transaction():
            if payloads:
                with conn.cursor() as cur:
                    cur.executemany(
                        """INSERT INTO cia_history (id, revision, status, updated, document)
                           VALUES (%s, %s, %s, %s, %s::jsonb) ON CONFLICT (id, revision) DO NOTHING""",
                        [(current.id, old.revision, old.status, old.updated, text) for text, old in payloads])
            if not self._insert(conn, current, payload):
                row = conn.execute("SELECT revision FROM cia_assessments WHERE id = %s", (current.id,)).fetchone()
                raise ConflictError(self._path(current.id), int(row[0]) if row else 0, current.revision)

    # --- recovery copies: local files, so they outlive the server being away --------------------------

    @property
    def recovery_dir(self) -> Path:
        from platformdirs import user_data_dir

        # one folder per store URL (its options name the schema, if any): asking the server is not an option
        # when the point is to keep edits while it is away
        key = hashlib.sha256(self.target.display.encode()).hexdigest()[:16]
        return Path(user_data_dir("cia", appauthor=False)) / "recovery" / f"postgresql-{key}"

    def recovery_path(self, assessment_id: str) -> Path:
        return self.recovery_dir / f"{assessment_id}.json"

    def write_recovery(self, assessment: Assessment) -> None:
        from ...fsio import atomic_write
        from ..format import to_json

        atomic_write(self.recovery_path(assessment.id), to_json(assessment))

    def read_recovery(self, assessment_id: str) -> Assessment | None:
        from ..format import read_file

        path = self.recovery_path(assessment_id)
        if not path.is_file():
            return None
        try:
            return read_file(path)
        except StoreError:
            return None

    def clear_recovery(self, assessment_id: str) -> None:
        try:
            self.recovery_path(assessment_id).unlink()
        except FileNotFoundError:
            pass

    def recoveries(self) -> list[str]:
        try:
            names = os.listdir(self.recovery_dir)
        except OSError:
            return []
        return sorted(n[:-5] for n in names if n.endswith(".json") and not n.startswith("."))

    # --- open-locks -------------------------------------------------------------------------------

    def _lock_key(self, assessment_id: str) -> int:
        digest = hashlib.blake2b(f"cia/{self.schema_name}/{assessment_id}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    @contextmanager
    def _lock_connection(self) -> Iterator[psycopg.Connection]:
        """The connection that holds our open-locks; if it was lost, a new one takes back what it can."""
        with self._lock_mutex, self.target.errors():
            conn = self._lock_conn
            if conn is None or conn.closed or conn.broken:
                if conn is not None:
                    conn.close()
                self._lock_conn = conn = self.target.connect(autocommit=True)
                lost = dict(self._held)
                self._held.clear()
                for assessment_id in lost:
                    holder = self._try_lock(conn, assessment_id)
                    if holder is not None:
                        self.notices.add(f"{assessment_id} is now open by {holder.describe()}: the connection "
                                         "holding your lock was lost")
            yield conn

    def _try_lock(self, conn: psycopg.Connection, assessment_id: str) -> LockInfo | None:
        from ...model import now

        key = self._lock_key(assessment_id)
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]
        if not got:
            return self._describe_holder(conn, assessment_id, key) or LockInfo(
                "someone", "another computer", 0, "a moment ago")
        self._held[assessment_id] = now()
        errors = _psycopg().errors
        try:
            with conn.transaction():
                conn.execute(
                    """INSERT INTO cia_open_locks (id, backend_pid, user_name, host, pid, since)
                       VALUES (%s, pg_backend_pid(), %s, %s, %s, now())
                       ON CONFLICT (id) DO UPDATE SET backend_pid = EXCLUDED.backend_pid,
                           user_name = EXCLUDED.user_name, host = EXCLUDED.host, pid = EXCLUDED.pid, since = now()""",
                    (assessment_id, user_name(), socket.gethostname(), os.getpid()))
        except (errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction):
            pass  # a reader: the lock still holds, only the description of it is missing
        return None

    def _describe_holder(self, conn: psycopg.Connection, assessment_id: str, key: int) -> LockInfo | None:
        """Who holds the advisory lock for ``key``: the description row if its backend still holds it."""
        row = conn.execute(
            """SELECT l.user_name, l.host, l.pid, to_char(l.since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                      a.usename
               FROM pg_locks k
               LEFT JOIN cia_open_locks l ON l.id = %s AND l.backend_pid = k.pid
               LEFT JOIN pg_stat_activity a ON a.pid = k.pid
               WHERE k.locktype = 'advisory' AND k.granted AND k.objsubid = 1
                 AND k.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND ((k.classid::bigint << 32) | k.objid::bigint) = %s::bigint
               LIMIT 1""", (assessment_id, key)).fetchone()
        if row is None:
            return None
        if row[0] is None:
            return LockInfo(f"database user {row[4]}" if row[4] else "someone", "another computer", 0,
                            "a moment ago")
        who = row[0] if not row[4] or row[4] == row[0] else f"{row[0]} ({row[4]})"
        return LockInfo(who, row[1], int(row[2]), row[3])

    def acquire_lock(self, assessment_id: str) -> LockInfo | None:
        with self._lock_connection() as conn:
            if assessment_id in self._held:
                return None
            return self._try_lock(conn, assessment_id)

    def lock_holder(self, assessment_id: str) -> LockInfo | None:
        with self._lock_connection() as conn:
            if assessment_id in self._held:
                return None
            return self._describe_holder(conn, assessment_id, self._lock_key(assessment_id))

    def release_lock(self, assessment_id: str) -> None:
        with self._lock_mutex:
            if assessment_id not in self._held:
                return
            self._held.pop(assessment_id, None)
            conn = self._lock_conn
            if conn is None or conn.closed or conn.broken:
                return  # the server let go of it with the connection
            errors = _psycopg()
            try:
                conn.execute("DELETE FROM cia_open_locks WHERE id = %s AND backend_pid = pg_backend_pid()",
                             (assessment_id,))
            except errors.Error:
                pass  # a reader may not delete; the row no longer counts once the lock is gone
            try:
                conn.execute("SELECT pg_advisory_unlock(%s)", (self._lock_key(assessment_id),))
            except errors.Error:
                conn.close()  # closing the connection lets go of every lock it held

    # --- live awareness -----------------------------------------------------------------------------

    def subscribe(self, callback: Callable[[StoreEvent], None]) -> Callable[[], None]:
        """Call ``callback`` (from a background thread) whenever anyone saves or deletes in this store.

        Returns a function that stops listening. See :mod:`cia.store.postgres.notify`.
        """
        from .notify import Listener

        listener = Listener(self.target, self.schema_name, callback, own_token=self.token)
        listener.start()
        self._listeners.append(listener)

        def stop() -> None:
            listener.stop()
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    # --- lifetime ---------------------------------------------------------------------------------

    def close(self) -> None:
        for listener in list(self._listeners):
            listener.stop()
        self._listeners.clear()
        with self._lock_mutex:
            for assessment_id in list(self._held):
                self.release_lock(assessment_id)
            if self._lock_conn is not None:
                self._lock_conn.close()
                self._lock_conn = None
        with self._mutex:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self._pool is not None:
                self._pool.close()
                self._pool = None


def _payload(a: Assessment) -> str:
    from ..format import to_json

    return to_json(a)


def _psycopg() -> Any:
    import psycopg

    return psycopg


__all__ = ["CHANNEL", "PostgresStore", "ReadOnlyError", "UnavailableError", "Problem"]
