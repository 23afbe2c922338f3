"""Recovery copies of unsaved edits, for every store backend.

Every backend keeps them as local files (a PostgreSQL store keeps them on this machine too), so unsaved
edits survive a crash of the app and a store that cannot be reached. A backend says where with
``recovery_dir``.
"""

from __future__ import annotations

import abc
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StoreError

if TYPE_CHECKING:
    from ..model import Assessment


class LocalRecovery(abc.ABC):
    """Recovery copies as JSON files in :attr:`recovery_dir`."""

    @property
    @abc.abstractmethod
    def recovery_dir(self) -> Path:
        """The local folder of this store's recovery copies."""

    def recovery_path(self, assessment_id: str) -> Path:
        return self.recovery_dir / f"{assessment_id}.json"

    def write_recovery(self, assessment: Assessment) -> None:
        from ..fsio import atomic_write
        from .format import to_json

        atomic_write(self.recovery_path(assessment.id), to_json(assessment))

    def read_recovery(self, assessment_id: str) -> Assessment | None:
        """The recovery copy, or None when there is none or it cannot be read."""
        from .format import read_file

        path = self.recovery_path(assessment_id)
        if not path.is_file():
            return None
        try:
            return read_file(path)
        except StoreError:
            return None

    def clear_recovery(self, assessment_id: str) -> None:
        try:
            self.recovery_path(assessment_id).unlink()
        except FileNotFoundError:
            pass

    def recoveries(self) -> list[str]:
        """Ids that have a recovery copy."""
        try:
            names = os.listdir(self.recovery_dir)
        except OSError:
            return []
        return sorted(n[: -len(".json")] for n in names if n.endswith(".json") and not n.startswith("."))
