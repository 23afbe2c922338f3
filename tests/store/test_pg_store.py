"""The PostgreSQL store against a real server: schema versions, roles and grants, faults, full-text search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cia.cli import main
from cia.model import new_assessment
from cia.store import ConflictError, Filters, StoreError, UnavailableError, open_store

from pg_helpers import new_pg_store, options_of, pg_tcp_url

from cia.resources import samples_dir

SAMPLES = samples_dir()

README = Path(__file__).resolve().parents[2] / "README.md"
READ_ONLY = "your database role may read but not change assessments"


def _sql(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


# --- schema versions ---------------------------------------------------------------------------------


def test_every_command_on_an_uninitialised_database_says_to_run_store_init(pg_server, request, capsys):
    url = new_pg_store(pg_server, request, init=False)
    for argv in (["list"], ["show", "cdp2020"], ["new", "--title", "X"], ["import", str(SAMPLES / "cdp2020.json")]):
        assert main(["--store", url, *argv]) == 1
        assert "run 'cia store init' first" in capsys.readouterr().err
    assert main(["--store", url, "store", "init"]) == 0
    from cia.store.postgres.schema import latest_version

    assert f"created the cia tables (schema version {latest_version()})" in capsys.readouterr().out
    assert main(["--store", url, "store", "init"]) == 0
    assert "already up to date" in capsys.readouterr().out
    assert main(["--store", url, "list"]) == 0


def test_a_database_from_a_newer_cia_is_refused_and_left_unchanged(pg_server, request, capsys):
    url = new_pg_store(pg_server, request)
    store = open_store(url)
    store.import_file(SAMPLES / "cdp2020.json")
    store.close()
    _sql(url, "INSERT INTO cia_schema_migrations (version, cia) VALUES (99, '9.0')")
    for argv in (["list"], ["store", "init"]):
        assert main(["--store", url, *argv]) == 1
        assert "set up by a newer version of cia (database schema version 99" in capsys.readouterr().err
    import psycopg

    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT max(version) FROM cia_schema_migrations").fetchone() == (99,)
        assert conn.execute("SELECT count(*) FROM cia_assessments").fetchone() == (1,)


def test_store_init_upgrades_an_older_schema_step_by_step(pg_server, request, monkeypatch, capsys):
    from cia.store.postgres import schema

    url = new_pg_store(pg_server, request)
    open_store(url).import_file(SAMPLES / "cx2024.json")
    shipped = schema.migrations()
    later = schema.Migration(len(shipped) + 1, f"{len(shipped) + 1:04d}_later.sql",
                             "ALTER TABLE cia_assessments ADD COLUMN later text; CREATE TABLE cia_later (x int);")
    monkeypatch.setattr(schema, "migrations", lambda: [*shipped, later])
    assert main(["--store", url, "list"]) == 1
    assert "older cia database schema" in capsys.readouterr().err
    assert main(["--store", url, "store", "init"]) == 0
    out = capsys.readouterr().out
    assert f"upgraded from schema version {len(shipped)} to {len(shipped) + 1}" in out
    assert main(["--store", url, "list"]) == 0
    assert "cx2024" in capsys.readouterr().out


def test_two_inits_at_once_apply_the_schema_once(pg_server, request):
    import concurrent.futures

    from cia.store.postgres.connection import Target
    from cia.store.postgres.schema import init

    url = new_pg_store(pg_server, request, init=False)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: init(Target(url)), range(4)))
    from cia.store.postgres.schema import latest_version

    assert sorted(len(r.applied) for r in results) == [0, 0, 0, latest_version()]  # one applied them all


# --- roles and grants, exactly as the README gives them ---------------------------------------------------


def _readme_grants(schema: str, db: str, author: str, reviewer: str) -> list[str]:
    text = README.read_text("utf-8")
    block = re.search(r"`grants.sql`.*?```sql\n(.*?)```", text, re.S).group(1)
    block = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("--"))  # comments
    block = (block.replace("SCHEMA public", f"SCHEMA {schema}").replace("DATABASE cia", f"DATABASE {db}")
             .replace("cia_author", author).replace("cia_reviewer", reviewer)
             .replace("FOR ROLE cia_owner", "FOR ROLE postgres"))
    return [s.strip() for s in block.split(";") if s.strip()]


@pytest.fixture
def granted(pg_server, request, pg_group_roles, pg_login):
    """(owner URL, author URL, reviewer URL) on one store with the README's grants, the samples in it."""
    url = new_pg_store(pg_server, request)
    schema = options_of(url).split("=", 1)[1]
    author_group, reviewer_group = pg_group_roles
    db = url.split("?")[0].rsplit("/", 1)[1]
    _sql(url, *_readme_grants(schema, db, author_group, reviewer_group))
    owner = open_store(url)
    for sample in ("cdp2020", "cx2024"):
        owner.import_file(SAMPLES / f"{sample}.json")
    owner.close()
    author = pg_tcp_url(pg_server, pg_login(author_group), options_of(url))
    reviewer = pg_tcp_url(pg_server, pg_login(reviewer_group), options_of(url))
    return url, author, reviewer


