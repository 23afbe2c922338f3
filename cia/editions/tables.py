"""The category tables of an edition: each table's columns and areas, and the cross-cutting first row that other
rows can point back to ("See first row …")."""

from typing import Literal

from pydantic import Field, model_validator

from .base import Key, Long, Short, _Frozen

AreaKind = Literal["cross_cutting", "protected_characteristic", "staff", "area"]


class Columns(_Frozen):
    """The column headings of a category table. ``groups = ""`` means the table has no groups column."""

    area: Short = "Category Area"
    area_note: Long = ""
    """Printed under the area heading (2021: "Areas highlighted are suggestions only …")."""
    groups: Short = "Which groups will be affected"
    benefits: Short = "Benefits"
    risks: Short = "Risks"
    mitigations: Short = "Mitigations / Recommendations"


class FirstRowWording(_Frozen):
    """The template's "See first row …" sentence for each column."""

    benefits: Short = "See first row for identified benefits."
    risks: Short = "See first row for identified risks."
    mitigations: Short = "See first row for mitigations / recommendations."

    def get(self, field: str) -> str:
        return str(getattr(self, field))


class AreaDef(_Frozen):
    """One row of a category table in the council template."""

    key: Key
    name: Short
    question: Long = ""
    """The guiding question printed under the area name (2021 template), if any."""
    definition: Long = ""
    """A definition printed after the name (the 2024 layout defines each characteristic)."""
    hint: Long = ""
    """A short hint shown while editing: what to think about for this area."""
    kind: AreaKind = "area"
    optional: bool = False
    """Optional rows (the classic cross-cutting first row) are only part of an assessment once added."""
    replaces: tuple[Key, ...] = ()
    """Keys this area had in earlier versions of the edition (``cia migrate`` reports them as renamed)."""

    @property
    def description(self) -> str:
        return self.definition


class CategoryDef(_Frozen):
    """One section of the template: a category and its table."""

    key: Key
    title: Short
    short_title: Short = ""
    description: Long = ""
    """Printed under the title (empty where the template has none)."""
    hint: Long = ""
    """Shown in the app where the template itself has no description."""
    prompts_intro: Short = ""
    prompts: tuple[Long, ...] = ()
    columns: Columns = Field(default_factory=Columns)
    evidence: bool = True
    """Whether the table ends with an Evidence Base row."""
    evidence_label: Short = "Evidence Base: (Evidence used/ likelihood/ size of impact)"
    evidence_required: bool = True
    """Readiness: an evidence base is required once any area is assessed (where the table has one)."""
    groups_required: bool = True
    """Readiness: an assessed area names the groups affected (where the table has a groups column)."""
    see_first_row: FirstRowWording | None = None
    """This table's wording for references to the cross-cutting row (else the edition's)."""
    notes: tuple[Long, ...] = ()
    """Template notes printed with the table (not rows)."""
    areas: tuple[AreaDef, ...] = ()

    @model_validator(mode="after")
    def _defaults_and_unique_areas(self) -> "CategoryDef":
        if not self.short_title:
            object.__setattr__(self, "short_title", self.title)
        seen: set[str] = set()
        for i, area in enumerate(self.areas):
            for key in (area.key, *area.replaces):
                if key in seen:
                    raise ValueError(f"areas[{i}]: the key {key!r} is used twice in {self.key}")
                seen.add(key)
        if sum(a.kind == "cross_cutting" for a in self.areas) > 1:
            raise ValueError(f"{self.key} has more than one cross-cutting row")
        return self

    # --- the names the rest of cia has always used ---------------------------------------------------

    @property
    def area_column(self) -> str:
        return self.columns.area

    @property
    def groups_column(self) -> str | None:
        """Header of the groups column, or None where the table has no such column."""
        return self.columns.groups or None

    @property
    def has_evidence(self) -> bool:
        return self.evidence

    def column_headings(self) -> list[str]:
        """The table's column headings, in order."""
        c = self.columns
        return [c.area, *([c.groups] if c.groups else []), c.benefits, c.risks, c.mitigations]

    def column_heading(self, field: str) -> str:
        return str(getattr(self.columns, field))

    def area(self, key: str) -> AreaDef | None:
        for area in self.areas:
            if area.key == key:
                return area
        return None

    @property
    def cross_cutting(self) -> AreaDef | None:
        for area in self.areas:
            if area.kind == "cross_cutting":
                return area
        return None

    @property
    def required_areas(self) -> tuple[AreaDef, ...]:
        return tuple(a for a in self.areas if not a.optional)


class CrossCutting(_Frozen):
    """The cross-cutting first row that other rows can point back to ("See first row …")."""

    category: Key = "psed"
    see_first_row: FirstRowWording = Field(default_factory=FirstRowWording)
    """The wording in the cross-cutting row's own table."""
    from_other_tables: FirstRowWording | None = None
    """The wording in other tables (``{table}`` is replaced by the cross-cutting table's title);
    the same as ``see_first_row`` when not given."""
