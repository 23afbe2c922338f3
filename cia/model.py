"""The assessment model: everything the council template asks for, as pydantic v2 models.

Structure is validated here (types, lengths, enums, unknown fields); whether an
assessment is *ready* is the job of :mod:`cia.checks`. A draft that is
incomplete is perfectly valid: it must always be saveable.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from .categories import DEFAULT_EDITION, EDITIONS, AreaDef, CategoryDef, Edition, get_edition
from .text import clean_block, clean_line

SCHEMA_VERSION = 1
"""Version of the file format written by this release. Older files are migrated on load (see store)."""

# Length limits: generous enough for any real CIA, small enough to keep files and documents sane.
SHORT_MAX = 500
"""Names, roles, titles, dates: one line."""
POINT_MAX = 60_000
"""One bullet point (a cell may hold one very long point)."""
TEXT_MAX = 100_000
"""A prose section (introduction, summary)."""
POINTS_MAX = 500
"""Points in one list."""
URL_MAX = 2_000


def _clean_line_input(value: object) -> object:
    return clean_line(value) if isinstance(value, str) else value


def _clean_block_input(value: object) -> object:
    return clean_block(value) if isinstance(value, str) else value


def _clean_points(value: object) -> object:
    """Clean each point and drop the empty ones (an empty bullet is never wanted)."""
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            if isinstance(item, str):
                item = clean_block(item)
                if not item:
                    continue
            out.append(item)
        return out
    return value


Line = Annotated[str, StringConstraints(max_length=SHORT_MAX), BeforeValidator(_clean_line_input)]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX), BeforeValidator(_clean_block_input)]
Point = Annotated[str, StringConstraints(max_length=POINT_MAX), BeforeValidator(_clean_block_input)]
Points = Annotated[list[Point], BeforeValidator(_clean_points), Field(max_length=POINTS_MAX)]

_URL_RE = re.compile(r"^(https?|mailto|ftp)://\S+$|^mailto:\S+$", re.IGNORECASE)


def _check_url(value: str) -> str:
    if value and not _URL_RE.match(value):
        raise ValueError("a link must start with http:// or https:// and contain no spaces")
    return value


Url = Annotated[
    str, StringConstraints(max_length=URL_MAX), BeforeValidator(_clean_line_input), AfterValidator(_check_url)
]

AreaStatus = Literal["not_assessed", "na", "assessed"]
Status = Literal["draft", "in_review", "changes_requested", "approved"]
PointField = Literal["groups", "benefits", "risks", "mitigations"]
RefField = Literal["benefits", "risks", "mitigations"]

STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",
    "in_review": "In review",
    "changes_requested": "Changes requested",
    "approved": "Approved",
}
AREA_STATUS_LABELS: dict[str, str] = {"not_assessed": "Not started", "na": "N/A", "assessed": "Assessed"}
FIELD_LABELS: dict[str, str] = {
    "groups": "Which groups will be affected",
    "benefits": "Benefits",
    "risks": "Risks",
    "mitigations": "Mitigations / Recommendations",
}


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Person(Strict):
    name: Line = ""
    role: Line = ""

    def display(self) -> str:
        if self.name and self.role:
            return f"{self.name} ({self.role})"
        return self.name or self.role

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.role)


class Engagement(Strict):
    """Whether engagement/consultation took place, and with whom."""

    took_place: bool | None = None
    """None until the author says."""
    details: Text = ""


class Header(Strict):
    title: Line = ""
    """Name of proposal."""
    sponsor: Person = Field(default_factory=Person)
    leads: list[Person] = Field(default_factory=list, max_length=20)
    """Project manager(s) or lead(s)."""
    author: Line = ""
    date_completed: Line = ""
    """As the author writes it ("28th April 2021", "March 2024")."""
    decision: Line = ""
    """The decision the CIA supports, e.g. "Cabinet, 21 July 2021"."""
    directorate: Line = ""
    engagement: Engagement = Field(default_factory=Engagement)

    def filled(self) -> dict[str, bool]:
        """Which header fields (by the names editions use in ``required_header``) have a value."""
        return {
            "title": bool(self.title),
            "sponsor": bool(self.sponsor.name),
            "leads": bool(self.leads),
            "author": bool(self.author),
            "date_completed": bool(self.date_completed),
            "decision": bool(self.decision),
            "directorate": bool(self.directorate),
        }

    @field_validator("leads", mode="after")
    @classmethod
    def _drop_empty_leads(cls, leads: list[Person]) -> list[Person]:
        return [p for p in leads if not p.is_empty]


class FirstRowRefs(Strict):
    """Which columns of the cross-cutting first row also apply to this row ("See first row …")."""

    benefits: bool = False
    risks: bool = False
    mitigations: bool = False

    def any(self) -> bool:
        return self.benefits or self.risks or self.mitigations

    def get(self, field: str) -> bool:
        return bool(getattr(self, field, False))


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
    risks: Points = Field(default_factory=list)
    mitigations: Points = Field(default_factory=list)
    first_row: FirstRowRefs = Field(default_factory=FirstRowRefs)

    def points(self, field: PointField) -> list[str]:
        return getattr(self, field)

    @property
    def has_content(self) -> bool:
        return bool(self.groups or self.benefits or self.risks or self.mitigations or self.first_row.any())


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


class SignOff(Strict):
    name: Line = ""
    role: Line = ""
    date: Line = ""
    decision: Line = ""
    """e.g. "Approved", "Approved with recommendations"."""


class Assessment(Strict):
    schema_version: int = SCHEMA_VERSION
    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")] = Field(
        default_factory=new_id
    )
    edition: str = DEFAULT_EDITION
    status: Status = "draft"
    revision: int = Field(default=0, ge=0)
    """Bumped on every save; used to detect a second writer."""
    created: datetime = Field(default_factory=now)
    updated: datetime = Field(default_factory=now)

    header: Header = Field(default_factory=Header)
    introduction: Text = ""
    summary: Text = ""
    key_mitigations: Points = Field(default_factory=list)
    sections: list[CategorySection] = Field(default_factory=list)
    executive_summary: Text = ""
    """The author's edited executive summary; empty means "draft it from the assessment"."""
    signoffs: list[SignOff] = Field(default_factory=list, max_length=20)

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"schema version {value} is not {SCHEMA_VERSION}; load files through the store")
        return value

    @field_validator("edition")
    @classmethod
    def _known_edition(cls, value: str) -> str:
        if value not in EDITIONS:
            raise ValueError(f"unknown template edition {value!r} (known: {', '.join(EDITIONS)})")
        return value

    def model_post_init(self, __context: object) -> None:
        self.ensure_sections()

    # --- template structure -------------------------------------------------------------------

    @property
    def template(self) -> Edition:
        return get_edition(self.edition)

    @property
    def title(self) -> str:
        return self.header.title

    def ensure_sections(self) -> None:
        """Make sure every category of the edition has a section, in order, with its required areas.

        Sections for categories the edition does not know are kept (after the known ones) so nothing is lost.
        """
        edition = self.template
        by_key = {s.key: s for s in self.sections}
        ordered: list[CategorySection] = []
        for category in edition.categories:
            section = by_key.pop(category.key, None) or CategorySection(key=category.key)
            _ensure_areas(section, category)
            ordered.append(section)
        ordered.extend(by_key.values())
        if [id(s) for s in ordered] != [id(s) for s in self.sections]:
            # bypass validate_assignment: the sections are already valid
            self.__dict__["sections"] = ordered

    def section(self, key: str) -> CategorySection:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def category(self, key: str) -> CategoryDef | None:
        edition = self.template
        return edition.category(key) if edition.has_category(key) else None

    def area_def(self, section_key: str, entry: AreaEntry) -> AreaDef | None:
        category = self.category(section_key)
        if category is None or entry.extra:
            return None
        return category.area(entry.key)

    def area_name(self, section_key: str, entry: AreaEntry) -> str:
        area = self.area_def(section_key, entry)
        if area is not None:
            return area.name
        return entry.name or entry.key.replace("_", " ").capitalize()

    def area_question(self, section_key: str, entry: AreaEntry) -> str:
        area = self.area_def(section_key, entry)
        return area.question if area is not None else entry.question

    def cross_cutting_entry(self) -> AreaEntry | None:
        """The cross-cutting first row that "See first row" references point to, if it is in use."""
        key = self.template.cross_cutting_category
        try:
            section = self.section(key)
        except KeyError:
            return None
        category = self.category(key)
        cc = category.cross_cutting if category else None
        return section.entry(cc.key) if cc else None

    def add_cross_cutting(self) -> AreaEntry:
        """Add the optional cross-cutting first row (if the edition has one and it is not there yet)."""
        key = self.template.cross_cutting_category
        category = self.template.category(key)
        cc = category.cross_cutting
        if cc is None:
            raise ValueError(f"the {category.title} table has no cross-cutting row")
        section = self.section(key)
        existing = section.entry(cc.key)
        if existing is not None:
            return existing
        entry = AreaEntry(key=cc.key)
        section.entries.insert(0, entry)
        return entry

    def add_extra_area(self, section_key: str, name: str, question: str = "") -> AreaEntry:
        section = self.section(section_key)
        base = re.sub(r"[^a-z0-9]+", "_", clean_line(name).lower()).strip("_")[:40] or "area"
        key, n = f"extra_{base}", 2
        taken = {e.key for e in section.entries}
        while key in taken:
            key, n = f"extra_{base}_{n}", n + 1
        entry = AreaEntry(key=key, name=name, question=question, extra=True)
        if not entry.name:
            raise ValueError("an extra area needs a name")
        section.entries.append(entry)
        return entry

    def remove_extra_area(self, section_key: str, key: str) -> AreaEntry:
        """Remove an extra area the author added; template areas cannot be removed (mark them N/A)."""
        section = self.section(section_key)
        entry = section.entry(key)
        if entry is None:
            raise KeyError(f"there is no area {key!r} in {section_key}")
        if not entry.extra:
            raise ValueError(f"{self.area_name(section_key, entry)} is one of the template's areas and cannot be "
                             "removed (mark it N/A instead)")
        del section.entries[next(i for i, e in enumerate(section.entries) if e is entry)]
        return entry

    # --- derived figures ----------------------------------------------------------------------

    def effective_points(self, section_key: str, entry: AreaEntry, field: RefField) -> list[str]:
        """The row's own points plus the cross-cutting row's, where the row refers to it."""
        own = list(entry.points(field))
        if entry.first_row.get(field):
            cc = self.cross_cutting_entry()
            if cc is not None and cc is not entry and cc.status == "assessed":
                return cc.points(field) + own
        return own

    def completeness(self, section_key: str | None = None) -> tuple[int, int]:
        """(areas assessed or N/A, areas in total), for one section or the whole assessment."""
        done = total = 0
        for section in self.sections:
            if section_key is not None and section.key != section_key:
                continue
            for entry in section.entries:
                total += 1
                done += entry.status != "not_assessed"
        return done, total

    def touch(self) -> None:
        self.updated = now()


