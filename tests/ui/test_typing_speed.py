"""Every keystroke lands where the cursor shows, however fast the typing (no clock involved anywhere).

Keys are queued for the app the way a terminal delivers a fast typist's keys: without waiting for the app
to catch up. Then each test checks where every character went.
"""

from __future__ import annotations

import random

import pytest

from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.screens.area import AreaScreen

from ui_helpers import assessment_screen, burst, go_to_step, keys_for, settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)
FIELDS = ("groups", "benefits", "risks", "mitigations")
AREAS = ("race", "disability", "sex")


def point(area: str, field: str, n: int) -> str:
    """A short text naming its own place ("ra g1": race, groups, first point), so a character that lands in
    the wrong point shows where it came from. The keys that move the cursor (Enter, Tab, ctrl+↓) are what
    these tests are about; a few characters around each of them is enough (every key costs a whole turn of
    the app)."""
    return f"{area[:2]} {field[0]}{n}"


def drafting_keys() -> list[str]:
    """Two points in each of the four lists of three PSED areas: Enter between points, Tab between lists,
    ctrl+↓ to the next area."""
    keys: list[str] = []
    for n, area in enumerate(AREAS):
        for i, field in enumerate(FIELDS):
            keys += keys_for(point(area, field, 1)) + ["enter"] + keys_for(point(area, field, 2))
            if i < len(FIELDS) - 1:
                keys.append("tab")
        if n < len(AREAS) - 1:
            keys.append("ctrl+down")
    return keys


async def _draft(store: Store, yields) -> dict:
    a = new_assessment("Fast typing", edition="2021")
    store.create(a)
    app = CiaApp(store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "psed")
        screen.pane("psed").focus_first()
        await settle(pilot)
        await burst(pilot, ["enter"] + drafting_keys(), yields=yields)
        assert isinstance(app.screen, AreaScreen) and app.screen.area_key == AREAS[-1]
        return {key: {f: list(screen.session.entry("psed", key).points(f)) for f in FIELDS} for key in AREAS}


def _expected() -> dict:
    return {area: {f: [point(area, f, 1), point(area, f, 2)] for f in FIELDS} for area in AREAS}


async def test_keys_queued_all_at_once_each_land_in_their_own_point(empty_store: Store) -> None:
    assert await _draft(empty_store, None) == _expected()


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_keys_in_uneven_bursts_each_land_in_their_own_point(empty_store: Store, seed: int) -> None:
    rng = random.Random(seed)
    yields = [rng.choice((0, 0, 0, 1, 2, 5, 20)) for _ in range(97)]
    assert await _draft(empty_store, yields) == _expected()
