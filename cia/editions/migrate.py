"""Moving an assessment to another version (or another edition) of the template.

Nothing written is ever dropped: an area the target does not have is kept as an extra area with the
name it had, a category the target does not have keeps its section (listed as left over), and every
header value stays. Areas are matched by key, or through ``replaces`` (an area that had another key in
an earlier version).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Assessment
    from .schema import Edition


@dataclass
class MigrationReport:
    source: str
    target: str
    added: list[tuple[str, str]] = field(default_factory=list)
    """(category title, area name) of areas the target adds, not yet assessed."""
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    """(category title, old name, new name)."""
    left_over: list[tuple[str, str]] = field(default_factory=list)
    """(category title, area name) of areas the target does not have, kept as extra areas."""
    categories_added: list[str] = field(default_factory=list)
    categories_left_over: list[str] = field(default_factory=list)
    """Categories the target does not have; their sections are kept as they are."""
    header_left_over: list[str] = field(default_factory=list)
    """Labels of filled header fields the target does not list (their values are kept)."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.renamed or self.left_over or self.categories_added
                    or self.categories_left_over or self.source != self.target)

    def lines(self) -> list[str]:
        out = [f"{self.source} → {self.target}"]
        for title in self.categories_added:
            out.append(f"  category added: {title}")
        for title, name in self.added:
            out.append(f"  area added: {title} › {name} (not yet assessed)")
        for title, old, new in self.renamed:
            out.append(f"  area renamed: {title} › {old} → {new}")
        for title, name in self.left_over:
            out.append(f"  left over: {title} › {name} (kept as an extra area)")
        for title in self.categories_left_over:
            out.append(f"  category left over: {title} (kept; not part of the new edition, so not exported)")
        for label in self.header_left_over:
            out.append(f"  header field left over: {label} (its value is kept)")
        if len(out) == 1:
            out.append("  the same areas and names: nothing else changes")
        return out


def migrate(a: Assessment, target: Edition) -> MigrationReport:
    """Move ``a`` to ``target`` in place and say what changed. Every point is kept."""
    source = a.template
    report = MigrationReport(source.ref, target.ref)
    source_titles = {c.key: c.title for c in source.categories}
    for category in target.categories:
        if not source.has_category(category.key):
            report.categories_added.append(category.title)
    for section in a.sections:
        old_category = source.category(section.key) if source.has_category(section.key) else None
        title = (old_category.title if old_category else None) or source_titles.get(section.key, section.key)
        if not target.has_category(section.key):
            if section.entries or section.evidence:
                report.categories_left_over.append(title)
            for entry in section.entries:  # keep their names: the old edition will not be there to give them
                if not entry.extra:
                    _make_extra(entry, a.area_name(section.key, entry), a.area_question(section.key, entry))
            continue
        new_category = target.category(section.key)
        by_old_key = {old: area for area in new_category.areas for old in (area.key, *area.replaces)}
        taken: set[str] = set()
        for entry in section.entries:
            if entry.extra:
                continue
            old_area = old_category.area(entry.key) if old_category else None
            old_name = old_area.name if old_area else (entry.name or entry.key.replace("_", " ").capitalize())
            new_area = by_old_key.get(entry.key)
            if new_area is None or new_area.key in taken:
                report.left_over.append((new_category.title, old_name))
                _make_extra(entry, old_name, old_area.question if old_area else entry.question)
                continue
            taken.add(new_area.key)
            if new_area.key != entry.key:
                entry.__dict__["key"] = new_area.key
            if new_area.name != old_name:
                report.renamed.append((new_category.title, old_name, new_area.name))
        for area in new_category.required_areas:
            if area.key not in taken and section.entry(area.key) is None:
                report.added.append((new_category.title, area.name))
        # extra keys must not collide with the target's template keys
        template_keys = {area.key for area in new_category.areas}
        for entry in section.entries:
            if entry.extra and entry.key in template_keys:
                entry.__dict__["key"] = _free_key(section, entry.key)
    listed = {f.key for f in target.header}
    for spec, value in source.header_rows(a.header):
        if value and spec.key not in listed:
            report.header_left_over.append(spec.label)
    a.edition = target.id
    a.edition_version = target.version
    a.ensure_sections()  # adds the target's new areas, in its order
    return report


def _make_extra(entry, name: str, question: str) -> None:
    from ..model import SHORT_MAX

    entry.__dict__["extra"] = True
    if not entry.name:
        entry.__dict__["name"] = name[:SHORT_MAX]
    if not entry.question and question:
        entry.__dict__["question"] = question[:SHORT_MAX]


def _free_key(section, key: str) -> str:
    base = f"extra_{key}"[:70]
    taken = {e.key for e in section.entries}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
