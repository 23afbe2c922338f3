"""Drafting an assessment in the real app, asserting on the model and the files on disk."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.new_assessment import NewAssessmentModal
from cia.ui.screens.area import AreaScreen
from cia.ui.screens.assessment import AssessmentScreen
from cia.ui.widgets.points import PointArea, PointsList

from ui_helpers import assessment_screen, go_to_step, open_area, settle, type_text

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def test_create_an_assessment_and_fill_the_header(empty_store: Store) -> None:
    app = CiaApp(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewAssessmentModal)
        await type_text(pilot, "Library opening hours")
        await pilot.press("enter")
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        assert screen.current.key == "screening"  # a new assessment opens on its screening
        await go_to_step(pilot, "details")
        values = {"#sponsor-name": "Jo Bloggs", "#sponsor-role": "Director of Culture",
                  "#lead-name-0": "Sam Lead", "#lead-role-0": "Libraries Manager",
                  "#date_completed": "November 2026", "#decision": "Cabinet, 16 December 2026"}
        for selector, value in values.items():
            screen.query_one(selector, Input).value = value
            await pilot.pause()
        await settle(pilot)
        assert screen.session.dirty
        assert "Unsaved" in screen.sub_title
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.session.dirty
        saved_id = screen.session.id

    saved = empty_store.load(saved_id)
    assert saved.header.title == "Library opening hours"
    assert saved.edition == "2021"
    assert saved.header.sponsor.name == "Jo Bloggs" and saved.header.sponsor.role == "Director of Culture"
    assert [(p.name, p.role) for p in saved.header.leads] == [("Sam Lead", "Libraries Manager")]
    assert saved.header.date_completed == "November 2026"
    assert saved.header.decision == "Cabinet, 16 December 2026"
    assert saved.revision >= 2


async def test_assess_a_characteristic_see_findings_change_then_mark_the_rest_na(empty_store: Store) -> None:
    a = new_assessment("Customer strategy", edition="2024", author="A. Author", date_completed="March 2024")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        assert [s.key for s in screen.steps] == ["screening", "details", "psed", "workforce", "review"]

        area = await open_area(pilot, "psed", "age")
        # add a risk: ctrl+n in the Risks list reuses its blank point
        area.query_one("#risks", PointsList).focus_point()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert len(area.query_one("#risks", PointsList).rows) == 1
        assert isinstance(app.focused, PointArea)
        await type_text(pilot, "Older customers may feel excluded")
        await settle(pilot)
        entry = screen.session.entry("psed", "age")
        assert entry.points("risks") == ["Older customers may feel excluded"]
        assert entry.status == "assessed"  # writing points assesses the area
        findings = str(area.query_one("#area-findings").render())
        assert "no mitigation" in findings

        # the mitigation makes the finding vanish, live
        area.query_one("#mitigations", PointsList).focus_point()
        await settle(pilot)
        await type_text(pilot, "Information in other formats")
        await pilot.press("enter")  # Enter starts a second point
        await type_text(pilot, "Signpost to digital inclusion support")
        await settle(pilot)
        assert entry.points("mitigations") == ["Information in other formats", "Signpost to digital inclusion support"]
        findings = str(area.query_one("#area-findings").render())
        assert "no mitigation" not in findings
        assert "Nothing to fix" in findings

        # reorder with alt+up, delete with ctrl+r
        await pilot.press("alt+up")
        await settle(pilot)
        assert entry.points("mitigations") == ["Signpost to digital inclusion support", "Information in other formats"]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)
        done, total = screen.session.assessment.completeness("psed")
        assert (done, total) == (1, 10)
        assert "1/10" in str(screen.query_one("#steps").get_option("psed").prompt)

        # mark every other area N/A with one key each
        pane = screen.pane("psed")
        table = pane.query_one("#areas")
        table.focus()
        table.move_cursor(row=0)
        await settle(pilot)
        for _ in range(total):
            key = pane.current_key()
            if screen.session.entry("psed", key).status == "not_assessed":
                await pilot.press("n")
            else:
                await pilot.press("down")
            await pilot.pause()
        await settle(pilot, 3)
        assert screen.session.assessment.completeness("psed") == (10, 10)
        assert "10/10" in str(screen.query_one("#steps").get_option("psed").prompt)
        statuses = {e.key: e.status for e in screen.session.assessment.section("psed").entries}
        assert statuses["age"] == "assessed"
        assert sum(s == "na" for s in statuses.values()) == 9

        await pilot.press("ctrl+s")
        await settle(pilot)

    # save, reopen and find everything
    reloaded = empty_store.load(a.id)
    age = reloaded.section("psed").entry("age")
    assert age.points("risks") == ["Older customers may feel excluded"]
    assert age.points("mitigations") == ["Signpost to digital inclusion support", "Information in other formats"]
    assert reloaded.completeness("psed") == (10, 10)

    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        area = await open_area(pilot, "psed", "age")
        texts = [row.text for row in area.query_one("#mitigations", PointsList).rows]
        assert texts == ["Signpost to digital inclusion support", "Information in other formats"]


async def test_a_finding_vanishes_when_fixed_and_review_jumps_to_the_field(empty_store: Store) -> None:
    a = new_assessment("Parks", edition="2024", date_completed="May 2026")
    empty_store.create(a)
    app = CiaApp(empty_store, a.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        review = await go_to_step(pilot, "review")
        codes = [f.code for f in review.findings]
        assert "header-missing" in codes
        author_finding = next(i for i, f in enumerate(review.findings)
                              if f.code == "header-missing" and f.location.field == "author")
        listing = review.query_one("#findings")
        listing.focus()
        listing.highlighted = next(i for i, o in enumerate(listing._options) if o.id == f"finding-{author_finding}")
        await pilot.press("enter")
        await settle(pilot, 3)
        assert screen.current.key == "details"
        assert app.focused is not None and app.focused.id == "author"
        await type_text(pilot, "Pat Author")
        await settle(pilot, 3)
        assert screen.session.assessment.header.author == "Pat Author"
        review = await go_to_step(pilot, "review")
        assert not any(f.code == "header-missing" and f.location.field == "author" for f in review.findings)


async def test_review_jump_opens_the_area_at_the_field(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        finding = next(f for f in screen.findings if f.location.area and f.is_error)
        await screen.jump(finding.location)
        await settle(pilot, 3)
        assert isinstance(app.screen, AreaScreen)
        assert app.screen.area_key == finding.location.area


async def test_same_as_first_row_from_the_keyboard(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cx2024")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        entry = screen.session.entry("psed", "sex")
        entry.first_row.benefits = False
        area = await open_area(pilot, "psed", "sex")
        area.query_one("#benefits", PointsList).focus_point()
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert entry.first_row.benefits is True
        assert "first row" in str(area.query_one("#benefits .points-title").render())
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert entry.first_row.benefits is False
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert app.screen.area_key == "sexual_orientation"
        await pilot.press("ctrl+up", "ctrl+up")
        await settle(pilot)
        assert app.screen.area_key == "religion_or_belief"
