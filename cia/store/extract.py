"""What the folder store's index keeps of one assessment: its listing line, its areas, and every text in it.

Used when a file is (re)indexed, in this process or in a worker; returns plain data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AssessmentFileError, StoreError
from .format import SUFFIX, parse_bytes, read_raw

if TYPE_CHECKING:
    from ..model import Assessment

FIELD_NAMES = {"groups": "Groups affected", "benefits": "Benefits", "risks": "Risks",
               "mitigations": "Mitigations", "na_reason": "Reason not applicable", "owner": "Risk owner", "due": "Risk due"}
_SKIP = {"id", "schema_version", "edition", "status", "revision", "created", "updated", "key", "rating", "answers",
         "extra", "first_row", "at", "n", "resolved", "resolved_at", "summary_edited", "risks_changed", "action",
         "from_status", "to_status", "lines"}


@dataclass(frozen=True)
class AreaStat:
    """One area of one assessment, as ``cia impacts`` counts them."""

    assessment_id: str
    category: str
    category_title: str
    area: str
    area_name: str
    status: str
    benefits: int
    risks: int
    unmitigated: int
    high: int

    @property
    def has_impact(self) -> bool:
        """Assessed, with at least one benefit or risk: the proposal assesses an impact here."""
        return self.status == "assessed" and bool(self.benefits or self.risks)


@dataclass(frozen=True)
class Extract:
    name: str
    mtime_ns: int
    size: int
    ok: bool
    row: dict[str, Any]
    areas: list[tuple]
    texts: list[tuple[str, str]]
    """(place, text): place is "Category › Area › Field" or a front-page name."""


def _label(key: str) -> str:
    return FIELD_NAMES.get(key) or key.replace("_", " ").capitalize()


def _walk(value: Any, place: str, out: list[tuple[str, str]]) -> None:
    if isinstance(value, str):
        if value.strip():
            out.append((place, value))
    elif isinstance(value, dict):
        if "text" in value and isinstance(value["text"], str):  # a record: its text stands for it
            _walk(value["text"], place, out)
            for k, v in value.items():
                if k != "text" and k not in _SKIP:
                    _walk(v, f"{place} › {_label(k)}", out)
            return
        for k, v in value.items():
            if k not in _SKIP:
                _walk(v, f"{place} › {_label(k)}" if place else _label(k), out)
    elif isinstance(value, list):
        for item in value:
            _walk(item, place, out)


def texts_of(a: Assessment) -> list[tuple[str, str]]:
    """Every text of an assessment with where it is: title, header, front sections, areas, evidence, comments."""
    data = a.model_dump(mode="json", exclude={"sections"})
    from ..model import STATUS_LABELS

    out: list[tuple[str, str]] = [("Id", a.id), ("Status", STATUS_LABELS.get(a.status, a.status))]
    if a.title:
        out.append(("Title", a.title))
    header = data.pop("header", {})
    header.pop("title", None)
    _walk(header, "Details", out)
    _walk(data, "", out)
    for section in a.sections:
        category = a.category(section.key)
        cat_title = category.short_title if category else section.key
        for entry in section.entries:
            area_place = f"{cat_title} › {a.area_name(section.key, entry)}"
            _walk(entry.model_dump(mode="json", exclude={"key", "status", "extra", "first_row"}), area_place, out)
        for item in section.evidence:
            _walk(item.model_dump(mode="json"), f"{cat_title} › Evidence", out)
    return out


def areas_of(a: Assessment) -> list[tuple]:
    rows = []
    for section in a.sections:
        category = a.category(section.key)
        for entry in section.entries:
            real = entry.real_risks()
            unmitigated = sum(1 for r in real if not entry.mitigations_for(r))
            high = sum(1 for r in real if r.rating == "high")
            rows.append((section.key, category.short_title if category else section.key, entry.key,
                         a.area_name(section.key, entry), entry.status, len(entry.benefits), len(real),
                         unmitigated, high))
    return rows


def summary_row(a: Assessment) -> dict[str, Any]:
    from ..model import STATUS_LABELS

    done, total = a.completeness()
    leads = a.header.leads
    lead = leads[0].name if leads else a.header.author
    return {"id": a.id, "title": a.title or "(untitled)", "status": a.status,
            "status_label": STATUS_LABELS.get(a.status, a.status), "lead": lead, "lead_fold": lead.casefold(),
            "updated": a.updated.astimezone(timezone.utc).isoformat(), "done": done, "total": total, "edition": a.edition,
            "directorate": a.header.directorate, "directorate_fold": a.header.directorate.strip().casefold(),
            "reason": None, "details": None}


def from_assessment(a: Assessment, name: str, mtime_ns: int, size: int) -> Extract:
    return Extract(name, mtime_ns, size, True, summary_row(a), areas_of(a), texts_of(a))


def problem(name: str, mtime_ns: int, size: int, reason: str, details: list[str]) -> Extract:
    row = {"id": None, "title": None, "status": None, "status_label": None, "lead": None, "lead_fold": None,
           "updated": None, "done": None, "total": None, "edition": None, "directorate": None,
           "directorate_fold": None, "reason": reason,
           "details": "\n".join(details)}
    return Extract(name, mtime_ns, size, False, row, [], [])


def offer_editions(root: str, folders: tuple[str, ...] = ()) -> None:
    """Make the council's editions kept with the store (and any other template folders) known here."""
    from ..editions import use_store, use_templates

    use_store(Path(root))
    for folder in folders:
        use_templates(Path(folder))


def template_folders() -> tuple[str, ...]:
    """The template folders offered in this process, for worker processes to offer too."""
    import sys

    editions = sys.modules.get("cia.editions")
    if editions is None:
        return ()
    return tuple(str(d) for d in editions.REGISTRY.dirs)


def extract(root: str, name: str, mtime_ns: int, size: int) -> Extract:
    """Read, validate and extract one file of the store; a file that cannot be read becomes a problem row."""
    path = Path(root) / name
    if path.is_symlink() and not path.resolve().is_relative_to(Path(root).resolve()):
        return problem(name, mtime_ns, size, f"is a link to a file outside the store ({path.resolve()})", [])
    try:
        raw, real_size = read_raw(path)
        a = parse_bytes(raw, path, real_size)
    except AssessmentFileError as exc:
        return problem(name, mtime_ns, size, exc.reason, exc.details)
    except StoreError as exc:  # vanished between listing and reading
        return problem(name, mtime_ns, size, str(exc), [])
    if a.id != name[: -len(SUFFIX)]:
        return problem(name, mtime_ns, size, f"holds assessment {a.id!r}; rename it to {a.id}{SUFFIX} or import it",
                       [])
    return from_assessment(a, name, mtime_ns, size)


def extract_many(root: str, jobs: list[tuple[str, int, int]], folders: tuple[str, ...] = ()) -> list[Extract]:
    """:func:`extract` for many files, in a worker process that offers the same template folders first."""
    offer_editions(root, folders)
    return [extract(root, *job) for job in jobs]


def _worker() -> None:
    """``python -m cia.store.extract``: read (root, jobs, folders) pickled on stdin, write the extracts."""
    import pickle
    import sys

    from cia.store.extract import extract_many as run  # by its own name, so the results unpickle there

    root, jobs, folders = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(run(root, jobs, folders)))


if __name__ == "__main__":
    _worker()
