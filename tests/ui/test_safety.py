"""Never lose work: autosave, recovery after a crash, conflicts, rejected values and quitting."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from cia.model import POINT_MAX, new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.confirm import ChoiceModal
from cia.ui.autosave import SaveController

from ui_helpers import assessment_screen, fire, go_to_step, notes, open_area, saves_done, settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def test_edits_are_autosaved_when_the_delay_passes(empty_store: Store) -> None:
    a = new_assessment("Autosave", edition="2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "details")  # a new assessment opens on its screening
        screen.query_one("#author", Input).value = "Someone"
        await settle(pilot)
        assert screen.session.dirty
        assert await fire(pilot, screen, "autosave") == SaveController.autosave_delay
        assert not screen.session.dirty
        assert screen.sub_title == "All changes saved"
    assert empty_store.load(a.id).header.author == "Someone"
    assert empty_store.read_recovery(a.id) is None


async def test_leaving_a_step_saves(empty_store: Store) -> None:
    a = new_assessment("Leaving", edition="2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "details")  # a new assessment opens on its screening
        screen.query_one("#author", Input).value = "Leaver"
        await settle(pilot)
        assert screen.session.dirty
        await screen.show_step("psed")
        await settle(pilot)
        assert not screen.session.dirty
    assert empty_store.load(a.id).header.author == "Leaver"


async def test_a_crash_leaves_a_recovery_copy_that_the_next_start_offers(empty_store: Store,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    a = new_assessment("Recovery", edition="2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "details")  # a new assessment opens on its screening
        screen.query_one("#author", Input).value = "Typed before the crash"
        await settle(pilot)
        assert await fire(pilot, screen, "recovery") == SaveController.recovery_delay
        assert screen.session.dirty
        # the "crash": the app goes away without saving
    assert empty_store.load(a.id).header.author == ""
    assert empty_store.read_recovery(a.id) is not None

    app = CiaApp(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "can be recovered for: Recovery" in str(app.screen.query_one("#recoveries").render())

    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        assert isinstance(app.screen, ChoiceModal)
        assert "Recover" in app.screen.dialog_title
        await pilot.click("#choice-restore")
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        assert screen.session.assessment.header.author == "Typed before the crash"
        assert screen.session.dirty
        await go_to_step(pilot, "details")  # a new assessment opens on its screening
        assert screen.query_one("#author", Input).value == "Typed before the crash"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert empty_store.load(a.id).header.author == "Typed before the crash"
    assert empty_store.read_recovery(a.id) is None


async def test_declining_recovery_discards_it(empty_store: Store) -> None:
    a = new_assessment("Decline", edition="2024")
    empty_store.create(a)
    changed = a.model_copy(deep=True)
    changed.header.author = "Not wanted"
    empty_store.write_recovery(changed)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.click("#choice-discard")
        await settle(pilot)
        assert assessment_screen(pilot).session.assessment.header.author == ""
    assert empty_store.read_recovery(a.id) is None


async def test_a_conflicting_save_never_overwrites_and_offers_a_copy(empty_store: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    a = new_assessment("Shared", edition="2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "details")  # a new assessment opens on its screening
        # someone else saves a newer version meanwhile
        theirs = Store(empty_store.root).load(a.id)
        theirs.header.author = "Their author"
        Store(empty_store.root).save(theirs)

        screen.query_one("#author", Input).value = "My author"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert isinstance(app.screen, ChoiceModal)
        assert screen.session.conflict
        assert "Not saved" in screen.sub_title
        assert empty_store.load(a.id).header.author == "Their author"
        await pilot.click("#choice-copy")
        await settle(pilot, 3)
        copy_id = screen.session.id
        assert copy_id != a.id
        assert not screen.session.dirty and not screen.session.conflict
    assert empty_store.load(a.id).header.author == "Their author"
    mine = empty_store.load(copy_id)
    assert mine.header.author == "My author"
    assert mine.title == "Shared (my copy)"


async def test_a_value_the_model_rejects_shows_a_message_and_keeps_the_model(empty_store: Store) -> None:
    a = new_assessment("Long", edition="2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        area = await open_area(pilot, "psed", "race")
        row = area.query_one("#benefits").rows[0]
        row.load_text("x" * (POINT_MAX + 1))
        await settle(pilot)
        assert screen.session.entry("psed", "race").benefits == []
        messages = notes(app)
        assert any("too long" in m for m in messages)
        row.load_text("A sensible benefit")
        await settle(pilot)
        assert screen.session.entry("psed", "race").benefits == ["A sensible benefit"]


async def test_quitting_with_unsaved_changes_asks_first(empty_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    a = new_assessment("Quit", edition="2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "details")  # a new assessment opens on its screening
        screen.query_one("#author", Input).value = "Unsaved author"
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.click("#choice-cancel")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#choice-save")
        await settle(pilot)
    assert app.return_value == 0
    assert empty_store.load(a.id).header.author == "Unsaved author"


async def test_quit_without_saving_keeps_the_file_as_it_was(empty_store: Store,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    a = new_assessment("Keep me", edition="2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "details")  # a new assessment opens on its screening
        screen.query_one("#author", Input).value = "Changed my mind"
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        screen.saves.autosave()  # the autosave's time comes while the question is up: it is held back
        await saves_done(pilot)
        assert empty_store.load(a.id).header.author == ""
        await pilot.click("#choice-discard")
        await settle(pilot)
    assert empty_store.load(a.id).header.author == ""
    assert empty_store.read_recovery(a.id) is None


async def test_quitting_with_nothing_unsaved_just_quits(ui_store: Store) -> None:
    app = CiaApp(ui_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_value == 0
