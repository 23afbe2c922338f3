"""Fixtures for the store tests.

PostgreSQL: the tests run against a real server named by ``CIA_TEST_PG`` (a libpq URL of a database the
test role may create schemas and roles in; ``eval "$(scripts/pg-test-server start)"`` starts a throwaway
one). Without it the PostgreSQL tests skip with a one-line reason, except under ``CI=true``, where they
fail: continuous integration must never pass by skipping them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest

PG_ENV = "CIA_TEST_PG"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"CI=true but the PostgreSQL tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def with_params(dsn: str, **params: str) -> str:
    """``dsn`` with query parameters added or replaced (``options``, ``user``, ``password``, ...)."""
    parts = urlsplit(dsn)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The test server's URL, after checking that it answers."""
    dsn = os.environ.get(PG_ENV, "").strip()
    if not dsn:
        _unavailable(f'{PG_ENV} is not set (start a server: eval "$(scripts/pg-test-server start)")')
    try:
        import psycopg
    except ImportError:
        _unavailable('psycopg is not installed (pip install -e ".[postgres]")')
    try:
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        _unavailable(f"cannot connect to {PG_ENV}: {str(exc).strip().splitlines()[0]}")
    return dsn


@pytest.fixture
def pg_schema(pg_server: str) -> Iterator[tuple[str, str]]:
    """A fresh, empty schema for one test: ``(schema name, URL whose search_path is that schema)``.

    Dropped afterwards with everything in it, so tests never see each other's assessments.
    """
    import psycopg

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name, with_params(pg_server, options=f"-c search_path={name}")
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')
