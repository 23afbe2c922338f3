"""The PostgreSQL store: a council's assessments in one database (``postgresql://`` store URLs).

- :mod:`.connection` — the URL (never a password), timeouts, errors as plain messages;
- :mod:`.schema` and ``migrations/`` — the versioned SQL schema that ``cia store init`` applies;
- :mod:`.backend` — :class:`PostgresStore`, the :class:`~cia.store.base.Store` on PostgreSQL;
- :mod:`.search` — full-text search over the ``tsvector`` index;
- :mod:`.notify` — a thread listening for colleagues' saves (LISTEN/NOTIFY).

psycopg is imported only when a PostgreSQL store is actually used.
"""

from __future__ import annotations

from .backend import CHANNEL, PostgresStore
from .connection import NotInitialisedError, ReadOnlyError, UnavailableError

__all__ = ["CHANNEL", "NotInitialisedError", "PostgresStore", "ReadOnlyError", "UnavailableError"]
