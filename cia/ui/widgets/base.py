"""What every step pane of the assessment screen offers the screen (Details, a category, Review, …)."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from ...checks import Finding, Location
from ..session import Session


def show_text(widget: Static, content) -> None:
    """Give a Static (or Label) new content only when it differs from what it shows: every update lays the
    screen out again, and the views are refreshed after each keystroke."""
    if widget.content != content:
        widget.update(content)


class StepPane(Vertical):
    """One step of an assessment, shown beside the step list.

    The screen owns the :class:`Session`; a pane shows part of the assessment, posts
    :class:`~cia.ui.messages.Edited` for what the user changes, and is told:

    - :meth:`refresh_view` — the assessment changed (the findings are the current ones);
    - :meth:`focus_first` — the user moved into the pane;
    - :meth:`focus_location` — show one field (a finding's location, a go-to);
    - :meth:`leave` — the user is moving to another step.
    """

    SCROLLS = False
    """Whether the pane scrolls as a whole (a form), rather than giving its own table the spare room."""

    DEFAULT_CSS = """
    StepPane.scrolls { overflow-y: auto; }
    """

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane scrolls" if self.SCROLLS else "pane")
        self.session = session

    @property
    def help_location(self) -> Location:
        """Where F1's guidance is about while the user is in this pane."""
        raise NotImplementedError

    def refresh_view(self, findings: list[Finding]) -> None:
        """Show the assessment as it now is. Forms whose fields are the user's own typing need do nothing."""

    def focus_first(self) -> None:
        focusable = self._focusable()
        if focusable:
            focusable[0].focus()

    def focus_location(self, location: Location) -> None:
        self.focus_first()

    def leave(self) -> None:
        """The user is moving to another step (the screen saves next)."""

    def _focusable(self) -> list[Widget]:
        return [w for w in self.query("*") if w.focusable and type(w).__name__ != "CollapsibleTitle"]

    def focus_and_show(self, widget: Widget) -> None:
        widget.focus()
        self.call_after_refresh(widget.scroll_visible)
