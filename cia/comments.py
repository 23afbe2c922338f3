"""Comments on places in an assessment: add, answer, resolve; and the locations they attach to.

Locations are the ones ``cia check`` prints: ``details/title``, ``front/executive_summary``,
``psed/race``, ``psed/race/risks/1``, ``psed/evidence/2``. Comments are numbered 1, 2, 3 … within an assessment.
Adding, answering and resolving a comment is not an edit of the assessment (it does not return an approved one
to draft), but a signed-off assessment takes no new comments (it is read-only).
"""

from __future__ import annotations

from .checks import DETAILS, FRONT, SIGNOFF
from .model import FIELD_LABELS, Actor, Assessment, Comment, Reply, now

HEADER_FIELDS = ("title", "sponsor", "leads", "author", "date_completed", "decision", "directorate", "engagement")
FRONT_FIELDS = {"introduction": "Introduction", "summary": "Summary of assessment",
                "key_mitigations": "Key mitigations", "executive_summary": "Executive summary"}
AREA_FIELDS = ("groups", "benefits", "risks", "mitigations", "na_reason")


class CommentError(ValueError):
    """A comment that cannot be added or changed; the message says why."""


def _index(part: str, items: int, what: str) -> int:
    if not part.isdigit() or not 1 <= int(part) <= items:
        raise CommentError(f"there is no {what} {part} here (there {'is' if items == 1 else 'are'} {items})")
    return int(part) - 1


def describe(a: Assessment, location: str) -> str:
    """The readable place a location names ("Protected characteristics › Race › Risks › 1"); CommentError if
    there is no such place."""
    parts = [p for p in location.strip().split("/") if p]
    if not parts:
        raise CommentError("give a location, e.g. psed/race/risks/1 (cia check ID prints them)")
    head, rest = parts[0], parts[1:]
    if head == DETAILS:
        if not rest or rest[0] not in HEADER_FIELDS or len(rest) > 2:
            raise CommentError(f"{location!r}: a Details location is details/FIELD ({', '.join(HEADER_FIELDS)})")
        label = a.template.labels.get(rest[0], rest[0].replace("_", " ").capitalize())
        if len(rest) == 2:
            if rest[0] != "leads":
                raise CommentError(f"{location!r}: only details/leads takes a number")
            _index(rest[1], len(a.header.leads), "lead")
            return f"Details › {label} › {rest[1]}"
        return f"Details › {label}"
    if head == FRONT:
        if not rest or rest[0] not in FRONT_FIELDS or len(rest) > 2:
            raise CommentError(f"{location!r}: a front location is front/FIELD ({', '.join(FRONT_FIELDS)})")
        if len(rest) == 2:
            if rest[0] != "key_mitigations":
                raise CommentError(f"{location!r}: only front/key_mitigations takes a number")
            _index(rest[1], len(a.key_mitigations), "key mitigation")
            return f"{FRONT_FIELDS[rest[0]]} › {rest[1]}"
        return FRONT_FIELDS[rest[0]]
    if head == SIGNOFF:
        if rest:
            raise CommentError(f"{location!r}: the sign-off location is just 'signoff'")
        return "Sign-off"
    try:
        section = a.section(head)
    except KeyError:
        keys = ", ".join([DETAILS, FRONT, SIGNOFF] + [s.key for s in a.sections])
        raise CommentError(f"{location!r}: there is no {head!r} in this assessment (start with one of {keys})") \
            from None
    category = a.category(head)
    title = category.short_title if category else head
    if not rest:
        return title
    if rest[0] == "evidence":
        if len(rest) > 2:
            raise CommentError(f"{location!r}: an evidence location is {head}/evidence[/N]")
        if len(rest) == 2:
            _index(rest[1], len(section.evidence), "evidence item")
            return f"{title} › Evidence base › {rest[1]}"
        return f"{title} › Evidence base"
    entry = section.entry(rest[0])
    if entry is None:
        raise CommentError(f"{location!r}: there is no area {rest[0]!r} in {title} "
                           f"(areas: {', '.join(e.key for e in section.entries)})")
    name = f"{title} › {a.area_name(head, entry)}"
    if len(rest) == 1:
        return name
    field = rest[1]
    if field not in AREA_FIELDS or len(rest) > 3:
        raise CommentError(f"{location!r}: an area location is {head}/{entry.key}[/FIELD[/N]] "
                           f"(fields: {', '.join(AREA_FIELDS)})")
    label = FIELD_LABELS.get(field, "N/A reason")
    if len(rest) == 3:
        if field == "na_reason":
            raise CommentError(f"{location!r}: the N/A reason takes no number")
        _index(rest[2], len(entry.points(field)), f"{label.lower()} point")  # type: ignore[arg-type]
        return f"{name} › {label} › {rest[2]}"
    return f"{name} › {label}"


