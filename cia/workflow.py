"""The review workflow, as one table: the statuses, the actions between them, who may take each, what must hold,
and what is said — plus the one place every save passes through (:func:`check_edit`), which keeps a signed-off
assessment read-only and returns an edited approved one to draft.

    draft ──submit──▶ in review ──approve──▶ approved ──signoff──▶ signed off
      ▲                  │  ▲                   │                      │
      │               return│  │submit            │ (edited)             │
      │                  ▼  │                   ▼                      │
      │          changes requested            draft ◀───reopen─────────┘

Every action appends a :class:`~cia.model.TrailEvent` (who, role, when, from, to, note, revision) to the
assessment's audit trail. A refusal raises :class:`Refused` with one plain message naming the rule; the
assessment is left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import APPROVED_STATUSES, STATUS_LABELS, Actor, Assessment, SignOff, TrailEvent, now
from .refused import Refused  # re-exported: cia.workflow.Refused

Rule = Callable[[Assessment, Actor, str], "str | None"]
"""A condition of an action: ``None`` when it holds, else the refusal's message."""


# --- the conditions ---------------------------------------------------------------------------------------


def readiness_errors(a: Assessment) -> list[str]:
    from .checks import check

    return [f"{f.where}: {f.message}" for f in check(a) if f.is_error]


def placeholders(a: Assessment) -> list[str]:
    """Where an exported document would print a placeholder ("Not given", "Not yet written", "Not yet
    assessed") instead of what the author wrote. A screened-out assessment's document is its screening
    record, which prints only what was recorded."""
    from .screening import not_needed

    if not_needed(a):
        return []
    out: list[str] = []
    labels = a.template.labels
    filled = a.header.filled()
    for name in a.template.required_header:
        if not filled[name]:
            out.append(f"Details › {labels.get(name, name)}: would print \"Not given\"")
    if a.template.front_sections or a.introduction or a.summary or a.key_mitigations:
        for field, title in (("introduction", "Introduction"), ("summary", "Summary of assessment"),
                             ("key_mitigations", "Summary of key mitigations / recommendations")):
            if not getattr(a, field):
                out.append(f"{title}: would print \"Not yet written\"")
    for section in a.sections:
        category = a.category(section.key)
        if category is None:
            continue
        for entry in section.entries:
            if entry.status == "not_assessed":
                out.append(f"{category.short_title} › {a.area_name(section.key, entry)}: "
                           "would print \"Not yet assessed\"")
    return out


def _listed(intro: str, items: list[str], limit: int = 12) -> str:
    shown = "\n".join(f"  - {item}" for item in items[:limit])
    more = f"\n  … and {len(items) - limit} more" if len(items) > limit else ""
    return f"{intro}\n{shown}{more}"


def _ready(a: Assessment, actor: Actor, note: str) -> str | None:
    errors = readiness_errors(a)
    if errors:
        n = len(errors)
        return _listed(f"{n} readiness error{'s' if n != 1 else ''} remain{'s' if n == 1 else ''} "
                       f"(the Review step and cia check {a.id} list them); fix them first:", errors)
    return None


def _no_placeholders(a: Assessment, actor: Actor, note: str) -> str | None:
    found = placeholders(a)
    if found:
        return _listed("an approved document never prints a placeholder, and these would appear:", found)
    return None


def _open_comment(a: Assessment, actor: Actor, note: str) -> str | None:
    if not any(c.is_open for c in a.comments):
        return ("returning needs at least one open comment saying what to change "
                "(cia comment ID LOCATION \"…\").")
    return None


def _not_submitter(a: Assessment, actor: Actor, note: str) -> str | None:
    submitted = last_event(a, "submit")
    if submitted is not None and same_person(submitted.by, actor):
        return (f"you ({actor.name}) submitted this assessment; the person who submitted cannot approve "
                "their own submission. Someone else must approve it.")
    return None


def _signed(a: Assessment, actor: Actor, note: str) -> str | None:
    if not current_signoffs(a):
        return ("closing it needs at least one recorded sign-off "
                "(cia signoff ID --name \"…\" --role \"…\" --decision Approved).")
    return None


def _reason(a: Assessment, actor: Actor, note: str) -> str | None:
    if not note.strip():
        return "give the reason for reopening it (--reason \"…\"); it is kept in the audit trail."
    return None


