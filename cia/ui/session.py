"""The open assessment and what happens to it: edits, saves, conflicts and recovery copies.

This module has no Textual imports: a screen owns a :class:`Session`, applies the
edits its widgets report, and decides when to save.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from typing import Any, Callable, Literal

from pydantic import ValidationError

from ..checks import Finding, Location
from ..model import AreaEntry, Assessment, describe_validation_error
from . import fields
from .findings import FindingsCache
from ..store import ConflictError, LockInfo, StoreError, Store
from ..workflow import Refused, merge_checked


@dataclass(frozen=True)
class EditResult:
    changed: bool
    error: str | None = None


@dataclass(frozen=True)
class SaveResult:
    outcome: Literal["saved", "conflict", "error", "clean"]
    message: str = ""
    version: int = 0
    """The session's edit count the save holds."""
    notices: tuple[str, ...] = ()
    """What the store wants the user told about the save (a file it kept aside, locks unsupported)."""

    @property
    def ok(self) -> bool:
        return self.outcome in ("saved", "clean")


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(describe_validation_error(exc, limit=3))


class Session:
    """One assessment open for editing."""

    def __init__(self, store: Store, assessment: Assessment) -> None:
        self.store = store
        self.assessment = assessment
        self.conflict = False
        """True after a save hit someone else's newer version: autosave stops until the user decides."""
        self.recovery_error: str | None = None
        self.version = 0
        """Counts edits; a save or recovery copy records which version it holds."""
        self.saved_version = 0
        self.recovered_version = 0
        self._lock = threading.Lock()
        self._revision = assessment.revision
        self._updated = None
        self._written_version = 0
        self._findings = FindingsCache()
        self._checked: Assessment | None = None
        """The version the last save wrote, as the store's review check left it (status, trail, stamps)."""
        self.approved_edit_ok = False
        """The person agreed that editing this approved assessment returns it to draft."""
        self.approved_edit_waiting: list | None = None
        """Edits made while that question is on screen: made once the person agrees (None: not asked)."""

    # --- reading ----------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.assessment.id

    def entry(self, section_key: str, area_key: str) -> AreaEntry:
        entry = self.assessment.section(section_key).entry(area_key)
        if entry is None:
            raise KeyError(f"{section_key}/{area_key}")
        return entry

    def get(self, location: Location) -> Any:
        return fields.get(self.assessment, location)

    # --- editing ----------------------------------------------------------------------------------

    def set(self, location: Location, value: Any) -> EditResult:
        """Assign a value through the model's validation; a rejected value leaves the model as it was.

        A signed-off assessment is read-only: every edit is refused (reopen it first)."""
        if self.assessment.status == "signed_off":
            from ..workflow import signed_off_message

            return EditResult(False, signed_off_message(self.assessment))
        try:
            old = copy.deepcopy(fields.get(self.assessment, location))
        except (KeyError, AttributeError) as exc:
            return EditResult(False, f"Nothing to edit at {location.path} ({exc}).")
        try:
            fields.assign(self.assessment, location, value)
        except ValidationError as exc:
            return EditResult(False, _validation_message(exc))
        if fields.get(self.assessment, location) == old:
            return EditResult(False)
        self.changed(location)
        return EditResult(True)

    def would_change(self, location: Location, value: Any) -> bool:
        """Whether setting ``value`` at ``location`` would change the assessment (point lists compared by text)."""
        from ..text import clean_block

        try:
            current = fields.get(self.assessment, location)
        except (KeyError, AttributeError):
            return True
        if location.area and location.field in fields.POINT_FIELDS and isinstance(value, list):
            entry = self.entry(location.section, location.area)
            texts = [clean_block(v) for v in value if isinstance(v, str)]
            return entry.points(location.field) != [t for t in texts if t]  # type: ignore[arg-type]
        if isinstance(current, str) and isinstance(value, str):
            return current.strip() != value.strip()
        if isinstance(current, list) and isinstance(value, list) and current and \
                all(isinstance(c, type(current[0])) and hasattr(c, "model_validate") for c in current):
            kind = type(current[0])  # records (leads …) come back from the fields as dicts: compare them as records
            try:
                value = [kind.model_validate(v) if isinstance(v, dict) else v for v in value]
            except ValidationError:
                return True
        return current != value

    def changed(self, location: Location | None = None) -> None:
        """Note that the assessment changed, at ``location`` (None: anywhere). Every edit goes through here."""
        self.version += 1
        self._findings.forget(self.assessment, location)

    def findings(self) -> list[Finding]:
        """The readiness findings as the assessment now is (areas not edited since are not checked again)."""
        return self._findings.check(self.assessment)

    def mutate(self, change: Callable[[Assessment], object]) -> tuple[object, str | None]:
        """Run a structural change (add an area, …); returns (result, error message)."""
        try:
            result = change(self.assessment)
        except ValidationError as exc:
            return None, _validation_message(exc)
        except (ValueError, KeyError) as exc:
            return None, str(exc).strip("'\"")
        self.changed()
        return result, None

    # --- saving -----------------------------------------------------------------------------------
    #
    # A save or a recovery copy may run on a worker thread: it works on a snapshot taken on the UI thread
    # (``save_job`` / ``recovery_job``), and ``finish_save`` applies the outcome back on the UI thread.
    # ``_lock`` keeps saves and recovery copies one at a time, so a save never races another save and a
    # recovery copy never lands after the save that made it stale.

    @property
    def dirty(self) -> bool:
        """Whether there are edits no save has written yet."""
        return self.version != self.saved_version

    @dirty.setter
    def dirty(self, value: bool) -> None:
        if value:
            self.changed()
        else:
            self.saved_version = self.version

    def _snapshot(self) -> str:
        return self.assessment.model_dump_json()

    def _save_locked(self, candidate: Assessment, version: int, force: bool) -> SaveResult:
        with self._lock:
            candidate.revision = max(candidate.revision, self._revision)
            try:
                path = self.store.save(candidate, force=force)
            except ConflictError as exc:
                return SaveResult("conflict", str(exc), version)
            except ValidationError as exc:
                return SaveResult("error", f"Could not save: {_validation_message(exc)}", version)
            except Refused as exc:
                return SaveResult("error", f"Not saved: {exc}", version)
            except (StoreError, OSError) as exc:
                return SaveResult("error", f"Could not save {self.store.describe(self.id)}: {exc}", version)
            self._revision = candidate.revision
            self._updated = candidate.updated
            self._written_version = max(self._written_version, version)
            self._checked = candidate
            notices = tuple(self.store.take_notices())
        return SaveResult("saved", str(path), version, notices)

    def save(self, *, force: bool = False) -> SaveResult:
        """Save now, on this thread."""
        if not self.dirty and not force:
            return SaveResult("clean")
        result = self._save_locked(self.assessment, self.version, force)
        self.finish_save(result)
        return result

    def save_job(self) -> Callable[[], SaveResult] | None:
        """A save of the assessment as it is now, to run on any thread; None when there is nothing to save."""
        if not self.dirty or self.conflict:
            return None
        version, payload = self.version, self._snapshot()
        return lambda: self._save_locked(Assessment.model_validate_json(payload), version, False)

    def finish_save(self, result: SaveResult) -> None:
        """Apply a save's outcome (on the UI thread)."""
        if result.outcome == "saved":
            self.assessment.revision = max(self.assessment.revision, self._revision)
            if self._updated is not None:
                self.assessment.updated = self._updated
            if self._checked is not None and self._checked is not self.assessment:
                merge_checked(self.assessment, self._checked)  # e.g. an edited approved one is a draft again
            self._checked = None
            self.saved_version = max(self.saved_version, result.version)
            self.recovered_version = max(self.recovered_version, result.version)
            self.conflict = False
        elif result.outcome == "conflict":
            self.conflict = True

    def save_as_copy(self) -> SaveResult:
        """Save this version under a new id (after a conflict), and carry on editing the copy."""
        original_id = self.id
        title = self.assessment.title or "Untitled"
        try:
            duplicate = self.assessment.fresh_copy(f"{title} (my copy)", keep_review=True)
        except ValidationError as exc:
            return SaveResult("error", f"Could not save a copy: {_validation_message(exc)}")
        with self._lock:
            try:
                path = self.store.save(duplicate)
            except ValidationError as exc:
                return SaveResult("error", f"Could not save a copy: {_validation_message(exc)}")
            except (StoreError, OSError) as exc:
                return SaveResult("error", f"Could not save a copy: {exc}")
            self._revision = duplicate.revision
            self._updated = duplicate.updated
            self._written_version = self.version
        self.store.clear_recovery(original_id)
        self.store.release_lock(original_id)
        self.assessment = duplicate
        self._findings.forget(duplicate)
        self.acquire_lock()
        self.saved_version = self.recovered_version = self.version
        self.conflict = False
        return SaveResult("saved", str(path), self.version)

    def recovery_job(self) -> Callable[[], str | None] | None:
        """Write a recovery copy of unsaved edits (in case of a crash), on any thread; None when the last
        copy (or save) already holds every edit. The job returns an error message, or None."""
        if not self.dirty or self.version == self.recovered_version:
            return None
        version, payload = self.version, self._snapshot()
        self.recovered_version = version

        def job() -> str | None:
            with self._lock:
                if version <= self._written_version:
                    return None  # a save already holds these edits (and cleared the old copy)
                try:
                    self.store.write_recovery(Assessment.model_validate_json(payload))
                except OSError as exc:
                    return f"Could not write a recovery copy: {exc}"
            return None

        return job

    def write_recovery(self) -> None:
        """Write the recovery copy now, on this thread."""
        job = self.recovery_job()
        if job is not None:
            self.recovery_error = job()

    def discard_recovery(self) -> None:
        self.store.clear_recovery(self.id)

    # --- locks ------------------------------------------------------------------------------------

    def acquire_lock(self) -> LockInfo | None:
        try:
            return self.store.acquire_lock(self.id)
        except OSError:
            return None

    def release_lock(self) -> None:
        self.store.release_lock(self.id)


def differs(a: Assessment, b: Assessment) -> bool:
    """Whether two copies differ in content (ignoring revision and timestamps)."""
    skip = {"revision", "updated"}
    return a.model_dump(exclude=skip) != b.model_dump(exclude=skip)
