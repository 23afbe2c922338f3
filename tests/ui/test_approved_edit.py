"""Opening an approved assessment changes nothing and asks nothing; the first real edit asks once."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from cia import workflow
from cia.model import Actor
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.confirm import ChoiceModal

from ui_helpers import assessment_screen, go_to_step, settle

pytestmark = pytest.mark.asyncio


def approve(store: Store, ref: str) -> bytes:
    a = store.load(ref)
    for section in a.sections:  # cdp2020 leaves one area's groups unsaid: say them, so it can be submitted
        for entry in section.entries:
            if entry.status == "assessed" and not entry.points("groups"):
                entry.set_points("groups", ["Residents near the sites"])
    workflow.apply(a, "submit", Actor(name="Pat Lead", role="Project Lead"))
    store.save(a)
    workflow.apply(a, "approve", Actor(name="Chris Commissioner", role="Commissioning Lead"))
    store.save(a)
    return store.path_for(ref).read_bytes()


@pytest.mark.parametrize("ref", ["cdp2020", "cx2024"])
async def test_opening_an_approved_assessment_asks_nothing_and_the_first_edit_asks_once(ui_store: Store, ref):
    saved = approve(ui_store, ref)
    assert ui_store.load(ref).header.leads or ref == "cx2024"  # cdp2020's leads are what the fields send back
    app = CiaApp(ui_store, assessment_id=ref)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        details = await go_to_step(pilot, "details")
        await settle(pilot, 3)
        assert not isinstance(app.screen, ChoiceModal)  # showing the fields is not an edit
        assert screen.session.assessment.status == "approved"

        title = details.query_one("#title", Input)
        title.focus()
        await pilot.press("end", "x", "y")
        await settle(pilot, 3)
        assert isinstance(app.screen, ChoiceModal)
        assert sum(isinstance(s, ChoiceModal) for s in app.screen_stack) == 1  # one question, not one per key
        assert ui_store.path_for(ref).read_bytes() == saved
        await pilot.click("#choice-yes")
        await settle(pilot, 3)
        assert not isinstance(app.screen, ChoiceModal)
        # the "x" is kept; the "y" went to the question, which had the focus
        assert screen.session.assessment.title.endswith("2026x") or screen.session.assessment.title.endswith("x")
        assert not screen.session.assessment.title.endswith("xy")
        await screen.saves.flush()
        await settle(pilot)
    a = ui_store.load(ref)
    assert a.status == "draft" and a.title.endswith("x")
    assert "approve" in [e.action for e in a.trail]  # the approval stays in the trail
