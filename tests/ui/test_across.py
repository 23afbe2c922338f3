"""The "Across assessments" screen: the figures of `cia impacts`, narrowed, down to the proposals behind a
figure and into an assessment at that area, and back a level at a time with Escape."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from cia.cli import main
from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.screens.across import AcrossScreen
from cia.ui.screens.across_proposals import ProposalsScreen
from cia.ui.screens.area import AreaScreen
from cia.ui.screens.assessment import AssessmentScreen
from cia.ui.screens.assessments import AssessmentsScreen
from cia.ui.widgets.lazy_table import LazyTable

from area_fixtures import area
from ui_helpers import settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


@pytest.fixture
def across_store(tmp_path: Path) -> Store:
    """Three proposals. Race: lib (1 benefit, 2 risks, 1 high, 1 unmitigated), bus (2 benefits, 1 high
    unmitigated risk), parks (1 unmitigated risk): 3 proposals, 3 benefits, 4 risks, 3 unmitigated, 2 high. Disability: lib (1 benefit). Poverty and Income: lib
    (1 risk, mitigated)."""
    store = Store(tmp_path / "store")
    a = new_assessment("Library hours", directorate="Families")
    a.id, a.status = "lib", "approved"
    area(a, "psed", "race", benefits=["Longer Saturday hours"], risks=["Less evening access", "Fewer staff"],
         high=[0], mitigations=["Keep one late night"], answers={0: [0]})
    area(a, "psed", "disability", benefits=["Step-free entrance"])
    area(a, "economy", "poverty_and_income", risks=["Fees for late returns"], mitigations=["Waive fees"])
    store.create(a)
    b = new_assessment("Bus routes", edition="2024", directorate="Economy")
    b.id = "bus"
    area(b, "psed", "race", benefits=["New route to the mosque", "Evening buses"], risks=["Fare rise"], high=[0])
    store.create(b)
    c = new_assessment("Parks", directorate="Families")
    c.id, c.status = "parks", "signed_off"
    area(c, "psed", "race", risks=["Signs only in English"])
    store.create(c)
    return store


def cli_json(store: Store, *options: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):  # the app under test has its own stdout
        assert main(["--store", str(store.root), "impacts", "--json", *options]) == 0
    return json.loads(out.getvalue())


def shown(app) -> list[tuple[str, list[int]]]:
    table = app.screen.query_one("#across-table", DataTable)
    return [(table.get_row_at(i)[0], [int(v) for v in table.get_row_at(i)[1:]]) for i in range(table.row_count)]


def expected(data: dict) -> list[tuple[str, list[int]]]:
    rows = []
    for r in data["characteristics"] + data["areas"]:
        label = r["name"] if r["group"] == "characteristic" else f"{r['category']} › {r['name']}"
        rows.append((label, [r["proposals"], r["benefits"], r["risks"], r["unmitigated"], r["high"]]))
    return rows


async def open_across(pilot) -> AcrossScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, AssessmentsScreen)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AcrossScreen)
    return pilot.app.screen


async def test_the_figures_are_those_of_cia_impacts_and_narrow_as_its_options_do(across_store):
    app = CiaApp(across_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_across(pilot)
        assert shown(app) == expected(cli_json(across_store))
        assert shown(app)[0] == ("Race", [3, 3, 4, 3, 2])  # the most affected first
        assert "Impacts across 3 assessments" in str(screen.query_one("#across-scope").render())

        screen.query_one("#across-status", Select).value = "approved,signed_off"
        await settle(pilot)
        assert shown(app) == expected(cli_json(across_store, "--status", "approved,signed_off"))
        assert shown(app)[0] == ("Race", [2, 1, 3, 2, 1])
        scope = str(screen.query_one("#across-scope").render())
        assert "Impacts across 2 assessments (status approved or signed_off)" in scope

        screen.query_one("#across-status", Select).value = ""
        directorate = screen.query_one("#across-directorate", Input)
        directorate.focus()
        for ch in "economy":
            await pilot.press(ch)
        await settle(pilot)
        assert shown(app) == expected(cli_json(across_store, "--directorate", "economy"))
        assert [label for label, _ in shown(app)] == ["Race"]
        directorate.value = ""

        since = screen.query_one("#across-since", Input)
        since.value = "31/12/2024"
        await settle(pilot)
        assert "is not a date: give it as YYYY-MM-DD" in str(screen.query_one("#across-problem").render())
        assert shown(app) == expected(cli_json(across_store))  # not narrowed by it
        since.value = "2999-01-01"
        await settle(pilot)
        assert not screen.query_one("#across-problem").display
        assert shown(app) == [] == expected(cli_json(across_store, "--since", "2999-01-01"))
        assert "no assessment in the store assesses an impact on that" in str(screen.query_one("#across-scope").render())
        since.value = ""
        await settle(pilot)

        name = screen.query_one("#across-name", Input)
        screen.query_one("#across-table", DataTable).focus()
        for ch in "race":  # typed on the table: into the name box
            await pilot.press(ch)
        await settle(pilot)
        assert name.value == "race" and name.has_focus
        assert shown(app) == expected(cli_json(across_store, "--characteristic", "race"))
        name.value = "poverty"
        await settle(pilot)
        assert shown(app) == expected(cli_json(across_store, "--area", "poverty"))
        name.value = ""
        screen.query_one("#across-group", Select).value = "area"
        await settle(pilot)
        assert [label for label, _ in shown(app)] == ["Economy › Poverty and Income"]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)


async def test_a_figure_opens_its_proposals_and_a_proposal_opens_at_that_area(across_store):
    app = CiaApp(across_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_across(pilot)
        table = screen.query_one("#across-table", DataTable)
        table.focus()
        table.move_cursor(row=0, column=4)  # Race › Unmitigated
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProposalsScreen)
        proposals = app.screen.query_one("#proposals", LazyTable)
        # most high-rated, unmitigated, risks first (as cia impacts lists them)
        assert [proposals.get_row_at(i)[0] for i in range(proposals.row_count)] == ["Library hours", "Bus routes",
                                                                                      "Parks"]
        assert sum(int(proposals.get_row_at(i)[4]) for i in range(proposals.row_count)) == 3  # the figure
        assert "Race: 3 unmitigated risks in 3 proposals" in str(app.screen.query_one("#proposals-what").render())

        await pilot.press("escape")  # back to the figures, then the high-rated ones of Race
        await settle(pilot)
        assert isinstance(app.screen, AcrossScreen)
        table.move_cursor(row=0, column=5)
        await pilot.press("enter")
        await settle(pilot)
        proposals = app.screen.query_one("#proposals", LazyTable)
        assert [proposals.get_row_at(i)[0] for i in range(proposals.row_count)] == ["Library hours", "Bus routes"]

        proposals.focus()
        await pilot.press("down", "up", "enter")  # Library hours, at its Race area
        await app.workers.wait_for_complete()
        await settle(pilot, 3)
        assert isinstance(app.screen, AreaScreen)
        assert app.screen.session.id == "lib"
        assert (app.screen.section_key, app.screen.area_key) == ("psed", "race")
        assert app.screen.entry.risks[0].text == "Less evening access"

        for _ in range(3):  # the area, the step list, the assessment: back a level at a time
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, ProposalsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AcrossScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentsScreen)


async def test_a_figure_of_nought_says_so_and_the_screen_is_in_the_palette(across_store):
    app = CiaApp(across_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = [title for title, _, _ in app.screen.palette_commands()]
        assert "Across assessments" in commands
        screen = await open_across(pilot)
        labels = [label for label, _ in shown(app)]
        table = screen.query_one("#across-table", DataTable)
        table.focus()
        table.move_cursor(row=labels.index("Disability"), column=3)  # Disability has no risks
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AcrossScreen)
        assert any("Disability: no risks" in n for n in app.notes_seen)


async def test_an_assessment_changed_meanwhile_shows_in_the_figures_on_return(across_store):
    app = CiaApp(across_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_across(pilot)
        table = screen.query_one("#across-table", DataTable)
        table.focus()
        table.move_cursor(row=0, column=1)
        await pilot.press("enter")
        await settle(pilot)
        bus = across_store.load("bus")
        bus.section("psed").entry("race").set_points("risks", ["Fare rise", "Fewer stops"])
        across_store.save(bus)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AcrossScreen)
        assert shown(app)[0] == ("Race", [3, 3, 5, 4, 2])
