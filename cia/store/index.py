"""The listing cache of the folder store (``.index.json``), keyed by each file's size and modification time.

The cache is only ever a shortcut: if it is missing, stale or unreadable the files themselves are read.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..fsio import atomic_write
from .base import Filters, Listing, Problem, Summary
from .errors import AssessmentFileError, StoreError
from .format import SUFFIX, read_file

if TYPE_CHECKING:
    from ..model import Assessment
    from .folder import FolderStore

INDEX_NAME = ".index.json"
INDEX_VERSION = 2


def summarise(assessment: Assessment, path: Path | None) -> Summary:
    from ..model import STATUS_LABELS

    done, total = assessment.completeness()
    leads = assessment.header.leads
    lead = leads[0].name if leads else assessment.header.author
    return Summary(id=assessment.id, title=assessment.title or "(untitled)", status=assessment.status, lead=lead,
                   updated=assessment.updated, done=done, total=total, path=path, edition=assessment.edition,
                   status_label=STATUS_LABELS.get(assessment.status, assessment.status))


def _to_json(s: Summary) -> dict:
    return {"id": s.id, "title": s.title, "status": s.status, "lead": s.lead, "updated": s.updated.isoformat(),
            "done": s.done, "total": s.total, "edition": s.edition, "status_label": s.status_label}


def _from_json(d: dict, path: Path) -> Summary:
    updated = datetime.fromisoformat(d["updated"])
    if updated.tzinfo is None:
        updated = updated.replace(tzinfo=timezone.utc)
    return Summary(id=str(d["id"]), title=str(d["title"]), status=str(d["status"]), lead=str(d["lead"]),
                   updated=updated, done=int(d["done"]), total=int(d["total"]), path=path,
                   edition=str(d["edition"]), status_label=str(d.get("status_label", d["status"])))


def _matches(s: Summary, f: Filters) -> bool:
    if f.status and s.status != f.status:
        return False
    if f.lead and f.lead.casefold() not in s.lead.casefold():
        return False
    if f.edition and s.edition != f.edition:
        return False
    if f.updated_since and s.updated < f.updated_since:
        return False
    if f.search and f.search.casefold() not in s.title.casefold():
        return False
    return True


def list_folder(store: FolderStore, filters: Filters) -> Listing:
    index_path = store.root / INDEX_NAME
    cache = _read(index_path)
    fresh: dict[str, dict] = {}
    items: list[Summary] = []
    problems: list[Problem] = []
    for path in store.files():
        try:
            st = path.stat()
        except OSError:
            continue
        stamp = [st.st_mtime_ns, st.st_size]
        cached = cache.get(path.name)
        if cached and cached.get("stamp") == stamp:
            try:
                items.append(_from_json(cached["summary"], path))
                fresh[path.name] = cached
                continue
            except (KeyError, TypeError, ValueError):
                pass
        try:
            assessment = read_file(path)
        except AssessmentFileError as exc:
            problems.append(Problem(path, exc.reason, tuple(exc.details)))
            continue
        except StoreError as exc:  # vanished between listing and reading
            problems.append(Problem(path, str(exc)))
            continue
        if assessment.id != path.stem:
            problems.append(Problem(path, f"holds assessment {assessment.id!r}; rename it to "
                                          f"{assessment.id}{SUFFIX} or import it"))
            continue
        summary = summarise(assessment, path)
        items.append(summary)
        fresh[path.name] = {"stamp": stamp, "summary": _to_json(summary)}
    if fresh != cache and store.root.is_dir():
        try:
            atomic_write(index_path, json.dumps({"version": INDEX_VERSION, "entries": fresh}))
        except OSError:
            pass  # a read-only store still lists; it just cannot keep the shortcut
    items = [s for s in items if _matches(s, filters)]
    items.sort(key=lambda s: s.updated, reverse=True)
    return Listing(items, problems)


def _read(index_path: Path) -> dict[str, dict]:
    try:
        data = json.loads(index_path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def note_saved(store: FolderStore, path: Path, assessment: Assessment) -> None:
    """The file at ``path`` now holds ``assessment`` (the next listing re-reads it by its stamp)."""


def note_removed(store: FolderStore, path: Path) -> None:
    """The file at ``path`` is gone."""


def close_index(store: FolderStore) -> None:
    """Nothing is held open between listings."""
