"""The app's list screen on the store's index: bad files shown with their reason, full-text search, pages."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable, Input

from cia.store import Store
from cia.store.folder import FolderStore
from cia.ui.app import CiaApp
from cia.ui.screens.assessments import PAGE, AssessmentsScreen

SIZE = (110, 40)
pytestmark = pytest.mark.asyncio


async def settle(pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


def table(app) -> DataTable:
    return app.screen.query_one("#assessments", DataTable)


class CountingStore(FolderStore):
    """The real folder store, counting full listings (those that compare the files with the index)."""

    refreshes = 0

    def list(self, filters=None):
        if filters is None or filters.refresh:
            type(self).refreshes += 1
        return super().list(filters)


async def test_bad_files_are_shown_with_their_reason_and_the_rest_lists(folder_samples):
    root = folder_samples.root
    (root / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    data = json.loads((root / "cx2024.json").read_text("utf-8"))
    newer = dict(data, id="newer", schema_version=99)
    (root / "newer.json").write_text(json.dumps(newer))
    data["updated"] = "2024-03-28T09:00:00"  # no time zone
    (root / "cx2024.json").write_text(json.dumps(data))
    app = CiaApp(Store(root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)
        assert table(app).row_count == 2
        problems = str(app.screen.query_one("#problems").render())
        assert "2 files could not be read" in problems
        assert "deep.json: nested 100,000 brackets deep" in problems
        assert "newer.json: written by a newer version of cia" in problems


async def test_typing_searches_every_text_and_says_where_it_matched(folder_samples):
    app = CiaApp(Store(folder_samples.root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for ch in "digital exclusion":
            await pilot.press("space" if ch == " " else ch)
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "digital exclusion"
        rows = [table(app).get_row_at(i) for i in range(table(app).row_count)]
        assert rows[0][0] == "Communities Delivery Plan"
        matched = str(app.screen.query_one("#matched").render())
        assert matched.startswith("Matched in ") and "digital exclusion" in matched and "›" in matched
        for _ in "digital exclusion":
            await pilot.press("backspace")
        for ch in "zebra":
            await pilot.press(ch)
        await settle(pilot)
        assert table(app).row_count == 0
        assert "Nothing matches" in str(app.screen.query_one("#empty").render())
        await pilot.press("escape")
        await settle(pilot)
        assert table(app).row_count == 2


@pytest.fixture
def big_store(folder_samples) -> Store:
    """The samples and 2½ pages more copies of one of them."""
    root = folder_samples.root
    text = (root / "cx2024.json").read_text("utf-8")
    for i in range(PAGE * 2 + PAGE // 2):
        ident = f"copy{i:04d}"
        (root / f"{ident}.json").write_text(text.replace('"id": "cx2024"', f'"id": "{ident}"'), "utf-8")
    return CountingStore(root)


async def test_a_large_store_opens_with_one_page_listed_once_and_adds_pages_as_the_cursor_moves(big_store):
    total = PAGE * 2 + PAGE // 2 + 2
    CountingStore.refreshes = 0
    app = CiaApp(big_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert table(app).row_count == PAGE
        assert CountingStore.refreshes == 1
        assert f"{PAGE:,} of {total:,} shown" in str(app.screen.query_one("#more").render())
        table(app).focus()
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table(app).row_count == 2 * PAGE
        await pilot.press("ctrl+end")
        await settle(pilot)
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table(app).row_count == total
        assert not app.screen.query_one("#more").display
        assert len({table(app).coordinate_to_cell_key((i, 0)).row_key.value for i in range(total)}) == total
        assert CountingStore.refreshes == 1