def test_a_reviewer_reads_everything_but_every_write_is_refused(granted, tmp_path, capsys):
    _, _, reviewer = granted
    assert main(["--store", reviewer, "list"]) == 0
    assert "cdp2020" in capsys.readouterr().out
    assert main(["--store", reviewer, "list", "--search", "covid"]) == 0
    assert "cdp2020" in capsys.readouterr().out
    assert main(["--store", reviewer, "show", "cdp2020"]) == 0
    assert main(["--store", reviewer, "export-json", "cdp2020", "--out", str(tmp_path / "c.json")]) == 0
    assert main(["--store", reviewer, "check", "cx2024"]) in (0, 1)
    capsys.readouterr()
    writes = [["new", "--title", "Nope"], ["import", str(tmp_path / "c.json"), "--new-id"],
              ["summary", "cdp2020", "--set", "changed"]]
    for argv in writes:
        assert main(["--store", reviewer, *argv]) == 1, argv
        assert READ_ONLY in capsys.readouterr().err
    store = open_store(reviewer)
    a = store.load("cdp2020")
    a.introduction = "edited"
    with pytest.raises(StoreError, match=READ_ONLY):
        store.save(a)
    with pytest.raises(StoreError, match=READ_ONLY):
        store.delete("cdp2020")
    assert store.acquire_lock("cdp2020") is None  # a reviewer may still show that they have it open
    store.close()
    assert open_store(granted[0]).load("cdp2020").revision == a.revision


def test_an_author_saves_creates_and_deletes_and_others_see_who_has_it_open(granted):
    owner_url, author_url, reviewer_url = granted
    author = open_store(author_url)
    a = author.load("cx2024")
    a.introduction = "changed by an author"
    author.save(a)
    made = new_assessment("By an author")
    author.create(made)
    assert author.delete(made.id)
    assert author.acquire_lock("cx2024") is None
    reviewer = open_store(reviewer_url)
    holder = reviewer.lock_holder("cx2024")
    assert holder is not None and holder.host and holder.since
    assert reviewer.acquire_lock("cx2024") == holder
    author.close()  # the author's connection ends: the lock goes with it
    assert reviewer.lock_holder("cx2024") is None
    assert reviewer.acquire_lock("cx2024") is None
    reviewer.close()
    assert open_store(owner_url).load("cx2024").introduction == "changed by an author"


# --- faults ----------------------------------------------------------------------------------------


def test_a_password_in_the_url_is_refused_before_connecting(capsys):
    assert main(["--store", "postgresql://priya:secret@db.example/cia", "list"]) == 1
    err = capsys.readouterr().err
    assert "must not contain a password" in err and "secret" not in err


def test_an_unreachable_server_is_a_plain_message_and_exit_7(capsys):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["--store", f"postgresql://cia@127.0.0.1:{port}/cia", "list"]) == 7
    err = capsys.readouterr().err
    assert err.startswith("cia: cannot reach database cia on 127.0.0.1:") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_slow_statement_is_cancelled_with_a_message(pg_server, request, monkeypatch):
    import psycopg

    url = new_pg_store(pg_server, request)
    store = open_store(url)
    store.import_file(SAMPLES / "cdp2020.json")
    store.close()
    monkeypatch.setenv("CIA_PG_STATEMENT_TIMEOUT", "0.3")
    with psycopg.connect(url) as blocker:  # holds the table until the test ends: every query on it waits
        blocker.execute("LOCK TABLE cia_assessments IN ACCESS EXCLUSIVE MODE")
        store = open_store(url)
        with pytest.raises(StoreError, match="did not answer within 0.3 s|is busy"):
            store.list()
        store.close()
        blocker.rollback()
    assert [s.id for s in open_store(url).list().items] == ["cdp2020"]


def test_a_dropped_idle_connection_is_replaced_without_an_error(pg_server, request, monkeypatch):
    import psycopg

    from cia.store.postgres import backend

    url = new_pg_store(pg_server, request)
    store = open_store(url)
    store.import_file(SAMPLES / "cdp2020.json")
    pid = store._conn.info.backend_pid
    _sql(pg_server, f"SELECT pg_terminate_backend({pid})")
    monkeypatch.setattr(backend, "IDLE_CHECK_SECONDS", 0.0)  # as if it had been idle a while
    assert store.load("cdp2020").id == "cdp2020"
    assert store._conn.info.backend_pid != pid
    store.close()
    del psycopg


def test_a_connection_lost_mid_save_raises_unavailable_and_the_retry_is_not_a_false_conflict(
        pg_server, request):
    url = new_pg_store(pg_server, request)
    store = open_store(url)
    a = store.import_file(SAMPLES / "cdp2020.json")
    a.introduction = "typed before the server went away"
    base = a.revision
    _sql(pg_server, f"SELECT pg_terminate_backend({store._conn.info.backend_pid})")
    with pytest.raises(UnavailableError, match="lost the connection"):
        store.save(a)
    assert a.revision == base  # nothing changed in the caller's copy
    store.save(a)  # the next attempt reconnects and saves with the revision check
    assert open_store(url).load("cdp2020").introduction == "typed before the server went away"
    other = open_store(url).load("cdp2020")
    other.introduction = "stale"
    other.revision = base
    with pytest.raises(ConflictError):
        open_store(url).save(other)


# --- search --------------------------------------------------------------------------------------------


def test_full_text_search_uses_english_stemming_and_says_where_it_matched(pg_server, request):
    url = new_pg_store(pg_server, request)
    store = open_store(url)
    a = new_assessment("Mobile library")
    a.section("psed").entry("age").status = "assessed"
    a.section("psed").entry("age").groups = ["Older residents"]
    a.section("psed").entry("age").risks = ["Digital exclusion of residents without broadband"]
    store.create(a)
    store.create(new_assessment("Road resurfacing"))
    found = store.list(Filters(search="digitally exclusions")).items
    assert [s.id for s in found] == [a.id]
    match = found[0].matches[0]
    assert match.where.endswith("Age › Risks") and "[[Digital]]" in match.snippet and "[[exclusion]]" in match.snippet
    assert [s.id for s in store.list(Filters(search="resurf")).items] != [a.id]
    assert store.list(Filters(search="nothing-like-this")).items == []
