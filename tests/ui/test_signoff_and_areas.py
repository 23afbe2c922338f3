"""Sign-offs on the Review step, renaming and removing extra areas, tables that follow the terminal's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList

from cia.model import SignOff
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.confirm import ChoiceModal
from cia.ui.modals.extra_area import ExtraAreaModal
from cia.ui.modals.signoff import SignOffModal
from cia.ui.screens.assessment import AssessmentScreen

from cia.ui.widgets.review.export import ExportPanel

from ui_helpers import assessment_screen, go_to_step, notes, saves_done, settle, type_text

pytestmark = pytest.mark.asyncio
SMALL = (80, 24)
SIZE = (120, 40)


def _signoffs(store: Store, assessment_id: str) -> list[tuple[str, str, str, str]]:
    return [(s.name, s.role, s.date, s.decision) for s in store.load(assessment_id).signoffs]


@pytest.fixture
def approved(ui_store: Store, monkeypatch) -> Store:
    """cx2024 submitted and approved (sign-offs are recorded only on an approved assessment), and the person
    recording the sign-offs known."""
    from cia import workflow
    from cia.model import Actor

    a = ui_store.load("cx2024")
    workflow.apply(a, "submit", Actor(name="Pat Lead", role="Project Lead"))
    ui_store.save(a)
    workflow.apply(a, "approve", Actor(name="Chris Commissioner", role="Commissioning Lead"))
    ui_store.save(a)
    monkeypatch.setenv("CIA_USER", "Sam Papers")
    monkeypatch.setenv("CIA_ROLE", "Cabinet Papers Team")
    return ui_store


# --- sign-offs ------------------------------------------------------------------------------------------


async def test_add_edit_and_remove_signoffs_with_the_keyboard(approved: Store, monkeypatch) -> None:
    ui_store = approved
    app = CiaApp(ui_store, "cx2024")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "review")
        table = pane.query_one("#signoffs", DataTable)
        table.focus()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, SignOffModal)
        for text in ("Pat Head", "Director of Customer Services", "2 April 2024"):
            await type_text(pilot, text)
            await pilot.press("enter")  # Enter moves on to the next field …
        await type_text(pilot, "appr")
        await pilot.press("right")  # … the decision completes from the usual wordings …
        await settle(pilot)
        assert app.screen.query_one("#decision", Input).value == "Approved"
        await pilot.press("enter")  # … and Enter in the last field saves
        await settle(pilot, 3)
        assert isinstance(app.screen, AssessmentScreen)
        a = screen.session.assessment
        assert [(s.name, s.role, s.date, s.decision) for s in a.signoffs] == [
            ("Pat Head", "Director of Customer Services", "2 April 2024", "Approved")]
        assert screen.session.dirty and "Unsaved" in screen.sub_title
        screen.saves.write_recovery()  # what the recovery timer does a moment after an edit
        await saves_done(pilot)
        recovered = ui_store.read_recovery("cx2024")
        assert recovered is not None and recovered.signoffs[0].name == "Pat Head"  # kept in the recovery copy
        assert table.row_count == 1

        # a second one, then edit it with Enter: the dialog opens with its values
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Emily Doorbar")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert [s.name for s in a.signoffs] == ["Pat Head", "Emily Doorbar"]
        assert table.cursor_row == 1  # the new row is highlighted
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignOffModal)
        assert app.screen.query_one("#name", Input).value == "Emily Doorbar"
        app.screen.query_one("#role", Input).value = "Head of Customer Experience"
        app.screen.query_one("#decision", Input).value = "Approved with recommendations"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert (a.signoffs[1].role, a.signoffs[1].decision) == ("Head of Customer Experience",
                                                                "Approved with recommendations")
        assert a.signoffs[1].date == ""

        # a name is required
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SignOffModal)
        assert "name" in str(app.screen.query_one("#signoff-error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert len(a.signoffs) == 2

        # remove asks first: Escape keeps it, "Remove sign-off" removes it
        table.move_cursor(row=0)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        assert "Pat Head" in str(app.screen.query_one(".dialog-message").render())
        await pilot.press("escape")
        await settle(pilot, 3)
        assert len(a.signoffs) == 2
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#choice-yes")
        await settle(pilot, 3)
        assert [s.name for s in a.signoffs] == ["Emily Doorbar"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.session.dirty

    assert _signoffs(ui_store, "cx2024") == [
        ("Emily Doorbar", "Head of Customer Experience", "", "Approved with recommendations")]


async def test_signoffs_with_the_mouse(approved: Store) -> None:
    ui_store = approved
    app = CiaApp(ui_store, "cx2024")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "review")
        pane.query_one("#signoff-add").scroll_visible(animate=False)
        await settle(pilot)
        await pilot.click("#signoff-add")
        await settle(pilot)
        assert isinstance(app.screen, SignOffModal)
        values = {"#name": "Helen Riley", "#role": "Deputy Chief Executive", "#date": "16 December 2020",
                  "#decision": "Approved"}
        for selector, value in values.items():
            app.screen.query_one(selector, Input).value = value
        await pilot.click("#save")
        await settle(pilot, 3)
        assert [s.name for s in screen.session.assessment.signoffs] == ["Helen Riley"]

        # a click on the highlighted row edits it
        table = pane.query_one("#signoffs", DataTable)
        await pilot.click(table, offset=(3, 1))
        await settle(pilot)
        if not isinstance(app.screen, SignOffModal):  # the first click highlights, the second selects
            await pilot.click(table, offset=(3, 1))
            await settle(pilot)
        assert isinstance(app.screen, SignOffModal)
        app.screen.query_one("#date", Input).value = "17 December 2020"
        await pilot.click("#save")
        await settle(pilot, 3)
        assert screen.session.assessment.signoffs[0].date == "17 December 2020"
        await screen.saves.flush()  # what the autosave timer does
        await settle(pilot)
        assert not screen.session.dirty
        assert _signoffs(ui_store, "cx2024") == [
            ("Helen Riley", "Deputy Chief Executive", "17 December 2020", "Approved")]

        await pilot.click("#signoff-remove")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.click("#choice-yes")
        await settle(pilot, 3)
        assert screen.session.assessment.signoffs == []
        await screen.saves.flush()
        await settle(pilot)
    assert _signoffs(ui_store, "cx2024") == []


async def test_signoffs_entered_in_the_app_fill_the_summary_documents_signoff_table(approved: Store,
                                                                                    tmp_path: Path) -> None:
    ui_store = approved
    pytest.importorskip("docx")
    import docx

    out = tmp_path / "out"
    app = CiaApp(ui_store, "cx2024", export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "review")
        for name, role, date, decision in [("Pat Head", "Director", "2 April 2024", "Approved"),
                                           ("Sam Chair", "Cabinet Member", "9 April 2024", "Noted")]:
            pane.add_signoff()
            await settle(pilot)
            for field, value in (("name", name), ("role", role), ("date", date), ("decision", decision)):
                app.screen.query_one(f"#{field}", Input).value = value
            await pilot.press("ctrl+s")
            await settle(pilot, 3)
        pane.export()
        await saves_done(pilot)
        exported = pane.query_one(ExportPanel).exported
        assert exported, str(pane.query_one("#export-result").render())
        await pilot.press("ctrl+s")
        await settle(pilot)

    summary = next(p for p in exported if p.name.endswith("summary.docx"))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(summary)).tables]
    signoff = next(t for t in tables if t[0] == ["Name", "Role", "Date", "Decision"])
    assert signoff[1:] == [["Pat Head", "Director", "2 April 2024", "Approved"],
                           ["Sam Chair", "Cabinet Member", "9 April 2024", "Noted"]]
    assert _signoffs(ui_store, "cx2024")[1] == ("Sam Chair", "Cabinet Member", "9 April 2024", "Noted")


# --- extra areas --------------------------------------------------------------------------------------------


async def test_rename_and_remove_an_extra_area(ui_store: Store) -> None:
    a = ui_store.load("cdp2020")
    extra = a.add_extra_area("economy", "Tourism")
    extra.risks = ["Fewer visitors", "Shorter stays"]
    ui_store.save(a)
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "economy")
        table = pane.query_one("#areas", DataTable)
        table.focus()
        pane.select_area(extra.key)
        await settle(pilot)
        assert table.check_action("rename_area", ()) and table.check_action("remove_area", ())

        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ExtraAreaModal)
        assert app.screen.query_one("#name", Input).value == "Tourism"
        app.screen.query_one("#name", Input).value = "Tourism and visitors"
        app.screen.query_one("#question", Input).value = "Will visitor numbers change?"
        await pilot.click("#add")
        await settle(pilot, 3)
        entry = screen.session.entry("economy", extra.key)
        assert (entry.name, entry.question) == ("Tourism and visitors", "Will visitor numbers change?")
        assert entry.points("risks") == ["Fewer visitors", "Shorter stays"]  # renaming keeps what is written
        assert "Tourism and vi" in str(table.get_row(extra.key)[0])
        await screen.saves.flush()  # what the autosave timer does
        await settle(pilot)
        saved = ui_store.load("cdp2020").section("economy").entry(extra.key)
        assert saved is not None and saved.name == "Tourism and visitors"
        assert saved.question == "Will visitor numbers change?"

        # remove: the question names the area and says what goes with it; Cancel keeps it
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        message = str(app.screen.query_one(".dialog-message").render())
        assert "Tourism and visitors" in message and "2 points" in message
        assert "Tourism and visitors" in str(app.screen.query_one(".dialog-title").render())
        await pilot.click("#choice-no")
        await settle(pilot, 3)
        assert screen.session.assessment.section("economy").entry(extra.key) is not None
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#choice-yes")
        await settle(pilot, 3)
        assert screen.session.assessment.section("economy").entry(extra.key) is None
        assert extra.key not in [str(k.value) for k in table.rows]
        await screen.saves.flush()
        await settle(pilot)
        assert not screen.session.dirty
    assert ui_store.load("cdp2020").section("economy").entry(extra.key) is None


async def test_template_areas_cannot_be_removed_or_renamed_and_the_app_says_so(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "economy")
        table = pane.query_one("#areas", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await settle(pilot)
        before = [e.key for e in screen.session.assessment.section("economy").entries]
        name = screen.session.assessment.area_name("economy", screen.session.assessment.section("economy").entries[0])
        assert not table.check_action("remove_area", ())  # not offered in the footer …
        await pilot.press("delete")  # … but the key still explains
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)
        shown = notes(app)
        assert any(name in n and "cannot be removed" in n and "N/A" in n for n in shown), shown
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)
        assert any("cannot be renamed" in n for n in notes(app))
        await pilot.click("#remove-area")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)
        assert [e.key for e in screen.session.assessment.section("economy").entries] == before
        assert not screen.session.dirty


# --- tables follow the terminal's width ---------------------------------------------------------------------


async def test_category_and_evidence_tables_re_layout_when_the_terminal_is_resized(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "economy")
        areas = pane.query_one("#areas", DataTable)

        def labels(table: DataTable) -> list[str]:
            return [c.label.plain for c in table.ordered_columns]

        assert labels(areas)[2:6] == ["Groups", "Benefits", "Risks", "Mitigations"]
        assert not pane.query_one("#legend").display
        areas.move_cursor(row=2)
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 3)
        assert labels(areas)[:6] == ["Area", "Status", "G", "B", "R", "M"]
        assert pane.query_one("#legend").display
        assert areas.cursor_row == 2  # the highlighted area stays highlighted
        # the columns are as wide as their content at once (not the headings' width until the next redraw)
        assert areas.ordered_columns[0].width >= len("Poverty and Income")

        await pilot.resize_terminal(130, 30)
        await settle(pilot, 3)
        assert labels(areas)[2:6] == ["Groups", "Benefits", "Risks", "Mitigations"]
        assert screen.query_one("#steps").styles.width.value == 34  # wider step labels too

        pane = await go_to_step(pilot, "evidence")
        evidence = pane.query_one("#evidence", DataTable)
        assert "url" in [str(c.key.value) for c in evidence.ordered_columns]
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 3)
        assert [str(c.key.value) for c in evidence.ordered_columns] == ["section", "citation", "date"]
        assert evidence.row_count == sum(len(s.evidence) for s in screen.session.assessment.sections)
        await pilot.resize_terminal(120, 40)
        await settle(pilot, 3)
        assert "url" in [str(c.key.value) for c in evidence.ordered_columns]
        citation = next(c for c in evidence.ordered_columns if str(c.key.value) == "citation")
        assert citation.width > len("Citation")


async def test_a_stale_step_highlight_does_not_move_the_step_list_back(ui_store: Store) -> None:
    """Keys pressed faster than steps are shown used to make the step list jump back and forth for ever."""
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        await go_to_step(pilot, "economy")
        listing = screen.query_one("#steps", OptionList)
        index = listing.highlighted
        listing.post_message(OptionList.OptionHighlighted(listing, listing.get_option_at_index(1), 1))
        await settle(pilot, 3)
        assert screen.current.key == "economy"
        assert listing.highlighted == index


async def test_palette_add_a_signoff_opens_the_dialog_on_the_review_step(approved: Store) -> None:
    ui_store = approved
    app = CiaApp(ui_store, "cx2024")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        command = next(c for title, _, c in screen.palette_commands() if title == "Add a sign-off")
        await command()
        await settle(pilot)
        assert screen.current.key == "review"
        assert isinstance(app.screen, SignOffModal)
        app.screen.query_one("#name", Input).value = "Pat Head"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        [signoff] = screen.session.assessment.signoffs
        assert signoff.name == "Pat Head" and signoff.recorded_by.name == "Sam Papers"