def normalise(location: str) -> str:
    return "/".join(p for p in location.strip().split("/") if p)


def _writable(a: Assessment) -> None:
    if a.status == "signed_off":
        from .workflow import Refused, signed_off_message

        raise Refused(signed_off_message(a))


def add(a: Assessment, location: str, text: str, by: Actor) -> Comment:
    _writable(a)
    describe(a, location)
    text = text.strip()
    if not text:
        raise CommentError("a comment needs some text")
    n = max((c.n for c in a.comments), default=0) + 1
    comment = Comment(n=n, location=normalise(location), text=text, by=by, at=now())
    a.comments = [*a.comments, comment]
    return comment


def get(a: Assessment, n: int) -> Comment:
    for c in a.comments:
        if c.n == n:
            return c
    raise CommentError(f"there is no comment {n} (comments: {', '.join(str(c.n) for c in a.comments) or 'none'})")


def _replace(a: Assessment, updated: Comment) -> None:
    a.comments = [updated if c.n == updated.n else c for c in a.comments]


def reply(a: Assessment, n: int, text: str, by: Actor) -> Comment:
    _writable(a)
    comment = get(a, n)
    text = text.strip()
    if not text:
        raise CommentError("a reply needs some text")
    updated = comment.model_copy(update={"replies": [*comment.replies, Reply(by=by, at=now(), text=text)]})
    _replace(a, updated)
    return updated


def resolve(a: Assessment, n: int, by: Actor, note: str = "") -> Comment:
    _writable(a)
    comment = get(a, n)
    if comment.resolved:
        who = comment.resolved_by.display() if comment.resolved_by else "someone"
        raise CommentError(f"comment {n} is already resolved (by {who})")
    updated = Comment.model_validate({**comment.model_dump(), "resolved": True, "resolved_by": by.model_dump(),
                                      "resolved_at": now(), "resolution": note.strip()})
    _replace(a, updated)
    return updated


def open_comments(a: Assessment, prefix: str | None = None) -> list[Comment]:
    """The open comments, optionally only those at or under a location (``psed/race`` takes its fields)."""
    out = [c for c in a.comments if c.is_open]
    if prefix:
        p = normalise(prefix)
        out = [c for c in out if c.location == p or c.location.startswith(p + "/")]
    return out


def where(a: Assessment, comment: Comment) -> str:
    """The comment's place in words; a place that has since gone is named by its location."""
    try:
        return describe(a, comment.location)
    except CommentError:
        return f"{comment.location} (no longer there)"


def as_location(path: str):
    """The :class:`cia.checks.Location` a comment's location names (for jumping to it and counting per step)."""
    from .checks import Location

    parts = [p for p in path.split("/") if p]
    if not parts:
        return Location(FRONT, field="executive_summary")
    head, rest = parts[0], parts[1:]
    index = int(rest[-1]) - 1 if rest and rest[-1].isdigit() else None
    if index is not None:
        rest = rest[:-1]
    if head in (DETAILS, FRONT, SIGNOFF):
        return Location(head, field=rest[0] if rest else None, index=index)
    if rest and rest[0] == "evidence":
        return Location(head, field="evidence", index=index)
    return Location(head, rest[0] if rest else None, rest[1] if len(rest) > 1 else None, index)
