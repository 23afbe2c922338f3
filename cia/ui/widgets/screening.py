"""The Screening step: is a full Community Impact Assessment needed?

The questions, the groups offered and the wording are the edition's (``[screening]`` in its file). The
rule is :mod:`cia.screening`'s, the one ``cia screen`` uses: this pane keeps the answers as they are given
(:func:`~cia.screening.draft`), shows what they mean (:func:`~cia.screening.decide`), and records the
decision, who took it and when (:func:`~cia.screening.record`). A "not needed" outcome is then submitted,
approved and signed off on the Review step like an assessment; its one-page record exports from here.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from ...checks import DETAILS, Finding, Location
from ...model import ANSWER_LABELS, Assessment
from ..session import Session
from .base import StepPane, show_text
from .inputs import FieldInput

SCREENING = Location(DETAILS, field="screening")
"""Where the screening's findings point, and the Screening step's help."""

_ANSWERS = [(ANSWER_LABELS[k], k) for k in ("yes", "no", "dont_know")]


class ScreeningPane(StepPane):
    SCROLLS = True

    DEFAULT_CSS = """
    ScreeningPane .screen-question { margin-top: 1; }
    ScreeningPane Select { width: 30; }
    ScreeningPane SelectionList { height: auto; max-height: 14; }
    ScreeningPane #screen-outcome { margin-top: 1; padding: 0 1; border-left: thick $primary; }
    ScreeningPane #screen-decided { color: $text-muted; }
    ScreeningPane .screen-buttons { height: auto; margin-top: 1; }
    ScreeningPane .screen-buttons Button { margin-right: 2; }
    """

    def __init__(self, session: Session, *, id: str | None = None, export_dir: Path | None = None) -> None:
        super().__init__(session, id=id)
        self.export_dir = export_dir
        self.exported: Path | None = None

    @property
    def help_location(self) -> Location:
        return SCREENING

    # --- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from ..widgets.review.export import default_export_dir

        a = self.session.assessment
        spec = a.template.screening
        s = a.screening
        yield Label(spec.title, classes="pane-title")
        if spec.intro:
            yield Label(spec.intro, classes="hint")
        for n, q in enumerate(spec.questions, start=1):
            given = s.answer(q.key) if s else None
            yield Label(f"{n}. {q.text}", classes="field-label screen-question")
            if q.hint:
                yield Label(q.hint, classes="hint")
            yield Select(_ANSWERS, prompt="Not answered", value=given.answer if given else Select.NULL,
                         id=f"screen-q-{q.key}", compact=True)
        category = self._groups_category()
        yield Label(spec.groups_question, classes="field-label")
        stored = list(s.groups) if s else []
        if category is not None:
            yield SelectionList[str](*[(area.name, area.key, area.key in stored) for area in category.areas],
                                     id="screen-groups", compact=True)
        area_keys = {area.key for area in category.areas} if category is not None else set()
        with Horizontal(classes="form-row"):
            yield Label("Other groups", classes="form-label")
            yield FieldInput(", ".join(g for g in stored if g not in area_keys), id="screen-other-groups",
                             placeholder="e.g. Carers, Armed forces community (separate with commas)")
        yield Label("Why (required when a full assessment is not needed)", classes="field-label")
        yield TextArea(s.note if s else "", id="screen-note", soft_wrap=True, tab_behavior="focus",
                       classes="prose-short")
        yield Static("", id="screen-outcome", markup=False)
        yield Static("", id="screen-decided", markup=False)
        with Horizontal(classes="screen-buttons"):
            yield Button("Record the decision", id="screen-record", variant="primary", compact=True,
                         tooltip="Record the outcome, with you as the person who decided, and now as when")
        yield Label("Export the screening record (.docx) to", classes="field-label")
        yield Input(str(self.export_dir or default_export_dir()), id="screen-export-dir", compact=True,
                    select_on_focus=False)
        with Horizontal(classes="screen-buttons"):
            yield Button("Export", id="screen-export", compact=True)
        yield Static("", id="screen-export-result", markup=False)

    def on_mount(self) -> None:
        self._show_outcome()

    def _groups_category(self):
        edition = self.session.assessment.template
        key = edition.screening.groups_category
        return edition.category(key) if edition.has_category(key) else None

    # --- what the widgets say -----------------------------------------------------------------------

    def _answers(self) -> dict[str, str]:
        out = {}
        for q in self.session.assessment.template.screening.questions:
            select = self.query_one(f"#screen-q-{q.key}", Select)
            if not select.is_blank():
                out[q.key] = str(select.value)
        return out

    def _groups(self) -> list[str]:
        groups = list(self.query_one("#screen-groups", SelectionList).selected) if self.query("#screen-groups") \
            else []
        other = self.query_one("#screen-other-groups", Input).value
        return groups + [g.strip() for g in other.split(",") if g.strip()]

    def _note(self) -> str:
        return self.query_one("#screen-note", TextArea).text

    def _unchanged(self) -> bool:
        from ...screening import resolve_group

        s = self.session.assessment.screening
        edition = self.session.assessment.template
        groups = list(dict.fromkeys(resolve_group(edition, g) for g in self._groups()))
        if s is None:
            return not self._answers() and not groups and not self._note().strip()
        return ({x.question: x.answer for x in s.answers} == self._answers() and list(s.groups) == groups
                and s.note.strip() == self._note().strip())

    # --- edits ------------------------------------------------------------------------------------

    @on(Select.Changed)
    def _answer_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._keep(typing=False)

    @on(SelectionList.SelectedChanged, "#screen-groups")
    def _groups_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._keep(typing=False)

    @on(Input.Changed, "#screen-other-groups")
    def _other_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._keep(typing=True)

    @on(TextArea.Changed, "#screen-note")
    def _note_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._keep(typing=True)

    @on(Input.Changed, "#screen-export-dir")
    def _export_dir_changed(self, event: Input.Changed) -> None:
        event.stop()

    def _keep(self, *, typing: bool) -> None:
        """Keep what the widgets say in the assessment (a recorded decision is cleared if it changed)."""
        from ...screening import draft
        from ..review_ops import owner_screen

        if self._unchanged():
            self._show_outcome()
            return
        screen = owner_screen(self)
        if not screen.confirm_edit(lambda: self._keep(typing=False)):
            return
        _, error = self.session.mutate(lambda a: draft(a, self._answers(), self._groups(), self._note()))
        if error:
            self.app.notify(f"This change was not kept: {error}", title="Not accepted", severity="error",
                            markup=False)
            return
        screen.note_change(typing=typing)
        self._show_outcome()

    def _show_outcome(self) -> None:
        from ...screening import decide, group_names, outcome_label, resolve_group

        a = self.session.assessment
        edition = a.template
        groups = list(dict.fromkeys(resolve_group(edition, g) for g in self._groups()))
        decision = decide(edition, self._answers(), groups)
        s = a.screening
        recorded = s is not None and s.outcome is not None
        if decision.outcome is None:
            n = len(decision.unanswered)
            lines = [f"Outcome: not decided yet ({n} question{'s' if n != 1 else ''} to answer)."]
        else:
            lines = [f"Outcome: {outcome_label(decision.outcome)}."]
        lines += [f"• {reason}" for reason in decision.reasons]
        if decision.outcome == "needed" and groups:
            names = ", ".join(group_names(edition, groups))
            lines.append(f"The groups named are areas to assess: {names}." if recorded else
                         f"Recording it adds the groups named as areas to assess: {names}.")
        if decision.outcome == "not_needed":
            lines.append("This screening record is then submitted, approved and signed off on the Review step.")
        show_text(self.query_one("#screen-outcome", Static), "\n".join(lines))
        if recorded and s is not None and s.decided_by is not None:
            when = f" on {s.decided_at.astimezone():%d %b %Y at %H:%M}" if s.decided_at else ""
            decided = f"Recorded: {outcome_label(s.outcome)}, decided by {s.decided_by.display()}{when}."
        elif decision.outcome is not None:
            decided = "Not recorded yet: press “Record the decision”."
        elif s is not None and s.answers:
            decided = "Not recorded yet: answer every question, then press “Record the decision”."
        else:
            decided = ""
        show_text(self.query_one("#screen-decided", Static), decided)
        self.query_one("#screen-record", Button).disabled = decision.outcome is None or recorded
        self.query_one("#screen-export", Button).disabled = not recorded

    def refresh_view(self, findings: list[Finding]) -> None:
        if self.is_mounted:
            self._show_outcome()

    # --- the decision -----------------------------------------------------------------------------

    @on(Button.Pressed, "#screen-record")
    def _record_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.record_decision()

    def record_decision(self) -> None:
        from ...screening import decide, record, resolve_group
        from ..review_ops import owner_screen, with_actor

        a = self.session.assessment
        edition = a.template
        answers, groups, note = self._answers(), self._groups(), self._note()
        decision = decide(edition, answers, [resolve_group(edition, g) for g in groups])
        if decision.outcome is None:
            self.app.notify("Answer every question first: " + decision.unanswered[0], title="Not decided yet",
                            severity="warning", markup=False)
            self._focus_question(0)
            return
        if decision.outcome == "not_needed" and not note.strip():
            self.app.notify("Say why a full assessment is not needed (it is recorded with the decision).",
                            title="Why?", severity="warning", markup=False)
            self.query_one("#screen-note", TextArea).focus()
            return
        screen = owner_screen(self)

        def act(actor) -> None:
            if not screen.confirm_edit(lambda: act(actor)):
                return
            before = len(self.session.assessment.section(edition.screening.groups_category).entries) \
                if edition.has_category(edition.screening.groups_category) else 0
            rec, error = self.session.mutate(lambda a: record(a, answers, groups, actor, note))
            if error:
                self.app.notify(error, title="Not recorded", severity="error", markup=False)
                return
            screen.note_change()
            screen.saves.autosave()  # a decision is saved at once, not a moment later
            screen.refresh_views()
            message = f"{rec.outcome and outcome_text(rec.outcome)}"  # type: ignore[union-attr]
            if rec.outcome == "needed":  # type: ignore[union-attr]
                after = len(self.session.assessment.section(edition.screening.groups_category).entries)
                added = after - before
                message += (f" {added} group{'s' if added != 1 else ''} added as "
                            f"{'areas' if added != 1 else 'an area'} to assess." if added else
                            " Assess the groups named in the steps that follow.")
            else:
                message += " Submit it for review on the Review step."
            self.app.notify(message, title="Screening recorded", markup=False)

        with_actor(self.app, act)

    # --- the record -------------------------------------------------------------------------------

    @on(Button.Pressed, "#screen-export")
    def _export_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.export_record()

    @on(Input.Submitted, "#screen-export-dir")
    def _export_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export_record()

    def export_record(self) -> None:
        raw = self.query_one("#screen-export-dir", Input).value.strip()
        if not raw:
            self._say("Give a folder to write the screening record to.")
            return
        s = self.session.assessment.screening
        if s is None or s.outcome is None:
            self._say("Record the decision first: the record says what was decided, by whom and when.")
            return
        self._say("Exporting…")
        self.query_one("#screen-export", Button).disabled = True
        self._export(self.session.assessment.model_copy(deep=True), Path(raw).expanduser())

    @work(thread=True, exclusive=True, group="screening-export")
    def _export(self, a: Assessment, out_dir: Path) -> None:
        from ...export import slugify
        from ...fsio import atomic_write
        from ...screening_doc import build_screening_record

        target = out_dir / f"{slugify(a.title, a.id)}-screening-record.docx"
        try:
            data = build_screening_record(a)
            out_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
        except OSError as exc:
            self.app.call_from_thread(self._exported, None, f"Could not write to {out_dir}: {exc.strerror or exc}")
        except Exception as exc:  # never let an export bug take the user's session down
            self.app.call_from_thread(self._exported, None, f"Export failed ({type(exc).__name__}: {exc})")
        else:
            self.app.call_from_thread(self._exported, target, None)

    def _exported(self, path: Path | None, error: str | None) -> None:
        self.query_one("#screen-export", Button).disabled = False
        if error or path is None:
            self._say(error or "Export failed.")
            self.app.notify(error or "Export failed.", title="Export", severity="error", markup=False)
            return
        self.exported = path
        self._say(f"Written: {path}")
        self.app.notify(str(path), title="Exported", markup=False)

    def _say(self, text: str) -> None:
        self.query_one("#screen-export-result", Static).update(text)

    # --- focus ------------------------------------------------------------------------------------

    def _focus_question(self, index: int) -> None:
        questions = self.session.assessment.template.screening.questions
        if questions:
            self.focus_and_show(self.query_one(f"#screen-q-{questions[index].key}", Select))

    def focus_location(self, location: Location) -> None:
        s = self.session.assessment.screening
        answered = {x.question for x in s.answers} if s else set()
        questions = self.session.assessment.template.screening.questions
        for i, q in enumerate(questions):
            if q.key not in answered:
                self._focus_question(i)
                return
        if s is not None and s.outcome == "not_needed" and not s.note.strip():
            self.focus_and_show(self.query_one("#screen-note", TextArea))
            return
        self.focus_first()


def outcome_text(outcome: str) -> str:
    from ...screening import outcome_label

    return outcome_label(outcome) + "."
