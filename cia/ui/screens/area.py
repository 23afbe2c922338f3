"""The area editor: one row of a category table, with its findings shown live."""

from __future__ import annotations

import inspect

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Label, RadioButton, RadioSet, Static

from ...checks import Location, check_area
from ...model import FIELD_LABELS, AreaEntry
from .. import fields
from ..messages import Edited
from ..steps import category_step
from ..widgets.base import show_text
from ..widgets.comments import CommentsPanel
from ..widgets.points import PointsList, TabIntoPoints
from ..widgets.footer import Footer

STATUSES = ("not_assessed", "na", "assessed")
STATUS_TEXT = {"not_assessed": "Not started", "na": "N/A (no major impact)", "assessed": "Assessed"}
REF_FIELDS = ("benefits", "risks", "mitigations")


class AreaScreen(TabIntoPoints, Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the category table (saves)"),
        Binding("ctrl+t", "cycle_status", "Status", tooltip="Not started → Assessed → N/A"),
        Binding("ctrl+f", "first_row", "1st row",
                tooltip="Say the first row's points apply to the list you are in (press again to undo)"),
        # the same key where there is no first row: not in the footer, but it says why
        Binding("ctrl+f", "explain_first_row", show=False),
        Binding("ctrl+l", "answers", "Answers", tooltip="In Mitigations: tick the risks this mitigation answers"),
        Binding("f1", "help", "Help"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+down", "step_area(1)", "Next area", show=False, tooltip="Save and edit the next area"),
        Binding("ctrl+up", "step_area(-1)", "Previous area", show=False, tooltip="Save and edit the previous area"),
    ]

    def __init__(self, owner, location: Location) -> None:
        super().__init__()
        self.owner = owner
        self.session = owner.session
        self.section_key = location.section
        self.area_key = location.area or ""
        self.start = location

    @property
    def entry(self) -> AreaEntry:
        return self.session.entry(self.section_key, self.area_key)

    def _field(self, name: str) -> Location:
        return fields.area(self.section_key, self.area_key, name)

    @property
    def help_location(self) -> Location:
        return fields.area(self.section_key, self.area_key)

    def _has_first_row(self) -> bool:
        """Whether "same as first row" applies to this row: the table has a cross-cutting first row, this is
        another row, and the row is assessed (or already refers to the first row)."""
        a = self.session.assessment
        category = a.category(self.section_key)
        cc = category.cross_cutting
        if cc is None or self.area_key == cc.key:
            return False
        entry = self.entry
        if entry.first_row.any():
            return True
        return entry.status != "na" and a.cross_cutting_entry() is not None \
            and self.section_key == a.template.cross_cutting_category

    def compose(self) -> ComposeResult:
        a = self.session.assessment
        entry = self.entry
        category = a.category(self.section_key)
        name = a.area_name(self.section_key, entry)
        area = a.area_def(self.section_key, entry)
        yield Header()
        with VerticalScroll(id="area-body"):
            heading = Text(f"{category.short_title} › ", style="dim") + Text(name, style="bold")
            yield Static(heading, id="area-name")
            question = a.area_question(self.section_key, entry)
            if question:
                yield Static(question, id="area-question", classes="question", markup=False)
            if area is not None and area.description:
                yield Static(f"{name}: {area.description}", classes="hint", markup=False)
            if area is not None and area.hint:
                yield Static(area.hint, classes="hint", markup=False)
            with Horizontal(id="status-row"):
                yield Label("Status:", classes="inline-label")
                with RadioSet(id="status"):
                    for status in STATUSES:
                        yield RadioButton(STATUS_TEXT[status], value=entry.status == status, name=status,
                                          compact=True)
            yield Input(entry.na_reason, id="na_reason", placeholder="Why there is no major impact (optional)",
                        classes="" if entry.status == "na" else "hidden")
            with Horizontal(id="first-row", classes="" if self._has_first_row() else "hidden"):
                yield Label("Same as first row:", classes="inline-label")
                for field in REF_FIELDS:
                    yield Checkbox(FIELD_LABELS[field].split(" /")[0], entry.first_row.get(field),
                                   id=f"first-{field}", compact=True,
                                   tooltip=f"The first row's {FIELD_LABELS[field].lower()} apply here too")
            if category.groups_column:
                yield PointsList(self._field("groups"), category.groups_column, entry.points("groups"),
                                 id="groups")
            for field in REF_FIELDS:
                yield PointsList(self._field(field), FIELD_LABELS[field], entry.points(field), id=field)
            yield CommentsPanel(self.session, f"{self.section_key}/{self.area_key}", name, id="area-comments")
        yield Static("", id="area-findings")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._update()
        field, index = self.start.field, self.start.index
        entry = self.entry
        if field in fields.POINT_FIELDS and self.query(f"#{field}"):
            self.query_one(f"#{field}", PointsList).focus_point(index)
        elif field == "status":
            self.query_one("#status").focus()
        elif entry.status == "na":
            self.query_one("#na_reason").focus()  # an N/A area: what there is to write is the reason
        else:
            self.query(PointsList).first().focus_point(0)

    # --- view -------------------------------------------------------------------------------------

    def _update(self) -> None:
        """Show the area's findings and first-row notes (only what changed is redrawn)."""
        entry = self.entry
        self._first_row_notes()
        self.title = self.owner.title
        self.sub_title = self.owner.sub_title
        findings = check_area(self.session.assessment, self.section_key, entry)
        if not findings:
            if entry.status == "not_assessed":
                text = Text("Not started.", style="dim")
            else:
                text = Text("✓ Nothing to fix in this area.", style="green")
        else:
            text = Text()
            for i, f in enumerate(findings):
                if i:
                    text.append("\n")
                text.append("✗ " if f.is_error else "! ", style="bold red" if f.is_error else "bold yellow")
                text.append(f.message)
        show_text(self.query_one("#area-findings", Static), text)
        if self.query("#area-comments"):
            self.query_one("#area-comments", CommentsPanel).show()

    def _show_status(self, status: str) -> None:
        self.refresh_bindings()
        radio = self.query_one("#status", RadioSet)
        with radio.prevent(RadioSet.Changed):
            for button in radio.query(RadioButton):
                if button.name == status and not button.value:
                    button.value = True
        self.query_one("#na_reason").set_class(status != "na", "hidden")
        self.query_one("#first-row").set_class(not self._has_first_row(), "hidden")

    # --- edits ------------------------------------------------------------------------------------

    def _apply(self, location: Location, value: object) -> None:
        if self.owner.apply_edit(location, value) and location.field in (*fields.POINT_FIELDS, "first_row"):
            if self.entry.assess_if_written():  # writing points is assessing the area: say so
                self.session.changed(self._field("status"))
                self.owner.note_change()
                self._show_status("assessed")
        self._update()

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        event.stop()
        self._apply(event.location, event.value)

    @on(RadioSet.Changed, "#status")
    def _status(self, event: RadioSet.Changed) -> None:
        event.stop()
        status = event.pressed.name or "not_assessed"
        self._apply(self._field("status"), status)
        self._show_status(status)

    @on(Input.Changed, "#na_reason")
    def _na_reason(self, event: Input.Changed) -> None:
        event.stop()
        self._apply(self._field("na_reason"), event.value)

    @on(Checkbox.Changed)
    def _first_row(self, event: Checkbox.Changed) -> None:
        event.stop()
        field = (event.checkbox.id or "").removeprefix("first-")
        if field in REF_FIELDS:
            refs = self.entry.first_row.model_copy(update={field: event.value})
            self._apply(self._field("first_row"), refs)

    # --- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "first_row":
            return self._has_first_row()
        return True

    def action_explain_first_row(self) -> None:
        self.action_first_row()

    def action_first_row(self) -> None:
        if not self._has_first_row():
            a = self.session.assessment
            cc = a.category(self.section_key).cross_cutting
            if cc is None:
                why = "This table has no cross-cutting first row."
            elif self.area_key == cc.key:
                why = "This is the first row itself."
            elif self.entry.status == "na":
                why = "This area is marked N/A."
            else:
                why = f"The table has no “{cc.name}” first row yet: add it with + First row."
            self.notify(f"“Same as first row” does not apply here. {why}", severity="warning", timeout=4,
                        markup=False)
            return
        points = self.focused
        while points is not None and points is not self and not isinstance(points, PointsList):
            points = points.parent  # type: ignore[assignment]
        field = points.id if isinstance(points, PointsList) else None
        if field not in REF_FIELDS:
            self.notify("Move into the Benefits, Risks or Mitigations list first.", severity="warning", timeout=3)
            return
        box = self.query_one(f"#first-{field}", Checkbox)
        box.value = not box.value

    def _first_row_notes(self) -> None:
        a = self.session.assessment
        for field in REF_FIELDS:
            note = ""
            if a.refers_to_first_row(self.entry, field):
                n = len(a.first_row_points(self.entry, field))  # type: ignore[arg-type]
                note = f"+ the first row's {n}" if n else "+ the first row's (none yet)"
            self.query_one(f"#{field}", PointsList).set_note(note)

    def action_answers(self) -> None:
        """Which of the area's risks the focused mitigation answers (then each risk needs its own mitigation)."""
        from ..modals.answers import AnswersModal

        points = self.focused
        while points is not None and points is not self and not isinstance(points, PointsList):
            points = points.parent  # type: ignore[assignment]
        if not isinstance(points, PointsList) or points.id != "mitigations":
            self.notify("Move to a mitigation first (ctrl+l then ticks the risks it answers).", severity="warning",
                        timeout=3, markup=False)
            return
        texts = points.points
        current = min(points._current, len(texts) - 1) if texts else 0
        if not texts or not texts[current].strip():
            self.notify("Write the mitigation first.", severity="warning", timeout=3, markup=False)
            return
        index = sum(1 for t in texts[:current] if t.strip())
        entry = self.entry
        if index >= len(entry.mitigations) or not entry.real_risks():
            self.notify("This area has no risks for it to answer yet.", severity="warning", timeout=3, markup=False)
            return
        mitigation_id = entry.mitigations[index].id

        def chosen(ids: list[str] | None) -> None:
            if ids is None:
                return

            def retry() -> None:
                chosen(ids)

            if not self.owner.confirm_edit(retry):
                return

            def change(a) -> None:
                target = a.section(self.section_key).entry(self.area_key)
                target.mitigations = [m.model_copy(update={"answers": ids}) if m.id == mitigation_id else m
                                      for m in target.mitigations]

            _, error = self.session.mutate(change)
            if error:
                self.notify(f"Not changed: {error}", severity="error", markup=False)
                return
            self.owner.note_change()
            self._update()

        self.app.push_screen(AnswersModal(entry, index), chosen)

    def action_cycle_status(self) -> None:
        order = {"not_assessed": "assessed", "assessed": "na", "na": "not_assessed"}
        status = order[self.entry.status]
        self._apply(self._field("status"), status)
        self._show_status(status)

    def action_step_area(self, delta: int) -> None:
        keys = [e.key for e in self.session.assessment.section(self.section_key).entries]
        index = keys.index(self.area_key) + delta
        if not 0 <= index < len(keys):
            self.notify("That was the " + ("last" if delta > 0 else "first") + " area of this table.", timeout=2)
            return
        self.owner.save_before_leaving()
        target = fields.area(self.section_key, keys[index])
        pane = self.owner.pane(category_step(self.section_key))
        if pane is not None:
            pane.focus_location(target)
        self.app.switch_screen(AreaScreen(self.owner, target))

    def action_back(self) -> None:
        self.owner.save_before_leaving()
        self.dismiss()

    def action_save(self) -> None:
        self.owner.action_save()
        self._update()

    def action_help(self) -> None:
        from ..guidance import guidance_markdown
        from ..modals.help import HelpModal

        self.app.push_screen(HelpModal(guidance_markdown(self.session.assessment, self.help_location)))

    def palette_commands(self):
        for title, help_text, callback in self.owner.palette_commands():
            if title == "Save":
                yield title, help_text, self.action_save
                continue

            async def leave_then(callback=callback) -> None:
                self.action_back()
                result = callback()
                if inspect.isawaitable(result):
                    await result

            yield title, help_text, leave_then
