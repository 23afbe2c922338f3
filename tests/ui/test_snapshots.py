"""Layout snapshots of the main screens (a fixed store with fixed timestamps; no clock on screen)."""

from __future__ import annotations

from pathlib import Path

from cia.checks import Location
from cia.store import Store
from cia.ui.app import CiaApp


def _app(store: Store, assessment_id: str | None = None) -> CiaApp:
    return CiaApp(store, assessment_id, export_dir=Path("/tmp/cia-exports"))


def test_assessments_screen_80x24(snap_compare, fixed_store: Store) -> None:
    assert snap_compare(_app(fixed_store), terminal_size=(80, 24))


def test_details_step_120x40(snap_compare, fixed_store: Store) -> None:
    assert snap_compare(_app(fixed_store, "cdp2020"), terminal_size=(120, 40))


def test_category_step_80x24(snap_compare, fixed_store: Store) -> None:
    async def to_psed(pilot) -> None:
        await pilot.pause()
        await pilot.app.screen.show_step("psed")
        await pilot.pause()

    assert snap_compare(_app(fixed_store, "cx2024"), terminal_size=(80, 24), run_before=to_psed)


def test_area_editor_120x40(snap_compare, fixed_store: Store) -> None:
    async def open_age(pilot) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        await screen.show_step("psed")
        screen.open_area(Location("psed", "age"))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(_app(fixed_store, "cx2024"), terminal_size=(120, 40), run_before=open_age)


def test_review_step_120x40(snap_compare, fixed_store: Store) -> None:
    async def to_review(pilot) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#steps").focus()
        await screen.show_step("review")
        await pilot.pause()
        # the drafted executive summary arrives from a worker: wait for it so the picture is stable
        await pilot.app.workers.wait_for_complete()
        for _ in range(4):  # the draft's text grows the editor, which brings the pane's scrollbar: let it settle
            await pilot.pause()

    assert snap_compare(_app(fixed_store, "cdp2020"), terminal_size=(120, 40), run_before=to_review)
