"""What the folder store's index keeps of one assessment: its listing line, its areas, and every text in it.

One path for every use: a file being (re)indexed, a save just written, an assessment in memory (the
PostgreSQL store, the app's "what changed" view) — each is a JSON document, read here without building the
model. A document as cia writes it (every file a save leaves) is read directly, with the model's own rules
for what the listing shows (clean text, the edition's names and required areas, which risks are real and
which are answered); anything this reading cannot vouch for — a wrong type, an unknown field, text the
model would clean, a value it would convert — is handed to the model, which either refuses the file with
its exact message or gives its canonical form, read here in turn. So a file that cannot be read is listed
as unreadable with the same reason as opening it gives, and a readable one lists what opening it shows.
The direct reading is :mod:`cia.store.extract_document`; the checks it makes, :mod:`cia.store.extract_rules`.

Used in this process or in a worker (``python -m cia.store.extract``); returns plain data only. Reading a
file imports the model's modules (its limits and fields are what the reading checks) but builds and
validates a model only for a document the direct reading hands over. This module itself loads neither: a
process that only gathers what workers read (a cold listing) never imports the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import AssessmentFileError, StoreError
from .format import SUFFIX, parse_json, read_raw
from .records import AreaStat

__all__ = ["AreaStat", "BATCH", "Extract", "areas_of", "extract", "from_assessment", "offer_editions", "problem",
           "summary_row", "template_folders", "texts_of"]

if TYPE_CHECKING:
    from ..model import Assessment


class Extract(NamedTuple):
    """What the index keeps of one file: its listing row (or why it cannot be read), its areas and its texts."""

    name: str
    mtime_ns: int
    size: int
    ok: bool
    row: dict[str, Any]
    areas: list[tuple]
    """(category, category title, area, area name, status, benefits, risks, unmitigated, high)."""
    texts: list[tuple[str, str]]
    """(place, text): place is "Category › Area › Field" or a front-page name."""
    packed: tuple | None = None
    """The texts as the index writes them (:func:`~cia.store.index_schema.for_index`), when a worker
    process sends the extract instead of ``texts``."""


def from_assessment(a: Assessment, name: str, mtime_ns: int = 0, size: int = 0) -> Extract:
    """The extract of an assessment in memory (its canonical document, read the one way)."""
    from .extract_document import read_document

    return read_document(a.model_dump(mode="json"), name, mtime_ns, size)


def texts_of(a: Assessment) -> list[tuple[str, str]]:
    """Every text of an assessment with where it is: title, header, front sections, areas, evidence, comments."""
    return from_assessment(a, "").texts


def areas_of(a: Assessment) -> list[tuple]:
    """(category, category title, area, area name, status, benefits, risks, unmitigated, high) per area."""
    return from_assessment(a, "").areas


def summary_row(a: Assessment) -> dict[str, Any]:
    return from_assessment(a, "").row


def problem(name: str, mtime_ns: int, size: int, reason: str, details: list[str]) -> Extract:
    row = {"id": None, "title": None, "status": None, "status_label": None, "lead": None, "lead_fold": None,
           "updated": None, "done": None, "total": None, "edition": None, "directorate": None,
           "directorate_fold": None, "reason": reason,
           "details": "\n".join(details), "title_fold": None}
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


def _wrong_id(name: str, mtime_ns: int, size: int, ident: str) -> Extract:
    return problem(name, mtime_ns, size, f"holds assessment {ident!r}; rename it to {ident}{SUFFIX} or import it", [])


def extract(root: str, name: str, mtime_ns: int, size: int) -> Extract:
    """Read and extract one file of the store; a file that cannot be read becomes a problem row."""
    path = Path(root) / name
    if path.is_symlink() and not path.resolve().is_relative_to(Path(root).resolve()):
        return problem(name, mtime_ns, size, f"is a link to a file outside the store ({path.resolve()})", [])
    try:
        raw, real_size = read_raw(path)
        data = parse_json(raw, path, real_size)
    except AssessmentFileError as exc:
        return problem(name, mtime_ns, size, exc.reason, exc.details)
    except StoreError as exc:  # vanished between listing and reading
        return problem(name, mtime_ns, size, str(exc), [])
    from .extract_document import read_document
    from .extract_rules import Unusual, suspect

    stem = name[: -len(SUFFIX)]
    try:
        found = read_document(data, name, mtime_ns, size, strict=suspect(raw))
    except Exception as exc:  # Unusual, or a document this reading did not foresee: the model judges it
        if not isinstance(exc, (Unusual, ArithmeticError, LookupError, TypeError, ValueError)):
            raise
        from .format import validate

        try:
            a = validate(data, path)  # the model's own message, or its canonical form of the document
        except AssessmentFileError as exc:
            return problem(name, mtime_ns, size, exc.reason, exc.details)
        if a.id != stem:
            return _wrong_id(name, mtime_ns, size, a.id)
        return from_assessment(a, name, mtime_ns, size)
    if found.row["id"] != stem:
        return _wrong_id(name, mtime_ns, size, found.row["id"])
    return found


BATCH = 50
"""A worker sends its extracts this many at a time, so they are indexed while it reads the rest."""


def _worker() -> None:
    """``python -m cia.store.extract``: read (root, jobs, folders) pickled on stdin; write the extracts as
    a series of pickled batches."""
    import pickle
    import sys

    from cia.store import extract as own  # by its own name, so the results unpickle there

    from cia.store.index_schema import for_index

    root, jobs, folders = pickle.loads(sys.stdin.buffer.read())
    own.offer_editions(root, folders)
    out = sys.stdout.buffer
    for start in range(0, len(jobs), BATCH):
        batch = [own.extract(root, *job) for job in jobs[start:start + BATCH]]
        pickle.dump([ex._replace(texts=[], packed=for_index(ex.texts)) if ex.texts else ex for ex in batch], out,
                    protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


if __name__ == "__main__":
    _worker()
