"""The store interface every backend implements.

A backend is chosen by location: a folder path is a :class:`~cia.store.folder.FolderStore`, a
``postgresql://`` URL the PostgreSQL store. ``Store(location)`` returns the right one, so callers never
name a backend. Nothing here imports pydantic. The plain records the interface hands out are in
:mod:`cia.store.records` (and importable from here too).
"""

from __future__ import annotations

import abc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .errors import NotFoundError, StoreError
from .records import AreaStat, Filters, Listing, LockInfo, Match, Notices, Problem, RevisionInfo, Summary
from .recovery import LocalRecovery

__all__ = ["AreaStat", "HISTORY_KEEP", "KEPT_FOREVER_STATUSES", "Filters", "Listing", "LockInfo", "Match", "Notices",
           "Problem", "RevisionInfo", "Store", "Summary", "backend_class"]

if TYPE_CHECKING:
    from ..model import Assessment

KEPT_FOREVER_STATUSES = frozenset({"in_review", "approved", "signed_off"})
"""Revisions saved with one of these statuses are never pruned from the history."""
HISTORY_KEEP = 200
"""How many of the most recent revisions the history keeps (besides those kept for ever)."""


def backend_class(location: str | os.PathLike[str]) -> type[Store]:
    """The backend for a location: ``postgresql://`` URLs go to the PostgreSQL store, anything else is a folder."""
    text = os.fspath(location)
    if isinstance(text, str) and text.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # imported only when used: it needs psycopg

        return PostgresStore
    from .folder import FolderStore

    return FolderStore


