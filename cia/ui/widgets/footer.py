"""The key bar at the foot of every screen: Textual's Footer, rebuilt only when what it shows changes.

Textual's Footer rebuilds all of its keys whenever the screen's bindings might have changed (every move of the
focus, every screen change), which restyles each key again. On opening a screen that happened three times
for the same keys. This one compares what it would show with what it shows, and rebuilds only on a difference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as _TextualFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(_TextualFooter):
    _shown: tuple | None = None

    def _showing(self, screen: Screen) -> tuple:
        """Everything the keys are made from (as Footer.compose reads it)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return (
            self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE,
            tuple((key == palette, b.key, self.app.get_key_display(b), b.description, b.action, b.group, b.show,
                   enabled, tooltip, b.tooltip)
                  for key, (_, b, enabled, tooltip) in screen.active_bindings.items()
                  if b.show or key == palette),
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._showing(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._showing(self.screen) != self._shown:
            await self.recompose()
