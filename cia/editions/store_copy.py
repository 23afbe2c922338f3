"""Carrying the council's own template editions from one store to another (``cia store copy``).

Each edition a store keeps (a folder store's ``templates/`` files, a database store's ``cia_editions`` rows)
is put in the other as it is, word for word; one the destination already keeps with the same text is
counted as there already, one it keeps with different text is left as it is and reported, and one that
cannot be read is reported and skipped. Nothing is ever written over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .files import EditionFile, describe, describe_stored

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class EditionsCopied:
    copied: list[str] = field(default_factory=list)
    same: int = 0
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _described(store: Store) -> list[tuple[EditionFile, str | None]]:
    out = []
    for name, text in store.edition_files():
        if "/" in name or "\\" in name:  # a file of a folder store
            f = describe(Path(name), "council") if text is not None else EditionFile(
                Path(name).stem, 0, "", Path(name), "council", problem="cannot be read")
        else:
            f = describe_stored(name, text, store.editions_where)
        out.append((f, text))
    return out


def copy_editions(source: Store, dest: Store) -> EditionsCopied:
    report = EditionsCopied()
    there = {(f.id, f.version): text for f, text in _described(dest) if not f.problem}
    for f, text in _described(source):
        if f.problem or text is None:
            report.skipped.append(f"{f.name}: {f.problem or 'cannot be read'}")
            continue
        if (f.id, f.version) in there:
            if (there[(f.id, f.version)] or "").strip() == text.strip():
                report.same += 1
            else:
                report.refused.append(f"{f.ref}: {dest.editions_where} already keeps a different {f.ref}; "
                                      "left as it is")
            continue
        from ..store import StoreError

        try:
            dest.put_edition(f.id, f.version, f.title, f.extends, text)
        except StoreError as exc:
            report.refused.append(f"{f.ref}: {exc}")
            continue
        there[(f.id, f.version)] = text
        report.copied.append(f.ref)
    return report
