"""Open comments where they apply (an area, the Review step): listed beside the fields, added, answered and
resolved in place. ``a`` adds a comment, ``c`` answers the highlighted one, ``x`` resolves it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ... import comments as comment_rules
from ...text import shorten
from ..session import Session


class CommentsPanel(Vertical):
    """The comments at or under one location (``psed/race`` takes its fields and points), open ones first."""

    DEFAULT_CSS = """
    CommentsPanel { height: auto; }
    CommentsPanel OptionList { height: auto; max-height: 12; }
    """

    BINDINGS = [
        Binding("a", "add", "Comment", tooltip="Add a comment here"),
        Binding("c", "reply", "Answer", tooltip="Answer the highlighted comment"),
        Binding("x", "resolve", "Resolve", tooltip="Resolve the highlighted comment"),
    ]

    def __init__(self, session: Session, location: str, where: str, *, show_resolved: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="comments-panel")
        self.session = session
        self.location = location
        self.where = where
        self.show_resolved = show_resolved
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Label("", classes="field-label", id="comments-title")
        yield OptionList(id="comments-list")

    def on_mount(self) -> None:
        self.show()

    def items(self):
        a = self.session.assessment
        p = comment_rules.normalise(self.location)
        here = [c for c in a.comments if not p or c.location == p or c.location.startswith(p + "/")]
        if not self.show_resolved:
            here = [c for c in here if c.is_open]
        return sorted(here, key=lambda c: (not c.is_open, c.n))

    def show(self) -> None:
        a = self.session.assessment
        items = self.items()
        n_open = sum(c.is_open for c in items)
        title = f"Comments ({n_open} open)" if items else "Comments"
        options = []
        for c in items:
            state = "" if c.is_open else "resolved · "
            place = comment_rules.where(a, c).split(" › ", 2)[-1] if self.location else comment_rules.where(a, c)
            text = f"{c.n}. {state}{place}: {c.text} — {c.by.display()}"
            for r in c.replies:
                text += f"\n   ↳ {r.text} — {r.by.display()}"
            options.append(Option(shorten(text, 400), id=f"comment-{c.n}"))
        if not options:
            options.append(Option("No open comments. Press a to add one.", id="comment-none", disabled=True))
        shown = (title, [(o.id, str(o.prompt), o.disabled) for o in options])
        if shown == self._shown:  # as it is drawn (the edit that called this, a keystroke, changed no comment)
            return
        self._shown = shown
        self.query_one("#comments-title", Label).update(title + " · a add · c answer · x resolve")
        listing = self.query_one("#comments-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(options)
        if highlighted is not None and options and highlighted < len(options):
            listing.highlighted = highlighted

    def _current(self) -> int | None:
        listing = self.query_one("#comments-list", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        if not option.id or option.id == "comment-none":
            return None
        return int(option.id.removeprefix("comment-"))

    def _owner(self):
        from ..review_ops import owner_screen

        return owner_screen(self)

    def action_add(self) -> None:
        from ..review_ops import add_comment

        add_comment(self._owner(), self.location or "front/executive_summary", self.where, self.show)

    def action_reply(self) -> None:
        from ..review_ops import reply_comment

        n = self._current()
        if n is not None:
            reply_comment(self._owner(), n, self.show)

    def action_resolve(self) -> None:
        from ..review_ops import resolve_comment

        n = self._current()
        if n is not None:
            resolve_comment(self._owner(), n, self.show)

    @on(OptionList.OptionSelected, "#comments-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_reply()
