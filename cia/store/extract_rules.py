"""The rules :mod:`cia.store.extract_document` reads a document by: the model's fields and limits, taken
from the model itself, and the checks that say whether a text, list, time or number is exactly as the
model would hold it. Anything else is :class:`Unusual`: a matter for the model.

The model's module is imported (reading a file imports it anyway, for the schema version) but no model is
built or validated here.
"""

from __future__ import annotations

import re
import typing
from datetime import datetime, timezone
from typing import Any

from ..model import POINT_MAX, POINTS_MAX, SHORT_MAX, TEXT_MAX, Assessment, CategorySection, Rating
from ..text import clean_block, clean_line

FIELD_NAMES = {"groups": "Groups affected", "benefits": "Benefits", "risks": "Risks",
               "mitigations": "Mitigations", "na_reason": "Reason not applicable", "owner": "Risk owner", "due": "Risk due"}
_SKIP = {"id", "schema_version", "edition", "status", "revision", "created", "updated", "key", "rating", "answers",
         "extra", "first_row", "at", "n", "resolved", "resolved_at", "summary_edited", "risks_changed", "action",
         "from_status", "to_status", "lines"}

RATINGS = (None, *typing.get_args(Rating))

# The fields of the parts of the model the reading checks itself (the others are checked by
# :mod:`cia.store.extract_records`): a document with any other is handed to the model, which names the field
# it does not know.
ASSESSMENT_FIELDS = frozenset(Assessment.model_fields)
SECTION_FIELDS = frozenset(CategorySection.model_fields)

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?")


class Unusual(Exception):
    """Something in a document that only the model can judge (it refuses it or converts it)."""


# --- checking a document as the model would ------------------------------------------------------------

_SPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                   "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""Every character ``str.isspace`` is true of (a test keeps the two the same)."""
_SUSPECT = re.compile(rb'\\[bfru]|\x7f|\xc2\x85|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]')
"""In a file's raw bytes, what could be a character clean text never holds (control characters are always
escaped in JSON strings; a \\u escape may stand for any of them). A file without any — every file cia writes —
needs its strings checked only for spaces at their ends and before line breaks."""


def suspect(raw: bytes) -> bool:
    return _SUSPECT.search(raw) is not None


class _Check:
    """The text checks for one document: ``strict`` for any string, else only what can still be unclean.
    Each also holds the text to the model's limit for it."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict

    def block(self, value: Any) -> str:
        """A text as the model's cleaning of several lines leaves it (the model would change any other)."""
        if value.__class__ is not str:
            raise Unusual("text")
        if value and (value[0] in _SPACE or value[-1] in _SPACE
                      or ((self.strict or "\n" in value) and clean_block(value) is not value)):
            raise Unusual("text")
        return value

    def text(self, value: Any, most: int = TEXT_MAX) -> str:
        """A prose text (``Text``), or another cleaned as one with its own limit."""
        if len(self.block(value)) > most:
            raise Unusual("too long")
        return value

    @staticmethod
    def line(value: Any, most: int = SHORT_MAX) -> str:
        """A text of one line (``Line``): the model folds line breaks and runs of spaces."""
        if value.__class__ is not str or len(value) > most or clean_line(value) is not value:
            raise Unusual("line")
        return value

    def points(self, value: Any) -> list[str]:
        """The non-empty points of a list of texts (``Points``: the model drops empty ones, then counts)."""
        if value.__class__ is not list:
            raise Unusual("list")
        strict = self.strict
        for p in value:
            if p.__class__ is not str:
                raise Unusual("point")
            if p and (p[0] in _SPACE or p[-1] in _SPACE or len(p) > POINT_MAX
                      or ((strict or "\n" in p) and clean_block(p) is not p)):
                raise Unusual("text")
        kept = [p for p in value if p] if "" in value else value
        if len(kept) > POINTS_MAX:
            raise Unusual("too many")
        return kept


def _fields(value: Any, allowed: frozenset[str]) -> dict:
    if value.__class__ is not dict or not allowed.issuperset(value):
        raise Unusual("fields")
    return value


def _list(value: Any, most: float = float("inf")) -> list:
    """A list of at most ``most`` items (as the model counts them: before it drops any)."""
    if value.__class__ is not list or len(value) > most:
        raise Unusual("list")
    return value


def _time(value: Any) -> datetime:
    if value.__class__ is not str or not _TIME.fullmatch(value):
        raise Unusual("time")
    try:
        t = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        raise Unusual("time") from None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)  # a time without a zone is read as UTC


def _int(data: dict, key: str, default: int, least: int) -> int:
    value = data.get(key, default)
    if value.__class__ is not int or value < least:
        raise Unusual("number")
    return value
