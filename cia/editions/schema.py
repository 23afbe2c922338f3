"""The shape of an edition file, as pydantic models that are also the objects the rest of cia reads.

An edition file (TOML) is validated into an :class:`Edition`; everything that varies between
editions of the council template is a field here: header labels and which are required, the
front sections, each category's wording and columns, its areas, the cross-cutting first row and
its "See first row …" wording, the guidance shown in the app, and the screening questions.

All models are frozen: an edition is shared by every assessment that uses it.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Key = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_]*$")]
EditionId = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-.]*$")]
Short = Annotated[str, StringConstraints(max_length=500)]
Long = Annotated[str, StringConstraints(max_length=5_000)]

AreaKind = Literal["cross_cutting", "protected_characteristic", "staff", "area"]
RefField = Literal["benefits", "risks", "mitigations"]
HeaderKind = Literal["text", "person", "people"]

BUILTIN_HEADER: dict[str, HeaderKind] = {
    "title": "text",
    "sponsor": "person",
    "leads": "people",
    "author": "text",
    "date_completed": "text",
    "decision": "text",
    "directorate": "text",
}
"""Header fields every assessment file has a place for, and what kind of value each holds."""

FRONT_KEYS = ("introduction", "summary", "key_mitigations")


class _Frozen(BaseModel):
    # no ``from __future__ import annotations`` in this module: see cia.model.fields.Strict
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class HeaderField(_Frozen):
    """One field of the header block: its label in the app and the documents, and whether it is required."""

    key: Key
    label: Short
    document_label: Short | None = None
    """The label printed in the documents, where it differs; "" prints the value as an unlabelled title line."""
    required: bool = False
    kind: HeaderKind = "text"
    """Built-in fields have a fixed kind; fields an edition adds are one line of text."""
    placeholder: Short = ""
    missing: Short = ""
    """The readiness message when a required field is empty (a default naming the label is used if blank)."""

    @model_validator(mode="after")
    def _kind_matches(self) -> "HeaderField":
        builtin = BUILTIN_HEADER.get(self.key)
        if builtin is not None and self.kind != builtin:
            object.__setattr__(self, "kind", builtin)
        elif builtin is None and self.kind != "text":
            raise ValueError(f"header field {self.key!r} is not a built-in field, so its kind must be \"text\"")
        return self

    @property
    def printed_label(self) -> str:
        return self.label if self.document_label is None else self.document_label

    @property
    def builtin(self) -> bool:
        return self.key in BUILTIN_HEADER

    @property
    def missing_message(self) -> str:
        return self.missing or f"Fill in {self.label}."


class FrontSection(_Frozen):
    """A front section (Introduction, Summary of assessment, Summary of key mitigations / recommendations)."""

    key: Literal["introduction", "summary", "key_mitigations"]
    heading: Short
    """As printed, e.g. "1. Introduction:"."""
    title: Short = ""
    """A short name for the app (defaults to the heading without its number)."""
    lead: Long = ""
    """A lead-in sentence printed before the points (key mitigations)."""
    guidance: Long = ""
    required: bool = True
    """Readiness: introduction and summary must be written; key mitigations are required when the
    assessment identifies risks."""

    @property
    def name(self) -> str:
        if self.title:
            return self.title
        head = self.heading.strip().rstrip(":")
        number, _, rest = head.partition(" ")
        return rest if rest and number.rstrip(".").replace(".", "").isdigit() else head


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


class Guidance(_Frozen):
    """The council's guidance: shown in the app (F1) and, where ``printed``, in the documents."""

    printed: bool = True
    """Whether the edition's documents carry the guidance pages (the 2024 layout has none)."""
    completing_heading: Short = "Completing a CIA"
    completing: tuple[Long, ...] = ()
    template_table_heading: Short = "Completing the CIA template"
    template_table_intro: Long = ""
    columns: dict[Literal["groups", "benefits", "risks", "mitigations"], tuple[Long, ...]] = Field(
        default_factory=dict
    )
    please_note: tuple[Long, ...] = ()
    evidence_label: Short = "Evidence Base: (Evidence used/ likelihood/ size of impact)"
    evidence: Long = ""
    categories_instruction: Long = ""
    submitting_heading: Short = ""
    submitting: Long = ""


ScreeningAnswer = Literal["yes", "no", "dont_know"]


class ScreeningQuestion(_Frozen):
    """A screening question: is a full assessment needed?"""

    key: Key
    text: Long
    hint: Long = ""
    full_if: tuple[ScreeningAnswer, ...] = ("yes", "dont_know")
    """The answers that mean a full assessment is needed."""
    reason: Long = ""
    """Why such an answer calls for a full assessment (shown with the outcome)."""


