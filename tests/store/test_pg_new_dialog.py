"""The app on a PostgreSQL store while a template maintainer publishes an edition from another terminal
(``cia templates publish`` as a process of its own): the New dialog offers it when it next opens, an
assessment made on it is created and saved there, and one a colleague made on another new edition opens.
(The same on a folder store: ``tests/ui/test_new_editions.py``.)"""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from pg_helpers import new_pg_store
from edition_fixtures import SHIRE, other

from cia.store import open_store

pytestmark = pytest.mark.asyncio

EDITION = SHIRE
OTHER = other(SHIRE)


@pytest.fixture(autouse=True)
def _plain(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


def cia(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "cia.cli", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def settle(pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


async def test_an_edition_published_while_the_app_is_open_is_offered_by_new(pg_server, request, tmp_path):
    from textual.widgets import DataTable, RadioButton, RadioSet

    from cia.cli.base import use_editions
    from cia.editions import REGISTRY
    from cia.ui.app import CiaApp
    from cia.ui.modals.new_assessment import NewAssessmentModal

    url = new_pg_store(pg_server, request)
    (tmp_path / "shire.toml").write_text(EDITION, encoding="utf-8")
    (tmp_path / "vale.toml").write_text(OTHER, encoding="utf-8")
    REGISTRY.reset()
    store = open_store(url)
    use_editions(argparse.Namespace(), None, store)  # as `cia` does for the store it opens
    app = CiaApp(store)

    async def new_dialog(pilot) -> dict[str, str]:
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewAssessmentModal)
        return {str(b.label): b.name for b in app.screen.query_one("#edition", RadioSet).query(RadioButton)}

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert list((await new_dialog(pilot)).values()) == ["2020", "2021", "2024"]  # the table read: none yet
        await pilot.press("escape")
        await settle(pilot)

        cia("--store", url, "templates", "publish", str(tmp_path / "shire.toml"))
        assert (await new_dialog(pilot))["Shire template: 2024 plus Carers"] == "shire-2024"
        app.screen.query_one("#title").value = "Young carers' support"
        app.screen.query_one("#edition", RadioSet).query(RadioButton).last().value = True
        await settle(pilot)
        app.screen.query_one("#create").press()
        await settle(pilot, 5)
        screen = app.screen
        assert screen.session.assessment.edition == "shire-2024"
        psed = await screen.show_step("psed")
        await settle(pilot)
        assert "Carers" in str(psed.query_one("#areas", DataTable).get_row("carers")[0])
        made = screen.session.id
        screen.leave()
        await settle(pilot)

        cia("--store", url, "templates", "publish", str(tmp_path / "vale.toml"))
        other = cia("--store", url, "new", "--title", "Vale youth clubs", "--edition", "vale-2024").split()[0]
        app.open_assessment(other)
        await settle(pilot)
        assert app.screen.session.assessment.edition == "vale-2024"
    assert open_store(url).load(made).edition == "shire-2024"
