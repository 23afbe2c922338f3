"""The council's own template editions in a PostgreSQL store: the ``cia_editions`` table.

A folder store keeps a council's editions as files in ``<store>/templates/``; a database store keeps each
published version's TOML in a row, and cia reads it exactly as it reads such a file (``cia templates list |
show``, every command and the app). A published version is never replaced.

A part of :class:`~cia.store.postgres.backend.PostgresStore`, which provides ``_connection`` and ``target``.
"""

from __future__ import annotations

from ..errors import StoreError
from .connection import ReadOnlyError

TABLE = "cia_editions"


class PostgresEditions:
    """The council editions of :class:`~cia.store.postgres.backend.PostgresStore`."""

    @property
    def editions_where(self) -> str:
        """How messages name the place the editions are kept."""
        return f"the {TABLE} table of {self.target.where}"  # type: ignore[attr-defined]

    def edition_files(self) -> list[tuple[str, str]]:
        """(``id@version``, TOML text) of every council edition kept in the database, in order."""
        with self._connection() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(f"SELECT id, version, toml FROM {TABLE} ORDER BY id, version").fetchall()
        return [(f"{ident}@{version}", str(toml)) for ident, version, toml in rows]

    def put_edition(self, ident: str, version: int, title: str, extends: str, text: str) -> str:
        """Keep a checked edition's TOML; never over a version already kept. Returns where it went."""
        try:
            with self._connection(writing=True) as conn, conn.transaction():  # type: ignore[attr-defined]
                row = conn.execute(
                    f"INSERT INTO {TABLE} (id, version, title, extends, toml) VALUES (%s, %s, %s, %s, %s) "
                    "ON CONFLICT (id, version) DO NOTHING RETURNING id", (ident, version, title, extends, text),
                ).fetchone()
        except ReadOnlyError:
            raise ReadOnlyError(f"your database role may not publish template editions in {self.editions_where} "
                                f"(it needs INSERT on {TABLE}); nothing was published") from None
        if row is None:
            raise StoreError(f"{ident}@{version} is already in {self.editions_where}; nothing was published")
        return f"{ident}@{version} in {self.editions_where}"