class Screening(_Frozen):
    """The relevance check before a full assessment."""

    title: Short = "Community Impact Assessment screening"
    intro: Long = ""
    questions: tuple[ScreeningQuestion, ...] = ()
    groups_question: Long = "Which groups could be affected?"
    """Asked with the list of areas; the groups named become areas to assess in the full assessment."""
    groups_category: Key = "psed"
    """The category whose areas are offered as the groups that could be affected."""
    not_needed_statement: Long = (
        "Screening found no likely adverse impact on any group, so a full Community Impact Assessment is "
        "not needed for this proposal."
    )

    @model_validator(mode="after")
    def _unique(self) -> "Screening":
        keys = [q.key for q in self.questions]
        dup = next((k for k in keys if keys.count(k) > 1), None)
        if dup:
            raise ValueError(f"the screening question key {dup!r} is used twice")
        return self


class Edition(_Frozen):
    """A version of the council template."""

    id: EditionId
    version: Annotated[int, Field(ge=1, le=100_000)] = 1
    title: Short
    description: Long = ""
    council: Short = "Staffordshire County Council"
    heading: Short = "Community Impact Assessment"
    """The document heading."""
    extends: str = ""
    """The edition (``id`` or ``id@version``) this one was built on, if any."""
    header: tuple[HeaderField, ...]
    front: tuple[FrontSection, ...] = ()
    cross_cutting: CrossCutting = Field(default_factory=CrossCutting)
    guidance: Guidance = Field(default_factory=Guidance)
    screening: Screening = Field(default_factory=Screening)
    categories: tuple[CategoryDef, ...]

    @model_validator(mode="after")
    def _consistent(self) -> "Edition":
        def dup(keys: list[str]) -> str | None:
            return next((k for k in keys if keys.count(k) > 1), None)

        if (k := dup([h.key for h in self.header])) is not None:
            raise ValueError(f"the header field {k!r} is listed twice")
        if (k := dup([f.key for f in self.front])) is not None:
            raise ValueError(f"the front section {k!r} is listed twice")
        if (k := dup([c.key for c in self.categories])) is not None:
            raise ValueError(f"the category {k!r} is listed twice")
        if not any(h.key == "title" for h in self.header):
            raise ValueError("the header must include the \"title\" field (the name of the proposal)")
        if not self.categories:
            raise ValueError("an edition needs at least one category")
        keys = [c.key for c in self.categories]
        if self.screening.groups_category not in keys:
            object.__setattr__(self, "screening", self.screening.model_copy(update={"groups_category": keys[0]}))
        return self

    # --- the names the rest of cia has always used ---------------------------------------------------

    @property
    def key(self) -> str:
        return self.id

    @property
    def ref(self) -> str:
        """``id@version``: how an assessment names the exact edition it follows."""
        return f"{self.id}@{self.version}"

    @property
    def required_header(self) -> tuple[str, ...]:
        return tuple(h.key for h in self.header if h.required)

    @property
    def labels(self) -> dict[str, str]:
        """Header labels as the edition prints them in the app, for every header field (built-in ones
        the edition does not list keep a plain label)."""
        out = {k: k.replace("_", " ").capitalize() for k in BUILTIN_HEADER}
        out.update({h.key: h.label for h in self.header})
        return out

    def header_field(self, key: str) -> HeaderField | None:
        return next((h for h in self.header if h.key == key), None)

    def header_rows(self, header: Any) -> list[tuple[HeaderField, str]]:
        """Each header field with its value as text (``Header.text``), in the edition's order; then any
        field that has a value but is not in this edition (so nothing written is ever hidden)."""
        rows = [(f, header.text(f.key)) for f in self.header]
        listed = {f.key for f in self.header}
        extra_keys = [k for k in BUILTIN_HEADER if k not in listed] + [k for k in header.additional if k not in listed]
        for key in extra_keys:
            value = header.text(key)
            if value:
                label = key.replace("_", " ").capitalize()
                rows.append((HeaderField(key=key, label=label), value))
        return rows

    @property
    def front_sections(self) -> bool:
        """Whether the edition has Introduction / Summary / Key mitigations sections."""
        return bool(self.front)

    def front_section(self, key: str) -> FrontSection | None:
        return next((f for f in self.front if f.key == key), None)

    @property
    def cross_cutting_category(self) -> str:
        """The category whose cross-cutting first row "See first row" references point to."""
        return self.cross_cutting.category

    def category(self, key: str) -> CategoryDef:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(key)

    def has_category(self, key: str) -> bool:
        return any(c.key == key for c in self.categories)

    @property
    def category_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.categories)

    def first_row_sentence(self, section_key: str, field: str) -> str:
        """The template's "See first row …" sentence for a reference made from ``section_key``."""
        if self.has_category(section_key):
            own = self.category(section_key).see_first_row
            if own is not None:
                return own.get(field)
        cc = self.cross_cutting
        if section_key == cc.category or cc.from_other_tables is None:
            return cc.see_first_row.get(field)
        table = self.category(cc.category).title if self.has_category(cc.category) else ""
        return cc.from_other_tables.get(field).replace("{table}", table)


from ..prebuilt import install as _install_prebuilt  # noqa: E402  (validators kept between runs)

_install_prebuilt("editions", sorted((c for c in list(globals().values()) if isinstance(c, type)
                                      and issubclass(c, _Frozen) and c is not _Frozen), key=lambda c: c.__qualname__))
