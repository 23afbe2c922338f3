"""From the document's parts to an assessment: the edition, the header, the front sections, every
category table row placed in its area, the evidence, and a report of it all."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import DocumentParts, FoundTable, context_headings
from .match import (
    TableEvidence,
    any_question,
    category_score,
    default_edition,
    edition_scores,
    editions,
    get_edition,
    is_question_of,
    is_template_text,
    match_area,
    match_category_title,
)
from .package import DocxImportError, Package
from .reader import Para
from .report import ImportReport
from .evidence import evidence_items
from .tables import FIELDS, RawRow, _append
from .wording import (
    is_bare_na,
    is_na,
    norm,
    reference_kind,
    similar,
    strip_typed_bullet,
)

PROP_ID = "cia.id"
PROP_ID_OLD = "cia.assessment_id"
PROP_DOCUMENT = "cia.document"
PROP_REVISION = "cia.revision"
PROP_EDITION = "cia.edition"

# Placeholders cia's own export writes where there is nothing (never the author's words).
NOT_ASSESSED = "Not yet assessed"
NOT_WRITTEN = "Not yet written."
NOT_GIVEN = "Not given"
NO_EVIDENCE = "No evidence base has been given."
GROUPS_AFFECTED = "Groups affected:"
KEY_MITIGATIONS_LEADS = (
    "Based on the assessment below, this CIA makes the following overarching recommendations to mitigate "
    "the risks identified:",
)
REF_FIELDS = ("benefits", "risks", "mitigations")


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


# --- header and front sections -----------------------------------------------------------------------


def _person(text: str):  # type: ignore[no-untyped-def]
    from ..model import Person

    text = " ".join(text.split())
    m = re.match(r"^(.*?)\s*\((.*)\)$", text)
    if m and m.group(1):
        return Person(name=m.group(1), role=m.group(2))
    return Person(name=text)


def _split_people(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        parts = [p.strip() for p in line.split("; ")]
        if len(parts) > 1 and all(re.search(r"\(.*\)$", p) for p in parts):
            out.extend(parts)
        else:
            out.append(line)
    return out


def fill_header(a, parts: DocumentParts, package: Package, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    from ..model import STATUS_LABELS, Engagement

    h = {k: [v for v in values if v != NOT_GIVEN] for k, values in parts.header.items()}
    header = a.header
    title = " ".join(h.get("title", [])) or parts.title_line or parts.heading_title
    if not title:
        core_title = package.core.get("title", "")
        title = re.sub(r"^(?:community impact assessment|checklist and executive summary):\s*", "", core_title,
                       flags=re.I)
    header.title = title
    if h.get("sponsor"):
        header.sponsor = _person(" ".join(h["sponsor"]))
    if h.get("leads"):
        header.leads = [_person(x) for x in _split_people(h["leads"])]
    for key in ("author", "date_completed", "decision", "directorate"):
        if h.get(key):
            setattr(header, key, " ".join(h[key]))
    if h.get("status"):
        # a Word document is not a review record: the import is a draft, whatever the document says
        said = " ".join(h["status"])
        if norm(said) != norm(STATUS_LABELS.get("draft", "Draft")):
            report.warnings.append(f"the document's status is “{said}”; it is imported as a draft (review and "
                                   "sign-off are recorded in cia, with their trail)")
    if h.get("engagement"):
        text = "\n".join(h["engagement"])
        m = re.match(r"^(yes|no)\b[:.]?\s*(.*)$", text, re.I | re.S)
        if m:
            header.engagement = Engagement(took_place=m.group(1).lower() == "yes", details=m.group(2).strip())
        else:
            header.engagement = Engagement(details=text)
    report.header_fields = [label for label in dict.fromkeys(parts.labels) if norm(label) != "status"]
    if not h.get("title") and title:
        report.header_fields.insert(0, "title line")


def _prose(paras: list[Para]) -> str:
    chunks: list[str] = []
    for p in paras:
        text = p.text.strip()
        if not text or text == NOT_WRITTEN:
            continue
        bare, typed = strip_typed_bullet(text)
        if p.list_kind == "bullet" or typed:
            line = "- " + bare
            if chunks:
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
        else:
            chunks.append(text)
    return "\n\n".join(chunks)


def fill_front(a, parts: DocumentParts, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    edition = a.template
    leads = list(KEY_MITIGATIONS_LEADS)
    section = getattr(edition, "front_section", None)
    if callable(section):
        km = section("key_mitigations")
        if km is not None and getattr(km, "lead", ""):
            leads.append(km.lead)
    for key, paras in parts.front.items():
        if key == "key_mitigations":
            points = []
            for p in paras:
                text = p.text.strip()
                if not text or text == NOT_WRITTEN or any(similar(text, lead) > 0.97 for lead in leads):
                    continue
                points.append(strip_typed_bullet(text)[0])
            a.key_mitigations = points
        else:
            setattr(a, key, _prose(paras))
        if getattr(a, key):
            report.front_sections.append({"introduction": "Introduction", "summary": "Summary of assessment",
                                          "key_mitigations": "Key mitigations"}[key])


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


def _cell_texts(paras: list[Para]) -> list[str]:
    """A cell's paragraphs as text, without typed bullets (so "• N/A" says N/A)."""
    return [strip_typed_bullet(p.text.strip())[0] for p in paras if p.text.strip()]


