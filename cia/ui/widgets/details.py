"""The Details step: the header block of the template (name, sponsor, leads, author, date, …)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Input, Label, Select, TextArea

from ...checks import Location
from ...model import SHORT_MAX
from ..messages import Edited
from ..session import Session

_SIMPLE = ("title", "author", "date_completed", "decision", "directorate")
_ENGAGEMENT = [("Not stated yet", "unstated"), ("Yes", "yes"), ("No", "no")]


class DetailsPane(VerticalScroll):
    """Posts :class:`Edited` for every header field the user changes."""

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(classes="pane", **kwargs)
        self.session = session

    def _label(self, field: str) -> str:
        edition = self.session.assessment.template
        label = edition.labels.get(field, field)
        return f"{label} *" if field in edition.required_header else label

    def compose(self) -> ComposeResult:
        a = self.session.assessment
        h = a.header
        yield Label("Details", classes="pane-title")
        yield Label("Fields marked * are required by this template. F1: guidance.", classes="hint")
        with Horizontal(classes="form-row"):
            yield Label(self._label("title"), classes="form-label")
            yield Input(h.title, id="title", max_length=SHORT_MAX, placeholder="Name of the proposal", compact=True,
                        select_on_focus=False)
        with Horizontal(classes="form-row"):
            yield Label(self._label("sponsor"), classes="form-label")
            yield Input(h.sponsor.name, id="sponsor-name", placeholder="Name", max_length=SHORT_MAX, compact=True,
                        select_on_focus=False)
            yield Input(h.sponsor.role, id="sponsor-role", placeholder="Role", max_length=SHORT_MAX, compact=True,
                        select_on_focus=False)
        with Vertical(id="leads", classes="leads"):
            for i, lead in enumerate(h.leads):
                yield self._lead_row(i, lead.name, lead.role)
            yield self._lead_row(len(h.leads), "", "")
        for field in ("author", "date_completed", "decision", "directorate"):
            placeholder = {"date_completed": "e.g. March 2024", "decision": "e.g. Cabinet, 21 July 2021"}.get(field, "")
            with Horizontal(classes="form-row"):
                yield Label(self._label(field), classes="form-label")
                yield Input(getattr(h, field), id=field, max_length=SHORT_MAX, placeholder=placeholder, compact=True,
                            select_on_focus=False)
        for spec in a.template.header:  # fields the edition adds to the built-in ones
            if not spec.builtin:
                with Horizontal(classes="form-row"):
                    yield Label(self._label(spec.key), classes="form-label")
                    yield Input(h.additional.get(spec.key, ""), id=f"additional-{spec.key}", max_length=SHORT_MAX,
                                placeholder=spec.placeholder, compact=True, select_on_focus=False)
        yield Label("Has engagement or consultation taken place?", classes="field-label")
        took = h.engagement.took_place
        yield Select(_ENGAGEMENT, value="unstated" if took is None else ("yes" if took else "no"),
                     allow_blank=False, id="engagement", compact=True)
        yield Label("With whom, and what did it find?", classes="field-label")
        yield TextArea(h.engagement.details, id="engagement-details", soft_wrap=True, tab_behavior="focus",
                       classes="prose-short")

    def _lead_row(self, i: int, name: str, role: str) -> Horizontal:
        label = self._label("leads") if i == 0 else ""
        return Horizontal(
            Label(label, classes="form-label"),
            Input(name, id=f"lead-name-{i}", placeholder="Name", max_length=SHORT_MAX, compact=True,
                        select_on_focus=False),
            Input(role, id=f"lead-role-{i}", placeholder="Role", max_length=SHORT_MAX, compact=True,
                        select_on_focus=False),
            classes="form-row lead-row", id=f"lead-{i}",
        )

    def _leads(self) -> list[dict[str, str]]:
        rows: dict[int, dict[str, str]] = {}
        for widget in self.query(Input):
            wid = widget.id or ""
            for kind in ("name", "role"):
                prefix = f"lead-{kind}-"
                if wid.startswith(prefix):
                    rows.setdefault(int(wid.removeprefix(prefix)), {"name": "", "role": ""})[kind] = widget.value
        return [rows[i] for i in sorted(rows)]

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        wid = event.input.id or ""
        if wid in _SIMPLE:
            self.post_message(Edited(f"header.{wid}", event.value))
        elif wid.startswith("additional-"):
            key = wid.removeprefix("additional-")
            values = {**self.session.assessment.header.additional, key: event.value}
            self.post_message(Edited("header.additional", {k: v for k, v in values.items() if v}))
        elif wid == "sponsor-name":
            self.post_message(Edited("header.sponsor.name", event.value))
        elif wid == "sponsor-role":
            self.post_message(Edited("header.sponsor.role", event.value))
        elif wid.startswith("lead-"):
            rows = list(self.query(".lead-row"))
            last = rows[-1].id.removeprefix("lead-") if rows and rows[-1].id else None
            if event.value and wid.endswith(f"-{last}"):
                # typing in the blank last row: offer another blank row under it
                new_index = int(last) + 1 if last is not None else 0
                self.query_one("#leads").mount(self._lead_row(new_index, "", ""))
            self.post_message(Edited("header.leads", self._leads()))

    @on(Select.Changed, "#engagement")
    def _engagement(self, event: Select.Changed) -> None:
        event.stop()
        value = {"unstated": None, "yes": True, "no": False}.get(str(event.value))
        self.post_message(Edited("header.engagement.took_place", value))

    @on(TextArea.Changed, "#engagement-details")
    def _engagement_details(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(Edited("header.engagement.details", event.text_area.text))

    def refresh_view(self) -> None:
        """Nothing to redraw: the fields are the user's own typing."""

    def focus_location(self, location: Location) -> None:
        field = location.field or "title"
        target = {
            "sponsor": "#sponsor-name",
            "leads": f"#lead-name-{location.index or 0}",
            "engagement": "#engagement",
        }.get(field, f"#{field}" if field in _SIMPLE else f"#additional-{field}")
        try:
            widget = self.query_one(target)
        except NoMatches:
            widget = self.query_one("#title")
        widget.focus()
        widget.scroll_visible()
