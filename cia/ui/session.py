"""The open assessment and what happens to it: edits, saves, conflicts and recovery copies.

This module has no Textual imports: a screen owns a :class:`Session`, applies the
edits its widgets report, and decides when to save.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Literal

from pydantic import ValidationError

from ..model import AreaEntry, Assessment, describe_validation_error, new_id
from ..store import ConflictError, LockInfo, StoreError, Store
from ..workflow import Refused


@dataclass(frozen=True)
class EditResult:
    changed: bool
    error: str | None = None


@dataclass(frozen=True)
class SaveResult:
    outcome: Literal["saved", "conflict", "error", "clean"]
    message: str = ""
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
        self.dirty = False
        self.conflict = False
        """True after a save hit someone else's newer version: autosave stops until the user decides."""
        self.recovery_error: str | None = None

    # --- reading ----------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.assessment.id

    def entry(self, section_key: str, area_key: str) -> AreaEntry:
        entry = self.assessment.section(section_key).entry(area_key)
        if entry is None:
            raise KeyError(f"{section_key}/{area_key}")
        return entry

    def _target(self, path: str) -> tuple[Any, str]:
        """Resolve an edit path to (object, attribute).

        Paths: ``header.title``, ``introduction``, ``area:<section>:<area>:<field>`` (field may be
        ``first_row.risks``), ``evidence:<section>``.
        """
        obj: Any = self.assessment
        if path.startswith("area:"):
            _, section_key, area_key, field = path.split(":", 3)
            obj = self.entry(section_key, area_key)
        elif path.startswith("evidence:"):
            obj = self.assessment.section(path.split(":", 1)[1])
            field = "evidence"
        else:
            field = path
        *parents, attr = field.split(".")
        for name in parents:
            obj = getattr(obj, name)
        return obj, attr

    def get(self, path: str) -> Any:
        obj, attr = self._target(path)
        return getattr(obj, attr)

    # --- editing ----------------------------------------------------------------------------------

    def set(self, path: str, value: Any) -> EditResult:
        """Assign a value through the model's validation; a rejected value leaves the model as it was."""
        try:
            obj, attr = self._target(path)
        except (KeyError, AttributeError) as exc:
            return EditResult(False, f"Nothing to edit at {path} ({exc}).")
        old = copy.deepcopy(getattr(obj, attr))
        try:
            if isinstance(obj, AreaEntry) and attr in ("risks", "mitigations"):
                obj.set_points(attr, value)  # keeps each risk's rating, owner, links …
            else:
                setattr(obj, attr, value)
        except ValidationError as exc:
            return EditResult(False, _validation_message(exc))
        if getattr(obj, attr) == old:
            return EditResult(False)
        self.dirty = True
        return EditResult(True)

    def mutate(self, change: Callable[[Assessment], object]) -> tuple[object, str | None]:
        """Run a structural change (add an area, …); returns (result, error message)."""
        try:
            result = change(self.assessment)
        except ValidationError as exc:
            return None, _validation_message(exc)
        except (ValueError, KeyError) as exc:
            return None, str(exc).strip("'\"")
        self.dirty = True
        return result, None

    # --- saving -----------------------------------------------------------------------------------

    def save(self, *, force: bool = False) -> SaveResult:
        if not self.dirty and not force:
            return SaveResult("clean")
        try:
            path = self.store.save(self.assessment)
        except ConflictError as exc:
            self.conflict = True
            return SaveResult("conflict", str(exc))
        except ValidationError as exc:
            return SaveResult("error", f"Could not save: {_validation_message(exc)}")
        except Refused as exc:
            return SaveResult("error", f"Not saved: {exc}")
        except (StoreError, OSError) as exc:
            return SaveResult("error", f"Could not save {self.store.describe(self.id)}: {exc}")
        self.dirty = False
        self.conflict = False
        return SaveResult("saved", str(path), tuple(self.store.take_notices()))

    def save_as_copy(self) -> SaveResult:
        """Save this version under a new id (after a conflict), and carry on editing the copy."""
        original_id = self.id
        duplicate = self.assessment.model_copy(deep=True)
        duplicate.id = new_id()
        duplicate.revision = 0
        title = self.assessment.title or "Untitled"
        try:
            duplicate.header.title = f"{title[:480]} (my copy)"
            path = self.store.save(duplicate)
        except ValidationError as exc:
            return SaveResult("error", f"Could not save a copy: {_validation_message(exc)}")
        except (StoreError, OSError) as exc:
            return SaveResult("error", f"Could not save a copy: {exc}")
        self.store.clear_recovery(original_id)
        self.store.release_lock(original_id)
        self.assessment = duplicate
        self.acquire_lock()
        self.dirty = False
        self.conflict = False
        return SaveResult("saved", str(path))

    def write_recovery(self) -> None:
        """Keep a recovery copy of unsaved edits (in case of a crash)."""
        if not self.dirty:
            return
        try:
            self.store.write_recovery(self.assessment)
            self.recovery_error = None
        except OSError as exc:
            self.recovery_error = f"Could not write a recovery copy: {exc}"

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
