"""One assessment: its steps down the side, the current step beside them.

This screen owns the :class:`~cia.ui.session.Session` (and so the Assessment): the
step panes and the area editor report edits as messages, and this screen applies
them, keeps a recovery copy, autosaves and shows what is unsaved.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Header, OptionList
from textual.widgets.option_list import Option

from ...checks import Finding, Location, check
from ...model import Assessment
from ...text import shorten
from ..messages import AreaOpenRequested, Edited, JumpRequested
from ..session import SaveResult, Session
from ..steps import Step, errors_by_step, progress, step_key_for, steps_for


class AssessmentScreen(Screen):
    AUTOSAVE_DELAY = 2.0
    """Seconds after the last edit before saving."""
    RECOVERY_DELAY = 0.4
    """Seconds after the last edit before writing the crash-recovery copy."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save now (edits are also saved automatically)"),
        Binding("f1", "help", "Help", tooltip="The council's guidance for this step"),
        Binding("f2", "focus_steps", "Steps", tooltip="Move to the list of steps"),
        Binding("escape", "back", "Back", tooltip="To the step list; from there, back to all assessments"),
    ]

    def __init__(self, session: Session, *, recovered: Assessment | None = None) -> None:
        super().__init__()
        self.session = session
        self.recovered = recovered
        self.steps: list[Step] = steps_for(session.assessment)
        self.current: str | None = None
        self.findings: list[Finding] = []
        self._debouncers: dict[str, Timer] = {}

    # --- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="workspace"):
            yield OptionList(id="steps")
            yield ContentSwitcher(id="content")
        yield Footer()

    async def on_mount(self) -> None:
        self.findings = check(self.session.assessment)
        self._refresh_steps()
        self._update_title()
        holder = self.session.acquire_lock()
        if holder is not None:
            self.notify(f"{holder.describe()} also has this assessment open. Your saves will never overwrite "
                        "theirs: if they save first you will be offered a copy.", title="Open elsewhere",
                        severity="warning", timeout=10)
        await self.show_step(self.steps[0].key)
        done, total = progress(self.session.assessment, self.steps[0]) or (0, 0)
        if self.session.assessment.revision <= 1 and done < total:
            self.focus_pane()  # a new assessment: start in the form
        else:
            self.query_one("#steps", OptionList).focus()
        if self.recovered is not None:
            self._offer_recovery(self.recovered)

    def _offer_recovery(self, recovered: Assessment) -> None:
        from ..modals.confirm import ChoiceModal

        when = recovered.updated.astimezone().strftime("%d %b %Y %H:%M")

        def chosen(choice: str | None) -> None:
            if choice == "restore":
                self.session.assessment = recovered
                self.session.dirty = True
                self.call_after_refresh(self._reload_panes)
                self.notify("Your unsaved changes are back. They are saved as you continue.", title="Recovered")
                self.note_change()
            else:
                self.session.discard_recovery()

        self.app.push_screen(ChoiceModal(
            "Recover unsaved changes?",
            f"This assessment has changes from {when} that were never saved (the app closed unexpectedly). "
            "Restore them?",
            [("restore", "Restore my changes"), ("discard", "Discard them")], danger="discard"), chosen)

    # --- steps ------------------------------------------------------------------------------------

    def _step_prompt(self, step: Step, errors: dict[str, int]) -> Text:
        width = self._label_width()
        text = Text(shorten(step.label, width).ljust(width))
        figures = progress(self.session.assessment, step)
        if figures is not None:
            done, total = figures
            text.append(f"{done:>2}/{total:<2}", style="green" if done == total else "")
        else:
            text.append("     ")
        n = errors.get(step.key, 0)
        if step.kind == "review":
            n = sum(errors.values())
        text.append(" ✗" if n else "  ", style="bold red")
        return text

    def _label_width(self) -> int:
        return 25 if self.app.size.width >= 120 else 18

    def on_resize(self) -> None:
        if self.is_mounted and self.query("#steps"):
            self._refresh_steps()  # the step labels are wider on wide terminals

    def _refresh_steps(self) -> None:
        listing = self.query_one("#steps", OptionList)
        listing.styles.width = self._label_width() + 9
        errors = errors_by_step(self.session.assessment, self.findings)
        if listing.option_count != len(self.steps):
            listing.set_options([Option(self._step_prompt(s, errors), id=s.key) for s in self.steps])
        else:
            for step in self.steps:
                listing.replace_option_prompt(step.key, self._step_prompt(step, errors))

    def _pane_for(self, step: Step) -> Widget:
        from ..widgets.category import CategoryPane
        from ..widgets.details import DetailsPane
        from ..widgets.evidence import EvidencePane
        from ..widgets.front import FrontPane
        from ..widgets.review import ReviewPane

        pane_id = f"step-{step.key}"
        if step.kind == "details":
            return DetailsPane(self.session, id=pane_id)
        if step.kind == "front":
            return FrontPane(self.session, id=pane_id)
        if step.kind == "category":
            return CategoryPane(self.session, step.key, id=pane_id)
        if step.kind == "evidence":
            return EvidencePane(self.session, id=pane_id)
        return ReviewPane(self.session, id=pane_id)

    def pane(self, key: str | None = None) -> Widget | None:
        key = key or self.current
        try:
            return self.query_one(f"#step-{key}")
        except NoMatches:
            return None

    async def show_step(self, key: str) -> Widget:
        if key != self.current:
            if self.current is not None:
                self.autosave()  # leaving a step saves it
            step = next(s for s in self.steps if s.key == key)
            switcher = self.query_one("#content", ContentSwitcher)
            pane = self.pane(key)
            if pane is None:
                pane = self._pane_for(step)
                await switcher.mount(pane)
            else:
                self._refresh_pane(pane)
            switcher.current = pane.id
            self.current = key
            listing = self.query_one("#steps", OptionList)
            index = [s.key for s in self.steps].index(key)
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
        if pane is None:
            return
        preferred = getattr(pane, "focus_first", None)
        if preferred is not None:
            preferred()
            return
        focusable = [w for w in pane.query("*") if w.focusable and type(w).__name__ != "CollapsibleTitle"]
        if focusable:
            focusable[0].focus()

    # --- edits ------------------------------------------------------------------------------------

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        event.stop()
        self.apply_edit(event.path, event.value)

    def apply_edit(self, path: str, value: object) -> bool:
        result = self.session.set(path, value)
        if result.error:
            self.notify(f"This change was not kept: {result.error}", title="Not accepted", severity="error")
            return False
        if result.changed:
            self.note_change()
        return result.changed

    def note_change(self) -> None:
        """The assessment changed: show it, keep a recovery copy soon and save a little later."""
        self._update_title()
        self._debounce("recovery", self.RECOVERY_DELAY, self._write_recovery)
        self._debounce("autosave", self.AUTOSAVE_DELAY, self.autosave)
        self._debounce("refresh", 0.15, self.refresh_views)

    def hold_autosave(self) -> None:
        """Stop a pending autosave (while the user decides whether to keep their changes)."""
        timer = self._debouncers.pop("autosave", None)
        if timer is not None:
            timer.stop()

    def resume_autosave(self) -> None:
        if self.session.dirty:
            self._debounce("autosave", self.AUTOSAVE_DELAY, self.autosave)

    def _debounce(self, name: str, delay: float, callback) -> None:
        timer = self._debouncers.get(name)
        if timer is not None:
            timer.stop()
        self._debouncers[name] = self.app.set_timer(delay, callback, name=f"cia-{name}")

    def _write_recovery(self) -> None:
        self.session.write_recovery()
        if self.session.recovery_error:
            self.notify(self.session.recovery_error, severity="warning")

    def on_unmount(self) -> None:
        self.stop_timers()

    def stop_timers(self) -> None:
        for timer in self._debouncers.values():
            timer.stop()
        self._debouncers.clear()

    def refresh_views(self) -> None:
        if not self.is_attached:
            return
        self.findings = check(self.session.assessment)
        self._refresh_steps()
        self._update_title()
        pane = self.pane()
        if pane is not None:
            self._refresh_pane(pane)

    def _refresh_pane(self, pane: Widget) -> None:
        refresh = getattr(pane, "refresh_view", None)
        if refresh is None:
            return
        try:
            refresh(self.findings)
        except TypeError:
            refresh()

    async def _reload_panes(self) -> None:
        """Rebuild every pane from the model (after restoring a recovery copy or switching to a copy)."""
        switcher = self.query_one("#content", ContentSwitcher)
        current = self.current
        await switcher.remove_children()
        self.current = None
        self.findings = check(self.session.assessment)
        self._refresh_steps()
        if current:
            await self.show_step(current)

    @on(AreaOpenRequested)
    def _open_area(self, event: AreaOpenRequested) -> None:
        event.stop()
        self.open_area(event.section_key, event.area_key, event.field, event.index)

    def open_area(self, section_key: str, area_key: str, field: str | None = None, index: int | None = None) -> None:
        from .area import AreaScreen

        self.app.push_screen(AreaScreen(self, section_key, area_key, field=field, index=index))

    def on_screen_resume(self) -> None:
        self.refresh_views()

    @on(JumpRequested)
    async def _jump(self, event: JumpRequested) -> None:
        event.stop()
        await self.jump(event.location)

    async def jump(self, location: Location) -> None:
        key = step_key_for(self.session.assessment, location)
        pane = await self.show_step(key)
        if location.area and self.session.assessment.category(location.section):
            if hasattr(pane, "select_area"):
                pane.select_area(location.area)  # type: ignore[attr-defined]
            self.open_area(location.section, location.area, location.field, location.index)
            return
        focus = getattr(pane, "focus_location", None)
        if focus is not None:
            self.call_after_refresh(focus, location)

    def on_category_pane_add_area(self, event) -> None:
        event.stop()
        entry, error = self.session.mutate(lambda a: a.add_extra_area(event.section_key, event.name, event.question))
        if error:
            self.notify(f"Could not add the area: {error}", severity="error")
            return
        self.note_change()
        self.refresh_views()
        self.open_area(event.section_key, entry.key)  # type: ignore[union-attr]

    def on_category_pane_remove_area(self, event) -> None:
        event.stop()
        entry, error = self.session.mutate(lambda a: a.remove_extra_area(event.section_key, event.area_key))
        if error:
            self.notify(f"Could not remove the area: {error}", severity="error", markup=False)
            return
        self.note_change()
        self.refresh_views()
        self.notify(f"Removed “{entry.name}”.", timeout=3, markup=False)  # type: ignore[union-attr]

    def on_category_pane_add_first_row(self, event) -> None:
        event.stop()
        entry, error = self.session.mutate(lambda a: a.add_cross_cutting())
        if error:
            self.notify(f"Could not add the first row: {error}", severity="error")
            return
        self.note_change()
        self.refresh_views()
        self.open_area(self.session.assessment.template.cross_cutting_category, entry.key)  # type: ignore[union-attr]

    # --- saving -----------------------------------------------------------------------------------

    def _update_title(self) -> None:
        a = self.session.assessment
        prefix = "DEMO · " if getattr(self.app, "demo", False) else ""
        self.title = prefix + shorten(a.title or "Untitled assessment", 60)
        if self.session.conflict:
            self.sub_title = "● Not saved: someone else saved a newer version"
        elif self.session.dirty:
            self.sub_title = "● Unsaved changes"
        else:
            self.sub_title = "All changes saved"
        for screen in self.app.screen_stack:
            if getattr(screen, "owner", None) is self:
                screen.title, screen.sub_title = self.title, self.sub_title

    def autosave(self) -> SaveResult:
        if self.session.conflict or not self.session.dirty:
            return SaveResult("clean")
        return self._handle_save(self.session.save(), quiet=True)

    def action_save(self) -> None:
        result = self.session.save()
        self._handle_save(result, quiet=False)

    def _handle_save(self, result: SaveResult, *, quiet: bool) -> SaveResult:
        if result.outcome == "saved":
            timer = self._debouncers.pop("recovery", None)
            if timer is not None:
                timer.stop()
            if not quiet:
                self.notify(f"Saved to {result.message}", title="Saved", timeout=3)
            for notice in result.notices:
                self.notify(notice, title="Kept aside", severity="warning", timeout=20, markup=False)
        elif result.outcome == "clean" and not quiet:
            self.notify("All changes are already saved.", timeout=2)
        elif result.outcome == "conflict":
            self._offer_copy(result.message)
        elif result.outcome == "error":
            self.notify(result.message, title="Not saved", severity="error", timeout=10)
        self._update_title()
        return result

    def _offer_copy(self, message: str) -> None:
        from ..modals.confirm import ChoiceModal

        if any(isinstance(s, ChoiceModal) for s in self.app.screen_stack):
            return

        def chosen(choice: str | None) -> None:
            if choice == "copy":
                result = self.session.save_as_copy()
                if result.outcome == "saved":
                    self.notify(f"Your version is saved as a copy: {self.session.assessment.title} "
                                f"({self.session.id}).", title="Saved as a copy", timeout=8)
                else:
                    self.notify(result.message, title="Not saved", severity="error")
            self._update_title()

        self.app.push_screen(ChoiceModal(
            "Someone else saved this assessment",
            f"{message}\n\nYou can save your version as a separate copy (nothing of theirs is changed), "
            "or keep editing without saving.",
            [("copy", "Save mine as a copy"), ("keep", "Keep editing")]), chosen)

    def save_before_leaving(self) -> bool:
        """Save if needed; True when it is safe to leave."""
        if not self.session.dirty:
            return True
        result = self._handle_save(self.session.save(), quiet=True)
        return result.ok

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
        if not self.save_before_leaving():
            return
        self.stop_timers()
        self.session.release_lock()
        self.dismiss()

    def help_context(self) -> str:
        step = next((s for s in self.steps if s.key == self.current), None)
        if step is None:
            return "details"
        return f"category:{step.key}" if step.kind == "category" else step.kind

    def action_help(self) -> None:
        from ..guidance import guidance_markdown
        from ..modals.help import HelpModal

        self.app.push_screen(HelpModal(guidance_markdown(self.session.assessment, self.help_context())))

    def palette_commands(self):
        """Commands this screen adds to the command palette: (title, help, callback)."""
        a = self.session.assessment
        for step in self.steps:
            if step.kind == "category":
                title = a.template.category(step.key).title
                yield (f"Go to {step.label}", f"Jump to the {title} table", self._goto(step.key))
        yield ("Go to Details", "The header block: name, sponsor, leads, author, date", self._goto("details"))
        if a.template.front_sections:
            yield ("Go to Introduction & summary", "Introduction, summary and key mitigations", self._goto("front"))
        yield ("Check readiness", "List every finding on the Review step", self._goto("review", "findings"))
        yield ("Add a sign-off", "Record who signed the assessment off: name, role, date, decision",
               self._add_signoff)
        yield ("Export to Word", "Write the full CIA and the Checklist and Executive Summary", self._export)
        yield ("Save", "Save the assessment now", self.action_save)

    def _goto(self, key: str, focus: str | None = None):
        async def go() -> None:
            await self.show_step(key)
            if focus:
                self.query_one(f"#{focus}").focus()
            else:
                self.focus_pane()

        return go

    async def _add_signoff(self) -> None:
        pane = await self.show_step("review")
        pane.query_one("#signoffs").focus()
        pane.add_signoff()  # type: ignore[attr-defined]

    async def _export(self) -> None:
        pane = await self.show_step("review")
        pane.start_export()  # type: ignore[attr-defined]
