"""The PostgreSQL the store tests run against is a real server, and each test gets its own schema."""

from __future__ import annotations


def test_server_is_real_postgresql(pg_server: str) -> None:
    import psycopg

    with psycopg.connect(pg_server) as conn:
        version = conn.info.server_version
    assert version >= 130000


def test_each_test_gets_an_empty_schema_of_its_own(pg_schema: tuple[str, str]) -> None:
    import psycopg

    name, dsn = pg_schema
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT current_schema()").fetchone() == (name,)
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (name,)
        ).fetchone()
    assert tables == (0,)
