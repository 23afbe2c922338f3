"""Fixtures for the Pilot and snapshot tests of the app."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cia.resources import samples_dir
from cia.store import Store


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR changes rendering; a fixed time zone keeps displayed dates stable."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):
        time.tzset()


class ManualTimer:
    """A save timer that never fires by itself: the test fires it (see ``ui_helpers.fire``)."""

    def __init__(self, delay: float, callback, name: str) -> None:
        self.delay, self.callback, self.name = delay, callback, name
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


@pytest.fixture(autouse=True)
def _saves_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """No autosave or recovery timer fires by itself in a test: a test fires it (``ui_helpers.fire``) or
    calls ``screen.saves.flush()``, so nothing depends on how fast the machine is."""
    from cia.ui.autosave import SaveController

    from cia.ui.screens.assessment import AssessmentScreen

    monkeypatch.setattr(AssessmentScreen, "REFRESH_DELAY", 0)  # findings follow as soon as the app is idle
    monkeypatch.setattr(SaveController, "_set_timer", lambda self, delay, callback, name: ManualTimer(delay, callback, name))


@pytest.fixture(autouse=True)
def _keys_never_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key gate's safety valve lets a key go after a wall-clock wait; on a loaded machine a key can take
    that long, so in tests it never fires (routing is checked by what happened, never by how long it took)."""
    monkeypatch.setattr("cia.ui.keys.STUCK_AFTER", 3600.0)


@pytest.fixture(autouse=True)
def _notes_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every message the app shows is kept in ``app.notes_seen``: a toast leaves the screen after its
    timeout, which a slow machine may reach before the test looks (see ``ui_helpers.notes``)."""
    from textual.app import App

    shown = App.notify

    def notify(self, message, *args, **kwargs):
        self.__dict__.setdefault("notes_seen", []).append(str(message))
        return shown(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture
def ui_store(tmp_path: Path) -> Store:
    """A store holding a copy of the bundled samples (fixed timestamps)."""
    root = tmp_path / "store"
    root.mkdir()
    for path in Store(samples_dir()).files():
        shutil.copy2(path, root / path.name)
    return Store(root)


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "empty-store")


@pytest.fixture
def fixed_store() -> Store:
    """The samples in a fixed folder, so that snapshots show the same path every run.

    The folder is the same for every test run on the machine (parallel workers, other checkouts), so a
    test holds an exclusive lock on it from the copy until the folder is removed."""
    import fcntl

    root = Path(os.environ.get("CIA_SNAPSHOT_STORE", "/tmp/cia-snapshot-store"))
    with open(root.with_name(root.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        for path in Store(samples_dir()).files():
            shutil.copy2(path, root / path.name)
        try:
            yield Store(root)
        finally:
            shutil.rmtree(root, ignore_errors=True)
