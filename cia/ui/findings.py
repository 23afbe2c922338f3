"""The readiness findings of an open assessment, checked again only where it changed. No Textual here.

:func:`cia.checks.check` takes each area's findings from a provider; this cache keeps them per area and
forgets an area's when the area is edited (or the table's cross-cutting first row, which other rows may
refer to), so that typing in one area of a large assessment re-checks that area, not all of them.
"""

from __future__ import annotations

from ..checks import Finding, Location, area_parts, check
from ..model import AreaEntry, Assessment

Parts = tuple[list[Finding], list[Finding]]


class FindingsCache:
    def __init__(self) -> None:
        self._areas: dict[tuple[str, str], tuple[int, Parts]] = {}

    def forget(self, a: Assessment, location: Location | None = None) -> None:
        """Something changed at ``location`` (None: anything, e.g. an area added or the whole assessment
        replaced). Only an area's own edits, and the cross-cutting row's, make area findings stale."""
        if location is None:
            self._areas.clear()
            return
        if location.area is None:
            return  # header, front, evidence, status …: no area's findings depend on them
        if location.section == a.template.cross_cutting_category and self._is_cross_cutting(a, location):
            for key in [k for k in self._areas if k[0] == location.section]:
                del self._areas[key]
            return
        self._areas.pop((location.section, location.area), None)

    @staticmethod
    def _is_cross_cutting(a: Assessment, location: Location) -> bool:
        cc = a.cross_cutting_entry()
        return cc is not None and cc.key == location.area

    def _parts(self, a: Assessment, section_key: str, entry: AreaEntry) -> Parts:
        key = (section_key, entry.key)
        cached = self._areas.get(key)
        if cached is not None and cached[0] == id(entry):
            return cached[1]
        parts = area_parts(a, section_key, entry)
        self._areas[key] = (id(entry), parts)
        return parts

    def check(self, a: Assessment) -> list[Finding]:
        return check(a, areas=self._parts)
