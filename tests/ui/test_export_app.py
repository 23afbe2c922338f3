"""Export from the Review step as a user does it: Word documents, and PDFs through LibreOffice when asked
(made on a worker thread, as ``cia export --pdf`` makes them); without LibreOffice the Word documents are
still written and the step says plainly why there is no PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Checkbox

from cia.export import pdf
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.widgets.review.export import ExportPanel

from ui_helpers import go_to_step, notes, settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def _export(pilot, *, full: bool, summary: bool, pdf_too: bool) -> tuple[list[Path], str]:
    pane = await go_to_step(pilot, "review")
    for name, value in (("full", full), ("summary", summary), ("pdf", pdf_too)):
        pane.query_one(f"#export-{name}", Checkbox).value = value
    pane.query_one("#export").scroll_visible(animate=False)
    await settle(pilot)
    await pilot.click("#export")
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    return pane.query_one(ExportPanel).exported, str(pane.query_one("#export-result").render())


async def test_without_libreoffice_the_word_documents_are_written_and_the_step_says_why_there_is_no_pdf(
        ui_store: Store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CIA_SOFFICE", str(tmp_path / "no-such-soffice"))
    out = tmp_path / "out"
    app = CiaApp(ui_store, "cdp2020", export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        exported, result = await _export(pilot, full=True, summary=True, pdf_too=True)
    assert sorted(p.suffix for p in exported) == [".docx", ".docx"] and all(p.is_file() for p in exported)
    assert "LibreOffice is not installed" in result
    assert any("LibreOffice is not installed" in n for n in notes(app))
    assert not list(out.glob("*.pdf")) and not list(out.glob(".cia-pdf-*"))


async def test_a_pdf_of_the_summary_is_written_next_to_it(ui_store: Store, tmp_path: Path) -> None:
    if not (pdf.available() and shutil.which("pdftotext")):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("soffice or pdftotext not installed: .ci/run installs LibreOffice and poppler")
        pytest.skip("LibreOffice (soffice) or pdftotext not installed")
    out = tmp_path / "out"
    app = CiaApp(ui_store, "cdp2020", export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        exported, result = await _export(pilot, full=False, summary=True, pdf_too=True)
    assert [p.suffix for p in exported] == [".docx", ".pdf"], result
    docx, made = exported
    assert made == docx.with_suffix(".pdf") and made.name in result
    text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True, check=True).stdout
    assert "Checklist and Executive Summary" in text and "Communities Delivery Plan" in text
