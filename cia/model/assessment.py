"""The assessment as a whole: header, sections, summaries, sign-offs, and the template structure it follows."""

import re
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..limits import MAX_FILE_BYTES, size_text
from ..editions import DEFAULT_EDITION, EDITIONS, AreaDef, CategoryDef, Edition, EditionFileError, get_edition
from ..text import clean_line
from .areas import AreaEntry, CategorySection
from .fields import SCHEMA_VERSION, SHORT_MAX, SIGNOFFS_MAX, Line, Points, RefField, Status, Strict, Text, Time, new_id, now
from .header import Header
from .review import Actor, Comment, TrailEvent
from .screening import ScreeningRecord

COMMENTS_MAX = 5_000
TRAIL_MAX = 10_000


class SignOff(Strict):
    name: Line = ""
    role: Line = ""
    date: Line = ""
    decision: Line = ""
    """e.g. "Approved", "Approved with recommendations"."""
    recorded_by: Actor | None = None
    """Who recorded it (``cia signoff``); None for sign-offs written before they were recorded."""
    recorded_at: Time | None = None
    revision: int | None = None
    """The approved revision it was given to."""


class Assessment(Strict):
    schema_version: int = SCHEMA_VERSION
    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")] = Field(
        default_factory=new_id
    )
    edition: str = DEFAULT_EDITION
    edition_version: int = Field(default=1, ge=1)
    """The version of the edition this assessment follows; a newer version changes it only through
    ``cia migrate`` (files from before versions were recorded follow version 1)."""
    status: Status = "draft"
    revision: int = Field(default=0, ge=0)
    """Bumped on every save; used to detect a second writer."""
    created: Time = Field(default_factory=now)
    updated: Time = Field(default_factory=now)

    header: Header = Field(default_factory=Header)
    introduction: Text = ""
    summary: Text = ""
    key_mitigations: Points = Field(default_factory=list)
    sections: list[CategorySection] = Field(default_factory=list)
    executive_summary: Text = ""
    """The author's edited executive summary; empty means "draft it from the assessment"."""
    signoffs: list[SignOff] = Field(default_factory=list, max_length=SIGNOFFS_MAX)
    comments: list[Comment] = Field(default_factory=list, max_length=COMMENTS_MAX)
    trail: list[TrailEvent] = Field(default_factory=list, max_length=TRAIL_MAX)
    """Append-only audit trail of workflow actions (:mod:`cia.workflow`)."""
    saved_by: Actor | None = None
    """Who saved this revision, as they said who they are (stamped on save)."""
    summary_edited: Time | None = None
    """When the edited executive summary last changed (stamped on save)."""
    risks_changed: Time | None = None
    """When any risk or mitigation last changed (stamped on save)."""
    import_notes: Text = ""
    screening: ScreeningRecord | None = None
    """The screening before a full assessment (``cia screen``); None when it was not screened in cia."""
    """Text an import from Word could not place in the assessment, kept word for word (shown on Review)."""

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"schema version {value} is not {SCHEMA_VERSION}; load files through the store")
        return value

    @model_validator(mode="after")
    def _fits_in_a_file(self) -> "Assessment":
        """Every field has its own limit; together they must still fit in one store file."""
        size = len(self.__pydantic_serializer__.to_json(self, indent=2)) + 1  # the store ends files with a newline
        if size > MAX_FILE_BYTES:
            raise ValueError(f"the assessment would be {size_text(size)} as a file, more than the "
                             f"{size_text(MAX_FILE_BYTES)} a file may hold; shorten or remove some text")
        return self

    @field_validator("edition")
    @classmethod
    def _known_edition(cls, value: str) -> str:
        if value not in EDITIONS:
            try:
                get_edition(value)  # says why: unknown, or kept but cannot be used (and where)
            except KeyError as exc:
                raise ValueError(str(exc.args[0]) if exc.args else str(exc)) from None
            except EditionFileError:
                pass
            raise ValueError(f"unknown template edition {value!r} (known: {', '.join(EDITIONS)})")
        return value

    @field_validator("edition_version")
    @classmethod
    def _known_edition_version(cls, value: int, info: ValidationInfo) -> int:
        edition = info.data.get("edition")
        if isinstance(edition, str):
            try:
                get_edition(edition, value)
            except KeyError as exc:
                raise ValueError(str(exc.args[0]) if exc.args else str(exc)) from None
            except EditionFileError as exc:
                raise ValueError(f"the file of edition {edition} version {value} cannot be used: "
                                 + "; ".join(str(p) for p in exc.problems)) from None
        return value

    def model_post_init(self, __context: object) -> None:
        self.ensure_sections()

    # --- template structure -------------------------------------------------------------------

    @property
    def template(self) -> Edition:
        return get_edition(self.edition, self.edition_version)

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

    def refers_to_first_row(self, entry: AreaEntry, field: str) -> bool:
        """Whether the row says "See first row …" for ``field``: it refers to the cross-cutting first row and
        is not that row itself (a first row referring to itself is ignored)."""
        return field != "groups" and bool(entry.first_row.get(field)) and entry is not self.cross_cutting_entry()

    def first_row_applying(self, entry: AreaEntry, field: str) -> AreaEntry | None:
        """The cross-cutting first row when its points for ``field`` count for ``entry`` too: the row refers to
        it, is not the first row itself, and the first row is assessed. The one definition of "the first row
        applies" that the checks, the documents, the risk register, the CLI and the app use."""
        if field == "groups" or not entry.first_row.get(field):
            return None
        cc = self.cross_cutting_entry()
        if cc is None or cc is entry or cc.status != "assessed":
            return None
        return cc

    def first_row_points(self, entry: AreaEntry, field: RefField) -> list[str]:
        """The first row's points that count for ``entry``'s ``field`` (none unless the first row applies)."""
        cc = self.first_row_applying(entry, field)
        return list(cc.points(field)) if cc is not None else []

    def effective_points(self, section_key: str, entry: AreaEntry, field: RefField) -> list[str]:
        """The row's own points plus the cross-cutting row's, where the first row applies."""
        return self.first_row_points(entry, field) + list(entry.points(field))

    def summary_is_stale(self) -> bool:
        """Whether the edited executive summary was written before the risks or mitigations last changed."""
        return bool(self.executive_summary and self.summary_edited and self.risks_changed
                    and self.summary_edited < self.risks_changed)

    def identifies_risks(self) -> bool:
        """Whether any assessed area states a real risk (then key mitigations are needed)."""
        return any(e.status == "assessed" and e.real_risks() for s in self.sections for e in s.entries)

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

    def fresh_copy(self, title: str, *, keep_review: bool = False) -> "Assessment":
        """This assessment as a new one: a new id, revision 0, created now, under ``title`` (cut to fit).

        Without ``keep_review`` the copy starts over as a draft, with no sign-offs, comments or trail.
        """
        copy = self.model_copy(deep=True)
        copy.id = new_id()
        copy.revision = 0
        copy.created = copy.updated = now()
        copy.header.title = clean_line(title)[:SHORT_MAX]
        if not keep_review:
            copy.status = "draft"
            copy.signoffs, copy.comments, copy.trail = [], [], []
        return copy


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
    """A fresh draft of the latest version of the edition, every required area present and not yet assessed."""
    try:
        version = get_edition(edition).version
    except (KeyError, EditionFileError):
        version = 1  # validation below says what is wrong with the edition
    return Assessment(edition=edition, edition_version=version,
                      header=Header(title=title, **header))  # type: ignore[arg-type]


