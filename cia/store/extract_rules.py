"""The rules :mod:`cia.store.extract` reads a document by: the model's fields, labels and patterns as plain
data (tests keep each the same as the model's), and the checks that say whether a text, list, time or
number is exactly as the model would hold it. Anything else is :class:`Unusual`: a matter for the model."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from ..text import clean_block

FIELD_NAMES = {"groups": "Groups affected", "benefits": "Benefits", "risks": "Risks",
               "mitigations": "Mitigations", "na_reason": "Reason not applicable", "owner": "Risk owner", "due": "Risk due"}
_SKIP = {"id", "schema_version", "edition", "status", "revision", "created", "updated", "key", "rating", "answers",
         "extra", "first_row", "at", "n", "resolved", "resolved_at", "summary_edited", "risks_changed", "action",
         "from_status", "to_status", "lines"}

STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "changes_requested": "Changes requested",
                 "approved": "Approved", "signed_off": "Signed off"}
"""The model's labels (``cia.model.STATUS_LABELS``; a test keeps the two the same), without loading it."""
AREA_STATUSES = ("not_assessed", "na", "assessed")
RATINGS = (None, "low", "medium", "high")

# The fields of each part of the model (a test keeps them the model's): a document with any other is
# handed to the model, which names the field it does not know.
ASSESSMENT_FIELDS = frozenset({
    "schema_version", "id", "edition", "edition_version", "status", "revision", "created", "updated", "header",
    "introduction", "summary", "key_mitigations", "sections", "executive_summary", "signoffs", "comments", "trail",
    "saved_by", "summary_edited", "risks_changed", "import_notes", "screening"})
HEADER_FIELDS = frozenset({"title", "sponsor", "leads", "author", "date_completed", "decision", "directorate",
                           "engagement", "additional"})
PERSON_FIELDS = frozenset({"name", "role"})
ENGAGEMENT_FIELDS = frozenset({"took_place", "details"})
SECTION_FIELDS = frozenset({"key", "entries", "evidence"})
ENTRY_FIELDS = frozenset({"key", "name", "question", "extra", "status", "na_reason", "groups", "benefits", "risks",
                          "mitigations", "first_row", "lines"})
RISK_FIELDS = frozenset({"id", "text", "rating", "owner", "due", "key"})
MITIGATION_FIELDS = frozenset({"id", "text", "answers"})
FIRST_ROW_FIELDS = frozenset({"benefits", "risks", "mitigations"})
EVIDENCE_FIELDS = frozenset({"citation", "url", "date"})
_TEXT_FIELDS = ("introduction", "summary", "executive_summary", "import_notes")
_LIST_FIELDS = ("signoffs", "comments", "trail")

_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_AREA_KEY = re.compile(r"[a-z0-9_\-]{1,80}")
_RECORD_ID = re.compile(r"[A-Za-z0-9_\-]{1,40}")
_FIELD_KEY = re.compile(r"[a-z0-9][a-z0-9_]{0,59}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?")
_URL = re.compile(r"^(https?|mailto|ftp)://\S+$|^mailto:\S+$", re.IGNORECASE)
"""The model's rule for a link (``cia.model.fields``; a test keeps the two the same)."""


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
    """The text checks for one document: ``strict`` for any string, else only what can still be unclean."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict

    def text(self, value: Any) -> str:
        """A text as the model holds it: a string already clean (the model would change any other)."""
        if value.__class__ is not str:
            raise Unusual("text")
        if value and (value[0] in _SPACE or value[-1] in _SPACE
                      or ((self.strict or "\n" in value) and clean_block(value) is not value)):
            raise Unusual("text")
        return value

    def points(self, value: Any) -> list[str]:
        """The non-empty points of a list of texts (the model drops empty ones)."""
        if value.__class__ is not list:
            raise Unusual("list")
        strict = self.strict
        for p in value:
            if p.__class__ is not str:
                raise Unusual("point")
            if p and (p[0] in _SPACE or p[-1] in _SPACE
                      or ((strict or "\n" in p) and clean_block(p) is not p)):
                raise Unusual("text")
        return [p for p in value if p] if "" in value else value


def _fields(value: Any, allowed: frozenset[str]) -> dict:
    if value.__class__ is not dict or not allowed.issuperset(value):
        raise Unusual("fields")
    return value


def _list(value: Any) -> list:
    if value.__class__ is not list:
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


def _check_rest(data: dict, check: _Check) -> None:
    """The parts of a document the listing does not read but the model would refuse or change."""
    for key in _TEXT_FIELDS:
        if key in data:
            check.text(data[key])
    if "key_mitigations" in data:
        check.points(data["key_mitigations"])
    for key in _LIST_FIELDS:
        if key in data:
            for item in _list(data[key]):
                if item.__class__ is not dict:
                    raise Unusual("record")
    for key in ("saved_by", "screening"):
        if data.get(key) is not None and data[key].__class__ is not dict:
            raise Unusual("record")
    for key in ("summary_edited", "risks_changed"):
        if data.get(key) is not None:
            _time(data[key])
