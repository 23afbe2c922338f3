"""The store contract suite runs every test against every backend through ``store_factory``.

``store_factory()`` returns a new, empty store of the backend under test; calling it again with the same
``shared=True`` gives a second handle on the *same* store (a second user). Backends are the parameters of
the ``backend`` fixture: the folder store always; others add themselves to ``BACKENDS``.

Fixtures for the store tests.

PostgreSQL: the tests run against a real server named by ``CIA_TEST_PG`` (a libpq URL of a database the
test role may create schemas and roles in; ``eval "$(scripts/pg-test-server start)"`` starts a throwaway
one). Without it the PostgreSQL tests skip with a one-line reason, except under ``CI=true``, where they
fail: continuous integration must never pass by skipping them.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cia.resources import samples_dir
from cia.store import Store
from pg_helpers import new_pg_store, with_params

PG_ENV = "CIA_TEST_PG"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"CI=true but the PostgreSQL tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


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


@pytest.fixture(autouse=True)
def _local_recovery_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The PostgreSQL store keeps recovery copies in the user's data folder: a temporary one in tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


# --- the contract suite's backends ---------------------------------------------------------------

SAMPLES = samples_dir()
SAMPLE_IDS = ("cdp2020", "cx2024")

BACKENDS: list[str] = ["folder", "postgres"]
"""Backends the contract suite runs against; each needs a branch in ``_make_store``."""

StoreFactory = Callable[..., Store]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


def _make_store(backend: str, tmp_path: Path, n: int,
                request: pytest.FixtureRequest) -> tuple[object, Callable[[], Store]]:
    """(location, opener) for a fresh store of ``backend``."""
    if backend == "folder":
        root = tmp_path / f"store{n}"
        return root, lambda: Store(root)
    if backend == "postgres":
        url = new_pg_store(request.getfixturevalue("pg_server"), request)
        return url, lambda: Store(url)
    raise pytest.skip(f"no {backend} backend here")  # pragma: no cover


@pytest.fixture
def store_factory(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[StoreFactory]:
    """``store_factory()`` → a new empty store; ``store_factory(shared=True)`` → another handle on the last."""
    opened: list[Store] = []
    last: list[Callable[[], Store]] = []

    def factory(*, shared: bool = False) -> Store:
        if shared and last:
            opener = last[-1]
        else:
            _, opener = _make_store(backend, tmp_path, len(opened), request)
            last.append(opener)
        store = opener()
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def cstore(store_factory: StoreFactory) -> Store:
    """An empty store of the backend under test."""
    return store_factory()


@pytest.fixture
def csamples(store_factory: StoreFactory) -> Store:
    """A store of the backend under test holding the two bundled samples."""
    store = store_factory()
    for sample in SAMPLE_IDS:
        store.import_file(SAMPLES / f"{sample}.json")
    return store


@pytest.fixture
def folder_samples(tmp_path: Path) -> Store:
    """A folder store holding copies of the sample files (byte for byte)."""
    root = tmp_path / "folder-samples"
    root.mkdir()
    for sample in SAMPLE_IDS:
        shutil.copy2(SAMPLES / f"{sample}.json", root / f"{sample}.json")
    return Store(root)


@pytest.fixture
def pg_login(pg_server: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """``pg_login(*roles)`` → the name of a new login role (password in PGPASSWORD) that is a member of ``roles``."""
    import psycopg

    made: list[str] = []
    password = secrets.token_hex(12)
    monkeypatch.setenv("PGPASSWORD", password)

    def make(*member_of: str) -> str:
        name = "u_" + secrets.token_hex(5)
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
            for role in member_of:
                conn.execute(f"GRANT {role} TO {name}")
        made.append(name)
        return name

    yield make
    with psycopg.connect(pg_server, autocommit=True) as conn:
        for name in made:
            conn.execute(f"DROP OWNED BY {name}")
            conn.execute(f"DROP ROLE {name}")


@pytest.fixture
def pg_group_roles(pg_server: str):
    """``(author, reviewer)``: fresh NOLOGIN group roles, dropped after the test."""
    import psycopg

    names = ("ga_" + secrets.token_hex(4), "gr_" + secrets.token_hex(4))
    with psycopg.connect(pg_server, autocommit=True) as conn:
        for name in names:
            conn.execute(f"CREATE ROLE {name} NOLOGIN")
    yield names
    with psycopg.connect(pg_server, autocommit=True) as conn:
        for name in names:
            conn.execute(f"DROP OWNED BY {name}")
            conn.execute(f"DROP ROLE {name}")
