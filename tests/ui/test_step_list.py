"""The step list: fast keyboard movement always leaves the highlighted step and the shown step the same."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from cia.ui.app import CiaApp
from ui_helpers import assessment_screen, burst, settle

pytestmark = pytest.mark.asyncio


async def test_quick_presses_in_the_step_list_show_the_highlighted_step(ui_store):
    app = CiaApp(ui_store, "cx2024")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        steps = screen.query_one("#steps", OptionList)
        keys = [s.key for s in screen.steps]
        assert keys == ["screening", "details", "psed", "workforce", "review"]
        assert screen.current.key == "details"  # screening first in the list; this one is written, so it opens on Details

        # from Details, three quick presses: Protected characteristics, Workforce, Review & export
        steps.focus()
        await burst(pilot, ["down", "down", "down"])  # quick presses: queued at once
        assert keys[steps.highlighted] == "review"
        assert screen.current.key == "review"

        await burst(pilot, ["enter"])
        assert screen.current.key == "review"

        await burst(pilot, ["f2", "up", "enter"])
        assert screen.current.key == "workforce" == keys[steps.highlighted]


async def test_demo_says_so_in_the_titles(ui_store):
    app = CiaApp(ui_store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.title.startswith("DEMO")
        assert "temporary copy of the samples" in app.screen.sub_title
        await pilot.press("enter")
        await settle(pilot, 3)
        assert assessment_screen(pilot).title.startswith("DEMO · ")


async def test_steps_are_named_by_a_typed_reference() -> None:
    from cia.checks import DETAILS, Location
    from cia.model import new_assessment
    from cia.ui.steps import DETAILS_STEP, REVIEW_STEP, StepRef, category_step, step_for, steps_for

    a = new_assessment("Steps", edition="2021")
    refs = [s.ref for s in steps_for(a)]
    assert refs[0] == StepRef("screening") and DETAILS_STEP in refs and refs[-1] == REVIEW_STEP
    assert category_step("psed") in refs and all(StepRef.of(r.key) == r for r in refs)
    assert step_for(a, Location("psed", "race", "risks", 1)) == category_step("psed")
    assert step_for(a, Location(DETAILS, field="title")) == DETAILS_STEP
    with pytest.raises(ValueError):
        StepRef("category")  # a category step names its category
