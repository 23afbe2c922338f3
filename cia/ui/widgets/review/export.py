"""Export to Word (and PDF through LibreOffice): which documents, where to, and what was written."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from ....model import Assessment
from ...session import Session
from ..base import show_text


def default_export_dir() -> Path:
    """Where documents go unless the user says otherwise: a folder in their Documents, not wherever the
    app happened to be started."""
    from platformdirs import user_documents_path

    return user_documents_path() / "CIA exports"


class ExportPanel(Vertical):
    def __init__(self, session: Session, export_dir: Path | None) -> None:
        super().__init__(id="export-panel")
        self.session = session
        self.export_dir = export_dir or default_export_dir()
        self.errors = 0
        """Errors the readiness checks still report (said after exporting)."""
        self.exported: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Label("Export to Word (and PDF)", classes="field-label")
        yield Static("", id="export-note", classes="hint", markup=False)
        yield Input(str(self.export_dir), id="out-dir", compact=True, select_on_focus=False)
        with Vertical(classes="checks"):
            yield Checkbox("Full CIA (Background Paper)", True, id="export-full", compact=True)
            yield Checkbox("Checklist & Executive Summary", True, id="export-summary", compact=True)
            yield Checkbox("A PDF of each too (needs LibreOffice)", False, id="export-pdf", compact=True)
        yield Button("Export", id="export", variant="primary", compact=True)
        yield Static("", id="export-result", markup=False)

    def show_note(self, assessment: Assessment) -> None:
        """Say so when the proposal was screened out: its document is the screening record."""
        from ....screening import not_needed

        note = self.query_one("#export-note", Static)
        show_text(note, "Screened out: this proposal's document is its screening record, exported on the Screening "
                  "step. The documents below would show every area as not assessed." if not_needed(assessment)
                  else "")
        note.display = not_needed(assessment)

    def _say(self, text: str) -> None:
        self.query_one("#export-result", Static).update(text)

    def start(self) -> None:
        full = self.query_one("#export-full", Checkbox).value
        summary = self.query_one("#export-summary", Checkbox).value
        if not (full or summary):
            self._say("Tick at least one document to export.")
            return
        raw = self.query_one("#out-dir", Input).value.strip()
        if not raw:
            self._say("Give a folder to write the documents to.")
            return
        pdf = self.query_one("#export-pdf", Checkbox).value
        self._say("Exporting… (LibreOffice may take a while to make the PDFs)" if pdf else "Exporting…")
        self.query_one("#export", Button).disabled = True
        self._export(self.session.assessment.model_copy(deep=True), Path(raw).expanduser(), full, summary, pdf)

    @on(Button.Pressed, "#export")
    def _export_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.start()

    @on(Input.Submitted, "#out-dir")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start()

    @work(thread=True, exclusive=True, group="export")
    def _export(self, assessment: Assessment, out_dir: Path, full: bool, summary: bool, pdf: bool = False) -> None:
        """On a worker thread: the documents, then (if asked) their PDFs through LibreOffice, as ``cia export
        --pdf`` makes them. The Word documents are kept whatever happens to the PDFs."""
        from ....export import ExportError, export_documents

        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            paths = export_documents(assessment, out_dir, full=full, summary=summary)
        except ExportError as exc:
            self.app.call_from_thread(self._done, [], f"Export failed: {exc}")
            return
        except OSError as exc:
            self.app.call_from_thread(self._done, [], f"Could not write to {out_dir}: {exc}")
            return
        except Exception as exc:  # never let an export bug take the user's session down
            self.app.call_from_thread(self._done, [], f"Export failed ({type(exc).__name__}: {exc})")
            return
        paths, pdf_problem = list(paths), None
        if pdf:
            from ....export.pdf import PdfError, convert

            try:
                paths += convert(paths)
            except PdfError as exc:  # says what is wrong: not installed, too slow, no PDF made, file in use
                pdf_problem = str(exc)
            except Exception as exc:  # the Word documents are written: say what went wrong with the PDFs
                pdf_problem = f"PDFs not written ({type(exc).__name__}: {exc})."
        self.app.call_from_thread(self._done, paths, None, pdf_problem)

    def _done(self, paths: list[Path], error: str | None, pdf_problem: str | None = None) -> None:
        self.query_one("#export", Button).disabled = False
        if error:
            self._say(error)
            self.app.notify(error, title="Export", severity="error", markup=False)
            return
        self.exported = paths
        folders = {p.parent for p in paths}
        if len(folders) == 1:
            lines = [f"Written to {folders.pop()}:"] + [f"  {p.name}" for p in paths]
        else:
            lines = ["Written:"] + [f"  {p}" for p in paths]
        if pdf_problem:
            lines.append(pdf_problem)
        if self.errors:
            lines.append(f"Note: {self.errors} error{'s' if self.errors != 1 else ''} still to fix before the CIA "
                         "is ready.")
        self._say("\n".join(lines))
        self.query_one("#export-result", Static).scroll_visible()
        self.app.notify("\n".join(str(p) for p in paths), title="Exported", markup=False)
        if pdf_problem:
            self.app.notify(pdf_problem, title="No PDF", severity="warning", markup=False)
