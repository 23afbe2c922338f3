"""The executive summary: drafted from the assessment until the author edits it; back to the draft on request."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from ....model import Assessment
from ... import fields
from ...messages import Edited
from ...session import Session
from ..base import show_text
from ..prose import ProseArea

DRAFTED = "Drafted from the assessment: edit it and your text is kept."
EDITED = "Your edited summary (it no longer follows the assessment)."


class SummaryEditor(Vertical):
    """Posts :class:`Edited` for the executive summary once the author changes the drafted text."""

    def __init__(self, session: Session) -> None:
        super().__init__(id="summary-panel")
        self.session = session
        self._draft: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("Executive summary (for the Checklist and Executive Summary)", classes="field-label")
        yield ProseArea(self.session.assessment.executive_summary, id="executive_summary", classes="summary")
        with Horizontal(classes="buttons"):
            yield Label("", id="draft-note", classes="hint")
            yield Button("Use the drafted text", id="summary-reset", compact=True,
                         tooltip="Forget your edits to the summary and go back to the drafted one (asks first)")

    def on_mount(self) -> None:
        self._show_state()
        if not self.session.assessment.executive_summary:
            self.draft()

    @property
    def area(self) -> TextArea:
        return self.query_one("#executive_summary", TextArea)

    def _show_state(self) -> None:
        edited = bool(self.session.assessment.executive_summary)
        self.query_one("#summary-reset", Button).display = edited
        show_text(self.query_one("#draft-note", Label), EDITED if edited else (DRAFTED if self._draft else ""))

    def draft(self) -> None:
        """Draft the summary from the assessment as it is now (on a worker thread)."""
        self._draft_in_thread(self.session.assessment.model_copy(deep=True))

    @work(thread=True, exclusive=True, group="draft-summary")
    def _draft_in_thread(self, assessment: Assessment) -> None:
        from ....export import draft_executive_summary

        try:
            text = draft_executive_summary(assessment)
        except Exception as exc:  # the draft is a convenience: report it, keep the screen working
            note = f"Could not draft the summary ({type(exc).__name__}: {exc})."
            self.app.call_from_thread(self.query_one("#draft-note", Label).update, note)
            return
        self.app.call_from_thread(self._set_draft, text)

    def _set_draft(self, text: str) -> None:
        if self.session.assessment.executive_summary:
            return  # edited meanwhile: the author's text wins
        self._draft = text
        if self.area.text != text:
            self.area.load_text(text)
        self._show_state()

    @on(TextArea.Changed, "#executive_summary")
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if not self.session.assessment.executive_summary and (text == self._draft or not text.strip()):
            return  # the unedited draft: keep the model empty so the draft follows the assessment
        self.post_message(Edited(fields.EXECUTIVE_SUMMARY, text, typing=True))
        self.call_after_refresh(self._show_state)

    def reset(self) -> None:
        """Go back to the drafted text, after asking."""
        from ...modals.confirm import confirm

        if not self.session.assessment.executive_summary:
            self.app.notify("The summary is already the drafted one.", timeout=3)
            return

        def chosen(choice: str | None) -> None:
            if choice == "yes":
                # applied at once (not posted), so that the draft started next is not refused as "edited"
                self.screen.apply_edit(fields.EXECUTIVE_SUMMARY, "", typing=False)  # type: ignore[attr-defined]
                self._draft = None
                self.draft()
                self._show_state()

        self.app.push_screen(confirm("Use the drafted summary?", "Your edited executive summary will be replaced "
                                     "by the one drafted from the assessment, which then follows the assessment "
                                     "as it changes.", yes="Use the drafted text", danger=True), chosen)

    @on(Button.Pressed, "#summary-reset")
    def _reset_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.reset()
