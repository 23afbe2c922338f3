"""A dialog with a few fields: Enter saves, Escape closes — asking first if anything was typed."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

T = TypeVar("T")


class FormModal(ModalScreen[T]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    what = "this"
    """What the form makes, for the question on Escape ("the area", "the sign-off" …)."""

    def is_changed(self) -> bool:
        """Whether the user has typed anything worth keeping."""
        raise NotImplementedError

    def submit(self) -> None:
        """Check the fields and dismiss with the result (or show what is wrong)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        if not self.is_changed():
            self.dismiss(None)
            return
        from .confirm import ChoiceModal

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.submit()
            elif choice == "discard":
                self.dismiss(None)

        self.app.push_screen(ChoiceModal(f"Keep {self.what}?", "You typed something here that is not saved yet.",
                                         [("save", f"Save {self.what}"), ("discard", "Discard it"),
                                          ("back", "Keep editing")], danger="discard"), chosen)