def _ensure_areas(section: CategorySection, category: CategoryDef) -> None:
    """Add missing required template areas, keeping template order for template areas and extras after."""
    present = {e.key: e for e in section.entries}
    template_keys = [a.key for a in category.areas]
    missing = [a for a in category.required_areas if a.key not in present]
    if not missing and _in_template_order(section.entries, template_keys):
        return
    for area in missing:
        present[area.key] = AreaEntry(key=area.key)
    ordered = [present[k] for k in template_keys if k in present]
    seen = {id(e) for e in ordered}
    ordered.extend(e for e in section.entries if id(e) not in seen)
    section.__dict__["entries"] = ordered


def _in_template_order(entries: list[AreaEntry], template_keys: list[str]) -> bool:
    rank = {k: i for i, k in enumerate(template_keys)}
    last = -1
    seen_extra = False
    for entry in entries:
        if entry.key in rank and not entry.extra:
            if seen_extra or rank[entry.key] < last:
                return False
            last = rank[entry.key]
        else:
            seen_extra = True
    return True


def new_assessment(title: str = "", edition: str = DEFAULT_EDITION, **header: object) -> Assessment:
    """A fresh draft with every required area of the edition present and not yet assessed."""
    return Assessment(edition=edition, header=Header(title=title, **header))  # type: ignore[arg-type]


# --- readable validation errors -----------------------------------------------------------------------


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def describe_validation_error(error: ValidationError, limit: int = 8) -> list[str]:
    """Plain-English lines for a pydantic error, each naming the field that is wrong."""
    lines: list[str] = []
    for err in error.errors(include_url=False):
        where = _location(tuple(err.get("loc", ())))
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            msg = "unknown field (not part of the assessment format)"
        elif kind == "missing":
            msg = "required field is missing"
        elif kind == "string_too_long":
            limit_ = (err.get("ctx") or {}).get("max_length")
            msg = f"text is too long (at most {limit_:,} characters)" if limit_ else "text is too long"
        elif kind == "too_long":
            limit_ = (err.get("ctx") or {}).get("max_length")
            msg = f"too many items (at most {limit_:,})" if limit_ else "too many items"
        else:
            msg = str(err.get("msg", "invalid value"))
            msg = msg.removeprefix("Value error, ")
            msg = msg[0].lower() + msg[1:] if msg else msg
        lines.append(f"{where}: {msg}")
    if len(lines) > limit:
        extra = len(lines) - limit
        lines = lines[:limit] + [f"… and {extra} more problem{'s' if extra != 1 else ''}"]
    return lines
