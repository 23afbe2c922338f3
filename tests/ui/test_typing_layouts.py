"""Typing into a point redraws what changed, without laying the area editor's screen out again for every key.

A layout of the whole screen is what made each keystroke cost three times a bare text field's; it is counted,
not timed (the figure itself is in ``benchmarks/bench_typing.py``).
"""

from __future__ import annotations

import pytest

from cia.store import Store
from cia.ui.app import CiaApp

from ui_helpers import key_event, open_area, settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def test_keys_typed_into_a_point_do_not_lay_the_screen_out_each_time(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        area = await open_area(pilot, "psed", "age")
        assert area.query("#area-comments")  # the comments panel, refreshed after every edit, is there
        point = area.query_one("#risks").rows[0]
        point.focus()
        point.move_cursor(point.document.end)
        await settle(pilot)
        await pilot.press("x")  # the first change marks the assessment as changed in the title: one layout
        await settle(pilot)

        layouts = 0
        original = area._refresh_layout

        def counting(*args, **kwargs):
            nonlocal layouts
            layouts += 1
            return original(*args, **kwargs)

        area._refresh_layout = counting
        typed = "Older residents"
        for ch in typed:
            event = key_event("space" if ch == " " else ch)
            event.set_sender(app)
            app.post_message(event)
            await settle(pilot)  # each key handled and drawn before the next
        assert point.text.endswith("x" + typed)
        assert layouts <= 2, f"{layouts} layouts for {len(typed)} keys"
