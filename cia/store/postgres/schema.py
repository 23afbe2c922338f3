"""The database schema: versioned SQL migrations kept in this package, applied by ``cia store init``.

``migrations/NNNN_name.sql`` is version NNNN. ``init`` applies every missing one in a single transaction
(under an advisory lock, so two ``init`` s at once cannot both apply them); a database whose version is
newer than this ``cia`` knows is refused, never changed. Every other command checks the version first
and says to run ``cia store init`` when the tables are missing or older.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from ..errors import StoreError
from .connection import NotInitialisedError, Target

if TYPE_CHECKING:
    import psycopg

INIT_LOCK = 0x63696169_6E697400  # "ciainit\0": serialises concurrent `cia store init`s
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with this cia, in order."""
    folder = resources.files(__package__) / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise StoreError(f"cia's database migrations are out of order at {migration.name}")
    return found


def latest_version() -> int:
    return migrations()[-1].version


def current_version(conn: psycopg.Connection) -> int | None:
    """The database's schema version; None when it has no cia tables."""
    row = conn.execute(
        "SELECT to_regclass('cia_schema_migrations') IS NOT NULL"
    ).fetchone()
    if not row or not row[0]:
        return None
    row = conn.execute("SELECT max(version) FROM cia_schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def newer_message(target: Target, version: int, latest: int) -> str:
    return (f"{target.where} was set up by a newer version of cia (database schema version {version}; this "
            f"cia knows up to {latest}). Upgrade cia to use it; nothing was changed")


def check(conn: psycopg.Connection, target: Target) -> None:
    """Refuse a database that is not initialised, older or newer than this cia."""
    version = current_version(conn)
    latest = latest_version()
    if version is None or version == 0:
        raise NotInitialisedError(f"{target.where} has no cia tables yet: run 'cia store init' first")
    if version < latest:
        raise NotInitialisedError(
            f"{target.where} uses an older cia database schema (version {version}; this cia needs "
            f"{latest}): run 'cia store init' to upgrade it"
        )
    if version > latest:
        raise StoreError(newer_message(target, version, latest))


@dataclass(frozen=True)
class InitResult:
    before: int | None
    after: int
    applied: list[str]


def init(target: Target) -> InitResult:
    """Create or upgrade the schema; a newer database is refused without any change."""
    from ... import __version__

    conn = target.connect()
    try:
        with target.errors(writing=True), conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (INIT_LOCK,))
            before = current_version(conn)
            latest = latest_version()
            if before is not None and before > latest:
                raise StoreError(newer_message(target, before, latest))
            applied = []
            for migration in migrations():
                if before is not None and migration.version <= before:
                    continue
                conn.execute(migration.sql.encode("utf-8"))  # several statements: simple query protocol
                conn.execute("INSERT INTO cia_schema_migrations (version, cia) VALUES (%s, %s)",
                             (migration.version, __version__))
                applied.append(migration.name)
        return InitResult(before, latest, applied)
    finally:
        conn.close()
