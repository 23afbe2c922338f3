"""An editable list of points (one bullet each): add, edit, delete and reorder, by keyboard or mouse."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, TextArea

from ...checks import Location
from ..messages import Edited


class PointArea(TextArea):
    """One point. Enter starts a new point; Backspace in an empty point removes it."""

    class Split(Message):
        def __init__(self, point: PointArea, before: str, after: str) -> None:
            super().__init__()
            self.point = point
            self.before = before
            self.after = after

    class RemoveEmpty(Message):
        def __init__(self, point: PointArea) -> None:
            super().__init__()
            self.point = point

    def __init__(self, text: str = "", placeholder: str = "", **kwargs) -> None:
        super().__init__(text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         placeholder=placeholder, **kwargs)
        self.cursor_placed = False
        """Whether the cursor has been put somewhere in this point (until then, focus puts it at the end)."""

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if not self.cursor_placed:  # first time in this point: carry on writing at its end, not before it
            self.cursor_placed = True
            self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            cursor = self.cursor_location
            before = self.document.get_text_range((0, 0), cursor)
            after = self.document.get_text_range(cursor, self.document.end)
            self.post_message(self.Split(self, before, after))
            return
        await super()._on_key(event)

    def action_delete_left(self) -> None:
        if not self.text:
            self.post_message(self.RemoveEmpty(self))
            return
        super().action_delete_left()


class TabIntoPoints:
    """For a screen with lists of points: Tab and shift+Tab move from point to point inside a list, and into a
    list from outside it land where :meth:`PointsList.landing` says, not at the start of its first point."""

    def focus_next(self, selector="*"):
        before = self.focused
        return self._land(before, super().focus_next(selector))

    def focus_previous(self, selector="*"):
        before = self.focused
        return self._land(before, super().focus_previous(selector))

    def _land(self, before, widget):
        if not isinstance(widget, PointArea) or not isinstance(widget.parent, Vertical):
            return widget
        points = widget.parent.parent
        if not isinstance(points, PointsList) or (before is not None and points in before.ancestors_with_self):
            return widget
        target = points.landing()
        if target is not None and target is not widget:
            self.set_focus(target)
            return target
        return widget


class PointsList(Vertical):
    """A titled list of points. Posts :class:`Edited` with the whole list whenever it changes."""

    BINDINGS = [
        Binding("ctrl+n", "add", "Add", show=False, tooltip="Add a point after the current one"),
        Binding("ctrl+r", "remove", "Remove", show=False, tooltip="Remove the current point"),
        Binding("alt+up", "move(-1)", "Move up", show=False),
        Binding("alt+down", "move(1)", "Move down", show=False),
    ]

    def __init__(self, location: Location, title: str, points: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="points")
        self.location = location
        self.heading = title
        self._initial = list(points)
        self._current = 0
        self._visited = False
        """Whether the cursor has been in this list (then Tab into it goes back to where it was)."""
        self.note = ""
        self._shown: tuple[str, bool, bool] | None = None
        """What the title and buttons last showed (they are redrawn only when that changes)."""

    def compose(self) -> ComposeResult:
        yield Label(self._title_text(len(self._initial)), classes="points-title")
        with Vertical(classes="points-rows"):
            for text in self._initial or [""]:
                yield self._point(text)
        with Horizontal(classes="points-buttons"):
            # for the mouse: from the keyboard, Tab moves from point to point and the keys below do these
            for label, name, tip in (("+ Add", "add", "Add a point (ctrl+n)"),
                                     ("↑", "up", "Move the current point up (alt+↑)"),
                                     ("↓", "down", "Move the current point down (alt+↓)"),
                                     ("✕ Remove", "remove", "Remove the current point (ctrl+r)")):
                button = Button(label, id=name, compact=True, tooltip=tip)
                button.can_focus = False
                yield button

    def on_mount(self) -> None:
        self._sync()

    def _point(self, text: str = "") -> PointArea:
        return PointArea(text, placeholder="Type here; Enter starts another point")

    # --- state ------------------------------------------------------------------------------------

    @property
    def rows(self) -> list[PointArea]:
        return list(self.query_one(".points-rows", Vertical).query_children(PointArea))

    @property
    def points(self) -> list[str]:
        return [row.text for row in self.rows]

    def _title_text(self, n: int) -> str:
        text = f"{self.heading} ({n})" if n else self.heading
        return f"{text} · {self.note}" if self.note else text

    def set_note(self, note: str) -> None:
        """A remark after the title, e.g. that the first row's points apply too."""
        if note != self.note:
            self.note = note
            self._sync()

    def _sync(self) -> None:
        rows = self.rows
        count = sum(1 for row in rows if row.text.strip())
        shown = (self._title_text(count), len(rows) < 2, not rows or (len(rows) == 1 and not rows[0].text))
        if shown == self._shown:
            return  # typing within a point changes none of this: no redraw, no new layout
        self._shown = shown
        title, single, empty = shown
        self.query_one(".points-title", Label).update(title)
        self.query_one("#up").disabled = self.query_one("#down").disabled = single
        self.query_one("#remove").disabled = empty

    def _emit(self, typing: bool = True) -> None:
        self._sync()
        self.post_message(Edited(self.location, self.points, typing=typing))

    def focus_point(self, index: int | None = None) -> None:
        """Focus one point (the first by default), the cursor at the end of its text."""
        rows = self.rows
        if not rows:
            return
        index = min(max(index or 0, 0), len(rows) - 1)
        rows[index].focus()
        rows[index].move_cursor(rows[index].document.end)
        rows[index].cursor_placed = True

    def landing(self) -> PointArea | None:
        """Where Tab (or shift+Tab) from outside the list puts the cursor: back in the point the user was last
        in, where they left it; in a list not visited yet, at the end of its last point."""
        rows = self.rows
        if not rows:
            return None
        if self._visited:
            return rows[min(self._current, len(rows) - 1)]
        return rows[-1]  # the cursor goes to the end of a point the first time it is entered

    # --- events -----------------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, PointArea):
            rows = self.rows
            if event.widget in rows:
                self._current = rows.index(event.widget)
                self._visited = True

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if isinstance(event.text_area, PointArea):
            self._emit()

    @on(PointArea.Split)
    async def _split(self, event: PointArea.Split) -> None:
        event.stop()
        point = event.point
        point.load_text(event.before.rstrip())
        new = self._point(event.after.lstrip())
        await self.query_one(".points-rows", Vertical).mount(new, after=point)
        new.cursor_placed = True  # the text after the cursor moved here: the cursor stays before it
        new.focus()
        new.cursor_location = (0, 0)
        self._emit()

    @on(PointArea.RemoveEmpty)
    async def _remove_empty(self, event: PointArea.RemoveEmpty) -> None:
        event.stop()
        rows = self.rows
        if event.point in rows:
            await self._remove_at(rows.index(event.point), focus_previous=True)

    @on(Button.Pressed, "#add")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_add()

    @on(Button.Pressed, "#remove")
    async def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_remove()

    @on(Button.Pressed, "#up")
    def _up_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_move(-1)

    @on(Button.Pressed, "#down")
    def _down_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_move(1)

    # --- actions ----------------------------------------------------------------------------------

    async def action_add(self) -> None:
        rows = self.rows
        container = self.query_one(".points-rows", Vertical)
        focused_in_list = any(row.has_focus for row in rows)
        current = rows[min(self._current, len(rows) - 1)] if rows else None
        blank = current if focused_in_list and current is not None and not current.text else None
        if blank is None and not focused_in_list and rows and not rows[-1].text:
            blank = rows[-1]
        if blank is not None:  # an empty point is already there: use it
            blank.focus()
            return
        new = self._point()
        if rows and focused_in_list:
            await container.mount(new, after=rows[min(self._current, len(rows) - 1)])
        else:
            await container.mount(new)
        new.focus()
        self._sync()

    async def action_remove(self) -> None:
        rows = self.rows
        if rows:
            await self._remove_at(min(self._current, len(rows) - 1))

    async def _remove_at(self, index: int, focus_previous: bool = False) -> None:
        rows = self.rows
        if len(rows) == 1:
            if rows[0].text:
                rows[0].load_text("")
            rows[0].focus()
            return
        await rows[index].remove()
        rows = self.rows
        self._emit()
        if rows:
            target = index - 1 if focus_previous and index > 0 else min(index, len(rows) - 1)
            rows[target].focus()
            if focus_previous:
                rows[target].move_cursor(rows[target].document.end)

    def action_move(self, delta: int) -> None:
        rows = self.rows
        if len(rows) < 2:
            return
        index = min(self._current, len(rows) - 1)
        target = index + delta
        if not 0 <= target < len(rows):
            return
        container = self.query_one(".points-rows", Vertical)
        if delta < 0:
            container.move_child(rows[index], before=rows[target])
        else:
            container.move_child(rows[index], after=rows[target])
        self._current = target
        rows[index].focus()
        self._emit()