# --- the table --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    """What a button or menu says."""
    sources: tuple[str, ...]
    target: str
    who: str
    """Who may take it, in words (the rules enforce it)."""
    rules: tuple[Rule, ...]
    done: str
    """Said when it is done; ``{title}`` is the assessment's title."""
    description: str


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("submit", "Submit for review", ("draft", "changes_requested"), "in_review",
               "the project lead (anyone drafting it)", (_ready,),
               "{title}: submitted for review.",
               "send it to the commissioning lead; refused while a readiness error remains"),
    Transition("return", "Request changes", ("in_review",), "changes_requested",
               "the reviewer (commissioning lead)", (_open_comment,),
               "{title}: returned to the author with changes requested.",
               "send it back to the author; needs at least one open comment"),
    Transition("approve", "Approve", ("in_review",), "approved",
               "the reviewer, never the person who submitted it", (_not_submitter, _ready, _no_placeholders),
               "{title}: approved (revision {revision}).",
               "approve this revision; not by the person who submitted it"),
    Transition("signoff", "Close as signed off", ("approved",), "signed_off",
               "whoever records the sign-offs", (_signed,),
               "{title}: signed off and closed; it is now read-only.",
               "close an approved assessment with its recorded sign-offs; it becomes read-only"),
    Transition("reopen", "Reopen as a new draft", ("approved", "signed_off"), "draft",
               "anyone, giving a reason", (_reason,),
               "{title}: reopened as a new draft; the signed version is kept in its history.",
               "start a new draft revision of an approved or signed-off assessment"),
)}

REVIEW_ACTIONS = ("submit", "return", "approve", "signoff")
"""The actions of ``cia review ID ACTION`` (reopening is ``cia reopen``)."""


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def same_person(a: Actor, b: Actor) -> bool:
    return bool(a.name) and a.name.casefold() == b.name.casefold()


def last_event(a: Assessment, action: str) -> TrailEvent | None:
    return next((e for e in reversed(a.trail) if e.action == action), None)


def current_signoffs(a: Assessment) -> list[SignOff]:
    """The sign-offs of the current approval (they are cleared when an approved assessment is edited or
    reopened; the trail keeps them)."""
    return list(a.signoffs)


def refusal(a: Assessment, action: str, actor: Actor, note: str = "") -> str | None:
    """Why ``action`` cannot be taken now, as one message; None when it can."""
    t = TRANSITIONS.get(action)
    if t is None:
        return f"there is no action {action!r} (actions: {', '.join(TRANSITIONS)})"
    if a.status not in t.sources:
        allowed = " or ".join(status_label(s).lower() for s in t.sources)
        return (f"cannot {t.label.lower()}: it is {status_label(a.status).lower()}, and this applies only "
                f"when it is {allowed}.")
    for rule in t.rules:
        message = rule(a, actor, note)
        if message:
            return f"cannot {t.label.lower()}: {message}"
    return None


def available(a: Assessment, actor: Actor) -> list[tuple[Transition, str | None]]:
    """Every action that applies to the assessment's status, with the reason it is refused (None: allowed)."""
    return [(t, refusal(a, t.action, actor, "(reason to be given)" if t.action == "reopen" else ""))
            for t in TRANSITIONS.values() if a.status in t.sources]


def apply(a: Assessment, action: str, actor: Actor, note: str = "") -> TrailEvent:
    """Take an action: change the status and append it to the trail. Raises :class:`Refused`, changing nothing."""
    message = refusal(a, action, actor, note)
    if message:
        raise Refused(message)
    t = TRANSITIONS[action]
    warnings: list[str] = []
    if action == "submit":
        from .checks import check

        warnings = [f"{f.where}: {f.message}" for f in check(a) if not f.is_error]
    event = TrailEvent(at=now(), by=actor, action=action, from_status=a.status, to_status=t.target,  # type: ignore[arg-type]
                       revision=a.revision + 1, note=" ".join(note.split()) if action != "reopen" else note.strip(),
                       warnings=warnings)
    a.status = t.target  # type: ignore[assignment]
    a.trail = [*a.trail, event]
    if action == "reopen":
        a.signoffs = []  # they were given to the signed version, which the history and the trail keep
    return event


def done_message(a: Assessment, action: str) -> str:
    return TRANSITIONS[action].done.format(title=a.title or a.id, revision=a.revision)


def record_signoff(a: Assessment, signoff: SignOff, actor: Actor) -> SignOff:
    """Record a sign-off of an approved assessment (``cia signoff``); refused in any other status."""
    if a.status != "approved":
        raise Refused(f"cannot record a sign-off: it is {status_label(a.status).lower()}; sign-offs are recorded "
                      "only on an approved assessment.")
    approved = last_event(a, "approve")
    recorded = signoff.model_copy(update={"recorded_by": actor, "recorded_at": now(),
                                          "revision": approved.revision if approved else a.revision})
    a.signoffs = [*a.signoffs, recorded]
    parts = [p for p in (signoff.name, signoff.role, signoff.date, signoff.decision) if p]
    a.trail = [*a.trail, TrailEvent(at=recorded.recorded_at or now(), by=actor, action="record_signoff",
                                    from_status=a.status, to_status=a.status, revision=a.revision + 1,
                                    note="Sign-off: " + ", ".join(parts))]
    return recorded


