"""The Details step: the header block of the template (name, sponsor, leads, author, date, …)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Button, Input, Label, Select, TextArea

from ...checks import DETAILS, Location
from ...editions.schema import BUILTIN_HEADER
from ...model import LEADS_MAX
from .. import fields
from ..messages import Edited
from ..session import Session
from .base import StepPane
from .inputs import FieldInput

_SIMPLE = ("title", "author", "date_completed", "decision", "directorate")
_PLACEHOLDERS = {"title": "Name of the proposal", "date_completed": "e.g. March 2024",
                 "decision": "e.g. Cabinet, 21 July 2021"}
_ENGAGEMENT = [("Not stated yet", "unstated"), ("Yes", "yes"), ("No", "no")]



class DetailsPane(StepPane):
    """Posts :class:`Edited` for every header field the user changes.

    The leads are rows of name and role: the ones there are (one blank row when there are none) and a
    "+ Lead" button after them, so Tab from the last role goes on to the button and then to Author.
    """

    SCROLLS = True

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._next_lead = 0

    @property
    def help_location(self) -> Location:
        return Location(DETAILS)

    def _label(self, field: str) -> str:
        edition = self.session.assessment.template
        label = edition.labels.get(field) or field.replace("_", " ").capitalize()
        return f"{label} *" if field in edition.required_header else label

    def _row(self, field: str, *inputs: Input, classes: str = "form-row", id: str | None = None) -> Horizontal:
        return Horizontal(Label(self._label(field) if field else "", classes="form-label"), *inputs,
                          classes=classes, id=id)

    def compose(self) -> ComposeResult:
        h = self.session.assessment.header
        yield Label("Details", classes="pane-title")
        yield Label("Fields marked * are required by this template. F1: guidance.", classes="hint")
        edition = self.session.assessment.template
        for spec in edition.header:  # the edition's fields, in its order
            yield from self._field(spec.key, spec.placeholder)
        kept = self._kept_fields()
        if kept:
            yield Label("Not part of this template (kept, and printed, because they have a value):",
                        classes="field-label")
            for key in kept:
                yield from self._field(key, "")
        yield Label("Has engagement or consultation taken place?", classes="field-label")
        took = h.engagement.took_place
        yield Select(_ENGAGEMENT, value="unstated" if took is None else ("yes" if took else "no"),
                     allow_blank=False, id="engagement", compact=True)
        yield Label("With whom, and what did it find?", classes="field-label")
        yield TextArea(h.engagement.details, id="engagement-details", soft_wrap=True, tab_behavior="focus",
                       classes="prose-short")

    def _kept_fields(self) -> list[str]:
        """Header fields that have a value but are not in this edition (an assessment moved from another
        edition): shown so that nothing written is hidden, and can be cleared."""
        edition = self.session.assessment.template
        listed = {spec.key for spec in edition.header}
        h = self.session.assessment.header
        keys = [k for k in BUILTIN_HEADER if k != "title"] + list(h.additional)
        return [k for k in keys if k not in listed and h.text(k)]

    def _field(self, key: str, placeholder: str) -> ComposeResult:
        h = self.session.assessment.header
        if key == "sponsor":
            yield self._row("sponsor", FieldInput(h.sponsor.name, id="sponsor-name", placeholder="Name"),
                            FieldInput(h.sponsor.role, id="sponsor-role", placeholder="Role", classes="role"))
        elif key == "leads":
            with Vertical(id="leads", classes="leads"):
                for lead in h.leads or [None]:
                    yield self._lead_row(lead.name if lead else "", lead.role if lead else "")
            with Horizontal(classes="form-row lead-add"):
                yield Label("", classes="form-label")
                yield Button("+ Lead", id="add-lead", compact=True, tooltip="Add another project manager or lead")
        elif key in _SIMPLE:
            yield self._row(key, FieldInput(getattr(h, key), id=key,
                                            placeholder=placeholder or _PLACEHOLDERS.get(key, "")))
        else:  # a field the edition adds to the built-in ones
            yield self._row(key, FieldInput(h.additional.get(key, ""), id=f"additional-{key}",
                                            placeholder=placeholder))

    def _lead_row(self, name: str, role: str) -> Horizontal:
        i = self._next_lead
        self._next_lead += 1
        return self._row("leads" if i == 0 else "",
                         FieldInput(name, id=f"lead-name-{i}", placeholder="Name", classes="lead-name"),
                         FieldInput(role, id=f"lead-role-{i}", placeholder="Role", classes="lead-role role"),
                         classes="form-row lead-row", id=f"lead-{i}")

    def _lead_rows(self) -> list[Horizontal]:
        """The lead rows (none where the edition has no leads field and none were written)."""
        found = self.query("#leads")
        return list(found.first().query_children(Horizontal)) if found else []

    def _leads(self) -> list[dict[str, str]]:
        leads = []
        for row in self._lead_rows():
            name, role = row.query_one(".lead-name", Input).value, row.query_one(".lead-role", Input).value
            if name.strip() or role.strip():
                leads.append({"name": name, "role": role})
        return leads

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        wid = event.input.id or ""
        if wid in _SIMPLE:
            self.post_message(Edited(fields.header(wid), event.value, typing=True))
        elif wid.startswith("additional-"):
            key = wid.removeprefix("additional-")
            values = {**self.session.assessment.header.additional, key: event.value}
            self.post_message(Edited(fields.header("additional"), {k: v for k, v in values.items() if v}, typing=True))
        elif wid == "sponsor-name":
            self.post_message(Edited(fields.header("sponsor.name"), event.value, typing=True))
        elif wid == "sponsor-role":
            self.post_message(Edited(fields.header("sponsor.role"), event.value, typing=True))
        elif wid.startswith("lead-"):
            self.post_message(Edited(fields.header("leads"), self._leads(), typing=True))

    @on(Button.Pressed, "#add-lead")
    def _add_lead_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_lead()

    def add_lead(self) -> None:
        if not self.query("#leads"):
            return  # this edition has no leads field
        rows = self._lead_rows()
        blank = next((r for r in rows if not any(i.value.strip() for i in r.query(Input))), None)
        if blank is not None:  # an empty row is already there: use it
            blank.query_one(".lead-name", Input).focus()
            return
        if len(rows) >= LEADS_MAX:
            self.app.notify(f"An assessment lists at most {LEADS_MAX} leads.", severity="warning")
            return
        row = self._lead_row("", "")
        self.query_one("#leads").mount(row)
        row.query_one(".lead-name", Input).focus()

    def leave(self) -> None:
        """Empty lead rows go, but for the first (the one that carries the label)."""
        for row in self._lead_rows()[1:]:
            if not any(i.value.strip() for i in row.query(Input)):
                row.remove()

    @on(Select.Changed, "#engagement")
    def _engagement(self, event: Select.Changed) -> None:
        event.stop()
        value = {"unstated": None, "yes": True, "no": False}.get(str(event.value))
        self.post_message(Edited(fields.header("engagement.took_place"), value))

    @on(TextArea.Changed, "#engagement-details")
    def _engagement_details(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(Edited(fields.header("engagement.details"), event.text_area.text, typing=True))

    def focus_location(self, location: Location) -> None:
        field = location.field or "title"
        rows = self._lead_rows()
        if field == "leads" and rows:
            index = min(location.index or 0, len(rows) - 1)
            target = rows[index].query_one(".lead-name", Input)
        else:
            selector = {"sponsor": "#sponsor-name", "engagement": "#engagement"}.get(
                field, f"#{field}" if field in _SIMPLE else f"#additional-{field}")
            try:
                target = self.query_one(selector)
            except NoMatches:
                target = self.query_one("#title")
        target.focus()
