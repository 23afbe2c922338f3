"""Reading one assessment document as JSON, without building the model, by the model's own rules.

A document as cia writes it (every file a save leaves) is read here directly, with the model's rules for what
the listing shows (clean text, the edition's names and required areas, which risks are real and which are
answered) and, for everything else the model would refuse or change, the checks of
:mod:`cia.store.extract_rules` and those :mod:`cia.store.extract_records` makes from the model's own fields. Whatever this reading cannot vouch for raises :class:`~cia.store.extract_rules.Unusual`, and
:mod:`cia.store.extract` hands the document to the model instead.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any, NamedTuple

from ..model import STATUS_LABELS
from ..text import clean_line, is_real_risk
from .extract import Extract
from .extract_records import (
    ANSWERS_MOST, ASSESSMENT_ID, ENTRIES_MOST, ENTRY, EVIDENCE, EVIDENCE_MOST, HEADER, LEADS_MOST, MITIGATION, PERSON,
    RECORD_ID, RECORD_TEXT_MOST, RECORDS_MOST, RISK, SECTION_KEY, check_rest,
)
from .extract_rules import (
    ASSESSMENT_FIELDS, FIELD_NAMES, RATINGS, SECTION_FIELDS, Unusual, _Check, _SKIP, _fields, _int, _list, _time,
)


# --- the edition's structure, as plain data ------------------------------------------------------------


class _Category(NamedTuple):
    key: str
    title: str
    names: dict[str, str]
    """Area key → name."""
    order: tuple[str, ...]
    """The template's area keys, in order."""
    required: tuple[str, ...]


_LAYOUTS: dict[tuple[str, int], tuple[_Category, ...]] = {}


def _layout(edition: str, version: int) -> tuple[_Category, ...]:
    """The categories of an edition version (raises :class:`Unusual` when the model would refuse it)."""
    found = _LAYOUTS.get((edition, version))
    if found is not None:
        return found
    from ..editions import EditionFileError, get_edition

    try:
        ed = get_edition(edition, version)
    except (KeyError, EditionFileError, ValueError):
        raise Unusual("edition") from None
    found = tuple(_Category(c.key, c.short_title, {a.key: a.name for a in c.areas}, tuple(a.key for a in c.areas),
                            tuple(a.key for a in c.required_areas)) for c in ed.categories)
    _LAYOUTS[(edition, version)] = found
    return found


def forget_layouts() -> None:
    """Read the editions again next time (a council's template folder changed)."""
    _LAYOUTS.clear()



# --- the document's parts ------------------------------------------------------------------------------


def _label(key: str) -> str:
    return FIELD_NAMES.get(key) or key.replace("_", " ").capitalize()


def _walk(value: Any, place: str, out: list[tuple[str, str]]) -> None:
    if value.__class__ is str:
        if value and not value.isspace():
            out.append((place, value))
    elif value.__class__ is dict:
        if value.get("text").__class__ is str:  # a record: its text stands for it
            _walk(value["text"], place, out)
            for k, v in value.items():
                if k != "text" and k not in _SKIP:
                    _walk(v, f"{place} › {_label(k)}", out)
            return
        for k, v in value.items():
            if k not in _SKIP:
                _walk(v, f"{place} › {_label(k)}" if place else _label(k), out)
    elif value.__class__ is list:
        for item in value:
            _walk(item, place, out)


def _header(header: Any, check: _Check) -> tuple[dict, str]:
    """The header checked, and its lead: the first lead's name, else the author."""
    HEADER(header, check)
    leads = []
    for person in _list(header.get("leads", []), LEADS_MOST):
        PERSON(person, check)
        if person.get("name") or person.get("role"):
            leads.append(person)  # the model drops leads with neither name nor role
    lead = leads[0].get("name", "") if leads else header.get("author", "")
    return header, clean_line(lead)


