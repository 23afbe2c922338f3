"""The Introduction & summary step (front sections of the classic template)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, TextArea

from ...checks import FRONT, Location
from .. import fields
from ..messages import Edited
from .base import StepPane
from .points import PointsList


class FrontPane(StepPane):
    SCROLLS = True

    @property
    def help_location(self) -> Location:
        return Location(FRONT)

    def compose(self) -> ComposeResult:
        a = self.session.assessment
        yield Label("Introduction & summary", classes="pane-title")
        yield Label("1. Introduction: what the proposal is, and which decision this CIA supports.", classes="field-label")
        yield TextArea(a.introduction, id="introduction", soft_wrap=True, tab_behavior="focus", classes="prose")
        yield Label("2. Summary of assessment: the overall impact and the main risks.", classes="field-label")
        yield TextArea(a.summary, id="summary", soft_wrap=True, tab_behavior="focus", classes="prose")
        yield Label("3. Summary of key mitigations / recommendations", classes="field-label")
        yield PointsList(fields.front("key_mitigations"), "Key mitigations / recommendations",
                         list(a.key_mitigations), id="key_mitigations")

    @on(TextArea.Changed, "#introduction, #summary")
    def _prose(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(Edited(fields.front(event.text_area.id or ""), event.text_area.text, typing=True))

    def focus_location(self, location: Location) -> None:
        field = location.field or "introduction"
        if field == "key_mitigations":
            self.query_one(PointsList).focus_point(location.index)
        else:
            self.query_one("#summary" if field == "summary" else "#introduction").focus()
