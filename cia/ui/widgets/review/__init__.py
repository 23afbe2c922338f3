"""Review & export: the findings, the review actions (status), what changed since the last reviewed version,
the comments and the audit trail, the sign-offs, the executive summary and the Word export."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Label, TextArea

from ....checks import SIGNOFF, Finding, Location
from ... import fields
from ...messages import Edited
from ..base import StepPane
from ..comments import CommentsPanel
from ..prose import ProseArea
from ..review_flow import ChangesPanel, ReviewActions, TrailPanel
from .export import ExportPanel
from .findings import FindingsPanel
from .signoffs import SignOffsPanel, SignOffTable
from .summary import SummaryEditor

__all__ = ["ReviewPane", "SignOffTable"]


class ReviewPane(StepPane):
    SCROLLS = True

    @property
    def help_location(self) -> Location:
        return Location(fields.REVIEW)

    def compose(self) -> ComposeResult:
        a = self.session.assessment
        yield Label("Review & export", classes="pane-title")
        yield FindingsPanel()
        yield ReviewActions(self.session)
        yield ChangesPanel(self.session)
        yield CommentsPanel(self.session, "", "the assessment", show_resolved=True, id="review-comments")
        yield SignOffsPanel(self.session)
        yield SummaryEditor(self.session)
        if a.import_notes:
            yield Label("Import notes: text the Word import could not place (move it where it belongs, then "
                        "clear it)", classes="field-label")
            yield ProseArea(a.import_notes, id="import_notes", classes="prose")
        yield ExportPanel(self.session, self.app.export_dir)
        yield TrailPanel(self.session)

    @property
    def findings(self) -> list[Finding]:
        return self.query_one(FindingsPanel).findings

    def refresh_view(self, findings: list[Finding]) -> None:
        a = self.session.assessment
        self.query_one(FindingsPanel).show(a, findings)
        self.query_one(SignOffsPanel).show()
        self.query_one(ExportPanel).errors = sum(f.is_error for f in findings)
        self.query_one(ExportPanel).show_note(a)
        for panel in (ReviewActions, ChangesPanel, CommentsPanel, TrailPanel):
            self.query_one(panel).show()

    def focus_first(self) -> None:
        self.focus_findings()

    def focus_location(self, location: Location) -> None:
        if location == fields.EXECUTIVE_SUMMARY:
            self.focus_summary()
        elif location == fields.STATUS:
            self.focus_status()
        elif location.section == SIGNOFF:
            self.query_one(SignOffsPanel).focus_row(location.index)
        else:
            self.focus_findings()

    # --- what the palette and the findings offer ----------------------------------------------------

    def focus_findings(self) -> None:
        panel = self.query_one(FindingsPanel)
        if panel.findings:
            panel.focus_list()
        else:
            self.focus_status()

    def focus_status(self) -> None:
        buttons = self.query_one(ReviewActions).query(Button)
        if buttons:
            self.focus_and_show(buttons.first())

    def add_comment(self) -> None:
        self.query_one(CommentsPanel).action_add()

    def focus_summary(self) -> None:
        self.query_one(SummaryEditor).area.focus()

    def reset_summary(self) -> None:
        self.query_one(SummaryEditor).reset()

    def add_signoff(self) -> None:
        self.query_one(SignOffsPanel).add_signoff()

    def export(self) -> None:
        self.query_one(ExportPanel).start()

    def show_paragraph(self) -> None:
        from ....export import summary_paragraph
        from ...modals.text import TextModal

        self.app.push_screen(TextModal("The “Community Impact” paragraph for a report",
                                       summary_paragraph(self.session.assessment),
                                       hint="Select the text to copy it (or run cia summary ID --paragraph)."))

    @on(TextArea.Changed, "#import_notes")
    def _import_notes(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text != self.session.assessment.import_notes:
            self.post_message(Edited(fields.IMPORT_NOTES, event.text_area.text, typing=True))