def _records(value: Any, risks: bool, where: str, out: list[tuple[str, str]], check: _Check) -> list[dict]:
    """Risks (or mitigations), each with its own id (the model gives ids to those without), their texts
    added to ``out``; empty ones dropped, as the model drops them."""
    kept, seen = [], set()
    record = RISK if risks else MITIGATION
    for item in _list(value):
        record(item, check)
        ident = item.get("id")
        RECORD_ID(ident, check)
        if ident in seen:
            raise Unusual("record id")
        seen.add(ident)
        text = check.text(item.get("text"), RECORD_TEXT_MOST)
        if not text:
            continue
        if risks:
            if item.get("rating") not in RATINGS:
                raise Unusual("rating")
        else:
            answers = item.get("answers")
            if answers is not None:
                for a in _list(answers, ANSWERS_MOST):
                    RECORD_ID(a, check)
                if len(set(answers)) != len(answers):
                    raise Unusual("answers")  # the model keeps each answer once
        kept.append(item)
        out.append((where, text))
        if risks:
            for k in ("owner", "due"):
                v = item.get(k)
                if v:
                    out.append((f"{where} › {FIELD_NAMES[k]}", v))
    if len(kept) > RECORDS_MOST:
        raise Unusual("records")
    return kept


def _area(entry: dict, place: str, out: list[tuple[str, str]], check: _Check) -> tuple[int, int, int, int]:
    """Check one area as the model would (:func:`_entries` checked its own fields), add its texts to ``out``
    (in the model's order of fields); (benefits, real risks, unmitigated risks, high-rated risks) as
    ``AreaEntry`` counts them."""
    for k in ("name", "question", "na_reason"):
        v = entry.get(k)
        if v:
            out.append((f"{place} › {_AREA_LABELS[k]}", v))
    benefits = 0
    for k in ("groups", "benefits"):
        v = entry.get(k)
        if v is not None:
            points = check.points(v)
            if points:
                where = f"{place} › {FIELD_NAMES[k]}"
                out.extend((where, p) for p in points)
                if k == "benefits":
                    benefits = len(points)
    v = entry.get("risks")
    risks = _records(v, True, f"{place} › Risks", out, check) if v is not None else []
    v = entry.get("mitigations")
    mitigations = _records(v, False, f"{place} › Mitigations", out, check) if v is not None else []
    if not risks:
        return benefits, 0, 0, 0
    answers = [m["answers"] for m in mitigations if m.get("answers")]
    real = [r for r in risks if is_real_risk(r["text"])]
    if answers and not {r["id"] for r in risks}.isdisjoint(a for linked in answers for a in linked):
        # the area says which risk each mitigation answers
        unmitigated = sum(1 for r in real if not any(r["id"] in linked for linked in answers))
    else:
        unmitigated = len(real) if not mitigations else 0
    return benefits, len(real), unmitigated, sum(1 for r in real if r.get("rating") == "high")


_AREA_LABELS = {k: _label(k) for k in ("name", "question", "na_reason")}


def _entries(value: Any, check: _Check) -> list[dict]:
    out = _list(value, ENTRIES_MOST)
    for entry in out:
        ENTRY(entry, check)
    return out


def _in_template_order(entries: list[dict], rank: dict[str, int]) -> bool:
    last, seen_extra = -1, False
    for entry in entries:
        if entry["key"] in rank and not entry.get("extra", False):
            if seen_extra or rank[entry["key"]] < last:
                return False
            last = rank[entry["key"]]
        else:
            seen_extra = True
    return True


def _with_required_areas(entries: list[dict], category: _Category) -> list[dict]:
    """The entries as the model holds them: every required area present, template areas in template order."""
    present = {e["key"]: e for e in entries}
    missing = [k for k in category.required if k not in present]
    rank = {k: i for i, k in enumerate(category.order)}
    if not missing and _in_template_order(entries, rank):
        return entries
    for key in missing:
        present[key] = {"key": key}
    ordered = [present[k] for k in category.order if k in present]
    seen = {id(e) for e in ordered}
    ordered.extend(e for e in entries if id(e) not in seen)
    return ordered


