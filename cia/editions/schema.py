"""The shape of an edition file, as pydantic models that are also the objects the rest of cia reads.

An edition file (TOML) is validated into an :class:`Edition`; everything that varies between
editions of the council template is a field here: header labels and which are required, the
front sections, each category's wording and columns, its areas, the cross-cutting first row and
its "See first row …" wording, the guidance shown in the app, and the screening questions.

All models are frozen: an edition is shared by every assessment that uses it. The category tables
(columns, areas, the cross-cutting first row) are in :mod:`cia.editions.tables`; every model is importable
from here.
"""

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .base import EditionId, Key, Long, Short, _Frozen
from .tables import AreaDef, AreaKind, CategoryDef, Columns, CrossCutting, FirstRowWording

__all__ = ["AreaDef", "AreaKind", "CategoryDef", "Columns", "CrossCutting", "Edition", "EditionId", "FirstRowWording",
           "FrontSection", "Guidance", "HeaderField", "Key", "Long", "Screening", "ScreeningQuestion", "Short",
           "BUILTIN_HEADER", "FRONT_KEYS"]

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
