"""The list of an assessment's steps down the side of its screen: each step's progress, errors and open
comments, redrawn only where they changed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...checks import Finding
from ...model import Assessment
from ...text import shorten
from ..steps import REVIEW_STEP, Step, StepRef, comments_by_step, errors_by_step, progress


class StepList(OptionList):
    def __init__(self, steps: list[Step]) -> None:
        super().__init__(id="steps")
        self.steps = steps
        self._comments: dict[StepRef, int] = {}

    def _label_width(self) -> int:
        return 25 if self.app.size.width >= 120 else 18  # wider labels on a wide terminal

    def _prompt(self, a: Assessment, step: Step, errors: dict[StepRef, int]) -> Text:
        width = self._label_width()
        text = Text(shorten(step.label, width - 1).ljust(width))  # a space before the figures, always
        figures = progress(a, step)
        if figures is not None:
            done, total = figures
            text.append(f"{done:>2}/{total:<2}", style="green" if done == total else "")
        else:
            text.append("     ")
        n = sum(errors.values()) if step.ref == REVIEW_STEP else errors.get(step.ref, 0)
        text.append(" ✗" if n else "  ", style="bold red")
        comments = self._comments.get(step.ref, 0)
        if comments:
            text.append(f" ✎{comments}", style="bold cyan")
        return text

    def show(self, a: Assessment, findings: list[Finding]) -> None:
        """Show each step's figures for this assessment and these findings."""
        errors = errors_by_step(a, findings)
        self._comments = comments_by_step(a)
        wide = max((len(str(n)) for n in self._comments.values()), default=-2) + 2  # room for " ✎n"
        self.styles.width = self._label_width() + 9 + wide
        if self.option_count != len(self.steps):
            self.set_options([Option(self._prompt(a, s, errors), id=s.key) for s in self.steps])
            return
        for step in self.steps:
            prompt = self._prompt(a, step, errors)
            if self.get_option(step.key).prompt != prompt:
                self.replace_option_prompt(step.key, prompt)
