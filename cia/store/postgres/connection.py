"""Connecting to PostgreSQL: the store URL, timeouts, and errors turned into messages for a person.

Passwords never come from the command line or the config file: a URL that holds one is refused, and
libpq finds the password where it always does (``PGPASSWORD``, ``~/.pgpass``, a service file).
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from ..errors import StoreError, UnavailableError

if TYPE_CHECKING:
    import psycopg

READ_ONLY = "your database role may read but not change assessments"
STATEMENT_TIMEOUT_ENV = "CIA_PG_STATEMENT_TIMEOUT"
DEFAULT_STATEMENT_TIMEOUT = 15.0
"""Seconds a statement may run before the server cancels it, so a slow query never freezes the app."""
CONNECT_TIMEOUT = 10
APPLICATION_NAME = "cia"


class NotInitialisedError(StoreError):
    """The database has no cia tables, or older ones."""


class ReadOnlyError(StoreError):
    """The database role may not change assessments."""

    def __init__(self, message: str = READ_ONLY) -> None:
        super().__init__(message)


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "the PostgreSQL store needs psycopg, which is not installed: pip install 'cia[postgres]'"
        ) from None
    return psycopg


class Target:
    """A parsed ``postgresql://`` store URL: what to connect to, and how to name it in messages."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            parts = urlsplit(url)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            port = parts.port
        except ValueError as exc:
            raise StoreError(f"not a valid PostgreSQL URL ({exc}): {self._safe(url)}") from None
        if parts.password is not None or "password" in query:
            raise StoreError(
                "the store URL must not contain a password; put it in PGPASSWORD, ~/.pgpass or a "
                "PostgreSQL service file instead"
            )
        self.query = query
        self.user = parts.username or query.get("user") or ""
        self.host = parts.hostname or query.get("host") or os.environ.get("PGHOST", "")
        self.port = port or query.get("port") or os.environ.get("PGPORT", "")
        self.database = parts.path.lstrip("/") or query.get("dbname") or os.environ.get("PGDATABASE", "")
        self.service = query.get("service", "")
        found = re.search(r"search_path\s*=\s*([^\s,]+)", query.get("options", ""))
        self.schema = found.group(1).strip("'\"") if found else ""
        self.display = self._safe(url)

    @staticmethod
    def _safe(url: str) -> str:
        """The URL as shown to a person: everything but a password."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return "postgresql://…"
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return parts._replace(netloc=f"{user}@{netloc}" if user else netloc).geturl()

    @property
    def where(self) -> str:
        """The server and database, for messages: ``db on host:port``."""
        host = self.host or "the local socket"
        if host.startswith("/"):
            host = f"the socket in {host}"
        port = f":{self.port}" if self.port and not host.startswith("the ") else ""
        schema = f" (schema {self.schema})" if self.schema else ""
        if self.service and not self.database:
            return f"service {self.service}{schema}"
        return f"database {self.database or '(default)'}{schema} on {host}{port}"

    def connect_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``psycopg.connect`` beside the URL: timeouts and the application name."""
        timeout = statement_timeout()
        options = self.query.get("options", "")
        if "statement_timeout" not in options:
            options = f"{options} -c statement_timeout={int(timeout * 1000)}".strip()
        if "lock_timeout" not in options:
            options = f"{options} -c lock_timeout={int(timeout * 1000)}".strip()
        kwargs: dict[str, Any] = {"options": options}
        if "connect_timeout" not in self.query and not os.environ.get("PGCONNECT_TIMEOUT"):
            kwargs["connect_timeout"] = CONNECT_TIMEOUT
        if self.host and not self.host.startswith("/"):  # TCP: notice a dead network, not only a slow server
            for key, value in (("keepalives", 1), ("keepalives_idle", 10), ("keepalives_interval", 3),
                               ("keepalives_count", 3), ("tcp_user_timeout", int(CONNECT_TIMEOUT * 1000))):
                if key not in self.query:
                    kwargs[key] = value
        if "application_name" not in self.query and not os.environ.get("PGAPPNAME"):
            kwargs["application_name"] = f"{APPLICATION_NAME} {user_name()}@{socket.gethostname()}"[:63]
        return kwargs

    def connect(self, *, autocommit: bool = False) -> psycopg.Connection:
        """A new connection; UnavailableError (or StoreError) with a plain message if it cannot be made."""
        psycopg = _import_psycopg()
        try:
            return psycopg.connect(self.url, autocommit=autocommit, **self.connect_kwargs())
        except psycopg.Error as exc:
            raise self.translate(exc, connecting=True) from None

    def translate(self, exc: Exception, *, connecting: bool = False, writing: bool = False) -> StoreError:
        """A psycopg error as a :class:`StoreError` naming what is wrong."""
        psycopg = _import_psycopg()
        errors = psycopg.errors
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        first = first.removeprefix("connection failed: ")
        first = re.sub(r"^connection to server (at|on socket) .*? failed: ", "", first)
        if isinstance(exc, errors.InsufficientPrivilege):
            if writing:
                return ReadOnlyError()
            return StoreError(f"your database role may not read assessments in {self.where} ({first})")
        if isinstance(exc, errors.UndefinedTable):
            return NotInitialisedError(f"{self.where} has no cia tables yet: run 'cia store init' first")
        if isinstance(exc, errors.QueryCanceled):
            return StoreError(
                f"{self.where} did not answer within {statement_timeout():g} s (the statement was cancelled); "
                "nothing was changed. Try again in a moment"
            )
        if isinstance(exc, errors.LockNotAvailable):
            return StoreError(f"{self.where} is busy (a lock was held too long); nothing was changed. Try again")
        if isinstance(exc, errors.ReadOnlySqlTransaction):
            return ReadOnlyError(f"{self.where} is read-only at the moment (a standby server?); nothing was changed")
        if isinstance(exc, (errors.InvalidPassword, errors.InvalidAuthorizationSpecification)):
            return StoreError(
                f"{self.where} refused the login: {first}. The password comes from PGPASSWORD, ~/.pgpass "
                "or a service file"
            )
        if isinstance(exc, errors.InvalidCatalogName):
            return UnavailableError(f"{self.where}: {first}")
        if isinstance(exc, psycopg.OperationalError):
            if connecting:
                return UnavailableError(f"cannot reach {self.where}: {first}")
            return UnavailableError(f"lost the connection to {self.where}: {first}")
        if isinstance(exc, psycopg.InterfaceError):
            return UnavailableError(f"the connection to {self.where} is closed ({first})")
        return StoreError(f"{self.where}: {first}")

    @contextmanager
    def errors(self, *, writing: bool = False) -> Iterator[None]:
        """Turn psycopg errors raised inside into plain :class:`StoreError` s."""
        psycopg = _import_psycopg()
        try:
            yield
        except psycopg.Error as exc:
            raise self.translate(exc, writing=writing) from None


def statement_timeout() -> float:
    value = os.environ.get(STATEMENT_TIMEOUT_ENV, "")
    try:
        seconds = float(value) if value else DEFAULT_STATEMENT_TIMEOUT
    except ValueError:
        seconds = DEFAULT_STATEMENT_TIMEOUT
    return seconds if seconds > 0 else DEFAULT_STATEMENT_TIMEOUT


def user_name() -> str:
    for var in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no name for this uid: still say something
        return "unknown"
