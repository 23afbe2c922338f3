"""Category tables: one row per area (groups, benefits, risks, mitigations) and the table's evidence."""

from typing import Annotated

from pydantic import Field, field_validator

from .fields import POINTS_MAX, AreaStatus, Line, PointField, Points, Strict, Text, Url
from .risks import Mitigation, Mitigations, Risk, Risks, is_real_risk


class FirstRowRefs(Strict):
    """Which columns of the cross-cutting first row also apply to this row ("See first row …")."""

    benefits: bool = False
    risks: bool = False
    mitigations: bool = False

    def any(self) -> bool:
        return self.benefits or self.risks or self.mitigations

    def get(self, field: str) -> bool:
        return bool(getattr(self, field, False))


class ImpactLine(Strict):
    """One impact line of an area, as the council's tables print them side by side: a group with its own
    benefits, risks and mitigations. Counts over the area's flat lists, taken in order: line 1 is the first
    ``groups`` groups, the first ``benefits`` benefits, …; line 2 the next ones, and so on."""

    groups: int = Field(default=0, ge=0, le=POINTS_MAX)
    benefits: int = Field(default=0, ge=0, le=POINTS_MAX)
    risks: int = Field(default=0, ge=0, le=POINTS_MAX)
    mitigations: int = Field(default=0, ge=0, le=POINTS_MAX)


LINE_FIELDS = ("groups", "benefits", "risks", "mitigations")


