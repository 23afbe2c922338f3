"""Changes to the shape of a category's table that its pane asks the assessment screen for: an extra area
added or removed, the cross-cutting first row added."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import fields
from ..steps import category_step

if TYPE_CHECKING:
    from ..widgets.category import CategoryPane


class TableChanges:
    """For the assessment screen (which has ``session``, ``note_change``, ``refresh_views``, ``pane`` and
    ``open_area``): each change goes through the session, then the table is redrawn and the area it made
    opens in the area editor."""

    def on_category_pane_add_area(self, event: CategoryPane.AddArea) -> None:
        event.stop()
        entry, error = self.session.mutate(lambda a: a.add_extra_area(event.section_key, event.name, event.question))
        if error:
            self.notify(f"Could not add the area: {error}", severity="error", markup=False)
            return
        self._changed()
        location = fields.area(event.section_key, entry.key)  # type: ignore[union-attr]
        pane = self.pane(category_step(event.section_key))
        if pane is not None:
            pane.focus_location(location)
        self.open_area(location)

    def on_category_pane_remove_area(self, event: CategoryPane.RemoveArea) -> None:
        event.stop()
        entry, error = self.session.mutate(lambda a: a.remove_extra_area(event.section_key, event.area_key))
        if error:
            self.notify(f"Could not remove the area: {error}", severity="error", markup=False)
            return
        self._changed()
        self.notify(f"Removed “{entry.name}”.", timeout=3, markup=False)  # type: ignore[union-attr]

    def on_category_pane_add_first_row(self, event: CategoryPane.AddFirstRow) -> None:
        event.stop()
        entry, error = self.session.mutate(lambda a: a.add_cross_cutting())
        if error:
            self.notify(f"Could not add the first row: {error}", severity="error", markup=False)
            return
        self._changed()
        section = self.session.assessment.template.cross_cutting_category
        self.open_area(fields.area(section, entry.key))  # type: ignore[union-attr]

    def _changed(self) -> None:
        self.note_change()
        self.refresh_views()
