"""The Across assessments screen on a PostgreSQL store: the figures of `cia impacts` for that store, and a
proposal opening at its area."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from area_fixtures import area
from pg_helpers import new_pg_store

from cia.cli import main
from cia.model import new_assessment
from cia.store import open_store

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _plain(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


async def test_the_figures_are_those_of_cia_impacts_and_a_proposal_opens_at_its_area(pg_server, request):
    from textual.widgets import DataTable, Select

    from cia.ui.app import CiaApp
    from cia.ui.screens.area import AreaScreen

    url = new_pg_store(pg_server, request)
    store = open_store(url)
    a = new_assessment("Library hours")
    a.id, a.status = "lib", "approved"
    area(a, "psed", "race", benefits=["Longer Saturday hours"], risks=["Less evening access"], high=[0])
    area(a, "psed", "disability", benefits=["Step-free entrance"])
    store.create(a)
    b = new_assessment("Bus routes", edition="2024")
    b.id = "bus"
    area(b, "psed", "race", risks=["Fare rise", "Fewer stops"])
    store.create(b)

    def cli(*options: str) -> list[tuple[str, list[int]]]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["--store", url, "impacts", "--json", *options]) == 0
        data = json.loads(out.getvalue())
        return [(r["name"] if r["group"] == "characteristic" else f"{r['category']} › {r['name']}",
                 [r["proposals"], r["benefits"], r["risks"], r["unmitigated"], r["high"]])
                for r in data["characteristics"] + data["areas"]]

    app = CiaApp(open_store(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one("#across-table", DataTable)

        def shown():
            return [(table.get_row_at(i)[0], [int(v) for v in table.get_row_at(i)[1:]])
                    for i in range(table.row_count)]

        assert shown() == cli() and shown()[0] == ("Race", [2, 1, 3, 3, 1])
        app.screen.query_one("#across-status", Select).value = "approved,signed_off"
        await pilot.pause()
        assert shown() == cli("--status", "approved,signed_off") == [("Race", [1, 1, 1, 1, 1]),
                                                                      ("Disability", [1, 1, 0, 0, 0])]
        table.focus()
        table.move_cursor(row=0, column=5)  # Race › High-rated
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProposalsScreen"
        assert [p.id for p in app.screen.proposals] == ["lib"]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, AreaScreen)
        assert (app.screen.session.id, app.screen.section_key, app.screen.area_key) == ("lib", "psed", "race")
        for _ in range(5):
            await pilot.press("escape")
            await pilot.pause()
        assert type(app.screen).__name__ == "AssessmentsScreen"
        app.store.close()