class AreaEntry(Strict):
    """One row of a category table: a template area, or an extra area the author added."""

    key: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9_\-]+$")]
    name: Line = ""
    """Only for extra areas: template areas take their name from the template."""
    question: Line = ""
    """Only for extra areas: an optional guiding question."""
    extra: bool = False
    status: AreaStatus = "not_assessed"
    na_reason: Text = ""
    groups: Points = Field(default_factory=list)
    benefits: Points = Field(default_factory=list)
    risks: Risks = Field(default_factory=list)
    mitigations: Mitigations = Field(default_factory=list)
    first_row: FirstRowRefs = Field(default_factory=FirstRowRefs)
    lines: list[ImpactLine] = Field(default_factory=list, max_length=POINTS_MAX)
    """Impact lines; empty means one line holding every point (the usual case)."""

    def impact_lines(self) -> list[dict[str, list[str]]]:
        """The area's point texts line by line (one line when ``lines`` is empty).

        Each line takes its count of each field in order; counts beyond what is left are cut short, and
        points the counts do not reach (added since the lines were set) join the last line, so every point
        is in exactly one line whatever edits happened since.
        """
        texts = {f: self.points(f) for f in LINE_FIELDS}  # type: ignore[arg-type]
        if len(self.lines) <= 1:
            return [texts]
        out: list[dict[str, list[str]]] = []
        pos = dict.fromkeys(LINE_FIELDS, 0)
        for line in self.lines:
            row = {}
            for f in LINE_FIELDS:
                n = getattr(line, f)
                row[f] = texts[f][pos[f]:pos[f] + n]
                pos[f] = min(len(texts[f]), pos[f] + n)
            out.append(row)
        for f in LINE_FIELDS:
            out[-1][f] = out[-1][f] + texts[f][pos[f]:]
        return out

    def points(self, field: PointField) -> list[str]:
        """The texts of a field's points (groups, benefits, risks or mitigations), in order."""
        items = getattr(self, field)
        if field in ("risks", "mitigations"):
            return [item.text for item in items]
        return list(items)

    def set_points(self, field: PointField, texts: list[str]) -> None:
        """Replace a field's texts, keeping each risk's or mitigation's record (rating, owner, links …).

        Records are matched to the new texts by difflib: unchanged texts keep their record; a replaced run keeps
        the records in position (an edited text keeps its metadata); added texts get new records; removed
        risks are also removed from the mitigations that answered them.
        """
        if field not in ("risks", "mitigations"):
            setattr(self, field, list(texts))
            return
        import difflib  # here, not at the top: reading and checking assessments never needs it

        from ..text import clean_block

        new = [clean_block(t) for t in texts if isinstance(t, str) and clean_block(t)]
        old: list = list(getattr(self, field))
        records: list = [None] * len(new)
        # unchanged texts keep their records wherever they moved to
        unused = list(range(len(old)))
        for j, text in enumerate(new):
            i = next((i for i in unused if old[i].text == text), None)
            if i is not None:
                unused.remove(i)
                records[j] = old[i]
        # the rest are edits, insertions and removals: pair them by position and likeness
        rest_old = [old[i] for i in unused]
        rest_new = [j for j, r in enumerate(records) if r is None]
        matcher = difflib.SequenceMatcher(a=[r.text for r in rest_old], b=[new[j] for j in rest_new],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("replace", "equal"):
                paired = _pair_edited(rest_old[i1:i2], [new[j] for j in rest_new[j1:j2]])
            elif op == "insert":
                paired = [{"text": new[j]} for j in rest_new[j1:j2]]
            else:
                continue
            for j, record in zip(rest_new[j1:j2], paired):
                records[j] = record
        setattr(self, field, records)
        if field == "risks":
            self._prune_answers()

    def _prune_answers(self) -> None:
        ids = {r.id for r in self.risks}
        if any(a not in ids for m in self.mitigations for a in m.answers):
            self.mitigations = [m.model_copy(update={"answers": [a for a in m.answers if a in ids]})
                                for m in self.mitigations]

    def risk(self, risk_id: str) -> Risk | None:
        return next((r for r in self.risks if r.id == risk_id), None)

    def real_risks(self) -> list[Risk]:
        """The risks that state a risk (not "None", "N/A" …)."""
        return [r for r in self.risks if is_real_risk(r.text)]

    @property
    def uses_links(self) -> bool:
        """Whether any mitigation says which risks it answers (then each risk needs its own mitigation)."""
        ids = {r.id for r in self.risks}
        return any(a in ids for m in self.mitigations for a in m.answers)

    def mitigations_for(self, risk: Risk) -> list[Mitigation]:
        """The mitigations that answer a risk: those linked to it where the area uses links, else all of them."""
        if self.uses_links:
            return [m for m in self.mitigations if risk.id in m.answers]
        return list(self.mitigations)

    @property
    def has_content(self) -> bool:
        return bool(self.groups or self.benefits or self.risks or self.mitigations or self.first_row.any())

    @property
    def unmarked_status(self) -> str:
        """The status an area has when it is not marked N/A: points mean assessed (what is written, or a
        reference to the first row), nothing written means not started. The one definition of "points mean
        assessed" that the app, Word import and the CLI use."""
        return "assessed" if self.has_content else "not_assessed"

    def assess_if_written(self) -> bool:
        """Writing points is assessing the area: a "not started" area with content becomes assessed.
        Returns whether the status changed."""
        if self.status == "not_assessed" and self.unmarked_status == "assessed":
            self.status = "assessed"
            return True
        return False


def _similar(a: str, b: str) -> float:
    if a and b and (a in b or b in a):
        return 1.0
    import difflib

    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def _pair_edited(old: list, new: list[str]) -> list:
    """Records for a run of replaced texts: one text edited keeps its record; in a longer run each new text
    takes the record of the old text it most resembles (if any does), the rest are new records."""
    if len(old) == 1 and len(new) == 1:
        return [old[0].model_copy(update={"text": new[0]})]
    pairs = sorted(((_similar(o.text, t), i, j) for i, o in enumerate(old) for j, t in enumerate(new)),
                   key=lambda p: -p[0])
    taken_old: set[int] = set()
    match: dict[int, int] = {}
    for score, i, j in pairs:
        if score < 0.5:
            break
        if i in taken_old or j in match:
            continue
        taken_old.add(i)
        match[j] = i
    return [old[match[j]].model_copy(update={"text": t}) if j in match else {"text": t} for j, t in enumerate(new)]


class EvidenceItem(Strict):
    citation: Text = ""
    url: Url = ""
    date: Line = ""
    """When the evidence was published or gathered, as written ("March 2021")."""


class CategorySection(Strict):
    key: Annotated[str, Field(min_length=1, max_length=80)]
    entries: list[AreaEntry] = Field(default_factory=list, max_length=300)
    evidence: list[EvidenceItem] = Field(default_factory=list, max_length=POINTS_MAX)

    @field_validator("evidence", mode="after")
    @classmethod
    def _drop_empty_evidence(cls, items: list[EvidenceItem]) -> list[EvidenceItem]:
        return [i for i in items if i.citation or i.url]

    def entry(self, key: str) -> AreaEntry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None


