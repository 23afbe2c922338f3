"""Messages widgets post to the screen that owns the assessment."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from ..checks import Location


class Edited(Message):
    """A widget reports a new value for one field of the assessment (the screen applies it).

    ``path`` is a :class:`cia.ui.session.Session` edit path, e.g. ``header.title`` or
    ``area:psed:race:risks``.
    """

    def __init__(self, path: str, value: Any) -> None:
        super().__init__()
        self.path = path
        self.value = value


class JumpRequested(Message):
    """Show the field a finding is about."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location


class AreaOpenRequested(Message):
    def __init__(self, section_key: str, area_key: str, field: str | None = None, index: int | None = None) -> None:
        super().__init__()
        self.section_key = section_key
        self.area_key = area_key
        self.field = field
        self.index = index
