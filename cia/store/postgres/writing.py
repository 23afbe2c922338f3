"""Writing a PostgreSQL store: saves (one conditional transaction each), the search and area rows kept with
them, the NOTIFY announcing them, the history of revisions, copies from another store, and the trash.

A part of :class:`~cia.store.postgres.backend.PostgresStore`, which provides ``_connection``, ``load`` and
the recovery copies.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..records import RevisionInfo
from ..errors import AssessmentFileError, ConflictError, NotFoundError, StoreError
from .connection import user_name

if TYPE_CHECKING:
    import psycopg

    from ...model import Assessment

CHANNEL = "cia_saved"
"""The NOTIFY channel every save and delete is announced on (payload: JSON naming the schema and id)."""


class PostgresWriting:
    """Saving, history and the trash for :class:`~cia.store.postgres.backend.PostgresStore`."""

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


def _payload(a: Assessment) -> str:
    from ..format import to_json

    return to_json(a)