class Store(LocalRecovery):
    """Where assessments live. ``Store(location)`` opens the backend for that location."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Store:
        if cls is Store:
            location = args[0] if args else kwargs.get("location", kwargs.get("root"))
            if location is None:
                raise TypeError("Store() needs a location: a folder or a postgresql:// URL")
            cls = backend_class(location)
        return super().__new__(cls)

    notices: Notices

    # --- where ----------------------------------------------------------------------------------

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """The folder or URL, as shown to the user (never with a password)."""

    @abc.abstractmethod
    def describe(self, assessment_id: str) -> str:
        """Where one assessment lives, for messages (a file path, or the database and id)."""

    def check_available(self) -> None:
        """Raise :class:`NotFoundError` or :class:`StoreError` if the store cannot be reached at all."""

    # --- reading --------------------------------------------------------------------------------

    @abc.abstractmethod
    def list(self, filters: Filters | None = None) -> Listing:
        """Every assessment's summary matching ``filters``, newest first, and everything that cannot be read.

        With ``filters.search``, each summary carries its :class:`Match` es, best first.
        """

    def area_stats(self, filters: Filters | None = None, *, with_impact: bool = False) -> list[AreaStat]:
        """Every area of every assessment matching ``filters``: its status and counts of benefits, risks,
        unmitigated risks and high-rated risks (what ``cia impacts`` adds up across assessments).
        ``with_impact``: only areas assessed with at least one benefit or risk.

        Backends with an index answer from it; this default reads each assessment.
        """
        from .extract import areas_of

        wanted = {s.id for s in self.list(filters).items} if filters and filters.any else None
        directorate = (filters.directorate.casefold() if filters else "").strip()
        out: list[AreaStat] = []
        for assessment_id in sorted(self.ids()):
            if wanted is not None and assessment_id not in wanted:
                continue
            try:
                a = self.load(assessment_id)
            except StoreError:
                continue
            if directorate and a.header.directorate.strip().casefold() != directorate:
                continue
            out.extend(s for s in (AreaStat(a.id, *row) for row in areas_of(a))
                       if not with_impact or s.has_impact)
        return out

    def matches(self, assessment_id: str, search: str) -> tuple[Match, ...]:
        """Where one assessment matches a search (for a list that fetched its page without them)."""
        for summary in self.list(Filters(search=search)).items:
            if summary.id == assessment_id:
                return summary.matches
        return ()

    @abc.abstractmethod
    def ids(self) -> list[str]:
        """Every assessment id in the store."""

    def resolve_id(self, ref: str) -> str:
        """An exact id, or a unique prefix of one."""
        ref = ref.strip()
        if not ref:
            raise NotFoundError("no assessment id given")
        if "/" not in ref and "\\" not in ref and self.exists(ref):
            return ref
        matches = [i for i in self.ids() if i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"no assessment {ref!r} in {self.location}")
        raise NotFoundError(f"{ref!r} matches {len(matches)} assessments ({', '.join(sorted(matches)[:5])}); "
                            "give more of the id")

    @abc.abstractmethod
    def load(self, ref: str) -> Assessment:
        """The assessment with this id (or unique prefix); raises NotFoundError or AssessmentFileError."""

    @abc.abstractmethod
    def exists(self, assessment_id: str) -> bool: ...

    @abc.abstractmethod
    def disk_revision(self, assessment_id: str) -> int | None:
        """The stored revision, None if there is none or it cannot be read."""

    # --- writing --------------------------------------------------------------------------------

    @abc.abstractmethod
    def save(self, assessment: Assessment, *, force: bool = False, touch: bool = True) -> object:
        """Store an assessment and bump its revision; returns where it went (a path for the folder store).

        Raises :class:`ConflictError` (storing nothing) when the stored revision is later than the one
        this copy was loaded at, unless ``force``; a forced save still moves past every stored revision.
        The revision replaced is kept in the history. On success ``assessment.revision`` and
        ``assessment.updated`` are the stored ones and its recovery copy is cleared.
        """

    def create(self, assessment: Assessment) -> object:
        if self.exists(assessment.id):
            raise StoreError(f"an assessment with id {assessment.id} already exists in {self.location}")
        return self.save(assessment)

    def import_file(self, source: Path, *, new_id_on_clash: bool = False, replace: bool = False) -> Assessment:
        """Copy an assessment file into the store, validating it first; the source is never changed.

        If the store already holds an assessment with the same id: with ``new_id_on_clash`` the file is
        imported as a copy under a new id; with ``replace`` it replaces the stored one (an edited
        ``export-json``), unless the stored one was saved again after the file was exported, which raises
        :class:`ConflictError`.
        """
        from ..model import new_id
        from .format import read_file

        source = Path(source)
        if not source.exists() and not source.is_symlink():
            raise StoreError(f"cannot import {source}: there is no such file")
        assessment = read_file(source)
        if self.exists(assessment.id):
            if replace:
                self.save(assessment)  # conflict-checked against the revision the file was exported at
                return assessment
            if not new_id_on_clash:
                raise StoreError(
                    f"{source.name}: the store already holds assessment {assessment.id}; "
                    "use --replace to update it from this file, or --new-id to import it as a copy"
                )
            assessment.id = new_id()
        assessment.revision = max(assessment.revision - 1, 0)
        self.save(assessment, force=True, touch=False)
        return assessment

    def duplicate(self, ref: str) -> Assessment:
        """A fresh copy of an assessment (:meth:`Assessment.fresh_copy`), saved as a new one."""
        original = self.load(ref)
        copy = original.fresh_copy(f"Copy of {original.title}" if original.title else "Copy")
        self.save(copy)
        return copy

    @abc.abstractmethod
    def delete(self, ref: str) -> str:
        """Move an assessment to the trash; returns where it went, for the message."""

    # --- history --------------------------------------------------------------------------------

    @abc.abstractmethod
    def history(self, assessment_id: str) -> list[RevisionInfo]:
        """Every kept revision, oldest first, the current one last (``current=True``).

        Every save keeps the revision it replaces; the last :data:`HISTORY_KEEP` are kept, and every
        revision saved as in review, approved or signed off is kept for ever.
        """

    @abc.abstractmethod
    def load_revision(self, assessment_id: str, revision: int) -> Assessment:
        """A kept revision (the current one included); NotFoundError if it was not kept."""

    @abc.abstractmethod
    def put_copy(self, current: Assessment, history: list[Assessment]) -> None:
        """Store an assessment copied from another store exactly as it is (``cia store copy``).

        ``history`` are its earlier kept revisions; revisions and times are kept unchanged, so the copy
        exports byte for byte the same. Refused with :class:`ConflictError` if this store already holds
        the assessment.
        """

    # --- open-locks: who has an assessment open for editing -------------------------------------------

    @abc.abstractmethod
    def acquire_lock(self, assessment_id: str) -> LockInfo | None:
        """Take the open-lock; returns the other holder instead (taking nothing) if someone else has it.

        Exactly one of several processes gets it; it is released when its holder releases it or dies.
        """

    @abc.abstractmethod
    def lock_holder(self, assessment_id: str) -> LockInfo | None:
        """Who else holds the open-lock, if anyone (our own lock is not reported)."""

    @abc.abstractmethod
    def release_lock(self, assessment_id: str) -> None:
        """Release our open-lock (someone else's is left alone)."""

    # --- live events ----------------------------------------------------------------------------

    def subscribe(self, callback: Callable[[Any], None]) -> Callable[[], None] | None:
        """Have ``callback`` called (from another thread) when anyone saves or deletes in this store, and
        when the store becomes unreachable or is back; returns a function that stops it. None when the
        backend cannot tell (the folder store)."""
        return None

    # --- the council's template editions ------------------------------------------------------------

    @property
    def editions_where(self) -> str:
        """Where this store keeps the council's own template editions, for messages."""
        return self.location

    def edition_files(self) -> list[tuple[str, str | None]]:
        """(name, TOML text) of each council edition kept with this store; the text is None for one that
        cannot be read. A folder store's are the files in ``<store>/templates/`` (the edition registry
        reads that folder itself); a database store's are rows of a table."""
        return []

    def put_edition(self, ident: str, version: int, title: str, extends: str, text: str) -> str:
        """Keep a checked council edition with this store, never over a version it already keeps; returns
        where it went. StoreError says why not (nothing is kept then)."""
        raise StoreError(f"{self.location} cannot keep template editions")

    # --- lifetime -------------------------------------------------------------------------------

    def take_notices(self) -> list[str]:
        """Messages for the user that are not errors, each given once."""
        return self.notices.take()

    def close(self) -> None:
        """Release every lock held and every connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
