"""Adding an imported Word document to a store, or updating the assessment it was exported from.

``--replace`` applies the document onto the stored assessment rather than overwriting it: risks
and mitigations are edited through :meth:`AreaEntry.set_points`, so each record keeps its rating,
owner, due date and the risks it answers; comments, the audit trail, sign-offs and the status
stay as stored. It is refused if the assessment was saved after the document was exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_docx
from .build import ImportResult, set_points
from .package import DocxImportError
from .report import ImportReport
from .summary import read_summary_beside


@dataclass
class Imported:
    assessment: object
    report: ImportReport
    action: str
    """"added", "added as a copy", "updated" or "unchanged …"."""


def _apply(stored, doc, keys_read: bool) -> object:  # type: ignore[no-untyped-def]
    """The stored assessment with the document's content: header, front sections, areas, evidence."""
    out = stored.model_copy(deep=True)
    out.header = doc.header.model_copy(deep=True)
    if doc.header.engagement.took_place is None and not doc.header.engagement.details:
        # the export prints engagement only once it is answered: what is stored stays
        out.header.engagement = stored.header.engagement.model_copy(deep=True)
    out.introduction = doc.introduction
    out.summary = doc.summary
    out.key_mitigations = list(doc.key_mitigations)
    if doc.executive_summary:
        out.executive_summary = doc.executive_summary
    # an export does not print the import notes: those still stored stay, new ones are added after them
    out.import_notes = "\n\n".join(n for n in (stored.import_notes, doc.import_notes) if n)
    for section in doc.sections:
        try:
            target = out.section(section.key)
        except KeyError:
            out.sections.append(section.model_copy(deep=True))
            continue
        old_entries = {e.key: e for e in target.entries}
        entries = []
        for entry in section.entries:
            old = old_entries.get(entry.key)
            if old is None:
                entries.append(entry.model_copy(deep=True))
                continue
            for f in ("groups", "benefits", "risks", "mitigations"):
                set_points(old, f, entry.points(f))
            if keys_read:
                for risk, new in zip(old.risks, entry.risks):
                    if risk.text == new.text:
                        risk.key = new.key
                        risk.owner, risk.due, risk.rating = (new.owner or risk.owner, new.due or risk.due,
                                                             new.rating or risk.rating)
            old.status = entry.status
            old.na_reason = entry.na_reason
            old.first_row = entry.first_row.model_copy()
            old.name, old.question = entry.name, entry.question
            if "lines" in type(entry).model_fields:
                old.lines = list(entry.lines)
            entries.append(old)
        target.entries = entries
        dates = {(e.citation, e.url): e.date for e in target.evidence}
        target.evidence = [e.model_copy(update={"date": e.date or dates.get((e.citation, e.url), "")})
                           for e in section.evidence]
    return out


def import_docx(store, path: Path, *, new_id_on_clash: bool = False, replace: bool = False,
                summary: Path | None = None) -> Imported:  # type: ignore[no-untyped-def]
    """Read ``path`` and add it to ``store`` (see the module docstring for ``replace``)."""
    from ..model import new_id
    from ..store import ConflictError, StoreError

    result: ImportResult = read_docx(path)
    a, report = result.assessment, result.report
    read_summary_beside(result, Path(path), summary)
    sid = result.source_id
    if replace and not sid:
        raise DocxImportError(
            f"{Path(path).name}: --replace updates the assessment a document was exported from, but this "
            "document records none (it was not written by cia); import it without --replace to add it as a "
            "new assessment")
    if sid and store.exists(sid):
        if replace:
            stored = store.load(sid)
            exported = result.source_revision
            if exported is None or stored.revision > exported:
                raise ConflictError(store.path_for(sid), stored.revision, exported or 0)
            merged = _apply(stored, a, report.key_risks > 0)
            if merged.edition != a.edition:
                report.warnings.append(f"the document follows edition {a.edition}; the assessment keeps "
                                       f"edition {merged.edition}")
            if merged.model_dump(mode="json") == stored.model_dump(mode="json"):
                return Imported(stored, report, "unchanged (the document says what is stored)")
            store.save(merged)
            return Imported(merged, report, "updated")
        if not new_id_on_clash:
            raise StoreError(
                f"{Path(path).name}: the store already holds assessment {sid} (this document was exported "
                "from it); use --replace to update it from this document, or --new-id to import it as a copy")
        a.id = new_id()
        store.save(a)
        return Imported(a, report, "added as a copy")
    if sid:
        a.id = sid
    store.save(a)
    return Imported(a, report, "added")
