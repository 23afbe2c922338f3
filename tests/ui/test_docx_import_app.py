"""The app's import (ctrl+o) takes a CIA written in Word: the report is shown, the assessment listed, and
text the import could not place is on the Review step, where it can be edited like any other field."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docx import Document
from textual.widgets import Input, Static, TextArea

from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.confirm import ChoiceModal
from cia.ui.modals.import_file import ImportModal
from cia.ui.widgets.lazy_table import LazyTable

from ui_helpers import go_to_step, notes, settle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from docx_fixtures import CX2024, build, load  # noqa: E402

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def test_import_a_word_cia_and_see_its_notes_on_review(empty_store: Store, tmp_path: Path) -> None:
    path = build(load(CX2024), tmp_path / "customer-experience.docx")
    doc = Document(str(path))
    doc.add_paragraph("Agreed with the Digital Leadership Group on 12 March 2024.")
    doc.save(str(path))

    app = CiaApp(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ImportModal)
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        report = str(app.screen.query_one(".dialog-message", Static).render())
        assert "edition: Community Impact Assessment (2024" in report
        assert "areas placed: 11" in report
        assert "Agreed with the Digital Leadership Group" in report
        await pilot.press("enter")
        await settle(pilot)
        ids = [p.stem for p in empty_store.files()]
        assert len(ids) == 1
        table = app.screen.query_one("#assessments", LazyTable)
        assert table.row_count == 1

        a = empty_store.load(ids[0])
        assert a.header.title == "Customer Experience (CX) Strategy: 2024 - 2026"
        assert "Agreed with the Digital Leadership Group on 12 March 2024." in a.import_notes

        await pilot.press("enter")
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "review")
        notes = pane.query_one("#import_notes", TextArea)
        assert "Agreed with the Digital Leadership Group" in notes.text
        notes.text = ""
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert empty_store.load(ids[0]).import_notes == ""


async def test_a_damaged_word_file_is_refused_with_a_message(empty_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "damaged.docx"
    path.write_bytes(b"PK\x03\x04 cut short")
    app = CiaApp(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        messages = notes(app)
        assert any("damaged.docx: the document is damaged or truncated" in m for m in messages), messages
    assert not list(empty_store.files())