def _row_na(raw: RawRow, fields: tuple[str, ...]) -> tuple[bool, str]:
    """Whether the row says only N/A (every filled cell leads with an N/A phrase), and the reason as written."""
    reasons: list[str] = []
    filled = 0
    for line in raw.lines:
        for f in fields:
            texts = _cell_texts(line.get(f, []))
            if not texts:
                continue
            filled += 1
            if not is_na(texts[0]):
                return False, ""
            for text in ([] if is_bare_na(texts[0]) else [texts[0]]) + texts[1:]:
                if text not in reasons:
                    reasons.append(text)
    return filled > 0, "\n\n".join(reasons)


def _ref_phrases(edition, section_key: str) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    sentence = getattr(edition, "first_row_sentence", None)
    if callable(sentence):
        for key in dict.fromkeys([section_key, edition.cross_cutting_category]):
            for f in REF_FIELDS:
                try:
                    out.append(sentence(key, f))
                except (KeyError, AttributeError, ValueError):
                    pass
    return tuple(dict.fromkeys(p for p in out if p))


class _RowBuilder:
    def __init__(self, a, section: _Section, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
        self.a = a
        self.section = section
        self.category = section.category
        self.report = report
        self.fields = FIELDS if self.category.groups_column else FIELDS[1:]
        self.phrases = _ref_phrases(a.template, self.category.key)
        self.by_key: dict[str, object] = {}

    def is_note(self, text: str) -> bool:
        """The text is one of this category's template notes, in any edition (never the author's point)."""
        if len(text) < 40:
            return False
        for edition in editions().values():
            if edition.has_category(self.category.key):
                for note in edition.category(self.category.key).notes:
                    if norm(note) == norm(text) or similar(note, text) > 0.92:
                        return True
        return False

    def where(self, name: str) -> str:
        return f"{self.category.title} › {name}"

    def entry_for(self, raw: RawRow):  # type: ignore[no-untyped-def]
        from ..model import AreaEntry

        a, key = self.a, self.category.key
        m = match_area(raw.name, self.category.areas)
        model_section = a.section(key)
        if m is not None:
            area = m.area
            entry = self.by_key.get(area.key)
            if entry is not None:
                self.report.warnings.append(f"{self.where(area.name)} appears twice; the second row's points "
                                            "were added to the first")
                return entry, area, m.rest, True
            entry = model_section.entry(area.key)
            if entry is None:
                entry = AreaEntry(key=area.key)
                if area.kind == "cross_cutting":
                    model_section.entries.insert(0, entry)
                else:
                    model_section.entries.append(entry)
            self.by_key[area.key] = entry
            self.report.placed.setdefault(self.category.title, []).append(area.name)
            return entry, area, m.rest, False
        name = raw.name.split("\n", 1)[0].strip().rstrip(":").strip()
        entry = a.add_extra_area(key, name[:500])
        self.report.extra.append((self.category.title, name))
        return entry, None, "", False

    def build(self, raw: RawRow) -> None:
        entry, area, rest, duplicate = self.entry_for(raw)
        name = area.name if area is not None else entry.name
        not_assessed = False
        extra_groups: list[str] = []
        # the area cell: name, then a definition or guiding question, cia's markers, or the author's text
        rest_texts = [rest] if rest else []
        first_lines = raw.name.split("\n", 1)
        if len(first_lines) > 1:
            rest_texts.append(first_lines[1])
        rest_texts += [p.text.strip() for p in raw.area[1:] if p.text.strip()]
        if raw.area and not raw.area[0].text.strip():
            rest_texts = [p.text.strip() for p in raw.area if p.text.strip()][1:]
        question_set = False
        for text in rest_texts:
            if text == NOT_ASSESSED:
                not_assessed = True
            elif text.startswith(GROUPS_AFFECTED):
                extra_groups += [g.strip() for g in text[len(GROUPS_AFFECTED):].split("; ") if g.strip()]
            elif area is not None and is_question_of(text, area):
                continue
            elif area is None and not question_set and not duplicate:
                entry.question = " ".join(text.split())[:500]
                question_set = True
            elif is_template_text(text):
                self.report.template_text += 1
            else:
                self.report.unplaced.append((f"{self.where(name)} (area cell)", text))

        is_na_row, reason = _row_na(raw, self.fields)
        if is_na_row and not duplicate:
            entry.status = "na"
            entry.na_reason = reason
            self.report.na.append((self.category.title, name, reason))
            return

        points: dict[str, list[str]] = {f: list(entry.points(f)) if duplicate else [] for f in FIELDS}
        counts: list[dict[str, int]] = []
        refs = {f: False for f in REF_FIELDS}
        for line in raw.lines:
            count = {f: 0 for f in FIELDS}
            for f in self.fields:
                if len(_cell_texts(line.get(f, []))) == 1 and is_na(_cell_texts(line.get(f, []))[0]):
                    self.report.na_cells += 1
                    continue
                for text in [p.text.strip() for p in line.get(f, []) if p.text.strip()]:
                    if text == NOT_ASSESSED:
                        continue
                    bare, typed = strip_typed_bullet(text)
                    self.report.typed_bullets += typed
                    if f in REF_FIELDS and (area is None or area.kind != "cross_cutting"):
                        kind = reference_kind(bare, self.phrases)
                        if kind:
                            refs[f] = True
                            if kind == "pure":
                                continue
                    if self.is_note(bare):
                        # the template's own note printed in a cell (2021: the marriage note under staff)
                        self.report.template_text += 1
                        continue
                    points[f].append(bare)
                    count[f] += 1
            counts.append(count)
        if extra_groups and not self.category.groups_column:
            points["groups"] = extra_groups + points["groups"]
        elif (not self.category.groups_column and area is not None and area.kind == "staff"
              and "affected" in norm(self.category.area_column) and not points["groups"]
              and (any(points[f] for f in REF_FIELDS) or any(refs.values()))):
            # the Workforce table's first column is "Who will be affected": the row names the group
            points["groups"] = [raw.name.split("\n", 1)[0].strip()]
        for f in FIELDS:
            set_points(entry, f, points[f])
        for f, on in refs.items():
            if on:
                setattr(entry.first_row, f, True)
                self.report.references += 1
        self.report.points += sum(len(v) for v in points.values())
        if len(counts) > 1:
            set_lines(entry, counts)
            self.report.lines.append((self.category.title, name, len(counts)))
        self.report.continued_rows += raw.continued
        self.report.rejoined_points += raw.joined
        for spans in raw.spans:
            cols = spans.split(",")
            self.report.warnings.append(f"{self.where(name)}: a cell spans the {' and '.join(cols)} columns; its "
                                        f"text was placed under {cols[0]}")
        if not_assessed:
            entry.status = "not_assessed"
        elif entry.has_content:
            entry.status = "assessed"


def set_points(entry, field: str, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Replace a field's points through the model's edit path (which keeps each record's details)."""
    setter = getattr(entry, "set_points", None)
    if callable(setter):
        setter(field, texts)
    else:
        setattr(entry, field, texts)


def set_lines(entry, counts: list[dict[str, int]]) -> None:  # type: ignore[no-untyped-def]
    """Record impact lines (each group with its own benefits, risks, mitigations) where the model has them."""
    if "lines" not in type(entry).model_fields:
        return
    from ..model import ImpactLine  # type: ignore[attr-defined]

    entry.lines = [ImpactLine(**c) for c in counts]


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
            builder = _RowBuilder(a, section, report)
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
