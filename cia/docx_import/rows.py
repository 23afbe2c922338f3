"""One category table row into its area: the area cell, N/A rows, references, points and impact lines."""

from __future__ import annotations

from ..model import SHORT_MAX
from .match import editions, is_question_of, is_template_text, match_area
from .reader import Para
from .report import ImportReport
from .tables import FIELDS, RawRow
from .wording import is_bare_na, is_na, norm, reference_kind, similar, strip_typed_bullet

# Placeholders and markers cia's own export writes (never the author's words).
NOT_ASSESSED = "Not yet assessed"
GROUPS_AFFECTED = "Groups affected:"
REF_FIELDS = ("benefits", "risks", "mitigations")


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


class RowBuilder:
    def __init__(self, a, section, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
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
        entry = a.add_extra_area(key, name[:SHORT_MAX])
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
                entry.question = " ".join(text.split())[:SHORT_MAX]
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
        elif entry.unmarked_status == "assessed":
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
