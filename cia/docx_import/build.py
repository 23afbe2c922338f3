"""From the document's parts to an assessment: the edition, the header, the front sections, every
category table row placed in its area, the evidence, and a report of it all."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import DocumentParts, FoundTable, context_headings
from .evidence import evidence_items
from .front import fill_front, fill_header
from .match import (
    TableEvidence,
    any_question,
    category_score,
    default_edition,
    edition_scores,
    editions,
    is_template_text,
    match_category_title,
)
from .package import DocxImportError, Package
from .reader import Para
from .report import ImportReport
from .rows import RowBuilder, set_lines, set_points
from .tables import RawRow, _append
from .wording import similar

__all__ = ["build", "ImportResult", "recorded_source", "set_points", "set_lines"]

PROP_ID = "cia.id"
PROP_ID_OLD = "cia.assessment_id"
PROP_DOCUMENT = "cia.document"
PROP_REVISION = "cia.revision"
PROP_EDITION = "cia.edition"


@dataclass
class ImportResult:
    assessment: object
    """The :class:`cia.model.Assessment` read from the document (a new id unless it records one)."""
    report: ImportReport
    source_id: str = ""
    """The assessment id recorded by cia's export, if the document is one."""
    source_revision: int | None = None
    """The revision the assessment had when it was exported."""


@dataclass
class _Section:
    category: object
    rows: list[RawRow] = field(default_factory=list)
    evidence: list[Para] = field(default_factory=list)
    notes: list[Para] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


# --- the edition -------------------------------------------------------------------------------------


def _questions(found: FoundTable) -> int:
    n = 0
    for row in found.parsed.rows:
        texts = [p.text for p in row.area[1:]]
        first = row.name.split("\n", 1)
        if len(first) > 1:
            texts.append(first[1])
        n += any(any_question(t) for t in texts if t.strip())
    return n


def choose_edition(package: Package, parts: DocumentParts, report: ImportReport) -> str:
    known = editions()
    recorded = package.custom.get(PROP_EDITION, "").split("@", 1)[0]
    if recorded and recorded in known:
        report.edition_how = "recorded in the document by cia"
        return recorded
    evidence = [
        TableEvidence(names=[r.name for r in t.parsed.rows if r.name], has_groups=t.parsed.has_groups,
                      questions=_questions(t), column_texts=list(t.parsed.columns.values()))
        for t in parts.tables
    ]
    scores = edition_scores(evidence, parts.labels, front=bool(parts.front))
    default = default_edition()
    best = max(scores, key=lambda k: (scores[k], k == default))
    report.edition_how = "recognised from the layout"
    if recorded:
        report.warnings.append(f"the document names the edition {recorded!r}, which is not installed; "
                               f"read as {best}")
    return best


# --- category tables ---------------------------------------------------------------------------------


def _choose_category(found: FoundTable, edition, previous: _Section | None, used: set[str]):  # type: ignore[no-untyped-def]
    names = [r.name for r in found.parsed.rows if r.name]
    headings = context_headings(found)
    titled = None
    for text in headings:
        titled = match_category_title(text, edition)
        if titled is not None:
            break
    best, best_score = None, 0.0
    for category in edition.categories:
        score = 2.0 * category_score(names, category)
        if titled is not None and category.key == titled.key:
            score += 3
        if bool(category.groups_column) != found.parsed.has_groups:
            score -= 1
        area_col = found.parsed.columns.get("area", "")
        if area_col and similar(area_col, category.area_column) > 0.85:
            score += 1
        if category.key in used and (previous is None or previous.category.key != category.key):
            score -= 1
        if score > best_score:
            best, best_score = category, score
    if best is not None:
        return best
    if previous is not None and not headings:
        return previous.category
    return next((c for c in edition.categories if c.key not in used), None)


def _merge_rows(into: RawRow, row: RawRow) -> None:
    into.continued += 1
    for line in row.lines:
        target = into.lines[-1]
        for f, paras in line.items():
            _append(target, f, paras, into)
    into.joined += row.joined