def _sections(data: dict, layout: tuple[_Category, ...],
              check: _Check) -> list[tuple[str, _Category | None, list, list]]:
    """(key, category or None, entries, evidence) for each section, as the model orders and completes them."""
    by_key: dict[str, tuple[list, list]] = {}
    for section in _list(data.get("sections", [])):
        _fields(section, SECTION_FIELDS)
        key = section.get("key")
        SECTION_KEY(key, check)
        entries = _entries(section.get("entries", []), check)
        evidence = []
        for item in _list(section.get("evidence", []), EVIDENCE_MOST):
            EVIDENCE(item, check)
            if item.get("citation") or item.get("url"):  # the model drops evidence with neither
                evidence.append(item)
        by_key.pop(key, None)  # a repeated section replaces the earlier one, as in the model
        by_key[key] = (entries, evidence)
    out: list[tuple[str, _Category | None, list, list]] = []
    for category in layout:
        entries, evidence = by_key.pop(category.key, ([], []))
        out.append((category.key, category, _with_required_areas(entries, category), evidence))
    out.extend((key, None, entries, evidence) for key, (entries, evidence) in by_key.items())
    return out


def _area_name(category: _Category | None, entry: dict) -> str:
    if category is not None and not entry.get("extra", False):
        name = category.names.get(entry["key"])
        if name is not None:
            return name
    return clean_line(entry.get("name", "")) or entry["key"].replace("_", " ").capitalize()


def read_document(data: dict[str, Any], name: str, mtime_ns: int, size: int, *, strict: bool = True) -> Extract:
    """The extract of a document of this schema version; raises :class:`Unusual` for what only the model
    can judge. ``strict=False`` when the raw file holds nothing :func:`suspect`."""
    check = _Check(strict)
    _fields(data, ASSESSMENT_FIELDS)
    ident = data.get("id")
    ASSESSMENT_ID(ident, check)
    status = data.get("status", "draft")
    if status not in STATUS_LABELS:
        raise Unusual("status")
    edition = data.get("edition")
    if edition is None:
        from ..editions import DEFAULT_EDITION

        edition = DEFAULT_EDITION
    if edition.__class__ is not str:
        raise Unusual("edition")
    version = _int(data, "edition_version", 1, 1)
    _int(data, "revision", 0, 0)
    _time(data.get("created"))
    updated = _time(data.get("updated"))
    header, lead = _header(data.get("header", {}), check)
    check_rest(data, check)
    sections = _sections(data, _layout(edition, version), check)

    title = clean_line(header.get("title", ""))
    texts: list[tuple[str, str]] = [("Id", ident), ("Status", STATUS_LABELS[status])]
    if title:
        texts.append(("Title", title))
    _walk({k: v for k, v in header.items() if k != "title"}, "Details", texts)
    _walk({k: v for k, v in data.items() if k != "header" and k != "sections"}, "", texts)
    areas: list[tuple] = []
    done = 0
    for key, category, entries, evidence in sections:
        cat_title = category.title if category is not None else key
        for entry in entries:
            area_name = _area_name(category, entry)
            state = entry.get("status", "not_assessed")
            done += state != "not_assessed"
            areas.append((key, cat_title, entry["key"], area_name, state,
                          *_area(entry, f"{cat_title} › {area_name}", texts, check)))
        for item in evidence:
            _walk(item, f"{cat_title} › Evidence", texts)
    directorate = clean_line(header.get("directorate", ""))
    row = {"id": ident, "title": title or "(untitled)", "status": status, "status_label": STATUS_LABELS[status],
           "lead": lead, "lead_fold": lead.casefold(), "updated": updated.astimezone(timezone.utc).isoformat(),
           "done": done, "total": len(areas), "edition": edition, "directorate": directorate,
           "directorate_fold": directorate.strip().casefold(), "reason": None, "details": None,
           "title_fold": (title or "(untitled)").casefold()}
    return Extract(name, mtime_ns, size, True, row, areas, texts)
