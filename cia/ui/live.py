"""Live awareness: what the app does when the store says something happened.

A store that can tell (PostgreSQL, through LISTEN/NOTIFY: see :mod:`cia.store.postgres.notify`) calls back
from its own thread; :class:`Live` turns each event into a :class:`StoreChanged` message on the app's
loop and then:

- a colleague saved (or deleted) the assessment you have open: it says so at once and offers to
  compare their version with yours, reload theirs, or keep editing (your save is still refused over
  theirs by the revision check, with the usual choice of keeping yours as a copy);
- anyone saved anything: the list of assessments refreshes itself;
- the store became unreachable: it says so; your edits stay in the local recovery copy as you type;
- the store is back: it says so, looks again at what you have open (saves made meanwhile were not
  announced), and saves your pending edits, with the revision check.

A store without live events (the folder store) makes all of this a no-op.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING, Any

from textual.message import Message

from ..store import StoreError

if TYPE_CHECKING:
    from textual.app import App

    from ..store.postgres.notify import StoreEvent
    from .screens.assessment import AssessmentScreen


class StoreChanged(Message):
    """Something happened in the store (posted from the store's listening thread)."""

    def __init__(self, event: StoreEvent) -> None:
        super().__init__()
        self.event = event


class Live:
    """The app's side of the store's live events."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._stop: Any = None
        self.unreachable = False
        self.handled = asyncio.Event()
        """Set each time an event has been dealt with (tests wait on it instead of on time)."""

    def start(self) -> None:
        store = getattr(self.app, "store", None)
        subscribe = getattr(store, "subscribe", None)
        if subscribe is None:
            return
        use_pool = getattr(store, "use_pool", None)
        if use_pool is not None:
            use_pool()  # the app's workers and its main thread share a pool of connections
        app = self.app
        try:
            self._stop = subscribe(lambda event: app.post_message(StoreChanged(event)))
        except StoreError as exc:
            app.notify(f"Colleagues' saves will not be shown as they happen: {exc}", severity="warning")

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None

    # --- events --------------------------------------------------------------------------------

    def handle(self, event: StoreEvent) -> None:
        try:
            if event.kind in ("saved", "deleted"):
                self._changed(event)
            elif event.kind == "unreachable":
                self._unreachable(event)
            elif event.kind == "reconnected":
                self._reconnected()
        finally:
            self.handled.set()

    def _listings(self) -> list:
        """The list of assessments, where it is open."""
        from .screens.assessments import AssessmentsScreen

        return [s for s in self.app.screen_stack if isinstance(s, AssessmentsScreen)]

    def _open(self) -> list[AssessmentScreen]:
        """The open assessments' screens. Their module is imported when the first assessment is opened; until
        then there are none to find (and nothing is imported for the asking)."""
        module = sys.modules.get("cia.ui.screens.assessment")
        if module is None:
            return []
        return [s for s in self.app.screen_stack if isinstance(s, module.AssessmentScreen)]

    def _changed(self, event: StoreEvent) -> None:
        if event.own:
            return
        for listing in self._listings():
            listing.reload()
        for screen in self._open():
            session = screen.session
            if session.id == event.id:
                if event.kind == "deleted":
                    self.app.notify(f"{event.who} deleted this assessment. Save keeps your version as a new one.",
                                    title="Deleted by a colleague", severity="warning", timeout=20)
                elif event.revision > session.assessment.revision:
                    self.offer(screen, event.who, event.revision)

    def _unreachable(self, event: StoreEvent) -> None:
        if self.unreachable:
            return
        self.unreachable = True
        self.app.notify(f"{event.message}\n\nYour edits are kept in a recovery copy on this computer and saved "
                        "when the store is back; cia keeps trying.", title="Store unreachable",
                        severity="warning", timeout=30)

    def _reconnected(self) -> None:
        if not self.unreachable:
            return
        self.unreachable = False
        self.app.notify("The store is back.", title="Reconnected", timeout=5)
        store = self.app.store
        for listing in self._listings():
            listing.reload()
        for screen in self._open():
            session = screen.session
            try:
                stored = store.disk_revision(session.id)
            except StoreError:
                return  # gone again: the listener will say so
            if stored is not None and stored > session.assessment.revision:
                self.offer(screen, "Someone", stored)
            elif session.dirty:
                screen.saves.autosave()  # with the revision check

    # --- compare or reload ---------------------------------------------------------------------------

    def offer(self, screen: AssessmentScreen, who: str, revision: int) -> None:
        """Say that someone saved the open assessment, and offer to compare or reload."""
        from .modals.confirm import ChoiceModal

        if any(isinstance(s, ChoiceModal) and getattr(s, "live_offer", False) for s in self.app.screen_stack):
            return
        session = screen.session
        unsaved = " Your unsaved changes are still here." if session.dirty else ""
        modal = ChoiceModal(
            "Saved by a colleague",
            f"{who} saved “{session.assessment.title or 'this assessment'}” (revision {revision}) while you "
            f"have it open.{unsaved}",
            [("compare", "Compare"), ("reload", "Reload theirs"), ("keep", "Keep editing")],
            danger="reload" if session.dirty else None)
        modal.live_offer = True

        def chosen(choice: str | None) -> None:
            if choice == "compare":
                self.compare(screen, who, revision)
            elif choice == "reload":
                self.reload(screen)

        self.app.push_screen(modal, chosen)

    def compare(self, screen: AssessmentScreen, who: str, revision: int) -> None:
        from ..history import diff
        from .modals.help import HelpModal

        session = screen.session
        try:
            theirs = self.app.store.load(session.id)
        except StoreError as exc:
            self.app.notify(str(exc), title="Cannot compare", severity="error")
            return
        lines = diff(session.assessment, theirs)
        body = "\n".join(f"- {_md(line)}" for line in lines) if lines else "Their version has the same content as yours."
        text = (f"# What revision {theirs.revision} changed\n\nFrom your version to the one {_md(who)} saved:\n\n"
                f"{body}\n{_changed_texts(session.assessment, theirs)}")
        self.app.push_screen(HelpModal(text), lambda _: self.offer(screen, who, revision))

    def reload(self, screen: AssessmentScreen) -> None:
        """Replace the open copy with the stored one (the user chose to drop their unsaved edits)."""
        session = screen.session
        try:
            theirs = self.app.store.load(session.id)
        except StoreError as exc:
            self.app.notify(str(exc), title="Cannot reload", severity="error")
            return
        session.assessment = theirs
        session.dirty = False
        session.conflict = False
        session.discard_recovery()
        screen.call_after_refresh(screen.reload_panes)
        screen.update_title()
        self.app.notify(f"Showing revision {theirs.revision}.", title="Reloaded", timeout=4)


COMPARE_PLACES = 20


def _md(text: str) -> str:
    """Text shown as itself inside Markdown."""
    return "".join(f"\\{c}" if c in "\\`*_{}[]<>()#+-.!|~" else c for c in " ".join(text.split()))


def _changed_texts(mine, theirs) -> str:
    """Each place whose text differs: yours, then theirs."""
    from ..store.extract import texts_of

    def by_place(a) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for place, text in texts_of(a):
            out.setdefault(place, []).append(text)
        return out

    old, new = by_place(mine), by_place(theirs)
    places = [p for p in dict.fromkeys([*old, *new]) if old.get(p) != new.get(p)]
    parts = []
    for place in places[:COMPARE_PLACES]:
        yours = "; ".join(old.get(place, [])) or "(nothing)"
        their = "; ".join(new.get(place, [])) or "(nothing)"
        parts.append(f"\n## {_md(place)}\n\n**Yours:** {_md(yours)}\n\n**Theirs:** {_md(their)}\n")
    if len(places) > COMPARE_PLACES:
        parts.append(f"\n… and {len(places) - COMPARE_PLACES} more places.\n")
    return "".join(parts)