def gather_sections(parts: DocumentParts, edition, report: ImportReport) -> list[_Section]:  # type: ignore[no-untyped-def]
    sections: list[_Section] = []
    by_key: dict[str, _Section] = {}
    previous: _Section | None = None
    for found in parts.tables:
        report.repeated_headers += found.parsed.repeated_headers
        category = _choose_category(found, edition, previous, set(by_key))
        if category is None:
            for row in found.parsed.rows:
                for p in row.area + [q for line in row.lines for ps in line.values() for q in ps]:
                    if p.text.strip():
                        report.unplaced.append(("a table that matches no category of the edition", p.text.strip()))
            continue
        section = by_key.get(category.key)
        if section is None:
            section = _Section(category=category)
            by_key[category.key] = section
            sections.append(section)
        section.headings.extend(context_headings(found))
        for p in found.context:
            text = p.text.strip()
            if not text or is_template_text(text):
                continue
            if p.heading or p.bold:
                named = match_category_title(text, edition)
                if named is None or named.key != category.key:
                    report.warnings.append(f"the {category.title} table was found under the heading “{text}”")
            else:
                report.unplaced.append((f"above the {category.title} table", text))
        for p in found.parsed.title:
            text = p.text.strip()
            if not text:
                continue
            head = re.split(r"\s[–—-]\s", text, maxsplit=1)[0]
            named = match_category_title(head, edition)
            if named is not None and named.key == category.key:
                continue
            if is_template_text(text):
                report.warnings.append(f"the {category.title} table has the title “{head}”")
            else:
                report.unplaced.append((f"the title row of the {category.title} table", text))
        for row in found.parsed.rows:
            if not row.name:
                last = section.rows[-1] if section.rows else (previous.rows[-1] if previous and previous.rows
                                                                else None)
                if last is not None:
                    _merge_rows(last, row)
                    continue
                for p in [q for line in row.lines for ps in line.values() for q in ps]:
                    if p.text.strip():
                        report.unplaced.append((f"a row of the {category.title} table with no area name",
                                                p.text.strip()))
                continue
            section.rows.append(row)
        section.evidence.extend(found.parsed.evidence)
        section.evidence.extend(found.after)
        section.notes.extend(found.parsed.notes)
        previous = section
    return sections


# --- the whole -----------------------------------------------------------------------------------------


def build(package: Package, parts: DocumentParts) -> ImportResult:
    from pydantic import ValidationError

    from ..model import Assessment, describe_validation_error

    if package.custom.get(PROP_DOCUMENT) == "summary":
        raise DocxImportError(
            f"{package.name}: this is the Checklist and Executive Summary; import the full CIA exported with it "
            "(its name ends in -full-cia.docx), which reads this summary too when it lies beside it")
    if not parts.tables:
        raise DocxImportError(
            f"{package.name}: this does not look like a Community Impact Assessment: it has no category table "
            "(a table with Benefits, Risks and Mitigations columns)")
    report = ImportReport(source=package.name)
    key = choose_edition(package, parts, report)
    try:
        a = Assessment(edition=key)
        edition = a.template
        report.edition = key
        report.edition_title = edition.title
        fill_header(a, parts, package, report)
        fill_front(a, parts, report)
        for section in gather_sections(parts, edition, report):
            builder = RowBuilder(a, section, report)
            for raw in section.rows:
                builder.build(raw)
            a.section(section.category.key).evidence = evidence_items(
                section.evidence, f"{section.category.title} evidence", report,
                cia_export=bool(recorded_source(package)[0]))
            for p in section.notes:
                text = p.text.strip()
                if is_template_text(text) or text.startswith("Note: ") and is_template_text(text[6:]):
                    report.template_text += 1
                else:
                    report.unplaced.append((f"a full-width row of the {section.category.title} table", text))
        _signoffs(a, parts, report)
        report.template_text += parts.template_skipped
        for item in parts.unplaced:
            report.unplaced.append((item.where, item.text))
        a.ensure_sections()
        if report.unplaced and "import_notes" in type(a).model_fields:
            a.import_notes = report.notes_text()
    except ValidationError as exc:
        raise DocxImportError(f"{package.name}: the document's content does not fit an assessment: "
                              + "; ".join(describe_validation_error(exc))) from None
    result = ImportResult(assessment=a, report=report)
    result.source_id, result.source_revision = recorded_source(package)
    return result


_PRODUCED = re.compile(r"Produced with cia from assessment ([A-Za-z0-9_\-]{1,64}), revision (\d+)")


def recorded_source(package: Package) -> tuple[str, int | None]:
    """The assessment id and revision a cia export records: its custom properties, else the sentence
    "Produced with cia from assessment …, revision …" in its description (older exports)."""
    recorded_id = package.custom.get(PROP_ID, "") or package.custom.get(PROP_ID_OLD, "")
    if recorded_id and re.fullmatch(r"[A-Za-z0-9_\-]{1,64}", recorded_id):
        try:
            return recorded_id, int(package.custom.get(PROP_REVISION, ""))
        except ValueError:
            return recorded_id, None
    m = _PRODUCED.search(package.core.get("description", ""))
    if m:
        return m.group(1), int(m.group(2))
    return "", None


def _signoffs(a, parts: DocumentParts, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    from ..model import SignOff

    out = []
    for cells in parts.signoffs:
        cells = (cells + ["", "", "", ""])[:4]
        out.append(SignOff(name=cells[0], role=cells[1], date=cells[2], decision=cells[3]))
    if out:
        a.signoffs = out
        report.signoffs = len(out)
