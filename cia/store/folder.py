"""The folder store: one readable JSON file per assessment, the source of truth.

- Saves are atomic: a temporary file in the same folder, flushed to disk, then renamed over the old one.
  A failed or killed save leaves the previous file whole; its temporary file is removed by the next save.
- Saves of one assessment are serialised by an operating-system lock that dies with its process; the
  revision check inside it refuses to write over a revision someone else saved (:class:`ConflictError`).
- Before replacing a file the save reads it again: anything that is not a valid assessment of this version
  (unreadable, invalid, newer, read-only, a link) is kept under a new name and the user is told where.
- Every save keeps the revision it replaces in ``.history/<id>/``.
- Deleted assessments go to ``.trash/``; recovery copies of unsaved edits live in ``.recovery/``; the
  open-locks of assessments being edited, and the save locks, in ``.locks/``.
"""

from __future__ import annotations

import os
import stat
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..fsio import atomic_write, default_mode, remove_stray_tmp
from .base import Store
from .errors import AssessmentFileError, ConflictError, NotFoundError, StoreError
from .folder_editions import FolderEditions
from .folder_history import FolderHistory
from .folder_locks import FolderLocks
from .format import MAX_FILE_BYTES, SUFFIX, parse_bytes, parse_json, read_file, read_raw, size_text, to_json
from .locks import FileLock
from .records import Filters, Listing, Notices, RevisionInfo

if TYPE_CHECKING:
    from ..model import Assessment


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


