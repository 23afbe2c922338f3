"""When an open assessment is saved, and what happens when a save cannot be made.

:class:`SaveController` belongs to an assessment screen: it keeps a recovery copy soon after each edit and
saves a little later (both on a worker thread, from a snapshot, and only when something changed since the
last copy or save), saves at once when asked or when the user leaves, and handles a conflicting save by
offering to keep the user's version as a copy. The delays are attributes, so tests set them (or call
:meth:`flush`) rather than wait on a clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Awaitable, Callable

from textual.timer import Timer

from .session import SaveResult, Session

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..model import Assessment


class SaveController:
    autosave_delay: float = 2.0
    """Seconds after the last edit before saving."""
    recovery_delay: float = 0.4
    """Seconds after the last edit before writing the crash-recovery copy."""

    def __init__(self, screen: Screen, session: Session, *, on_state: Callable[[], None]) -> None:
        self.screen = screen
        self.session = session
        self.on_state = on_state
        """Called whenever the saved/unsaved state may have changed (the screen updates its title)."""
        self._timers: dict[str, Timer] = {}
        self._held = False

    def offer_recovery(self, recovered: Assessment, restored: Callable[[], Awaitable[None]]) -> None:
        """Ask whether to restore a recovery copy left by a session that ended without saving; restoring it
        makes it the open assessment (``restored`` then shows it and notes the change, so it is saved as the
        user goes on), declining removes it."""
        from .modals.confirm import ChoiceModal

        when = recovered.updated.astimezone().strftime("%d %b %Y %H:%M")

        async def chosen(choice: str | None) -> None:
            if choice == "restore":
                self.session.assessment = recovered
                self.session.changed()  # the whole assessment is another one: nothing cached holds
                await restored()
                self.screen.notify("Your unsaved changes are back. They are saved as you continue.",
                                   title="Recovered")
            else:
                self.session.discard_recovery()

        self.screen.app.push_screen(ChoiceModal(
            "Recover unsaved changes?",
            f"This assessment has changes from {when} that were never saved (the app closed unexpectedly). "
            "Restore them?",
            [("restore", "Restore my changes"), ("discard", "Discard them")], danger="discard"), chosen)

    # --- after each edit --------------------------------------------------------------------------

    def note_change(self) -> None:
        self.on_state()
        self._later("recovery", self.recovery_delay, self.write_recovery)
        if not self._held:
            self._later("autosave", self.autosave_delay, self.autosave)

    def _later(self, name: str, delay: float, callback: Callable[[], object]) -> None:
        timer = self._timers.pop(name, None)
        if timer is not None:
            timer.stop()
        self._timers[name] = self._set_timer(delay, callback, name)

    def _set_timer(self, delay: float, callback: Callable[[], object], name: str) -> Timer:
        """Call ``callback`` after ``delay`` seconds (tests replace this with timers they fire themselves)."""
        return self.screen.app.set_timer(delay, callback, name=f"cia-{name}")

    def _cancel(self, name: str) -> None:
        timer = self._timers.pop(name, None)
        if timer is not None:
            timer.stop()

    def hold(self) -> None:
        """No autosave until :meth:`resume` (while the user decides whether to keep their changes)."""
        self._held = True
        self._cancel("autosave")

    def resume(self) -> None:
        self._held = False
        if self.session.dirty:
            self._later("autosave", self.autosave_delay, self.autosave)

    def stop(self) -> None:
        for timer in self._timers.values():
            timer.stop()
        self._timers.clear()

    async def flush(self) -> None:
        """Run what the timers would (recovery copy, then autosave) now, and wait for both to finish."""
        self.stop()
        self.write_recovery()
        self.autosave()
        await self.screen.app.workers.wait_for_complete()

    # --- background work --------------------------------------------------------------------------

    def write_recovery(self) -> None:
        job = self.session.recovery_job()
        if job is None:
            return

        def done(error: str | None) -> None:
            self.session.recovery_error = error
            if error:
                self.screen.notify(error, severity="warning")

        self._in_thread(job, done, "recovery")

    def autosave(self) -> None:
        if self._held:
            return
        job = self.session.save_job()
        if job is None:
            return
        self._cancel("autosave")
        self._in_thread(job, lambda result: self._handle(result, quiet=True), "autosave")

    def _in_thread(self, job: Callable[[], object], done: Callable, name: str) -> None:
        app = self.screen.app

        def run() -> None:
            result = job()
            try:
                app.call_from_thread(done, result)
            except RuntimeError:  # the app has closed meanwhile: the work itself is done
                pass

        self.screen.run_worker(run, thread=True, group=f"cia-{name}", name=f"cia-{name}", exit_on_error=False)

    # --- saving now -------------------------------------------------------------------------------

    def save_now(self) -> SaveResult:
        """ctrl+s: save at once and say so."""
        return self._handle(self.session.save(), quiet=False)

    def save_before_leaving(self) -> bool:
        """Save if needed; True when it is safe to leave."""
        if not self.session.dirty:
            return True
        return self._handle(self.session.save(), quiet=True).ok

    def _handle(self, result: SaveResult, *, quiet: bool) -> SaveResult:
        self.session.finish_save(result)
        if result.outcome == "saved":
            if not self.session.dirty:
                self._cancel("recovery")
            if not quiet:
                self.screen.notify(f"Saved to {result.message}", title="Saved", timeout=3)
            for notice in result.notices:
                self.screen.notify(notice, title="Kept aside", severity="warning", timeout=20, markup=False)
        elif result.outcome == "clean" and not quiet:
            self.screen.notify("All changes are already saved.", timeout=2)
        elif result.outcome == "conflict":
            self._offer_copy(result.message)
        elif result.outcome == "error":
            self.screen.notify(result.message, title="Not saved", severity="error", timeout=10)
        self.on_state()
        return result

    def _offer_copy(self, message: str) -> None:
        from .modals.confirm import ChoiceModal

        app = self.screen.app
        if any(isinstance(s, ChoiceModal) for s in app.screen_stack):
            return

        def chosen(choice: str | None) -> None:
            if choice == "copy":
                result = self.session.save_as_copy()
                if result.outcome == "saved":
                    self.screen.notify(f"Your version is saved as a copy: {self.session.assessment.title} "
                                       f"({self.session.id}).", title="Saved as a copy", timeout=8)
                else:
                    self.screen.notify(result.message, title="Not saved", severity="error")
            self.on_state()

        app.push_screen(ChoiceModal(
            "Someone else saved this assessment",
            f"{message}\n\nYou can save your version as a separate copy (nothing of theirs is changed), "
            "or keep editing without saving.",
            [("copy", "Save mine as a copy"), ("keep", "Keep editing")]), chosen)
