"""Review & export: every readiness finding, the status, the sign-offs, the executive summary and the Word export."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ...checks import SIGNOFF, Finding, Location
from ...model import STATUS_LABELS, SignOff
from ...text import shorten
from ..messages import Edited, JumpRequested
from ..session import Session
from ..steps import step_key_for, steps_for
from .tables import fill_table

SIGNOFF_COLUMNS = [("Name", "name"), ("Role", "role"), ("Date", "date"), ("Decision", "decision")]


def fit_widths(natural: list[int], room: int, *, keep: tuple[int, ...] = (), least: int = 8) -> list[int]:
    """Column widths within ``room``: each column's own width, the widest cut first when they do not fit;
    the columns in ``keep`` (short ones, like a date) are cut only when the others cannot be."""
    widths = list(natural)
    while sum(widths) > room:
        cuttable = [j for j in range(len(widths)) if widths[j] > least and j not in keep]
        cuttable = cuttable or [j for j in range(len(widths)) if widths[j] > least]
        if not cuttable:
            break
        widths[max(cuttable, key=lambda j: widths[j])] -= 1
    return widths


class SignOffTable(DataTable):
    BINDINGS = [
        Binding("a", "add", "Add sign-off", tooltip="Record who signed the assessment off"),
        Binding("delete", "remove", "Remove", tooltip="Remove the highlighted sign-off (asks first)"),
    ]

    def action_add(self) -> None:
        self.query_ancestor(ReviewPane).add_signoff()

    def action_remove(self) -> None:
        self.query_ancestor(ReviewPane).remove_signoff()


class ReviewPane(VerticalScroll):
    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(classes="pane", **kwargs)
        self.session = session
        self.findings: list[Finding] = []
        self._draft: str | None = None
        self.exported: list[Path] = []
        self._shown_room: int | None = None
        self._highlight_next: int | None = None

    def compose(self) -> ComposeResult:
        a = self.session.assessment
        yield Label("Review & export", classes="pane-title")
        yield Label("", id="readiness")
        yield OptionList(id="findings")
        yield Label("Status", classes="field-label")
        yield Select([(label, key) for key, label in STATUS_LABELS.items()], value=a.status, allow_blank=False,
                     id="assessment-status", compact=True)
        yield Label("Sign-off (printed in both Word documents)", classes="field-label")
        yield SignOffTable(id="signoffs", cursor_type="row", zebra_stripes=True)
        yield Label("", id="signoff-note", classes="hint")
        with Horizontal(classes="buttons"):
            yield Button("+ Sign-off", id="signoff-add", compact=True, tooltip="Add a sign-off (a)")
            yield Button("Edit", id="signoff-edit", compact=True, tooltip="Edit the highlighted sign-off (Enter)")
            yield Button("✕ Remove", id="signoff-remove", compact=True,
                         tooltip="Remove the highlighted sign-off (Delete)")
        yield Label("Executive summary (for the Checklist and Executive Summary)", classes="field-label")
        yield TextArea(a.executive_summary, id="executive_summary", soft_wrap=True, tab_behavior="focus",
                       classes="prose")
        yield Label("", id="draft-note", classes="hint")
        if a.import_notes:
            yield Label("Import notes: text the Word import could not place (move it where it belongs, then "
                        "clear it)", classes="field-label")
            yield TextArea(a.import_notes, id="import_notes", soft_wrap=True, tab_behavior="focus", classes="prose")
        yield Label("Export to Word", classes="field-label")
        yield Input(str(getattr(self.app, "export_dir", None) or Path.cwd() / "cia-exports"), id="out-dir")
        with Vertical(classes="checks"):
            yield Checkbox("Full CIA (Background Paper)", True, id="export-full", compact=True)
            yield Checkbox("Checklist & Executive Summary", True, id="export-summary", compact=True)
        yield Button("Export", id="export", variant="primary", compact=True)
        yield Static("", id="export-result", markup=False)

    def on_mount(self) -> None:
        self.refresh_view()
        if not self.session.assessment.executive_summary:
            self._draft_summary(self.session.assessment.model_copy(deep=True))

    # --- findings ---------------------------------------------------------------------------------

    def refresh_view(self, findings: list[Finding] | None = None) -> None:
        a = self.session.assessment
        if findings is None:
            from ...checks import check

            findings = check(a)
        self.findings = findings
        self._refresh_signoffs()
        errors = sum(f.is_error for f in findings)
        warnings = len(findings) - errors
        if errors:
            text = Text(f"Not ready: {errors} error{'s' if errors != 1 else ''}, {warnings} warning"
                        f"{'s' if warnings != 1 else ''}. Select one to go to it.", style="bold")
        elif warnings:
            text = Text(f"Ready to submit, with {warnings} warning{'s' if warnings != 1 else ''} worth a look.",
                        style="bold green")
        else:
            text = Text("Ready to submit: no problems found.", style="bold green")
        self.query_one("#readiness", Label).update(text)
        options: list[Option | None] = []
        labels = {s.key: s.label for s in steps_for(a)}
        order = list(labels)
        grouped: dict[str, list[int]] = {}
        for i, finding in enumerate(findings):
            grouped.setdefault(step_key_for(a, finding.location), []).append(i)
        for key in sorted(grouped, key=lambda k: order.index(k) if k in order else len(order)):
            items = grouped[key]
            n_err = sum(findings[i].is_error for i in items)
            options.append(Option(Text(f"{labels.get(key, key)} ({n_err} error{'s' if n_err != 1 else ''}, "
                                       f"{len(items) - n_err} warning{'s' if len(items) - n_err != 1 else ''})",
                                       style="bold"), disabled=True))
            for i in items:
                f = findings[i]
                mark = Text("✗ ", style="bold red") if f.is_error else Text("! ", style="bold yellow")
                options.append(Option(mark + Text(f"{f.where}: {f.message}"), id=f"finding-{i}"))
        listing = self.query_one("#findings", OptionList)
        highlighted = listing.highlighted
        listing.set_options(options)
        if highlighted is not None and options:
            listing.highlighted = min(highlighted, len(options) - 1)
        listing.display = bool(options)

    @on(OptionList.OptionSelected, "#findings")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("finding-"):
            finding = self.findings[int(option_id.removeprefix("finding-"))]
            self.post_message(JumpRequested(finding.location))

    def focus_location(self, location: Location) -> None:
        if location.field == "executive_summary":
            self.query_one("#executive_summary").focus()
        elif location.section == SIGNOFF:
            table = self.query_one(SignOffTable)
            if location.index is not None and location.index < table.row_count:
                table.move_cursor(row=location.index, animate=False)
            table.focus()
        else:
            self.query_one("#findings").focus()

    # --- sign-offs --------------------------------------------------------------------------------

    def _refresh_signoffs(self) -> None:
        signoffs = self.session.assessment.signoffs
        room = self._shown_room = self._signoff_room()
        values = [(s.name, s.role, s.date, s.decision) for s in signoffs]
        widths = fit_widths([max([len(label)] + [len(v[i]) for v in values]) for i, (label, _) in
                             enumerate(SIGNOFF_COLUMNS)], room)
        rows = [(str(i), [shorten(value, width) for value, width in zip(v, widths)]) for i, v in enumerate(values)]
        table = self.query_one(SignOffTable)
        fill_table(table, SIGNOFF_COLUMNS, rows)
        if self._highlight_next is not None and self._highlight_next < len(rows):
            table.move_cursor(row=self._highlight_next, animate=False)
            self._highlight_next = None
        if signoffs:
            note = "Enter or click: edit · Delete: remove · a: add another"
        else:
            note = "None yet: the documents get blank rows to sign by hand. a adds one."
        self.query_one("#signoff-note", Label).update(note)

    def _signoff_room(self) -> int:
        """Characters the sign-off table has for its four columns without scrolling sideways."""
        width = self.size.width or (self.app.size.width - 30)
        return max(32, width - 2 - 8)  # the scrollbar, and a space each side of each cell

    def on_resize(self) -> None:
        if self._shown_room is not None and self._shown_room != self._signoff_room():
            self._refresh_signoffs()

    def _current_signoff(self) -> int | None:
        table = self.query_one(SignOffTable)
        if not table.row_count:
            return None
        return min(table.cursor_row, len(self.session.assessment.signoffs) - 1)

    def add_signoff(self) -> None:
        self._edit_signoff(None)

    def edit_signoff(self) -> None:
        index = self._current_signoff()
        if index is None:
            self.add_signoff()
        else:
            self._edit_signoff(index)

    def _edit_signoff(self, index: int | None) -> None:
        from ..modals.signoff import SignOffModal

        signoffs = self.session.assessment.signoffs
        if index is None and len(signoffs) >= 20:
            self.app.notify("An assessment can have at most 20 sign-offs.", severity="warning")
            return
        current = signoffs[index] if index is not None else None

        def done(result: SignOff | None) -> None:
            if result is None:
                return
            updated = list(self.session.assessment.signoffs)
            if index is None:
                updated.append(result)
            else:
                updated[index] = result
            self.post_message(Edited("signoffs", updated))
            if index is None:
                self._highlight_next = len(updated) - 1  # show the new row highlighted once the table has it

        self.app.push_screen(SignOffModal(current), done)

    def remove_signoff(self) -> None:
        from ..modals.confirm import confirm

        index = self._current_signoff()
        if index is None:
            return
        signoff = self.session.assessment.signoffs[index]
        who = signoff.name or "this person"
        detail = ", ".join(x for x in (signoff.role, signoff.date, signoff.decision) if x)
        message = f"The sign-off by {who}" + (f" ({detail})" if detail else "") + " will be removed."

        def chosen(choice: str | None) -> None:
            if choice != "yes":
                return
            updated = list(self.session.assessment.signoffs)
            if index < len(updated) and updated[index] == signoff:
                del updated[index]
                self.post_message(Edited("signoffs", updated))

        self.app.push_screen(confirm("Remove this sign-off?", message, yes="Remove sign-off", danger=True), chosen)

    @on(DataTable.RowSelected, "#signoffs")
    def _signoff_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_signoff()

    @on(Button.Pressed, "#signoff-add")
    def _signoff_add(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_signoff()

    @on(Button.Pressed, "#signoff-edit")
    def _signoff_edit(self, event: Button.Pressed) -> None:
        event.stop()
        self.edit_signoff()

    @on(Button.Pressed, "#signoff-remove")
    def _signoff_remove(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove_signoff()

    # --- status and executive summary ---------------------------------------------------------------

    @on(Select.Changed, "#assessment-status")
    def _status(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(Edited("status", event.value))

    @on(TextArea.Changed, "#executive_summary")
    def _summary(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if self._draft is not None and text == self._draft and not self.session.assessment.executive_summary:
            return  # the unedited draft: keep the model empty so the draft follows the assessment
        self.post_message(Edited("executive_summary", text))
        self.query_one("#draft-note", Label).update("")

    @on(TextArea.Changed, "#import_notes")
    def _import_notes(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text != self.session.assessment.import_notes:
            self.post_message(Edited("import_notes", event.text_area.text))

    @work(thread=True, exclusive=True, group="draft-summary")
    def _draft_summary(self, assessment) -> None:
        try:
            from ...export import draft_executive_summary
        except ImportError:
            note = "(A draft will be offered once the Word export is installed.)"
            self.app.call_from_thread(self.query_one("#draft-note", Label).update, note)
            return
        try:
            text = draft_executive_summary(assessment)
        except Exception as exc:  # the draft is a convenience: report it, keep the screen working
            note = f"Could not draft the summary ({type(exc).__name__}: {exc})."
            self.app.call_from_thread(self.query_one("#draft-note", Label).update, note)
            return
        self.app.call_from_thread(self._set_draft, text)

    def _set_draft(self, text: str) -> None:
        if self.session.assessment.executive_summary:
            return
        area = self.query_one("#executive_summary", TextArea)
        if area.text.strip():
            return
        self._draft = text
        area.load_text(text)
        self.query_one("#draft-note", Label).update("Drafted from the assessment: edit it and your text is kept.")

    # --- export -----------------------------------------------------------------------------------

    @on(Button.Pressed, "#export")
    def start_export(self, event: Button.Pressed | None = None) -> None:
        if event is not None:
            event.stop()
        full = self.query_one("#export-full", Checkbox).value
        summary = self.query_one("#export-summary", Checkbox).value
        if not (full or summary):
            self.query_one("#export-result", Static).update("Tick at least one document to export.")
            return
        raw = self.query_one("#out-dir", Input).value.strip()
        if not raw:
            self.query_one("#export-result", Static).update("Give a folder to write the documents to.")
            return
        out_dir = Path(raw).expanduser()
        errors = sum(f.is_error for f in self.findings)
        self.query_one("#export-result", Static).update("Exporting…")
        self.query_one("#export", Button).disabled = True
        self._export(self.session.assessment.model_copy(deep=True), out_dir, full, summary, errors)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, assessment, out_dir: Path, full: bool, summary: bool, errors: int) -> None:
        try:
            from ...export import ExportError, export_documents
        except ImportError as exc:
            self.app.call_from_thread(self._export_done, [], f"Word export is not available: {exc}.", errors)
            return
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            paths = export_documents(assessment, out_dir, full=full, summary=summary)
        except ExportError as exc:
            self.app.call_from_thread(self._export_done, [], f"Export failed: {exc}", errors)
            return
        except OSError as exc:
            self.app.call_from_thread(self._export_done, [], f"Could not write to {out_dir}: {exc}", errors)
            return
        except Exception as exc:  # never let an export bug take the user's session down
            self.app.call_from_thread(self._export_done, [], f"Export failed ({type(exc).__name__}: {exc})", errors)
            return
        self.app.call_from_thread(self._export_done, list(paths), None, errors)

    def _export_done(self, paths: list[Path], error: str | None, errors: int) -> None:
        self.query_one("#export", Button).disabled = False
        result = self.query_one("#export-result", Static)
        if error:
            result.update(error)
            self.app.notify(error, title="Export", severity="error")
            return
        self.exported = paths
        folders = {p.parent for p in paths}
        if len(folders) == 1:
            lines = [f"Written to {folders.pop()}:"] + [f"  {p.name}" for p in paths]
        else:
            lines = ["Written:"] + [f"  {p}" for p in paths]
        if errors:
            lines.append(f"Note: {errors} error{'s' if errors != 1 else ''} still to fix before the CIA is ready.")
        result.update("\n".join(lines))
        result.scroll_visible()
        self.app.notify("\n".join(str(p) for p in paths), title="Exported")
