"""The plain records the store hands out: listing lines, search matches, unreadable files, locks, revisions,
the filters a listing takes, and the notices a store gives.

Named tuples (immutable, compared by value): ``dataclasses`` would cost a listing more time than it takes to
answer. Nothing here imports pydantic: listing answers from records, not models.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple


class Match(NamedTuple):
    """Where a search matched: category › area › field, and the text with the matched words marked.

    ``snippet`` marks each matched word as ``[[word]]``; :meth:`parts` splits it for highlighting.
    """

    where: str
    snippet: str

    def parts(self) -> list[tuple[str, bool]]:
        """(text, is_match) pieces of the snippet."""
        out: list[tuple[str, bool]] = []
        rest = self.snippet
        while rest:
            start = rest.find("[[")
            end = rest.find("]]", start + 2) if start >= 0 else -1
            if start < 0 or end < 0:
                out.append((rest, False))
                break
            if start:
                out.append((rest[:start], False))
            out.append((rest[start + 2:end], True))
            rest = rest[end + 2:]
        return out

    def plain(self) -> str:
        return "".join(text for text, _ in self.parts())


class Summary(NamedTuple):
    """One line of the store listing."""

    id: str
    title: str
    status: str
    lead: str
    updated: datetime
    done: int
    total: int
    path: Path | None
    edition: str
    status_label: str = ""
    matches: tuple[Match, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "title": self.title, "status": self.status, "lead": self.lead,
            "updated": self.updated.isoformat(), "done": self.done, "total": self.total, "edition": self.edition,
            "path": str(self.path) if self.path is not None else None,
        }
        if self.matches:
            data["matches"] = [{"where": m.where, "text": m.plain(), "snippet": m.snippet} for m in self.matches]
        return data


class Problem(NamedTuple):
    """A file in the store that could not be read."""

    path: Path
    reason: str
    details: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return f"{self.path.name}: {self.reason}"


class Listing(NamedTuple):
    items: list[Summary]
    problems: list[Problem]
    total: int | None = None
    """How many matched before ``Filters.limit``; None means ``len(items)``."""

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total


class AreaStat(NamedTuple):
    """One area of one assessment, as ``cia impacts`` counts them."""

    assessment_id: str
    category: str
    category_title: str
    area: str
    area_name: str
    status: str
    benefits: int
    risks: int
    unmitigated: int
    high: int

    @property
    def has_impact(self) -> bool:
        """Assessed, with at least one benefit or risk: the proposal assesses an impact here."""
        return self.status == "assessed" and bool(self.benefits or self.risks)


class LockInfo(NamedTuple):
    """Who has an assessment open for editing."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"{self.user} on {self.host} (since {self.since})"


class RevisionInfo(NamedTuple):
    """One kept revision of an assessment."""

    revision: int
    status: str
    updated: datetime | None
    current: bool = False


class Filters(NamedTuple):
    """What ``list`` narrows to. Empty fields do not filter."""

    search: str = ""
    status: str = ""
    statuses: tuple[str, ...] = ()
    """Any of these statuses (with ``status``, both must hold)."""
    lead: str = ""
    edition: str = ""
    directorate: str = ""
    """The header's directorate, compared without regard to case."""
    updated_since: datetime | None = None
    limit: int | None = None
    """Return at most this many (``Listing.total`` still counts them all)."""
    offset: int = 0
    """Skip this many of the first (a later page of the same order; with ``limit``)."""
    rescan: bool = False
    """Compare every file with the index even if the folder looks unchanged (folder store)."""
    with_matches: bool = True
    """With ``search``: also say where each listed assessment matched (see :meth:`Store.matches`)."""
    refresh: bool = True
    """Bring the index up to date first; False answers from it as it is (a search box, per keystroke)."""

    @property
    def any(self) -> bool:
        return bool(self.search or self.status or self.statuses or self.lead or self.edition or self.updated_since
                    or self.directorate)


class Notices:
    """Things the user should be told that are not errors (a file kept aside, locks unsupported).

    Each message is given once; callers drain them with :meth:`Store.take_notices` and show them.
    """

    def __init__(self) -> None:
        self.pending: list[str] = []
        self.given: set[str] = set()

    def add(self, message: str, *, once: bool = False) -> None:
        if once:
            if message in self.given:
                return
            self.given.add(message)
        self.pending.append(message)

    def take(self) -> list[str]:
        out, self.pending = self.pending, []
        return out
