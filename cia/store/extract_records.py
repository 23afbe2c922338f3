"""Checks made from the model's own field definitions, for the parts of a document the reading checks but does
not interpret: the front texts, sign-offs, comments, the trail, who saved, the screening, the header's
fields, an area's own fields, its impact lines and first-row marks, evidence, ids and keys.

Each check is built once from the pydantic model class (its fields, their types, limits, patterns and which
are required), so it checks exactly what the model declares, and follows the model when it changes. A value
passes only when the model would accept it unchanged: anything the model would convert (text it would
clean, a number written as a string) or refuse raises :class:`~cia.store.extract_rules.Unusual`, and the
document goes to the model. What a check cannot mirror (a validator of the model's own, a type it does not
know) never passes: wherever it is present, the document is handed over.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import datetime
from typing import Any, Callable, Literal, Union

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import AfterValidator, BaseModel, BeforeValidator, StringConstraints

from ..model import AreaEntry, Assessment, CategorySection, EvidenceItem, Header, Mitigation, Person, Risk
from ..model.fields import _check_url, _clean_block_input, _clean_line_input, as_utc
from ..text import clean_line
from .extract_rules import Unusual, _Check, _time

Checker = Callable[[Any, _Check], None]
"""Checks one value as the model would (raises :class:`Unusual`); the :class:`_Check` checks its texts."""


def _unusual(value: Any, check: _Check) -> None:
    raise Unusual("only the model can read this")


class _Cannot(Exception):
    """A definition these checks do not mirror."""


def field_check(model: type[BaseModel], name: str) -> Checker:
    """The check of one field of a model (one that always hands over when it cannot mirror the field)."""
    decorators = model.__pydantic_decorators__
    if any(name in d.info.fields or "*" in d.info.fields
           for d in (*decorators.field_validators.values(), *decorators.validators.values())):
        return _unusual
    info = model.model_fields[name]
    try:
        return _of_type(info.annotation, list(info.metadata))
    except _Cannot:
        return _unusual


def max_length(model: type[BaseModel], name: str) -> int:
    """The most a field may hold (characters of a text, items of a list), as the model declares it."""
    for m in model.model_fields[name].metadata:
        if isinstance(m, (MaxLen, StringConstraints)) and m.max_length is not None:
            return m.max_length
    raise LookupError(f"{model.__name__}.{name} declares no max_length")


def model_check(model: type[BaseModel], *, skip: frozenset[str] = frozenset()) -> Checker:
    """The check of a record of this model: a dict of its fields, the required ones present, each checked
    (but those in ``skip``, which the caller checks itself)."""
    decorators = model.__pydantic_decorators__
    if (decorators.model_validators or decorators.root_validators or model.__pydantic_post_init__ is not None
            or model.model_config.get("extra") != "forbid"):
        return _unusual
    allowed = frozenset(model.model_fields)
    required = tuple(n for n, f in model.model_fields.items() if f.is_required() and n not in skip)
    checked = []
    for name in model.model_fields:
        if name not in skip:
            checker = field_check(model, name)
            checked.append((name, checker, _plain_default(model, name, checker)))

    def check_record(value: Any, check: _Check) -> None:
        if value.__class__ is not dict or not allowed.issuperset(value):
            raise Unusual("fields")
        for name in required:
            if name not in value:
                raise Unusual("required")
        for name, checker, plain in checked:
            v = value.get(name, plain)
            if v is not plain:  # absent, or as the model leaves it by default: nothing to check
                checker(v, check)

    return check_record


_NONE = object()
"""No default plain enough to pass unchecked."""


def _plain_default(model: type[BaseModel], name: str, checker: Checker) -> object:
    """A field's default when it is one of the values written most ("", False, None, 0) and passes its check."""
    default = model.model_fields[name].default
    if not any(default is v for v in ("", False, None, 0)):
        return _NONE
    try:
        checker(default, _Check(True))
    except Unusual:
        return _NONE
    return default


def _of_type(tp: Any, metadata: list[Any]) -> Checker:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *more = typing.get_args(tp)
        return _of_type(base, [*more, *metadata])
    if origin is Union or origin is types.UnionType:
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) != 1 or metadata:
            raise _Cannot(tp)
        inner = _of_type(options[0], [])
        return lambda value, check: None if value is None else inner(value, check)
    if origin is Literal:
        allowed = frozenset(typing.get_args(tp))
        if any(a.__class__ is not str for a in allowed) or metadata:
            raise _Cannot(tp)

        def check_choice(value: Any, check: _Check) -> None:
            if value.__class__ is not str or value not in allowed:
                raise Unusual("choice")
        return check_choice
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if metadata:
            raise _Cannot(tp)
        return model_check(tp)
    if origin in (list, dict):
        return _collection(origin, typing.get_args(tp), metadata)
    if tp is str:
        return _text(metadata)
    if tp is int:
        return _number(metadata)
    if metadata and tp is not datetime:
        raise _Cannot(tp)
    if tp is bool:
        return _yes_or_no
    if tp is datetime:
        if any(not (isinstance(m, AfterValidator) and m.func is as_utc) for m in metadata):
            raise _Cannot(tp)
        return _a_time
    raise _Cannot(tp)


def _yes_or_no(value: Any, check: _Check) -> None:
    if value is not True and value is not False:
        raise Unusual("yes or no")


def _a_time(value: Any, check: _Check) -> None:
    _time(value)  # a time without a zone is read as UTC, as the model's as_utc does


