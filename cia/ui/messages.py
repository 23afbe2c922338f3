"""Messages widgets post to the screen that owns the assessment."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from ..checks import Location


class Edited(Message):
    """A widget reports a new value for one field of the assessment (the screen applies it).

    ``location`` says which field (see :mod:`cia.ui.fields`), e.g. ``Location(DETAILS, field="title")`` or
    ``Location("psed", "race", "risks")``.
    """

    def __init__(self, location: Location, value: Any, *, typing: bool = False) -> None:
        super().__init__()
        self.location = location
        self.value = value
        self.typing = typing
        """Whether the change comes from typing (the findings then follow a moment after the last key)."""


class JumpRequested(Message):
    """Show the field a finding is about."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location


class AreaOpenRequested(Message):
    """Open the area editor at ``location`` (its section and area; the field and point to start in)."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
