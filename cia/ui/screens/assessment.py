"""One assessment: its steps down the side, the current step beside them.

This screen owns the :class:`~cia.ui.session.Session` (and so the Assessment): the step panes and the
area editor report edits as messages and this screen applies them; its :class:`SaveController` keeps the
recovery copy, autosaves and handles conflicts; :func:`~cia.ui.widgets.panes.pane_for` makes each step's pane
and :class:`~cia.ui.screens.table_changes.TableChanges` adds and removes a table's areas.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Header, OptionList

from ...checks import DETAILS, Finding, Location
from ...model import Assessment
from ...text import shorten
from .. import fields
from ..autosave import SaveController
from ..messages import AreaOpenRequested, Edited, JumpRequested
from ..session import Session
from ..steps import Step, StepRef, first_step, progress, step_for, steps_for
from ..widgets.base import StepPane
from ..widgets.footer import Footer
from ..widgets.panes import pane_for
from ..widgets.points import TabIntoPoints
from ..widgets.step_list import StepList
from .table_changes import TableChanges


def owner_of(screen: Screen) -> AssessmentScreen | None:
    """The assessment screen that a screen opened over it belongs to (the area editor, the risk register), or
    the assessment screen itself."""
    from .area import AreaScreen
    from .register import RiskRegisterScreen

    if isinstance(screen, AssessmentScreen):
        return screen
    if isinstance(screen, (AreaScreen, RiskRegisterScreen)):
        return screen.owner
    return None


class AssessmentScreen(TableChanges, TabIntoPoints, Screen):
    REFRESH_DELAY = 0.15
    """Seconds after the last keystroke before the step list and the pane show the new findings (0: as soon
    as the app is idle, which tests use to wait without a clock)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save now (edits are also saved automatically)"),
        Binding("f1", "help", "Help", tooltip="The council's guidance for this step"),
        Binding("f2", "focus_steps", "Steps", show=False, tooltip="Move to the list of steps"),
        Binding("escape", "back", "Back", tooltip="To the step list; from there, back to all assessments"),
        Binding("f6", "risk_register", "Risks", tooltip="The risk register: every risk, its rating, owner, flag"),
    ]

    def __init__(self, session: Session, *, recovered: Assessment | None = None) -> None:
        super().__init__()
        self.session = session
        self.recovered = recovered
        self.steps: list[Step] = steps_for(session.assessment)
        self.current: StepRef | None = None
        self.findings: list[Finding] = []
        self.saves = SaveController(self, session, on_state=self.update_title)
        self._refresh_timer: Timer | None = None

    # --- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="workspace"):
            yield StepList(self.steps)
            yield ContentSwitcher(id="content")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.findings = self.session.findings()
        self._refresh_steps()
        self.update_title()
        holder = self.session.acquire_lock()
        if holder is not None:
            self.notify(f"{holder.describe()} also has this assessment open. Your saves will never overwrite "
                        "theirs: if they save first you will be offered a copy.", title="Open elsewhere",
                        severity="warning", timeout=10)
        start = first_step(self.session.assessment, self.steps)
        await self.show_step(start.ref)
        done, total = progress(self.session.assessment, start) or (0, 0)
        if self.session.assessment.revision <= 1 and done < total:
            self.focus_pane()  # a new assessment: start in the form
        else:
            self.query_one("#steps", OptionList).focus()
        if self.recovered is not None:
            self.saves.offer_recovery(self.recovered, self._restored)

    async def _restored(self) -> None:
        """A recovery copy became the open assessment: show it, and save it as the user goes on."""
        await self.reload_panes()
        self.note_change()

    # --- steps ------------------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self.is_mounted and self.query("#steps"):
            self._refresh_steps()  # the step labels are wider on wide terminals

    def _refresh_steps(self) -> None:
        self.query_one(StepList).show(self.session.assessment, self.findings)

    def pane(self, step: StepRef | str | None = None) -> StepPane | None:
        """The pane of a step (by default the step shown), if it has been shown; a key is an option id."""
        ref = StepRef.of(step) if step is not None else self.current
        if ref is None:
            return None
        for pane in self.query_one("#content", ContentSwitcher).query_children(StepPane):
            if pane.id == f"step-{ref.key}":
                return pane
        return None

    async def show_step(self, step: StepRef | str) -> StepPane:
        """Show a step (a key such as the step list's option ids names one too) and return its pane."""
        key = StepRef.of(step)
        if key != self.current:
            old = self.pane()
            if old is not None:
                old.leave()
                self.saves.autosave()  # leaving a step saves it
            step = next(s for s in self.steps if s.ref == key)
            switcher = self.query_one("#content", ContentSwitcher)
            pane = self.pane(key)
            if pane is None:
                pane = pane_for(step, self.session, export_dir=self.app.export_dir)
                await switcher.mount(pane)
                pane.refresh_view(self.findings)
            else:
                pane.refresh_view(self.findings)
            switcher.current = pane.id
            self.current = key
            listing = self.query_one("#steps", OptionList)
            index = [s.ref for s in self.steps].index(key)
            if listing.highlighted != index:
                listing.highlighted = index
        pane = self.pane(key)
        assert pane is not None
        return pane

    @on(OptionList.OptionHighlighted, "#steps")
    async def _step_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != event.option_list.highlighted:
            # A stale event (keys pressed faster than steps are shown): following it would move the
            # highlight back and start a tug of war with the newer events that never settles.
            return
        if event.option.id:
            await self.show_step(event.option.id)

    @on(OptionList.OptionSelected, "#steps")
    async def _step_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self.show_step(event.option.id)
            self.focus_pane()

    def focus_pane(self) -> None:
        pane = self.pane()
        if pane is not None:
            pane.focus_first()

    # --- edits ------------------------------------------------------------------------------------

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        event.stop()
        self.apply_edit(event.location, event.value, typing=event.typing)

    def apply_edit(self, location: Location, value: object, *, typing: bool = True) -> bool:
        if location != fields.SIGNOFFS and self.session.would_change(location, value) and \
                not self.confirm_edit(lambda: self.apply_edit(location, value, typing=False)):
            return False  # (sign-offs are not content: recording them does not return an approved one to draft)
        result = self.session.set(location, value)
        if result.error:
            self.notify(f"This change was not kept: {result.error}", title="Not accepted", severity="error",
                        markup=False)
            return False
        if result.changed:
            self.note_change(typing=typing)
        return result.changed

    def confirm_edit(self, retry, undo=None) -> bool:
        """Whether an edit may go ahead: never on a signed-off assessment; on an approved one after asking
        (:func:`cia.ui.review_ops.confirm_edit`). A refused or cancelled edit puts the fields back."""
        from ..review_ops import confirm_edit

        return confirm_edit(self, retry, undo or self.show_model_again)

    def show_model_again(self) -> None:
        """Redraw the fields from the model (after an edit was refused or cancelled)."""
        from .area import AreaScreen

        screen = self.app.screen
        if isinstance(screen, AreaScreen) and screen.owner is self:
            self.app.switch_screen(AreaScreen(self, screen.start))
        else:
            self.call_later(self.reload_panes)

    def action_risk_register(self) -> None:
        from .register import RiskRegisterScreen

        async def chosen(location: Location | None) -> None:
            if location is not None:
                await self.jump(location)

        self.app.push_screen(RiskRegisterScreen(self), chosen)

    def note_change(self, *, typing: bool = False) -> None:
        """The assessment changed: keep a recovery copy soon, save a little later, show the findings (at once
        for a change made in one go, a moment after the last keystroke while typing)."""
        self.saves.note_change()
        if not self.is_current:
            return  # under the area editor or a dialog: this screen catches up when it is shown again
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        if not typing:
            self.refresh_views()
        elif self.REFRESH_DELAY:
            self._refresh_timer = self.set_timer(self.REFRESH_DELAY, self.refresh_views, name="cia-refresh")
        else:
            self.call_after_refresh(self.refresh_views)

    def on_unmount(self) -> None:
        self.saves.stop()

    def refresh_views(self) -> None:
        if not self.is_attached:
            return
        self.findings = self.session.findings()
        self._refresh_steps()
        self.update_title()
        pane = self.pane()
        if pane is not None:
            pane.refresh_view(self.findings)

    async def reload_panes(self) -> None:
        """Rebuild every pane from the model (after restoring a recovery copy)."""
        switcher = self.query_one("#content", ContentSwitcher)
        current = self.current
        await switcher.remove_children()
        self.current = None
        self.findings = self.session.findings()
        self._refresh_steps()
        if current:
            await self.show_step(current)

    @on(AreaOpenRequested)
    def _open_area(self, event: AreaOpenRequested) -> None:
        event.stop()
        self.open_area(event.location)

    def open_area(self, location: Location) -> None:
        from .area import AreaScreen

        self.app.push_screen(AreaScreen(self, location))

    def on_screen_resume(self) -> None:
        self.refresh_views()

    @on(JumpRequested)
    async def _jump(self, event: JumpRequested) -> None:
        event.stop()
        await self.jump(event.location)

    async def jump(self, location: Location) -> None:
        pane = await self.show_step(step_for(self.session.assessment, location))
        if location.area and self.session.assessment.category(location.section):
            pane.focus_location(location)
            self.open_area(location)
            return
        pane.focus_location(location)

    # --- saving -----------------------------------------------------------------------------------

    def update_title(self) -> None:
        a = self.session.assessment
        prefix = "DEMO · " if self.app.demo else ""
        self.title = prefix + shorten(a.title or "Untitled assessment", 60)
        if self.session.conflict:
            self.sub_title = "● Not saved: someone else saved a newer version"
        elif self.session.dirty:
            self.sub_title = "● Unsaved changes"
        else:
            self.sub_title = "All changes saved"
        from ... import identity

        actor = identity.current()
        if actor.name:
            self.sub_title += f" · {actor.display()}"
        for screen in self.app.screen_stack:
            if owner_of(screen) is self:
                screen.title, screen.sub_title = self.title, self.sub_title

    def action_save(self) -> None:
        self.saves.save_now()

    def save_before_leaving(self) -> bool:
        return self.saves.save_before_leaving()

    # --- actions ----------------------------------------------------------------------------------

    def action_focus_steps(self) -> None:
        self.query_one("#steps", OptionList).focus()

    def action_back(self) -> None:
        steps = self.query_one("#steps", OptionList)
        if not steps.has_focus:
            steps.focus()
            return
        self.leave()

    def leave(self) -> None:
        pane = self.pane()
        if pane is not None:
            pane.leave()
        if not self.saves.save_before_leaving():
            return
        self.saves.stop()
        self.session.release_lock()
        self.dismiss()

    @property
    def help_location(self) -> Location:
        pane = self.pane()
        return pane.help_location if pane is not None else Location(DETAILS)

    def action_help(self) -> None:
        from ..guidance import guidance_markdown
        from ..modals.help import HelpModal

        self.app.push_screen(HelpModal(guidance_markdown(self.session.assessment, self.help_location)))

    def palette_commands(self):
        """Commands this screen adds to the command palette: (title, help, callback)."""
        from ..palette import assessment_commands

        return assessment_commands(self)

