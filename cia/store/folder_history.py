"""A folder store's history: every save keeps the revision it replaces in ``.history/<id>/`` (a hard link,
so keeping costs no copy), named ``<revision>.<status>.json``. The last :data:`~cia.store.base.HISTORY_KEEP` are
kept, and every revision saved in review, approved or signed off is kept for ever.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..fsio import atomic_write
from .base import HISTORY_KEEP, KEPT_FOREVER_STATUSES
from .errors import NotFoundError
from .format import SUFFIX, read_file
from .records import RevisionInfo

if TYPE_CHECKING:
    from ..model import Assessment


class FolderHistory:
    """The kept revisions of :class:`~cia.store.folder.FolderStore` (which provides ``root``, ``load`` and
    ``disk_revision``)."""

    root: Path

    @property
    def history_dir(self) -> Path:
        return self.root / ".history"

    def _history_folder(self, assessment_id: str) -> Path:
        return self.history_dir / assessment_id

    def _keep_revision(self, path: Path, current: RevisionInfo) -> None:
        """Keep the file about to be replaced as a revision (a hard link: it costs no copy)."""
        folder = self._history_folder(path.stem)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{current.revision:08d}.{current.status}{SUFFIX}"
        if target.exists():
            return
        try:
            os.link(path, target)
        except OSError:
            atomic_write(target, path.read_bytes())

    def _kept(self, assessment_id: str) -> list[tuple[int, str, Path]]:
        folder = self._history_folder(assessment_id)
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        out = []
        for name in names:
            parts = name.split(".")
            if len(parts) == 3 and parts[0].isdigit() and name.endswith(SUFFIX):
                out.append((int(parts[0]), parts[1], folder / name))
        out.sort()
        return out

    def _prune_history(self, assessment_id: str) -> None:
        kept = self._kept(assessment_id)
        for revision, status, path in kept[:-HISTORY_KEEP]:
            if status not in KEPT_FOREVER_STATUSES:
                try:
                    path.unlink()
                except OSError:
                    pass

    def history(self, assessment_id: str) -> list[RevisionInfo]:
        out = []
        for revision, status, path in self._kept(assessment_id):
            try:
                updated = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(microsecond=0)
            except OSError:
                continue
            out.append(RevisionInfo(revision, status, updated))
        try:
            current = self.load(assessment_id)
        except NotFoundError:
            if not out:
                raise
        else:
            out = [r for r in out if r.revision != current.revision]
            out.append(RevisionInfo(current.revision, current.status, current.updated, current=True))
        return out

    def load_revision(self, assessment_id: str, revision: int) -> Assessment:
        for rev, _status, path in self._kept(assessment_id):
            if rev == revision:
                return read_file(path)
        if self.disk_revision(assessment_id) == revision:
            return self.load(assessment_id)
        raise NotFoundError(f"revision {revision} of {assessment_id} was not kept")
