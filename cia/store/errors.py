"""The store's errors: each carries a message fit to show a person."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A problem with a file or the store, with a message fit to show a person."""


class AssessmentFileError(StoreError):
    """A file (or stored document) that is not a readable, valid assessment of this version."""

    def __init__(self, path: Path | str, reason: str, details: list[str] | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.details = details or []
        text = f"{self.path.name}: {reason}"
        if self.details:
            text += "\n" + "\n".join(f"  - {d}" for d in self.details)
        super().__init__(text)


class NotFoundError(StoreError):
    """No such assessment (or file)."""


class ConflictError(StoreError):
    """The assessment was saved by someone else since this copy was loaded."""

    def __init__(self, path: Path | str, disk_revision: int, our_revision: int) -> None:
        self.path = Path(path)
        self.disk_revision = disk_revision
        self.our_revision = our_revision
        super().__init__(
            f"{self.path.name} was saved by someone else since you opened it (revision {disk_revision}, "
            f"yours is based on {our_revision}). Your changes were not written over theirs."
        )


class BusyError(StoreError):
    """Another program is in the middle of saving the same assessment."""


class UnavailableError(StoreError):
    """The store cannot be reached at the moment (a database server that does not answer or went away)."""