class FolderStore(FolderEditions, FolderHistory, FolderLocks, Store):
    """The store in a folder; its history (:mod:`.folder_history`), locks (:mod:`.folder_locks`) and council
    editions (:mod:`.folder_editions`) are in their own modules."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.notices = Notices()
        self._open_locks: dict[str, FileLock] = {}
        self._index = None

    def __repr__(self) -> str:
        return f"FolderStore({str(self.root)!r})"

    @property
    def location(self) -> str:
        return str(self.root)

    def describe(self, assessment_id: str) -> str:
        return str(self.path_for(assessment_id))

    # --- paths ----------------------------------------------------------------------------------

    def path_for(self, assessment_id: str) -> Path:
        return self.root / f"{assessment_id}{SUFFIX}"

    @property
    def trash_dir(self) -> Path:
        return self.root / ".trash"

    @property
    def recovery_dir(self) -> Path:
        return self.root / ".recovery"

    def files(self) -> list[Path]:
        try:
            names = os.listdir(self.root)
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(self.root / n for n in names if n.endswith(SUFFIX) and not n.startswith("."))

    def ids(self) -> list[str]:
        return [p.stem for p in self.files()]

    # --- reading --------------------------------------------------------------------------------

    def check_available(self) -> None:
        """Raise :class:`NotFoundError` if the store folder does not exist (or is not a folder)."""
        if not self.root.exists():
            raise NotFoundError(f"the store {self.root} does not exist (create it with 'cia new', or check --store)")
        if not self.root.is_dir():
            raise NotFoundError(f"the store {self.root} is not a folder")

    def list(self, filters: Filters | None = None) -> Listing:
        from .index import list_folder

        return list_folder(self, filters or Filters())

    def area_stats(self, filters: Filters | None = None, *, with_impact: bool = False) -> list:
        from .index import index_of

        index = index_of(self)
        index.sync(full=bool(filters and filters.rescan))
        return index.area_stats(filters or Filters(), with_impact=with_impact)

    def matches(self, assessment_id: str, search: str) -> tuple:
        from .index import index_of

        return index_of(self).matches(assessment_id, search)

    def _readable_path(self, assessment_id: str) -> Path:
        """The file of an assessment, refusing a link that leads out of the store."""
        path = self.path_for(assessment_id)
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(self.root.resolve()):
                raise AssessmentFileError(path, f"is a link to a file outside the store ({target}); "
                                                "copy the file into the store instead")
        return path

    def load(self, ref: str) -> Assessment:
        assessment_id = self.resolve_id(ref)
        return read_file(self._readable_path(assessment_id))

    def exists(self, assessment_id: str) -> bool:
        return self.path_for(assessment_id).is_file()

    def disk_revision(self, assessment_id: str) -> int | None:
        path = self.path_for(assessment_id)
        try:
            raw, size = read_raw(path)
            rev = parse_json(raw, path, size).get("revision")
        except StoreError:
            return None
        if isinstance(rev, float) and rev.is_integer():
            rev = int(rev)
        return rev if isinstance(rev, int) and not isinstance(rev, bool) and rev >= 0 else None

    # --- writing --------------------------------------------------------------------------------

    def save(self, assessment: Assessment, *, force: bool = False, touch: bool = True) -> Path:
        from ..model import Assessment as _Assessment, now
        from ..workflow import carry_back, check_edit

        path = self.path_for(assessment.id)
        candidate = assessment.model_copy(deep=True)
        if touch:
            candidate.updated = now()
        with self._save_lock(assessment.id):
            remove_stray_tmp(path)
            found = self._current(path)
            current, saved = found if found else (None, None)
            disk = current.revision if current else None
            if disk is not None and disk > assessment.revision and not force:
                raise ConflictError(path, disk, assessment.revision)
            # read-only after sign-off, back to draft when an approved one is edited (raises workflow.Refused)
            check_edit(saved, candidate)
            # a forced save still moves past every revision anyone has seen, so theirs cannot pass it silently
            candidate.revision = max(assessment.revision, disk or 0) + 1
            payload = to_json(candidate).encode("utf-8")
            if len(payload) > MAX_FILE_BYTES:
                raise StoreError(f"{path.name} would be {size_text(len(payload))}, more than a store file may "
                                 f"hold ({size_text(MAX_FILE_BYTES)}); remove some text and save again")
            _Assessment.model_validate_json(payload)
            mode = None
            if current is not None:
                self._keep_revision(path, current)
            elif path.exists() or path.is_symlink():
                mode = default_mode()  # the file there was kept aside: do not copy its permissions
            atomic_write(path, payload, mode=mode)
            self._prune_history(assessment.id)
        assessment.revision = candidate.revision
        assessment.updated = candidate.updated
        carry_back(assessment, candidate)
        self.clear_recovery(assessment.id)
        from .index import note_saved

        note_saved(self, path, candidate)
        return path

    def _current(self, path: Path) -> tuple[RevisionInfo, Assessment] | None:
        """The revision on disk and its content, or None if there is none; anything unsafe to replace is kept
        aside first."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(st.st_mode):
            self._keep_aside(path, "link", "is a link, not a file of the store")
            return None
        if stat.S_ISDIR(st.st_mode):
            raise StoreError(f"{path} is a folder; move it out of the store to save this assessment")
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(f"{path} is not a regular file; move it out of the store to save this assessment")
        try:
            raw, size = read_raw(path)
            existing = parse_bytes(raw, path, size)
        except AssessmentFileError as exc:
            self._keep_aside(path, "unreadable", exc.reason)
            return None
        except NotFoundError:
            return None
        if existing.id != path.stem:
            self._keep_aside(path, "other", f"holds assessment {existing.id!r}, not {path.stem!r}")
            return None
        if not (st.st_mode & stat.S_IWUSR) or not os.access(path, os.W_OK):
            self._keep_aside(path, "readonly", "is read-only")
            return None
        return RevisionInfo(existing.revision, existing.status, existing.updated), existing

    def _keep_aside(self, path: Path, kind: str, reason: str) -> Path:
        """Keep the file at ``path`` under a name never used before, and tell the user where."""
        base = f"{path.name}.{kind}-{_stamp()}"
        n = 1
        while True:
            target = path.with_name(base if n == 1 else f"{base}-{n}")
            try:
                os.link(path, target, follow_symlinks=False)
                break
            except FileExistsError:
                n += 1
            except OSError:  # no hard links here: rename instead (we hold the save lock)
                if target.exists() or target.is_symlink():
                    n += 1
                    continue
                os.rename(path, target)
                break
        self.notices.add(f"{path.name} {reason}; it was kept as {target} and not overwritten.")
        return target

    def delete(self, ref: str) -> str:
        """Move an assessment to the store's trash folder; returns where it went."""
        assessment_id = self.resolve_id(ref)
        path = self.path_for(assessment_id)
        with self._save_lock(assessment_id):
            self.trash_dir.mkdir(parents=True, exist_ok=True)
            base = f"{assessment_id}-{_stamp()}"
            n = 1
            while (target := self.trash_dir / f"{base if n == 1 else f'{base}-{n}'}{SUFFIX}").exists():
                n += 1
            os.replace(path, target)
        self.clear_recovery(assessment_id)
        from .index import note_removed

        note_removed(self, path)
        return str(target)

    # --- copying from another store -------------------------------------------------------------

    def put_copy(self, current: Assessment, history: list[Assessment]) -> None:
        path = self.path_for(current.id)
        with self._save_lock(current.id):
            remove_stray_tmp(path)
            if os.path.lexists(path):
                raise ConflictError(path, self.disk_revision(current.id) or 0, current.revision)
            folder = self._history_folder(current.id)
            for old in history:
                if old.revision < current.revision:
                    folder.mkdir(parents=True, exist_ok=True)
                    atomic_write(folder / f"{old.revision:08d}.{old.status}{SUFFIX}", to_json(old))
            atomic_write(path, to_json(current))
        from .index import note_saved

        note_saved(self, path, current)

    # --- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        for assessment_id in list(self._open_locks):
            self.release_lock(assessment_id)
        index = sys.modules.get(f"{__package__}.index")  # a store that never used its index has none to close
        if index is not None:
            index.close_index(self)
