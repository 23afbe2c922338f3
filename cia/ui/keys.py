"""Every keystroke goes to the widget that shows the cursor when it is pressed, however fast the typing.

Textual hands each key to the focused widget's own message queue and moves on to the next key at once.
A key that moves the focus (Enter starting a new point, Tab, Enter opening an area, Escape) takes effect
only when that widget, and the containers the key bubbles through, have processed it; keys typed in the
meantime were already handed to the old widget, so a fast typist's words landed in the previous point,
or in a screen that was about to close.

:class:`KeyGate` makes key handling sequential: a key is routed only when the previous one has been
handled completely — its widget and every container above it have processed it and whatever it posted
on the way, and a screen it opened has mounted and set its focus. Until then further keys wait, in order.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Awaitable, Callable

from textual import events
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App

STUCK_AFTER = 2.0
"""Seconds after which a key still not handled stops holding up the keys behind it (a safety valve for a
widget removed while handling a key; never reached in normal use, and no test relies on it)."""


def _pending(node: MessagePump) -> int:
    try:
        return node._message_queue.qsize()
    except AttributeError:  # pragma: no cover - a pump without a queue yet
        return 0


def _types_text(widget: object) -> bool:
    from textual.widgets import Input, TextArea

    return isinstance(widget, (Input, TextArea)) and not getattr(widget, "read_only", False)


def _path(node: MessagePump | None, app: MessagePump):
    while node is not None and node is not app:
        yield node
        node = node._parent


@dataclass
class _Pass:
    busy: bool = False
    """Whether some widget on the way still had messages to process."""
    app_turns: int = 0


class KeyGate:
    """Holds keys while the previous one is still being handled (see the module's description)."""

    def __init__(self, app: App, route: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.route = route
        """``await self.route(event)`` hands a key on as Textual would."""
        self.held: deque[events.Key] = deque()
        self.busy = False
        self._generation = 0
        self._stuck_handle: asyncio.TimerHandle | None = None

    @property
    def pending(self) -> int:
        """Keys not yet fully handled (held ones plus the one in flight)."""
        return len(self.held) + (1 if self.busy else 0)

    async def key(self, event: events.Key) -> None:
        """A key from the terminal: route it now or hold it until its turn."""
        if self.busy:
            self.held.append(event)
            return
        await self._route(event)

    async def _route(self, event: events.Key) -> None:
        while event.is_printable and _types_text(self.app.focused):
            # a character typed into a text field: the field takes it, and nothing it does moves the focus, so
            # the next key may follow it at once (it queues behind this one at the same field)
            await self.route(event)
            if not self.held:
                return
            event = self.held.popleft()
        self.busy = True
        self._generation += 1
        generation = self._generation
        target = self.app.focused or self.app.screen
        await self.route(event)
        self._arm(generation)
        self._pass(target, generation)

    def _pass(self, start: MessagePump, generation: int) -> None:
        """Visit ``start`` and each of its ancestors in turn, each once it has processed what was queued."""
        self._hop(start, generation, _Pass())

    def _hop(self, node: MessagePump | None, generation: int, state: _Pass) -> None:
        while node is not None and node is not self.app:
            if node.call_later(self._at, node, generation, state):
                return
            node = node._parent  # closing: nothing more will be processed there
        self.app.call_later(self._done, generation, state)

    def _at(self, node: MessagePump, generation: int, state: _Pass) -> None:
        if generation != self._generation:
            return
        if _pending(node):
            # the key (or what it set off) posted messages here: let them go first, and look again after
            state.busy = True
            if node.call_later(self._at, node, generation, state):
                return
        self._hop(node._parent, generation, state)

    async def _done(self, generation: int, state: _Pass) -> None:
        if generation != self._generation:
            return
        screen = self.app.screen
        if not screen.is_mounted:  # a screen being opened: wait until it has mounted and set its focus
            async def when_mounted() -> None:
                await screen._mounted_event.wait()
                self.app.call_later(self._done, generation, _Pass(busy=True))

            asyncio.ensure_future(when_mounted())
            return
        focus = self.app.focused or screen
        if state.busy or any(_pending(node) for node in _path(focus, self.app)):
            # something was still happening on the way up (a binding's action, a message bubbling, a new
            # screen's first events): go round again from wherever the focus is now
            self._pass(focus, generation)
            return
        if self.app.focused is None and state.app_turns < 20 and any(w.focusable for w in screen.query("*")):
            # a screen that has just been shown has not given its focus yet (it is queued): wait for it
            state.app_turns += 1
            self.app.call_later(self._done, generation, state)
            return
        if _pending(self.app) and state.app_turns < 20:
            # the app has its own work queued (a focus change is one): let it go first, then check again
            state.app_turns += 1
            self.app.call_later(self._done, generation, state)
            return
        await self._release()

    async def _release(self) -> None:
        if self._stuck_handle is not None:
            self._stuck_handle.cancel()
            self._stuck_handle = None
        self.busy = False
        if self.held:
            await self._route(self.held.popleft())

    def _arm(self, generation: int) -> None:
        if self._stuck_handle is not None:
            self._stuck_handle.cancel()

        def stuck() -> None:
            if generation == self._generation and self.busy:
                self._generation += 1  # forget the lost key's hops
                self.app.call_later(self._release)

        try:
            self._stuck_handle = asyncio.get_running_loop().call_later(STUCK_AFTER, stuck)
        except RuntimeError:  # pragma: no cover - no loop (not running)
            self._stuck_handle = None
