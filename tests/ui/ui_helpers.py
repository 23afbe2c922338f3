"""Small helpers for driving the app in Pilot tests."""

from __future__ import annotations

from textual.pilot import Pilot

from cia.ui.screens.area import AreaScreen
from cia.ui.screens.assessment import AssessmentScreen


async def settle(pilot: Pilot, times: int = 2) -> None:
    for _ in range(times):
        await pilot.pause()


def assessment_screen(pilot: Pilot) -> AssessmentScreen:
    for screen in reversed(pilot.app.screen_stack):
        if isinstance(screen, AssessmentScreen):
            return screen
    raise AssertionError(f"no assessment screen open (stack: {pilot.app.screen_stack})")


async def go_to_step(pilot: Pilot, key: str):
    screen = assessment_screen(pilot)
    pane = await screen.show_step(key)
    await settle(pilot)
    return pane


async def open_area(pilot: Pilot, section_key: str, area_key: str) -> AreaScreen:
    screen = assessment_screen(pilot)
    await go_to_step(pilot, section_key)
    screen.open_area(section_key, area_key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, AreaScreen)
    return pilot.app.screen


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])
