"""The risk register: every real risk of an assessment with its category, area, groups, mitigations, rating,
owner, target date and key-risk flag; its filters and orders; and the choice of key risks for Cabinet.

The CLI (``cia risks``), the app's register view and the summary's key risks table all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import RATING_LABELS, RATING_RANK, AreaEntry, Assessment, Mitigation, Risk, is_real_risk

KEY_RISKS_PROPOSED = 6
"""At most this many risks are proposed for the key risks table when none is flagged."""


@dataclass(frozen=True)
class RegisterRow:
    """One risk in the register."""

    section: str
    area_key: str
    index: int
    """0-based index of the risk in its area's risks (the location shows it 1-based)."""
    order: int
    """Position in template (document) order across the assessment."""
    category: str
    """The category's short title."""
    area: str
    groups: tuple[str, ...]
    risk: Risk
    mitigations: tuple[Mitigation, ...]
    """The area's mitigations that answer this risk (all of them where the area does not link)."""
    first_row_mitigations: tuple[str, ...] = ()
    """Mitigations of the cross-cutting first row, where the area refers to them."""
    first_row_name: str = ""
    linked: bool = False
    """Whether the area links mitigations to risks."""

    @property
    def location(self) -> str:
        return f"{self.section}/{self.area_key}/risks/{self.index + 1}"

    @property
    def text(self) -> str:
        return self.risk.text

    @property
    def rating(self) -> str | None:
        return self.risk.rating

    @property
    def rating_label(self) -> str:
        return RATING_LABELS[self.risk.rating]

    @property
    def key(self) -> bool:
        return self.risk.key

    @property
    def mitigation_texts(self) -> list[str]:
        return list(self.first_row_mitigations) + [m.text for m in self.mitigations]

    @property
    def unmitigated(self) -> bool:
        return not self.mitigations and not self.first_row_mitigations

    def as_json(self) -> dict:
        return {
            "location": self.location,
            "category": self.category,
            "area": self.area,
            "groups": list(self.groups),
            "text": self.text,
            "mitigations": self.mitigation_texts,
            "rating": self.rating,
            "owner": self.risk.owner,
            "due": self.risk.due,
            "key": self.key,
        }


def rows(a: Assessment) -> list[RegisterRow]:
    """Every real risk of the assessed areas of the edition's categories, in template order."""
    cc = a.cross_cutting_entry()
    cc_section = a.template.cross_cutting_category
    cc_name = a.area_name(cc_section, cc) if cc is not None else ""
    out: list[RegisterRow] = []
    for section in a.sections:
        category = a.category(section.key)
        if category is None:
            continue
        for entry in section.entries:
            if entry.status != "assessed":
                continue
            by_ref = tuple(a.first_row_points(entry, "mitigations"))
            linked = entry.uses_links
            for i, risk in enumerate(entry.risks):
                if not is_real_risk(risk.text):
                    continue
                out.append(RegisterRow(
                    section=section.key, area_key=entry.key, index=i, order=len(out),
                    category=category.short_title, area=a.area_name(section.key, entry),
                    groups=tuple(entry.points("groups")), risk=risk,
                    mitigations=tuple(entry.mitigations_for(risk)),
                    first_row_mitigations=by_ref, first_row_name=cc_name if by_ref else "", linked=linked,
                ))
    return out


def select(items: list[RegisterRow], *, unmitigated: bool = False, rating: str | None = None,
           key: bool = False) -> list[RegisterRow]:
    """The rows matching every filter given."""
    out = items
    if unmitigated:
        out = [r for r in out if r.unmitigated]
    if rating is not None:
        wanted = None if rating in ("none", "unrated") else rating
        out = [r for r in out if r.rating == wanted]
    if key:
        out = [r for r in out if r.key]
    return out


def ordered(items: list[RegisterRow], by: str = "category") -> list[RegisterRow]:
    """In template order (``category``) or highest rating first, then template order (``rating``)."""
    if by == "rating":
        return sorted(items, key=lambda r: (-RATING_RANK[r.rating], r.order))
    return sorted(items, key=lambda r: r.order)


@dataclass(frozen=True)
class KeyRisks:
    rows: list[RegisterRow]
    proposed: bool
    """True when no risk is flagged and these are proposed (the author is asked to confirm them)."""


def key_risks(a: Assessment) -> KeyRisks:
    """The risks for the summary's key risks table.

    The flagged key risks, highest rating first; with none flagged, at most six proposed: highest rated, then
    unmitigated, in template order.
    """
    everything = rows(a)
    flagged = [r for r in everything if r.key]
    if flagged:
        return KeyRisks(ordered(flagged, "rating"), proposed=False)
    proposed = sorted(everything, key=lambda r: (-RATING_RANK[r.rating], not r.unmitigated, r.order))
    return KeyRisks(proposed[:KEY_RISKS_PROPOSED], proposed=True)


def find(a: Assessment, location: str) -> tuple[AreaEntry, Risk, int]:
    """The area, risk and index at a location such as ``psed/race/risks/1``; ValueError naming what is wrong."""
    parts = location.strip().strip("/").split("/")
    if len(parts) != 4 or parts[2] != "risks":
        raise ValueError(f"{location!r} is not a risk's location (like psed/race/risks/1; see cia risks ID)")
    section_key, area_key, _, number = parts
    try:
        section = a.section(section_key)
    except KeyError:
        raise ValueError(f"there is no category {section_key!r} in this assessment") from None
    entry = section.entry(area_key)
    if entry is None:
        raise ValueError(f"there is no area {area_key!r} in {section_key}")
    if not number.isdigit() or not 1 <= int(number) <= len(entry.risks):
        n = len(entry.risks)
        raise ValueError(f"{section_key}/{area_key} has {n} risk{'s' if n != 1 else ''}; there is no risk {number}")
    index = int(number) - 1
    return entry, entry.risks[index], index
