"""The app's list screen on the store's index: bad files shown with their reason, full-text search, pages."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input

from cia.store import Store
from cia.store.folder import FolderStore
from cia.ui.app import CiaApp
from cia.ui.screens.assessments import PAGE, AssessmentsScreen
from cia.ui.widgets.lazy_table import LazyTable

SIZE = (110, 40)
pytestmark = pytest.mark.asyncio


async def settle(pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


def table(app) -> LazyTable:
    return app.screen.query_one("#assessments", LazyTable)


def drawn(app) -> list[str]:
    """The lines of the table as they are drawn on screen."""
    t = table(app)
    return [t.render_line(y).text for y in range(t.size.height)]


class CountingStore(FolderStore):
    """The real folder store, counting full listings (those that compare the files with the index) and the
    pages asked for (offset, limit, search)."""

    refreshes = 0
    asked: list[tuple[int, int | None, str]] = []

    def list(self, filters=None):
        if filters is None or filters.refresh:
            type(self).refreshes += 1
        if filters is not None:
            type(self).asked.append((filters.offset, filters.limit, filters.search))
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


async def test_a_large_store_opens_with_one_page_listed_once_and_fetches_only_the_pages_it_draws(big_store):
    total = PAGE * 2 + PAGE // 2 + 2
    CountingStore.refreshes = 0
    CountingStore.asked = []
    app = CiaApp(big_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        t = table(app)
        assert t.row_count == total
        assert CountingStore.refreshes == 1 and CountingStore.asked == [(0, PAGE, "")]
        assert f"{total:,} assessments, newest first" in str(app.screen.query_one("#count").render())
        lines = drawn(app)
        assert "Title" in lines[0] and "Updated" in lines[0]
        assert t.get_row_at(0)[0][:20] in lines[1] and t.get_row_at(1)[0][:20] in lines[2]
        t.focus()
        await pilot.press("ctrl+end")  # straight to the last row: only the last page is fetched
        await settle(pilot)
        assert t.cursor_row == total - 1
        assert CountingStore.asked == [(0, PAGE, ""), (2 * PAGE, PAGE, "")]
        assert t.get_row_at(total - 1)[0][:20] in drawn(app)[-1]
        ids = [t.row_key(i) for i in range(total)]  # fetches the page between
        assert len(set(ids)) == total and None not in ids
        assert set(ids) == {p.stem for p in big_store.root.glob("*.json")}
        assert CountingStore.refreshes == 1


async def test_each_keystroke_asks_the_index_once_for_the_first_page_only(big_store):
    app = CiaApp(big_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        CountingStore.refreshes = 0
        CountingStore.asked = []
        for ch in "covid":
            await pilot.press(ch)
        await settle(pilot)
        assert CountingStore.refreshes == 0
        # one first page per key; "c" and "co" (too short to search by while they find nothing) also the
        # page without them
        assert all(offset == 0 and limit == PAGE for offset, limit, _ in CountingStore.asked)
        assert [w for _, _, w in CountingStore.asked if w.startswith("c")] == ["c", "co", "cov", "covi", "covid"]
        assert len(CountingStore.asked) <= 7
        assert app.screen.results_for == "covid"
        assert table(app).row_count == 1 and table(app).row_key(0) == "cdp2020"
        assert "1 match, best first" in str(app.screen.query_one("#count").render())
        await pilot.press("escape")
        await settle(pilot)
        assert table(app).row_count == PAGE * 2 + PAGE // 2 + 2


async def test_typing_keeps_every_key_in_order_however_fast_it_comes(big_store):
    """Keys sent without waiting between them all reach the search, in order, and the table shows the last."""
    from textual import events

    app = CiaApp(big_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for ch in "delivery plan":
            app.post_message(events.Key("space" if ch == " " else ch, ch))
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "delivery plan"
        assert app.screen.results_for == "delivery plan"
        assert [table(app).row_key(i) for i in range(table(app).row_count)] == ["cdp2020"]


async def test_a_last_word_too_short_to_search_by_narrows_nothing_until_it_is_longer(folder_samples):
    app = CiaApp(Store(folder_samples.root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert table(app).row_count == 2  # not "nothing matches" at the first letter
        assert "keep typing “c” to search" in str(app.screen.query_one("#count").render())
        for ch in "ovid d":
            await pilot.press("space" if ch == " " else ch)
        await settle(pilot)
        assert [table(app).row_key(i) for i in range(table(app).row_count)] == ["cdp2020"]
        assert "for “covid”; keep typing “d” to narrow" in str(app.screen.query_one("#count").render())
        for ch in "zzz":
            await pilot.press(ch)
        await settle(pilot)
        assert table(app).row_count == 0
        assert "Nothing matches" in str(app.screen.query_one("#empty").render())
        assert not app.screen.query_one("#count").display


async def test_a_search_asked_again_after_the_store_changed_is_answered_afresh(folder_samples):
    app = CiaApp(Store(folder_samples.root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for ch in "zebra":
            await pilot.press(ch)
        await settle(pilot)
        assert table(app).row_count == 0
        await pilot.press("escape")
        await settle(pilot)
        other = Store(folder_samples.root)  # another program saves
        a = other.load("cx2024")
        a.introduction += " Zebra crossings near the library."
        other.save(a)
        await pilot.press("f1")  # a screen over the list, and back: the list compares the store again
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)
        for ch in "zebra":
            await pilot.press(ch)
        await settle(pilot)
        assert [table(app).row_key(i) for i in range(table(app).row_count)] == ["cx2024"]


async def test_each_action_in_the_row_under_the_list_runs_when_clicked(folder_samples):
    """The row of Open, New, Import, Duplicate and Delete is one line of links; a click on each runs its action."""
    from cia.ui.screens.assessment import AssessmentScreen

    app = CiaApp(Store(folder_samples.root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.screen.query_one("#actions")
        line = row.render_line(0).text
        assert line.split() == ["Open", "New", "Import", "Duplicate", "Delete"]
        for label, opens in (("New", "NewAssessmentModal"), ("Import", "ImportModal"), ("Delete", "ChoiceModal")):
            await pilot.click(row, offset=(line.index(label) + 1, 0))
            await settle(pilot)
            assert type(app.screen).__name__ == opens, label
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, AssessmentsScreen)
        before = len(app.store.list().items)
        await pilot.click(row, offset=(line.index("Duplicate") + 1, 0))
        await settle(pilot)
        assert len(app.store.list().items) == before + 1
        await pilot.click(row, offset=(line.index("Open") + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)


async def test_the_list_looks_at_the_store_again_when_the_terminal_is_back_in_focus(folder_samples):
    """An assessment made from another terminal (a file added behind the app's back) is listed when the user
    comes back to the app's terminal, with no key pressed."""
    from textual import events

    from cia.model import new_assessment

    app = CiaApp(Store(folder_samples.root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any("Mobile library" in line for line in drawn(app))
        other = Store(folder_samples.root)  # another process's store, writing the folder
        other.create(new_assessment("Mobile library timetable"))
        app.post_message(events.AppBlur())
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert any("Mobile library timetable" in line for line in drawn(app))


async def test_focus_reported_as_the_app_starts_does_not_read_the_store_again(folder_samples):
    """Some terminals report focus as soon as the app starts: the list it has just read is not read again."""
    from textual import events

    CountingStore.refreshes = 0
    app = CiaApp(CountingStore(folder_samples.root))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = CountingStore.refreshes
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert CountingStore.refreshes == before