def _lengths(metadata: list[Any]) -> tuple[int, float]:
    least, most = 0, float("inf")
    for m in metadata:
        if isinstance(m, (MinLen, StringConstraints)) and m.min_length is not None:
            least = max(least, m.min_length)
        if isinstance(m, (MaxLen, StringConstraints)) and m.max_length is not None:
            most = min(most, m.max_length)
    return least, most


def _collection(origin: type, args: tuple, metadata: list[Any]) -> Checker:
    if any(not isinstance(m, (MinLen, MaxLen)) for m in metadata):
        raise _Cannot(origin)
    least, most = _lengths(metadata)
    if origin is list:
        each = _of_type(args[0], [])

        def check_list(value: Any, check: _Check) -> None:
            if value.__class__ is not list or not least <= len(value) <= most:
                raise Unusual("list")
            for v in value:
                each(v, check)
        return check_list
    key, item = _of_type(args[0], []), _of_type(args[1], [])

    def check_dict(value: Any, check: _Check) -> None:
        if value.__class__ is not dict or not least <= len(value) <= most:
            raise Unusual("dict")
        for k, v in value.items():
            key(k, check)
            item(v, check)
    return check_dict


def _text(metadata: list[Any]) -> Checker:
    least, most = _lengths(metadata)
    cleaning, pattern, after = None, None, None
    for m in metadata:
        if isinstance(m, BeforeValidator) and m.func in (_clean_line_input, _clean_block_input) and cleaning is None:
            cleaning = m.func
        elif isinstance(m, AfterValidator) and m.func is _check_url and after is None:
            after = m.func  # refuses or passes a link, never changes it
        elif isinstance(m, StringConstraints):
            if m.strip_whitespace or m.to_upper or m.to_lower or m.strict or m.ascii_only:
                raise _Cannot(m)
            if m.pattern is not None:
                pattern = re.compile(m.pattern if isinstance(m.pattern, str) else m.pattern.pattern)
        elif type(m).__name__ == "_PydanticGeneralMetadata" and set(vars(m)) == {"pattern"}:
            pattern = re.compile(m.pattern)  # Field(pattern=...)
        elif not isinstance(m, (MinLen, MaxLen)):
            raise _Cannot(m)

    passed: set[str] = set()
    remember = cleaning is not _clean_block_input  # whether a text passes depends on the text alone

    def check_text(value: Any, check: _Check) -> None:
        if value.__class__ is not str or not least <= len(value) <= most:
            raise Unusual("text")
        if value in passed:  # an area key, an id, a name seen before
            return
        if cleaning is _clean_line_input:
            if clean_line(value) is not value:
                raise Unusual("line")
        elif cleaning is _clean_block_input:
            check.block(value)
        if pattern is not None and ("\n" in value or not pattern.search(value)):
            raise Unusual("pattern")
        if after is not None:
            try:
                after(value)
            except ValueError:
                raise Unusual("link") from None
        if remember and len(value) <= 80 and len(passed) < 2000:
            passed.add(value)
    return check_text


def _number(metadata: list[Any]) -> Checker:
    least, most = float("-inf"), float("inf")
    for m in metadata:
        if isinstance(m, Ge):
            least = m.ge
        elif isinstance(m, Le):
            most = m.le
        else:
            raise _Cannot(m)

    def check_number(value: Any, check: _Check) -> None:
        if value.__class__ is not int or not least <= value <= most:
            raise Unusual("number")
    return check_number


# --- the checks the reading uses ------------------------------------------------------------------------

ASSESSMENT_ID = field_check(Assessment, "id")
SECTION_KEY = field_check(CategorySection, "key")
RECORD_ID = field_check(Risk, "id")
"""A risk's id, and a mitigation's, and each id a mitigation answers."""
HEADER = model_check(Header, skip=frozenset({"leads"}))
"""The header but its leads (the model drops empty ones: see :data:`LEADS_MOST`)."""
PERSON = model_check(Person)
ENTRY = model_check(AreaEntry, skip=frozenset({"groups", "benefits", "risks", "mitigations"}))
"""An area but its points and records, which the reading counts itself."""
RISK = model_check(Risk, skip=frozenset({"id", "text", "rating"}))
MITIGATION = model_check(Mitigation, skip=frozenset({"id", "text", "answers"}))
EVIDENCE = model_check(EvidenceItem)

LEADS_MOST = max_length(Header, "leads")
ENTRIES_MOST = max_length(CategorySection, "entries")
EVIDENCE_MOST = max_length(CategorySection, "evidence")
RECORDS_MOST = max_length(AreaEntry, "risks")
ANSWERS_MOST = max_length(Mitigation, "answers")
RECORD_TEXT_MOST = max_length(Risk, "text")

_READ = frozenset({"schema_version", "id", "edition", "edition_version", "status", "revision", "created", "updated",
                   "header", "sections", "key_mitigations"})
"""The document's fields the reading checks itself."""
_REST = {name: field_check(Assessment, name) for name in Assessment.model_fields if name not in _READ}


def check_rest(data: dict, check: _Check) -> None:
    """The fields of a document the listing does not read (front texts, sign-offs, comments, the trail, who
    saved, the screening, when the summary and risks changed), as the model would check them."""
    for key, value in data.items():
        rest = _REST.get(key)
        if rest is not None:
            rest(value, check)
    if "key_mitigations" in data:
        check.points(data["key_mitigations"])