# --- the one check every save passes ----------------------------------------------------------------------

_NOT_CONTENT = {"schema_version", "revision", "created", "updated", "status", "trail", "comments", "signoffs",
                "summary_edited", "risks_changed", "saved_by"}


def content(a: Assessment) -> dict:
    """What the assessment says (everything an edit can change), without its review records."""
    return a.model_dump(mode="json", exclude=_NOT_CONTENT)


def _risk_texts(a: Assessment) -> list:
    return [(s.key, e.key, e.points("risks"), e.points("mitigations")) for s in a.sections for e in s.entries]


def signed_off_message(a: Assessment) -> str:
    event = last_event(a, "signoff")
    who = event.by.display() if event else "someone"
    when = event.at.strftime("%d %B %Y at %H:%M UTC").lstrip("0") if event else "an earlier date"
    return (f"{a.title or a.id} was signed off by {who} on {when} and is read-only. To change it, reopen it "
            f"as a new draft: cia reopen {a.id} --reason \"…\" (the signed version is kept).")


def check_edit(old: Assessment | None, new: Assessment) -> None:
    """Called by the store on every save, with the saved version (None for a new file) and the one to write.

    - A signed-off assessment is read-only: any change other than reopening it raises :class:`Refused`.
    - The audit trail is append-only.
    - Editing an approved assessment returns it to draft; the approval stays in the trail against its revision.
    - Stamps when the edited executive summary and the risks or mitigations last changed.
    """
    from . import identity

    stamp = now()
    actor = identity.current()
    new.saved_by = actor if actor.name else None
    if old is None:
        if new.executive_summary and new.summary_edited is None:
            new.summary_edited = stamp
        return
    if new.trail[:len(old.trail)] != old.trail:
        raise Refused("the audit trail of an assessment cannot be changed or shortened; actions are only added.")
    added = new.trail[len(old.trail):]
    changed = content(old) != content(new)
    if old.status == "signed_off":
        reopened = new.status == "draft" and any(e.action == "reopen" for e in added)
        untouched = (not changed and new.status == old.status and not added and new.comments == old.comments
                     and new.signoffs == old.signoffs)
        new.saved_by = old.saved_by
        if not (reopened and not changed) and not untouched:
            raise Refused(signed_off_message(old))
    elif old.status in APPROVED_STATUSES and changed and new.status == old.status:
        new.trail = [*new.trail, TrailEvent(
            at=stamp, by=actor, action="edit", from_status=old.status, to_status="draft",
            revision=max(old.revision, new.revision) + 1,
            note=f"Edited after approval of revision {_approved_revision(old)}; back to draft.")]
        new.status = "draft"
        new.signoffs = []  # given to the approved revision; the trail keeps them
    if new.executive_summary != old.executive_summary:
        new.summary_edited = stamp if new.executive_summary else None
    if _risk_texts(new) != _risk_texts(old):
        new.risks_changed = stamp


CHECKED_FIELDS = ("status", "trail", "signoffs", "summary_edited", "risks_changed", "saved_by")
"""The fields :func:`check_edit` may set on the version being saved."""


def carry_back(assessment: Assessment, saved: Assessment) -> None:
    """After a save, give the caller's copy what :func:`check_edit` set on the saved one (status, trail …)."""
    for name in CHECKED_FIELDS:
        if getattr(assessment, name) != getattr(saved, name):
            setattr(assessment, name, getattr(saved, name))


def merge_checked(memory: Assessment, saved: Assessment) -> None:
    """After a save of a snapshot (on another thread), give the copy being edited what :func:`check_edit` set on
    the snapshot: the stamps, and — where the save added to the trail (an approved one edited back to draft) —
    the new status, sign-offs and trail, keeping any action taken on the edited copy meanwhile."""
    for name in ("summary_edited", "risks_changed", "saved_by"):
        if getattr(memory, name) != getattr(saved, name):
            setattr(memory, name, getattr(saved, name))
    added = [e for e in saved.trail if e not in memory.trail]
    if not added:
        return
    later = [e for e in memory.trail if e not in saved.trail]  # actions taken since the snapshot
    memory.trail = [*saved.trail, *later]
    if not later:
        memory.status = saved.status
        memory.signoffs = saved.signoffs


def _approved_revision(a: Assessment) -> int:
    event = last_event(a, "approve")
    return event.revision if event else a.revision


def summary_is_stale(a: Assessment) -> bool:
    """Whether the edited executive summary was written before the risks or mitigations last changed."""
    return a.summary_is_stale()
