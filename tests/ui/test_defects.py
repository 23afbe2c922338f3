"""What a user met, each checked in the real app: destructive keys ask, focus lands where the writing goes."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.confirm import ChoiceModal
from cia.ui.modals.extra_area import ExtraAreaModal
from cia.ui.screens.area import AreaScreen

from ui_helpers import assessment_screen, burst, go_to_step, keys_for, open_area, settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def test_n_on_a_written_area_asks_and_cancel_keeps_it(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "economy")
        pane.focus_first()
        pane.select_area("poverty_and_income")
        await settle(pilot)
        await burst(pilot, ["n"])
        assert isinstance(app.screen, ChoiceModal)
        await pilot.click("#choice-no")
        await settle(pilot)
        assert screen.session.entry("economy", "poverty_and_income").status == "assessed"
        await burst(pilot, ["n"])
        await pilot.click("#choice-yes")
        await settle(pilot)
        entry = screen.session.entry("economy", "poverty_and_income")
        assert entry.status == "na" and entry.has_content  # the points are kept


async def test_an_na_area_opens_in_its_reason_without_first_row_boxes(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        na = next(e for e in screen.session.assessment.section("psed").entries if e.status == "na")
        area = await open_area(pilot, "psed", na.key)
        assert app.focused is area.query_one("#na_reason", Input)
        assert area.query_one("#first-row").has_class("hidden")
        await burst(pilot, keys_for("No change for this group"))
        assert screen.session.entry("psed", na.key).na_reason == "No change for this group"
        assert screen.session.entry("psed", na.key).groups == []


async def test_add_area_saves_on_enter_and_asks_on_escape(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "economy")
        pane.focus_first()
        await burst(pilot, ["a"] + keys_for("Tourism") + ["escape"])
        assert isinstance(app.screen, ChoiceModal)  # Escape asks: what was typed is not dropped silently
        await pilot.click("#choice-back")
        await settle(pilot)
        assert isinstance(app.screen, ExtraAreaModal)
        assert app.screen.query_one("#name", Input).value == "Tourism"
        await burst(pilot, ["enter"])  # Enter adds
        assert isinstance(app.screen, AreaScreen) and app.screen.area_key == "extra_tourism"
        await burst(pilot, ["escape", "r"])  # back on the new row: r renames, and the name is not selected
        assert isinstance(app.screen, ExtraAreaModal)
        await burst(pilot, keys_for(" and visitors") + ["enter"])
        assert screen.session.entry("economy", "extra_tourism").name == "Tourism and visitors"


async def test_tab_from_the_last_lead_goes_on_and_adds_no_rows(empty_store: Store) -> None:
    a = new_assessment("Leads", edition="2021")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "details")
        pane.query_one("#lead-name-0").focus()
        await burst(pilot, keys_for("Sam Lead") + ["tab"] + keys_for("Manager") + ["tab", "tab"]
                    + keys_for("A. Author"))
        h = screen.session.assessment.header
        assert [(p.name, p.role) for p in h.leads] == [("Sam Lead", "Manager")]
        assert h.author == "A. Author"
        assert len(pane._lead_rows()) == 1


async def test_a_double_click_opens_a_row(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await go_to_step(pilot, "economy")
        table = pane.query_one("#areas")
        table.focus()
        await settle(pilot)
        await pilot.click(table, offset=(3, 4), times=2)
        await settle(pilot)
        assert isinstance(app.screen, AreaScreen)


async def test_the_summary_can_go_back_to_the_drafted_text(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "review")
        await app.workers.wait_for_complete()
        await settle(pilot)
        area = pane.query_one("#executive_summary")
        drafted = area.text
        assert drafted
        area.load_text("My own summary")
        await settle(pilot)
        assert screen.session.assessment.executive_summary == "My own summary"
        pane.reset_summary()
        await settle(pilot)
        await pilot.click("#choice-yes")
        await settle(pilot, 3)  # the edit is applied, then the draft is started …
        await app.workers.wait_for_complete()  # … and written on a worker
        await settle(pilot)
        assert screen.session.assessment.executive_summary == ""
        assert area.text == drafted


async def test_tab_into_a_written_list_lands_at_the_end_of_its_last_point_or_where_the_cursor_was(
        empty_store: Store) -> None:
    a = new_assessment("Tabbing", edition="2021")
    entry = a.section("psed").entry("race")
    entry.set_points("groups", ["Residents"])
    entry.set_points("benefits", ["Faster replies", "Fewer visits"])
    entry.set_points("risks", ["Less face to face contact"])
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = assessment_screen(pilot)
        area = await open_area(pilot, "psed", "race")
        groups, benefits, risks = (area.query_one(f"#{f}").rows for f in ("groups", "benefits", "risks"))
        assert app.focused is groups[0] and groups[0].cursor_location == (0, len("Residents"))
        await burst(pilot, ["tab"] + keys_for(" online"))  # Tab into benefits: the end of its last point
        assert app.focused is benefits[1]
        assert screen.session.entry("psed", "race").benefits == ["Faster replies", "Fewer visits online"]

        await burst(pilot, ["home"] + ["right"] * 5 + ["tab"])  # on into risks: the end of its point
        assert app.focused is risks[0] and risks[0].cursor_location == (0, len("Less face to face contact"))
        await burst(pilot, ["shift+tab"] + keys_for(" and"))  # back into benefits: where the cursor was left
        assert app.focused is benefits[1]
        assert screen.session.entry("psed", "race").benefits == ["Faster replies", "Fewer and visits online"]
        await burst(pilot, ["shift+tab"] + keys_for(" too"))  # inside a list Tab still goes point by point,
        assert app.focused is benefits[0]  # to the end of a point not written in yet
        assert screen.session.entry("psed", "race").benefits == ["Faster replies too", "Fewer and visits online"]
