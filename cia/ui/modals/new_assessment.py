"""Start a new assessment: its title and which edition of the template it follows.

The editions are looked for again each time the dialog opens, so one the council published while the app
was open (``cia templates publish``, into ``<store>/templates/`` or a database store's table) is offered
at once. An edition that cannot be used is not offered, and the dialog says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from ...model import SHORT_MAX
from ...text import shorten


@dataclass(frozen=True)
class NewAssessment:
    title: str
    edition: str


def edition_choices() -> tuple[list[tuple[str, str]], list[str]]:
    """(id, title) of each edition a new assessment can follow (shipped first, then the council's), and
    a line for each council edition that cannot be used, saying why (as ``cia templates list`` does)."""
    from ...editions import REGISTRY, EditionFileError

    REGISTRY.look_again()
    offered: list[tuple[str, str]] = []
    problems: list[str] = []
    for f in REGISTRY.files():
        if f.problem:
            label = f.path.name if not f.stored else f.ref if f.id else f.name
            problems.append(f"{label}: {f.problem}")
    for ident in REGISTRY.ids():
        try:
            offered.append((ident, REGISTRY.get(ident).title))
        except EditionFileError as exc:  # named by its id here; cia templates list names its file
            problems.append(f"{ident}: " + "; ".join(_without_file(p) for p in exc.problems))
        except KeyError as exc:
            problems.append(f"{ident}: {exc.args[0] if exc.args else exc}")
    return offered, problems


def _without_file(problem) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    return where + (f"{problem.field}: " if problem.field else "") + problem.message


class NewAssessmentModal(ModalScreen[NewAssessment | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    NewAssessmentModal #edition-problems { color: $text-muted; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        from ...editions import DEFAULT_EDITION

        offered, problems = edition_choices()
        with Vertical(classes="dialog"):
            yield Label("New assessment", classes="dialog-title")
            yield Label("Name of the proposal")
            yield Input(placeholder="e.g. Customer Experience Strategy 2024–2026", id="title", max_length=SHORT_MAX)
            yield Label("Template")
            with RadioSet(id="edition"):
                for key, title in offered:
                    yield RadioButton(title, value=key == DEFAULT_EDITION, name=key)
            if problems:
                yield Label("Not offered (see cia templates list):\n" +
                            "\n".join(shorten(p, 120) for p in problems),
                            id="edition-problems", classes="dialog-note", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _edition(self) -> str:
        from ...editions import DEFAULT_EDITION

        pressed = self.query_one("#edition", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else DEFAULT_EDITION

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def _create(self, event) -> None:
        event.stop()
        title = self.query_one("#title", Input).value.strip()
        self.dismiss(NewAssessment(title, self._edition()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
