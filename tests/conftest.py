"""Fixtures shared by every test: a throw-away store with the bundled samples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cia.resources import samples_dir
from cia.store import Store

SAMPLES = samples_dir()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in a temporary folder."""
    return Store(tmp_path / "store")


@pytest.fixture
def sample_store(tmp_path: Path) -> Store:
    """A store holding a copy of the bundled samples."""
    root = tmp_path / "samples"
    root.mkdir()
    for path in Store(SAMPLES).files():
        shutil.copy2(path, root / path.name)
    return Store(root)


@pytest.fixture(autouse=True)
def _isolated_store_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user's store from a test."""
    monkeypatch.setenv("CIA_STORE", str(tmp_path / "env-store"))


@pytest.fixture(autouse=True)
def _fixed_terminal_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI wraps its output to the terminal's width: the same width for every test, whatever terminal
    (or none, as in a parallel worker) runs the suite."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "24")


@pytest.fixture(autouse=True)
def _isolated_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never read the real user's settings: each test starts as nobody, with its own settings file."""
    monkeypatch.setenv("CIA_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.delenv("CIA_USER", raising=False)
    monkeypatch.delenv("CIA_ROLE", raising=False)


@pytest.fixture(autouse=True)
def _fresh_editions():
    """Council template folders a test offers are forgotten after it."""
    from cia.editions import REGISTRY

    yield
    REGISTRY.reset()
