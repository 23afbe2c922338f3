"""Typing into a text redraws what changed, without laying the screen out again for every key.

A layout of the whole screen after each key is what made a keystroke cost three times a bare text field's;
layouts are counted here, not timed (the figure itself is in ``benchmarks/bench_typing.py``).
"""

from __future__ import annotations

import pytest

from cia.store import Store
from cia.ui.app import CiaApp

from ui_helpers import assessment_screen, go_to_step, key_event, open_area, settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)
TYPED = "Older residents"


async def layouts_while_typing(pilot, screen, field) -> int:
    """Type TYPED into ``field`` one key at a time, each handled and drawn before the next; the number of
    times ``screen`` was laid out meanwhile."""
    field.focus()
    field.move_cursor(field.document.end)
    await settle(pilot)
    await pilot.press("x")  # the first change marks the assessment as changed in the title, once
    await settle(pilot)
    layouts = 0
    original = screen._refresh_layout

    def counting(*args, **kwargs):
        nonlocal layouts
        layouts += 1
        return original(*args, **kwargs)

    screen._refresh_layout = counting
    for ch in TYPED:
        event = key_event("space" if ch == " " else ch)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
        await settle(pilot)
    assert field.text.endswith("x" + TYPED)
    return layouts


async def test_keys_typed_into_a_point_do_not_lay_the_area_editor_out_each_time(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        area = await open_area(pilot, "psed", "age")
        assert area.query("#area-comments")  # the comments panel, refreshed after every edit, is there
        layouts = await layouts_while_typing(pilot, area, area.query_one("#risks").rows[0])
        assert layouts <= 2, f"{layouts} layouts for {len(TYPED)} keys"


async def test_keys_typed_into_the_executive_summary_do_not_lay_the_review_step_out_each_time(
        ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "review")
        screen = assessment_screen(pilot)
        layouts = await layouts_while_typing(pilot, screen, pane.query_one("#executive_summary"))
        assert layouts <= 3, f"{layouts} layouts for {len(TYPED)} keys"
