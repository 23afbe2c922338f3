"""Every readiness finding, grouped by step; selecting one goes to the field it is about."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ....checks import Finding
from ....model import Assessment
from ...messages import JumpRequested
from ...steps import StepRef, step_for, steps_for
from ..base import show_text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def readiness_text(findings: list[Finding]) -> Text:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if errors:
        return Text(f"Not ready: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}. Select one to go "
                    "to it.", style="bold")
    if warnings:
        return Text(f"Ready to submit, with {_plural(warnings, 'warning')} worth a look.", style="bold green")
    return Text("Ready to submit: no problems found.", style="bold green")


class FindingsPanel(Vertical):
    """Posts :class:`JumpRequested` for the finding the user selects."""

    def __init__(self) -> None:
        super().__init__(id="findings-panel")
        self.findings: list[Finding] = []
        self._shown: list[Finding] | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="readiness")
        yield OptionList(id="findings")

    def show(self, a: Assessment, findings: list[Finding]) -> None:
        """Show these findings (nothing is redrawn when they are the ones already shown)."""
        if findings == self._shown:
            return
        self._shown = list(findings)
        self.findings = list(findings)
        show_text(self.query_one("#readiness", Label), readiness_text(findings))
        labels = {s.ref: s.label for s in steps_for(a)}
        order = list(labels)
        grouped: dict[StepRef, list[int]] = {}
        for i, finding in enumerate(findings):
            grouped.setdefault(step_for(a, finding.location), []).append(i)
        options: list[Option | None] = []
        for key in sorted(grouped, key=lambda k: order.index(k) if k in order else len(order)):
            items = grouped[key]
            n_err = sum(findings[i].is_error for i in items)
            heading = f"{labels.get(key, key.key)} ({_plural(n_err, 'error')}, {_plural(len(items) - n_err, 'warning')})"
            options.append(Option(Text(heading, style="bold"), disabled=True))
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

    def focus_list(self) -> None:
        listing = self.query_one("#findings", OptionList)
        if listing.display:
            listing.focus()

    @on(OptionList.OptionSelected, "#findings")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("finding-"):
            self.post_message(JumpRequested(self.findings[int(option_id.removeprefix("finding-"))].location))
