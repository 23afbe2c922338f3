"""The Textual application: a thin shell that opens the store and the screens."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..store import Store, StoreError
from .keys import KeyGate

if TYPE_CHECKING:
    from .session import Session


_frozen = False


def _freeze_start_up_objects() -> None:
    """Take the objects that exist before the first app (the imported modules, their classes and constants,
    which live as long as the process) out of the garbage collector's sight, once per process.

    Without this, every full collection walks all of Textual's and cia's module objects again: the first one
    comes during start-up (some 15-20 ms, before the first screen is drawn) and later ones while typing.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


class CiaApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "cia"
    SUB_TITLE = "Community Impact Assessments"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit (asks first if anything is unsaved)")]

    def __init__(self, store: Store, assessment_id: str | None = None, demo: bool = False, *,
                 export_dir: Path | None = None) -> None:
        _freeze_start_up_objects()
        super().__init__()
        self.store = store
        self.initial_id = assessment_id
        self.demo = demo
        self.export_dir = export_dir
        if demo:
            self.title = "cia · DEMO"
        self.key_gate = KeyGate(self, super().on_event)
        from .live import Live

        self._left_terminal = False
        """Whether the terminal lost focus since the app last had it."""
        self.live = Live(self)
        """Colleagues' saves and the store coming and going, as they happen (a no-op for a folder)."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_gate.key(event)  # one key at a time: see cia.ui.keys
            return
        await super().on_event(event)

    def get_default_screen(self) -> Screen:
        """The Assessments screen is the app's first screen itself (not pushed over an empty one, which would
        be laid out, styled and shown first for nothing)."""
        from .screens.assessments import AssessmentsScreen

        return AssessmentsScreen()

    def on_mount(self) -> None:
        if self.initial_id:
            self.open_assessment(self.initial_id)
        self.live.start()

    def on_store_changed(self, message) -> None:
        self.live.handle(message.event)

    def on_app_blur(self, event: events.AppBlur) -> None:
        self._left_terminal = True

    def on_app_focus(self, event: events.AppFocus) -> None:
        """Back in the app's terminal from another window (where, say, ``cia new`` or ``cia import`` ran): the
        list, if it is showing, looks at the store again. A PostgreSQL store says so as it happens (``live``);
        a folder store cannot, so this is when its list catches up. (Only after the terminal was left: some
        terminals report focus as soon as the app starts, when the list has just been read.)"""
        from .screens.assessments import AssessmentsScreen

        if self._left_terminal and isinstance(self.screen, AssessmentsScreen):
            self.screen.reload()
        self._left_terminal = False

    # --- opening ----------------------------------------------------------------------------------

    def open_assessment(self, ref: str) -> None:
        """Open an assessment by id (or unique prefix), offering to recover unsaved edits."""
        from .screens.assessment import AssessmentScreen
        from .session import Session, differs

        try:
            assessment = self.store.load(ref)
        except StoreError:
            from ..editions import REGISTRY

            try:  # its edition may have been published since the app read the editions: once more if so
                if not REGISTRY.look_again():
                    raise
                assessment = self.store.load(ref)
            except StoreError as exc:
                self.notify(str(exc), title="Cannot open", severity="error", timeout=10, markup=False)
                return
        self._load_assessment_css()
        recovered = self.store.read_recovery(assessment.id)
        if recovered is not None and not differs(recovered, assessment):
            self.store.clear_recovery(assessment.id)
            recovered = None
        self.push_screen(AssessmentScreen(Session(self.store, assessment), recovered=recovered))

    def _load_assessment_css(self) -> None:
        """Add the rules for an open assessment's screens (assessment.tcss) to the stylesheet, with the first.

        Start-up parses only what the list screen and the dialogs need. The file is added as its own source
        beside app.tcss, so only it is parsed now (the rules already parsed are kept, where a screen's
        ``CSS_PATH`` would parse every source again); the screen's widgets are styled as they mount.
        """
        path = Path(__file__).with_name("assessment.tcss")
        if not self.stylesheet.has_source(str(path), ""):
            self.stylesheet.read(path)
            if self.css_monitor is not None:  # textual run --dev: edits to it apply live, as to app.tcss
                self.css_monitor.add_paths([path])

    def assessment_screens(self) -> list:
        """The open assessments' screens (none before one was opened: their module is loaded with the first)."""
        import sys

        module = sys.modules.get(f"{__package__}.screens.assessment")
        if module is None:
            return []
        return [s for s in self.screen_stack if isinstance(s, module.AssessmentScreen)]

    def sessions(self) -> list[Session]:
        return [s.session for s in self.assessment_screens()]

    # --- commands ---------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)
        yield from super().get_system_commands(screen)

    # --- quitting ---------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        from .modals.confirm import ChoiceModal

        holders = [s for s in self.assessment_screens() if s.session.dirty]
        if not holders:
            self.exit(0)
            return
        for screen in holders:
            screen.saves.hold()

        def chosen(choice: str | None) -> None:
            if choice == "save":
                for screen in holders:
                    if not screen.saves.save_before_leaving():
                        screen.saves.resume()
                        return
                self.exit(0)
            elif choice == "discard":
                for screen in holders:
                    screen.saves.stop()
                    screen.session.discard_recovery()
                    screen.session.dirty = False
                self.exit(0)
            else:
                for screen in holders:
                    screen.saves.resume()

        titles = ", ".join(f"“{s.session.assessment.title or 'Untitled'}”" for s in holders)
        self.push_screen(ChoiceModal("Unsaved changes",
                                     f"{titles} has changes that are not saved yet.",
                                     [("save", "Save and quit"), ("discard", "Quit without saving"),
                                      ("cancel", "Cancel")], danger="discard"), chosen)

    def on_unmount(self) -> None:
        self.live.stop()
        for session in self.sessions():
            session.release_lock()


def run(store: Store, assessment_id: str | None = None, *, demo: bool = False) -> int:
    """Run the app on a store (opening one assessment directly if given); returns an exit code.

    With ``demo`` the store is expected to be a throwaway copy of the samples; the title says DEMO.
    """
    result = CiaApp(store, assessment_id, demo=demo).run()
    return result if isinstance(result, int) else 0
