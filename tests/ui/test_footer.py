"""The key bar is rebuilt when what it shows changes, and only then."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from cia.ui.widgets.footer import Footer

pytestmark = pytest.mark.asyncio


class Special(Input):
    BINDINGS = [Binding("f5", "noop", "Special key")]


class KeysApp(App):
    BINDINGS = [Binding("f2", "noop", "Everywhere")]

    def compose(self) -> ComposeResult:
        yield Input(id="plain")
        yield Input(id="other")
        yield Special(id="special")
        yield Footer()


async def test_keys_follow_the_focus_and_are_rebuilt_only_when_they_change() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        builds = []
        original = footer.recompose

        async def counting() -> None:
            builds.append(1)
            await original()

        footer.recompose = counting  # type: ignore[method-assign]

        def keys() -> list[str]:
            return [k.description for k in footer.query(FooterKey)]

        assert "Everywhere" in keys() and "Special key" not in keys()
        app.query_one("#other").focus()  # same keys: nothing rebuilt
        await pilot.pause()
        await pilot.pause()
        assert builds == [] and "Everywhere" in keys()
        app.query_one("#special").focus()  # a key more: rebuilt
        await pilot.pause()
        await pilot.pause()
        assert builds == [1] and "Special key" in keys()
        app.query_one("#plain").focus()
        await pilot.pause()
        await pilot.pause()
        assert builds == [1, 1] and "Special key" not in keys()
