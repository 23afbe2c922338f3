"""History and differences, in a reviewer's words.

:func:`revisions` lists the kept revisions of an assessment with who did what (from the audit trail);
:func:`resolve` turns ``3``, ``submitted``, ``approved``, ``signed`` or ``current`` into a revision number;
:func:`diff` says what changed between two versions, field by field::

    Disability · risks: added "Reduced access to …"
    Summary: changed (3 sentences)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import AREA_STATUS_LABELS, RATING_LABELS, STATUS_LABELS, Assessment, TrailEvent
from .text import shorten

if TYPE_CHECKING:
    from .store import Store

QUOTE = 60
"""Characters of a point quoted in a difference."""

NAMED = {"submitted": "submit", "approved": "approve", "signed": "signoff", "signed_off": "signoff"}
ACTION_WORDS = {
    "submit": "submitted for review", "return": "returned with changes requested", "approve": "approved",
    "signoff": "signed off", "reopen": "reopened", "edit": "edited after approval (back to draft)",
    "record_signoff": "sign-off recorded", "create": "created",
    "migrate": "moved to another template version", "screen": "screened",
}


class HistoryError(ValueError):
    """A revision that cannot be found or named; the message says which ones there are."""


@dataclass(frozen=True)
class Revision:
    number: int
    status: str
    saved: str
    """When it was saved, as text."""
    events: tuple[TrailEvent, ...]
    current: bool = False
    saved_by: str = ""

    def describe(self) -> str:
        if not self.events:
            return f"saved by {self.saved_by}" if self.saved_by else "saved"
        parts = []
        for e in self.events:
            words = ACTION_WORDS.get(e.action, e.action)
            who = e.by.display()
            note = f": {shorten(e.note, 60)}" if e.note else ""
            parts.append(f"{words} by {who}{note}")
        return "; ".join(parts)


def _when(dt) -> str:
    return dt.strftime("%d %b %Y %H:%M").lstrip("0") if dt else ""


def revisions(store: Store, assessment_id: str) -> list[Revision]:
    """Every kept revision, oldest first, each with the trail events recorded against it."""
    current = store.load(assessment_id)
    by_revision: dict[int, list[TrailEvent]] = {}
    for e in current.trail:
        by_revision.setdefault(e.revision, []).append(e)
    from .store import StoreError

    out = []
    for info in store.history(current.id):
        events = tuple(by_revision.get(info.revision, ()))
        who = ""
        if not events:
            try:
                saved = current if info.current else store.load_revision(current.id, info.revision)
                who = saved.saved_by.display() if saved.saved_by else ""
            except (StoreError, OSError, ValueError):  # a kept revision that cannot be read is still listed
                who = ""
        out.append(Revision(info.revision, info.status, _when(info.updated), events, info.current, who))
    return out


def resolve(store: Store, assessment_id: str, ref: str | None, *, default: str = "current",
            before: int | None = None) -> int:
    """The revision number a reference names: a number, ``current``, or the revision last ``submitted``,
    ``approved`` or ``signed`` off; ``last`` is whichever of those came last before revision ``before``
    (the version a reviewer last saw)."""
    ref = (ref or default).strip().lower()
    current = store.load(assessment_id)
    kept = {info.revision for info in store.history(current.id)}
    if ref.isdigit():
        n = int(ref)
        if n not in kept:
            shown = ", ".join(str(k) for k in sorted(kept)[-12:])
            raise HistoryError(f"revision {n} of {current.id} was not kept (kept: {shown})")
        return n
    if ref == "current":
        return current.revision
    if ref == "last":
        limit = before if before is not None else current.revision + 1
        event = next((e for e in reversed(current.trail)
                      if e.action in ("submit", "approve", "signoff") and e.revision < limit), None)
        if event is None:
            raise HistoryError(f"{current.id} has never been submitted, approved or signed off; give revision "
                               "numbers (cia history ID lists them)")
    elif ref in NAMED:
        event = next((e for e in reversed(current.trail) if e.action == NAMED[ref]), None)
        if event is None:
            raise HistoryError(f"{current.id} has never been {ref.replace('_', ' ')}")
    else:
        raise HistoryError(f"{ref!r} is not a revision: give a number, current, submitted, approved or signed")
    if event.revision not in kept:
        raise HistoryError(f"the revision {ref} ({event.revision}) was not kept")
    return event.revision


# --- differences ------------------------------------------------------------------------------------------


def _q(text: str) -> str:
    return f"\"{shorten(' '.join(text.split()), QUOTE)}\""


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _prose(label: str, old: str, new: str) -> list[str]:
    if old == new:
        return []
    if not old:
        return [f"{label}: written ({len(_sentences(new))} sentence{'s' if len(_sentences(new)) != 1 else ''})"]
    if not new:
        return [f"{label}: removed"]
    a, b = _sentences(old), _sentences(new)
    changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in
                  difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op != "equal")
    if changed == 0:
        return [f"{label}: changed (layout only)"]
    return [f"{label}: changed ({changed} sentence{'s' if changed != 1 else ''})"]


def _points(label: str, old: list[str], new: list[str]) -> list[str]:
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            out += [f"{label}: changed {_q(o)} to {_q(n)}" for o, n in zip(old[i1:i2], new[j1:j2])]
            continue
        out += [f"{label}: removed {_q(o)}" for o in old[i1:i2] if o not in new]
        out += [f"{label}: added {_q(n)}" for n in new[j1:j2] if n not in old]
    if not out and old != new:
        out.append(f"{label}: reordered")
    return out


def _line(label: str, old: str, new: str) -> list[str]:
    if old == new:
        return []
    if not old:
        return [f"{label}: set to {_q(new)}"]
    if not new:
        return [f"{label}: cleared (was {_q(old)})"]
    return [f"{label}: changed from {_q(old)} to {_q(new)}"]


def _header(old: Assessment, new: Assessment) -> list[str]:
    labels = new.template.labels
    out: list[str] = []
    oh, nh = old.header, new.header
    for field in ("title", "author", "date_completed", "decision", "directorate"):
        out += _line(f"Details · {labels.get(field, field)}", getattr(oh, field), getattr(nh, field))
    out += _line(f"Details · {labels.get('sponsor', 'Sponsor')}", oh.sponsor.display(), nh.sponsor.display())
    out += _points(f"Details · {labels.get('leads', 'Leads')}", [p.display() for p in oh.leads],
                   [p.display() for p in nh.leads])
    if oh.engagement.took_place != nh.engagement.took_place:
        word = {None: "not stated", True: "yes", False: "no"}
        out.append(f"Details · Engagement: {word[oh.engagement.took_place]} → {word[nh.engagement.took_place]}")
    out += _prose("Details · Engagement details", oh.engagement.details, nh.engagement.details)
    return out


def _risk_meta(label: str, old, new) -> list[str]:
    """Rating, owner, date and flag of risks present in both versions (matched by id)."""
    out = []
    before = {r.id: r for r in old.risks}
    for r in new.risks:
        o = before.get(r.id)
        if o is None:
            continue
        changes = []
        if o.rating != r.rating:
            changes.append(f"rating {RATING_LABELS[o.rating]} → {RATING_LABELS[r.rating]}")
        if o.owner != r.owner:
            changes.append(f"owner {_q(r.owner)}" if r.owner else "owner removed")
        if o.due != r.due:
            changes.append(f"target date {_q(r.due)}" if r.due else "target date removed")
        if o.key != r.key:
            changes.append("flagged as a key risk" if r.key else "no longer a key risk")
        if changes:
            out.append(f"{label} · risk {_q(r.text)}: " + "; ".join(changes))
    risk_text = {r.id: r.text for r in new.risks}
    old_links = {m.text: set(m.answers) for m in old.mitigations}
    for m in new.mitigations:
        if m.text in old_links and set(m.answers) != old_links[m.text]:
            answered = [_q(risk_text[i]) for i in m.answers if i in risk_text]
            out.append(f"{label} · mitigation {_q(m.text)}: now answers "
                       + (", ".join(answered) if answered else "no particular risk"))
    return out


def _areas(old: Assessment, new: Assessment) -> list[str]:
    out: list[str] = []
    for section in new.sections:
        category = new.category(section.key)
        title = category.short_title if category else section.key
        try:
            before = old.section(section.key)
        except KeyError:
            before = None
        old_entries = {e.key: e for e in before.entries} if before else {}
        for entry in section.entries:
            name = new.area_name(section.key, entry)
            o = old_entries.pop(entry.key, None)
            if o is None:
                out.append(f"{title} · {name}: area added")
                o = type(entry)(key=entry.key)
            if o.status != entry.status:
                out.append(f"{name} · status: {AREA_STATUS_LABELS[o.status]} → {AREA_STATUS_LABELS[entry.status]}")
            out += _prose(f"{name} · N/A reason", o.na_reason, entry.na_reason)
            for field in ("groups", "benefits", "risks", "mitigations"):
                out += _points(f"{name} · {field}", o.points(field), entry.points(field))  # type: ignore[arg-type]
            for field in ("benefits", "risks", "mitigations"):
                if o.first_row.get(field) != entry.first_row.get(field):
                    state = "now refers" if entry.first_row.get(field) else "no longer refers"
                    out.append(f"{name} · {field}: {state} to the first row")
            out += _risk_meta(name, o, entry)
        for gone in old_entries.values():
            out.append(f"{title} · {old.area_name(section.key, gone)}: area removed")
        old_evidence = [f"{i.citation} {i.url}".strip() for i in before.evidence] if before else []
        out += _points(f"{title} · evidence", old_evidence, [f"{i.citation} {i.url}".strip() for i in section.evidence])
    return out


def diff(old: Assessment, new: Assessment) -> list[str]:
    """What changed from ``old`` to ``new``, one line per change, in document order."""
    out: list[str] = []
    if old.status != new.status:
        out.append(f"Status: {STATUS_LABELS[old.status]} → {STATUS_LABELS[new.status]}")
    out += _header(old, new)
    out += _prose("Introduction", old.introduction, new.introduction)
    out += _prose("Summary", old.summary, new.summary)
    out += _points("Key mitigations", old.key_mitigations, new.key_mitigations)
    out += _areas(old, new)
    out += _prose("Executive summary", old.executive_summary, new.executive_summary)
    added = [s for s in new.signoffs if s not in old.signoffs]
    removed = [s for s in old.signoffs if s not in new.signoffs]
    out += [f"Sign-off: recorded by {s.name}" + (f" ({s.role})" if s.role else "")
            + (f", {s.decision}" if s.decision else "") for s in added]
    out += [f"Sign-off: {s.name} removed" for s in removed]
    old_comments = {c.n: c for c in old.comments}
    new_c = [c for c in new.comments if c.n not in old_comments]
    resolved = [c for c in new.comments if c.resolved and not (c.n in old_comments and old_comments[c.n].resolved)]
    if new_c:
        out.append(f"Comments: {len(new_c)} added")
    if resolved:
        out.append(f"Comments: {len(resolved)} resolved")
    return out
