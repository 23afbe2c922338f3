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

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base import Store
from ..records import Notices, Problem
from . import schema
from .connection import ReadOnlyError, Target, UnavailableError
from .editions import PostgresEditions
from .locking import PostgresLocking, _psycopg
from .reading import PostgresReading
from .writing import CHANNEL, PostgresWriting

if TYPE_CHECKING:
    import psycopg

    from .notify import Listener, StoreEvent

POOL_WAIT_SECONDS = 2.0
"""How long an operation waits for a connection from the app's pool before saying the store is unreachable."""
IDLE_CHECK_SECONDS = 1.0
"""A connection idle for longer is checked (one round trip) before use, and replaced if it is gone."""


class PostgresStore(PostgresReading, PostgresWriting, PostgresLocking, PostgresEditions, Store):
    """Assessments in a PostgreSQL database named by a ``postgresql://`` URL.

    This module holds the connections and the store's lifetime; reading and search are in :mod:`.reading`,
    saving, history and the trash in :mod:`.writing`, open-locks and recovery copies in :mod:`.locking`, the
    council's template editions in :mod:`.editions`.
    """

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



__all__ = ["CHANNEL", "PostgresStore", "ReadOnlyError", "UnavailableError", "Problem"]
