"""Open-locks on a PostgreSQL store (session advisory locks on a connection of their own, described in
``cia_open_locks``) and recovery copies of unsaved edits (local files, so they outlive the server being away).

A part of :class:`~cia.store.postgres.backend.PostgresStore`, which provides ``target``, ``schema_name``,
``notices`` and the lock connection's state.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..records import LockInfo
from .connection import user_name

if TYPE_CHECKING:
    import psycopg


class PostgresLocking:
    """Open-locks, and the local folder of recovery copies (the copies themselves are written by
    :class:`~cia.store.base.Store`), for :class:`~cia.store.postgres.backend.PostgresStore`."""

    # --- recovery copies: local files, so they outlive the server being away --------------------------

    @property
    def recovery_dir(self) -> Path:
        from platformdirs import user_data_dir

        # one folder per store URL (its options name the schema, if any): asking the server is not an option
        # when the point is to keep edits while it is away
        key = hashlib.sha256(self.target.display.encode()).hexdigest()[:16]
        return Path(user_data_dir("cia", appauthor=False)) / "recovery" / f"postgresql-{key}"

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


def _psycopg() -> Any:
    import psycopg

    return psycopg
