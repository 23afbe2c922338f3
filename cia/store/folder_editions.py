"""The council's own template editions kept with a folder store: TOML files in ``<store>/templates/``.

The edition registry reads that folder itself (like any ``--templates`` folder); this is the store's side,
for ``cia templates publish`` and ``cia store copy``. A published version is never written over.
"""

from __future__ import annotations

from pathlib import Path

from ..fsio import atomic_write
from .errors import StoreError

TEMPLATES_FOLDER = "templates"
MAX_EDITION_BYTES = 2_000_000


class FolderEditions:
    """The council editions of :class:`~cia.store.folder.FolderStore` (which provides ``root``)."""

    root: Path

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_FOLDER

    @property
    def editions_where(self) -> str:
        return str(self.templates_dir)

    def edition_files(self) -> list[tuple[str, str | None]]:
        folder = self.templates_dir
        out: list[tuple[str, str | None]] = []
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                raw = path.read_bytes()
                text: str | None = raw.decode("utf-8-sig") if len(raw) <= MAX_EDITION_BYTES else None
            except (OSError, UnicodeDecodeError):
                text = None
            out.append((str(path), text))
        return out

    def put_edition(self, ident: str, version: int, title: str, extends: str, text: str) -> str:
        target = self.templates_dir / f"{ident}@{version}.toml"
        if target.exists():
            raise StoreError(f"{target} already exists; nothing was published")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, text)
        except OSError as exc:
            raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from None
        return str(target)
