"""Small helpers for driving the app in Pilot tests."""

from __future__ import annotations

import asyncio
from typing import Sequence

from textual.pilot import Pilot

from cia.checks import Location
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


async def open_area(pilot: Pilot, section_key: str, area_key: str, field: str | None = None) -> AreaScreen:
    screen = assessment_screen(pilot)
    await go_to_step(pilot, section_key)
    screen.open_area(Location(section_key, area_key, field))
    await settle(pilot)
    assert isinstance(pilot.app.screen, AreaScreen)
    return pilot.app.screen


def notes(app) -> list[str]:
    """Every message the app has shown so far (kept by the ``_notes_kept`` fixture), whether or not its toast
    is still on screen."""
    return list(getattr(app, "notes_seen", []))


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` as a fast typist would (every key queued at once; see :func:`burst`)."""
    await burst(pilot, keys_for(text))


def key_event(key: str):
    """The Key event the terminal driver sends for ``key`` (a character or a key name such as "enter")."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def keys_for(text: str) -> list[str]:
    """Key names for typing ``text`` character by character."""
    return [("space" if ch == " " else ch) for ch in text]


async def burst(pilot: Pilot, keys: list[str], *, yields: Sequence[int] | None = None) -> None:
    """Send keys the way a fast typist's terminal does, nothing waiting for the app to catch up; then wait
    (without a clock) until the app has handled every one of them.

    Without ``yields`` every key is queued at once. With it, key i is followed by ``yields[i % len]`` turns of
    the event loop, so the app gets part way through its work at varied points between keys.
    """
    app = pilot.app
    for i, key in enumerate(keys):
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
        if yields:
            for _ in range(yields[i % len(yields)]):
                await asyncio.sleep(0)
    await until_keys_handled(pilot)


async def until_keys_handled(pilot: Pilot, limit: int = 2000) -> None:
    app = pilot.app
    for _ in range(limit):
        await pilot.pause()
        if not app.key_gate.pending:
            break
    else:
        raise AssertionError(f"keys still waiting after {limit} pauses: {app.key_gate.pending}")
    await settle(pilot)


async def saves_done(pilot: Pilot) -> None:
    """Wait for the saves and recovery copies running on worker threads, and for their outcome to show."""
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


async def fire(pilot: Pilot, screen: AssessmentScreen, name: str) -> float:
    """Fire a pending save timer ("autosave" or "recovery") as if its delay had passed; returns the delay it
    was set with. Then wait for the work it started."""
    timer = screen.saves._timers.get(name)
    assert timer is not None and not timer.stopped, f"no {name} pending (timers: {screen.saves._timers})"
    screen.saves._timers.pop(name)
    timer.callback()
    await saves_done(pilot)
    return timer.delay
