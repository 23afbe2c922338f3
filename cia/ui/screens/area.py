"""The area editor: one row of a category table, with its findings shown live."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, Label, RadioButton, RadioSet, Static

from ...checks import check_area
from ...model import FIELD_LABELS, AreaEntry
from ..messages import Edited
from ..widgets.points import PointsList

STATUSES = ("not_assessed", "na", "assessed")
STATUS_TEXT = {"not_assessed": "Not started", "na": "N/A (no major impact)", "assessed": "Assessed"}


class AreaScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the category table (saves)"),
        Binding("ctrl+t", "cycle_status", "Status", tooltip="Not started → Assessed → N/A"),
        Binding("ctrl+f", "first_row", "1st row",
                tooltip="Say the first row's points apply to the list you are in (press again to undo)"),
        Binding("f1", "help", "Help"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+down", "step_area(1)", "Next area", show=False, tooltip="Save and edit the next area"),
        Binding("ctrl+up", "step_area(-1)", "Previous area", show=False, tooltip="Save and edit the previous area"),
    ]

    def __init__(self, owner, section_key: str, area_key: str, *, field: str | None = None,
                 index: int | None = None) -> None:
        super().__init__()
        self.owner = owner
        self.session = owner.session
        self.section_key = section_key
        self.area_key = area_key
        self.focus_field = field
        self.focus_index = index

    @property
    def entry(self) -> AreaEntry:
        return self.session.entry(self.section_key, self.area_key)

    def _path(self, field: str) -> str:
        return f"area:{self.section_key}:{self.area_key}:{field}"

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
            cc = category.cross_cutting
            cc_entry = a.cross_cutting_entry() if self.section_key == a.template.cross_cutting_category else None
            if cc is not None and entry.key != cc.key and (cc_entry is not None or entry.first_row.any()):
                with Horizontal(id="first-row"):
                    yield Label("Same as first row:", classes="inline-label")
                    for field in ("benefits", "risks", "mitigations"):
                        yield Checkbox(FIELD_LABELS[field].split(" /")[0], entry.first_row.get(field),
                                       id=f"first-{field}", compact=True,
                                       tooltip=f"The first row's {FIELD_LABELS[field].lower()} apply here too")
            if category.groups_column:
                yield PointsList(self._path("groups"), category.groups_column, list(entry.groups), id="groups")
            for field in ("benefits", "risks", "mitigations"):
                yield PointsList(self._path(field), FIELD_LABELS[field], list(entry.points(field)), id=field)
        yield Static("", id="area-findings")
        yield Footer()

    def on_mount(self) -> None:
        self._update()
        field, index = self.focus_field, self.focus_index
        if field in ("groups", "benefits", "risks", "mitigations"):
            self.query_one(f"#{field}", PointsList).focus_point(index)
        elif field == "na_reason" and self.entry.status == "na":
            self.query_one("#na_reason").focus()
        elif field == "status":
            self.query_one("#status").focus()
        else:
            first = self.query(PointsList).first()
            first.focus_point(0)
        if self.screen.focused is not None:
            self.screen.focused.scroll_visible()

    # --- view -------------------------------------------------------------------------------------

    def _update(self) -> None:
        a = self.session.assessment
        entry = self.entry
        self._first_row_notes()
        self.title = self.owner.title
        self.sub_title = self.owner.sub_title
        findings = check_area(a, self.section_key, entry)
        panel = self.query_one("#area-findings", Static)
        if not findings:
            if entry.status == "not_assessed":
                panel.update(Text("Not started.", style="dim"))
            else:
                panel.update(Text("✓ Nothing to fix in this area.", style="green"))
            return
        text = Text()
        for i, f in enumerate(findings):
            if i:
                text.append("\n")
            text.append("✗ " if f.is_error else "! ", style="bold red" if f.is_error else "bold yellow")
            text.append(f.message)
        panel.update(text)

    def _set_status_widgets(self, status: str) -> None:
        radio = self.query_one("#status", RadioSet)
        with radio.prevent(RadioSet.Changed):
            for button in radio.query(RadioButton):
                if button.name == status and not button.value:
                    button.value = True
        self.query_one("#na_reason").set_class(status != "na", "hidden")

    # --- edits ------------------------------------------------------------------------------------

    def _apply(self, path: str, value: object) -> None:
        if self.owner.apply_edit(path, value):
            entry = self.entry
            if path.split(":")[-1] in ("groups", "benefits", "risks", "mitigations") or path.endswith(
                    tuple(f"first_row.{f}" for f in ("benefits", "risks", "mitigations"))):
                if entry.status == "not_assessed" and entry.has_content:
                    # writing points is assessing the area: say so rather than leave it "not started"
                    self.owner.apply_edit(self._path("status"), "assessed")
                    self._set_status_widgets("assessed")
        self._update()

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        event.stop()
        self._apply(event.path, event.value)

    @on(RadioSet.Changed, "#status")
    def _status(self, event: RadioSet.Changed) -> None:
        event.stop()
        status = event.pressed.name or "not_assessed"
        self._apply(self._path("status"), status)
        self.query_one("#na_reason").set_class(status != "na", "hidden")

    @on(Input.Changed, "#na_reason")
    def _na_reason(self, event: Input.Changed) -> None:
        event.stop()
        self._apply(self._path("na_reason"), event.value)

    @on(Checkbox.Changed)
    def _first_row(self, event: Checkbox.Changed) -> None:
        event.stop()
        field = (event.checkbox.id or "").removeprefix("first-")
        if field in ("benefits", "risks", "mitigations"):
            self._apply(self._path(f"first_row.{field}"), event.value)

    # --- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "first_row":
            return bool(self.query("#first-row"))
        return True

    def action_first_row(self) -> None:
        focused = self.focused
        points = None
        while focused is not None and focused is not self:
            if isinstance(focused, PointsList):
                points = focused
                break
            focused = focused.parent  # type: ignore[assignment]
        field = points.id if points is not None else None
        if field not in ("benefits", "risks", "mitigations"):
            self.notify("Move into the Benefits, Risks or Mitigations list first.", severity="warning", timeout=3)
            return
        box = self.query_one(f"#first-{field}", Checkbox)
        box.value = not box.value

    def _first_row_notes(self) -> None:
        if not self.query("#first-row"):
            return
        a = self.session.assessment
        cc = a.cross_cutting_entry()
        for field in ("benefits", "risks", "mitigations"):
            note = ""
            if self.entry.first_row.get(field):
                n = len(cc.points(field)) if cc is not None and cc.status == "assessed" else 0
                note = f"+ the first row's {n}" if n else "+ the first row's (none yet)"
            self.query_one(f"#{field}", PointsList).set_note(note)

    def action_cycle_status(self) -> None:
        order = {"not_assessed": "assessed", "assessed": "na", "na": "not_assessed"}
        status = order[self.entry.status]
        self._apply(self._path("status"), status)
        self._set_status_widgets(status)

    def action_step_area(self, delta: int) -> None:
        keys = [e.key for e in self.session.assessment.section(self.section_key).entries]
        index = keys.index(self.area_key) + delta
        if not 0 <= index < len(keys):
            self.notify("That was the " + ("last" if delta > 0 else "first") + " area of this table.", timeout=2)
            return
        self.owner.save_before_leaving()
        pane = self.owner.pane(self.section_key)
        if pane is not None and hasattr(pane, "select_area"):
            pane.select_area(keys[index])
        self.app.switch_screen(AreaScreen(self.owner, self.section_key, keys[index]))

    def action_back(self) -> None:
        self.owner.save_before_leaving()
        self.dismiss()

    def action_save(self) -> None:
        self.owner.action_save()
        self._update()

    def action_help(self) -> None:
        from ..guidance import guidance_markdown
        from ..modals.help import HelpModal

        self.app.push_screen(HelpModal(guidance_markdown(self.session.assessment,
                                                         f"area:{self.section_key}:{self.area_key}")))

    def palette_commands(self):
        for title, help_text, callback in self.owner.palette_commands():
            if title == "Save":
                yield title, help_text, self.action_save
                continue

            async def leave_then(callback=callback) -> None:
                self.action_back()
                result = callback()
                if result is not None and hasattr(result, "__await__"):
                    await result

            yield title, help_text, leave_then
