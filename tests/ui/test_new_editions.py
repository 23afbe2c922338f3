"""Editions the council publishes while the app is open (``cia templates publish`` in another process) are
offered by the New dialog when it next opens, and an assessment made on one elsewhere opens; an edition in
``<store>/templates/`` that cannot be used is named in the dialog, not a crash. (On PostgreSQL:
``tests/store/test_pg_new_dialog.py``.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, RadioButton, RadioSet

from cia.editions import use_store
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.new_assessment import NewAssessmentModal
from ui_helpers import assessment_screen, go_to_step, saves_done, settle, type_text
from edition_fixtures import SHIRE, other

pytestmark = pytest.mark.asyncio

EDITION = SHIRE
OTHER = other(SHIRE)


def cia(*args: str) -> str:
    """Run cia as another process (a template maintainer's terminal); its output."""
    done = subprocess.run([sys.executable, "-m", "cia.cli", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def open_new(pilot) -> NewAssessmentModal:
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NewAssessmentModal)
    return pilot.app.screen


def offered(dialog: NewAssessmentModal) -> dict[str, str]:
    return {str(b.label): b.name for b in dialog.query_one("#edition", RadioSet).query(RadioButton)}


async def test_an_edition_published_while_the_app_is_open_is_offered_by_new(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    use_store(store.root)  # as `cia` does for the store it opens
    (tmp_path / "shire.toml").write_text(EDITION, encoding="utf-8")
    (tmp_path / "vale.toml").write_text(OTHER, encoding="utf-8")
    async with CiaApp(store).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_new(pilot)
        assert list(offered(dialog).values()) == ["2020", "2021", "2024"]
        await pilot.press("escape")
        await settle(pilot)

        cia("--store", str(store.root), "templates", "publish", str(tmp_path / "shire.toml"))
        dialog = await open_new(pilot)
        assert offered(dialog)["Shire template: 2024 plus Carers"] == "shire-2024"
        await type_text(pilot, "Young carers' support")
        dialog.query_one("#edition", RadioSet).query(RadioButton).last().value = True
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        assert screen.session.assessment.edition == "shire-2024"
        psed = await go_to_step(pilot, "psed")
        assert "Carers" in str(psed.query_one("#areas", DataTable).get_row("carers")[0])
        await saves_done(pilot)
        made = screen.session.id
        screen.leave()
        await settle(pilot)

        # another edition, and an assessment made on it, both from another terminal: it opens here
        cia("--store", str(store.root), "templates", "publish", str(tmp_path / "vale.toml"))
        other = cia("--store", str(store.root), "new", "--title", "Vale youth clubs", "--edition",
                    "vale-2024").split()[0]
        pilot.app.open_assessment(other)
        await settle(pilot, 3)
        assert assessment_screen(pilot).session.assessment.edition == "vale-2024"
    assert store.load(made).edition == "shire-2024"


async def test_an_edition_that_cannot_be_used_is_named_in_the_new_dialog(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    use_store(store.root)
    async with CiaApp(store).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        folder = store.root / "templates"
        folder.mkdir(parents=True)
        (folder / "broken@1.toml").write_text(EDITION.replace("shire-2024", "broken").replace(
            'extends = "2024"', 'extends = "nope"'), encoding="utf-8")  # put there by hand, never checked
        (folder / "shire-2024@1.toml").write_text(EDITION, encoding="utf-8")
        dialog = await open_new(pilot)
        assert list(offered(dialog).values()) == ["2020", "2021", "2024", "shire-2024"]
        (folder / "untitled.toml").write_text('title = "A draft"\n', encoding="utf-8")
        await pilot.press("escape")
        dialog = await open_new(pilot)
        note = str(dialog.query_one("#edition-problems").render()).splitlines()
        assert note[0] == "Not offered (see cia templates list):"
        assert note[1] == "untitled.toml: has no id"
        assert note[2].startswith("broken: line 4: extends: unknown template edition 'nope'")
        await type_text(pilot, "Still works")
        await pilot.press("enter")
        await settle(pilot, 3)
        assert assessment_screen(pilot).session.assessment.edition == "2021"  # the default, as before
