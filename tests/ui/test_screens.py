"""The Assessments screen, F1 guidance, the command palette, evidence and the Word export."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.confirm import ChoiceModal
from cia.ui.modals.evidence import EvidenceModal
from cia.ui.modals.help import HelpModal
from cia.ui.modals.import_file import ImportModal
from cia.ui.screens.assessment import AssessmentScreen
from cia.ui.screens.assessments import AssessmentsScreen
from cia.ui.widgets.lazy_table import LazyTable

from cia.ui.widgets.review.export import ExportPanel

from ui_helpers import assessment_screen, go_to_step, open_area, settle, type_text

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


def rows(app: CiaApp) -> list[str]:
    table = app.screen.query_one("#assessments", LazyTable)
    return [table.row_key(i) for i in range(table.row_count)]


async def test_the_list_shows_the_store_and_unreadable_files_with_their_reason(ui_store: Store) -> None:
    (ui_store.root / "broken.json").write_text('{"schema_version": 1, "id": "broken", ', "utf-8")
    app = CiaApp(ui_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)
        assert sorted(rows(app)) == ["cdp2020", "cx2024"]
        problems = str(app.screen.query_one("#problems").render())
        assert "broken.json" in problems and "truncated" in problems


async def test_typing_filters_the_list(ui_store: Store) -> None:
    app = CiaApp(ui_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#assessments").focus()
        await type_text(pilot, "customer")
        await settle(pilot)
        assert rows(app) == ["cx2024"]
        assert app.screen.query_one("#filter", Input).value == "customer"
        await pilot.press("escape")
        await settle(pilot)
        assert len(rows(app)) == 2
        await type_text(pilot, "nothing like this")
        await settle(pilot)
        assert rows(app) == []
        assert "Nothing matches" in str(app.screen.query_one("#empty").render())


async def test_open_duplicate_and_delete_with_confirmation(ui_store: Store) -> None:
    app = CiaApp(ui_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "communities")
        await pilot.press("enter")
        await settle(pilot, 3)
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.session.id == "cdp2020"
        await pilot.press("f2", "escape")  # to the steps, then back to the list
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)

        await pilot.press("escape")  # clear the filter
        app.screen.query_one("#assessments", LazyTable).focus()
        table = app.screen.query_one("#assessments", LazyTable)
        table.move_cursor(row=rows(app).index("cdp2020"))
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert len(rows(app)) == 3
        copy_id = app.screen.current_id()
        assert copy_id not in ("cdp2020", "cx2024")
        assert ui_store.load(copy_id).title == "Copy of Communities Delivery Plan"

        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("escape")  # cancel: nothing deleted
        await settle(pilot)
        assert ui_store.exists(copy_id)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#choice-yes")
        await settle(pilot)
        assert not ui_store.exists(copy_id)
        assert any(ui_store.trash_dir.iterdir())
        assert sorted(rows(app)) == ["cdp2020", "cx2024"]


async def test_import_a_json_file(empty_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "incoming.json"
    a = new_assessment("Imported proposal", edition="2024")
    source.write_text(a.model_dump_json(), "utf-8")
    app = CiaApp(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No assessments yet" in str(app.screen.query_one("#empty").render())
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ImportModal)
        app.screen.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app) == [a.id]
    assert empty_store.load(a.id).title == "Imported proposal"


async def test_f1_shows_the_councils_guidance_for_where_you_are(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        await go_to_step(pilot, "psed")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        text = app.screen.markdown
        assert "Where no major impacts have been identified, please state N/A." in text
        assert "personal details of members of the public" in text
        assert "Which groups will be affected" in text
        assert "Who is currently using the service" in text  # the PSED prompts
        await pilot.press("escape")
        await settle(pilot)
        area = await open_area(pilot, "psed", "race")
        await pilot.press("f1")
        await settle(pilot)
        assert "PSED › Race" in app.screen.markdown
        assert "Same as first row" in app.screen.markdown


async def test_the_command_palette_offers_jumps_check_export_and_save(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        titles = [c.title for c in app.get_system_commands(screen)]
        for wanted in ("Go to PSED", "Go to Environment", "Check readiness", "Export to Word", "Save"):
            assert wanted in titles
        command = next(c for c in app.get_system_commands(screen) if c.title == "Go to Economy")
        await command.callback()
        await settle(pilot)
        assert screen.current.key == "economy"


async def test_add_evidence_and_an_extra_area(ui_store: Store) -> None:
    app = CiaApp(ui_store, "cdp2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "evidence")
        before = len(screen.session.assessment.section("economy").evidence)
        pane.add_item("economy")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceModal)
        await type_text(pilot, "ONS, 2026. Local labour market figures")
        app.screen.query_one("#url", Input).value = "not a link"
        await pilot.click("#save")
        await settle(pilot)
        assert "http" in str(app.screen.query_one("#evidence-error").render())
        app.screen.query_one("#url", Input).value = "https://www.ons.gov.uk/"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        evidence = screen.session.assessment.section("economy").evidence
        assert len(evidence) == before + 1
        assert evidence[-1].url == "https://www.ons.gov.uk/"

        pane = await go_to_step(pilot, "economy")
        pane.query_one("#areas").focus()
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Tourism")
        await pilot.press("enter")  # Enter in the dialog adds the area (and opens it)
        await settle(pilot, 3)
        keys = [e.key for e in screen.session.assessment.section("economy").entries]
        assert "extra_tourism" in keys
        assert app.screen.area_key == "extra_tourism"
        await pilot.press("escape")  # back at the table, on the new row, with a/r/n working
        await settle(pilot)
        table = pane.query_one("#areas")
        assert table.has_focus and pane.current_key() == "extra_tourism"


async def test_export_from_the_app_writes_the_documents(ui_store: Store, tmp_path: Path) -> None:
    pytest.importorskip("cia.export")
    from cia.export import export_documents  # noqa: F401  (skip if the interface is not there yet)

    out = tmp_path / "out"
    app = CiaApp(ui_store, "cdp2020", export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "review")
        pane.query_one("#export").scroll_visible(animate=False)  # below the sign-off part: scroll to it
        await settle(pilot)
        await pilot.click("#export")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        result = str(pane.query_one("#export-result").render())
        exported = pane.query_one(ExportPanel).exported
        assert exported, result
        for path in exported:
            assert path.exists() and path.suffix == ".docx"
            assert path.name in result
        assert f"Written to {exported[0].parent}" in result
        assert len(exported) == 2
