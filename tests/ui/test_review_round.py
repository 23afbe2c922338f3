"""A whole review round in the app, as the three people who use it: the project lead submits, the commissioning
lead comments and returns it, the lead resolves the comment, flags the key risks and resubmits, the commissioning
lead approves, the cabinet papers team records a sign-off and closes it; then an edit is refused, and the
published summary carries the sign-off and exactly the flagged key risks."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, OptionList

from cia.cli import main
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.confirm import ChoiceModal
from cia.ui.modals.signoff import SignOffModal
from cia.ui.modals.text_prompt import TextPrompt
from cia.ui.screens.register import RiskRegisterScreen

from ui_helpers import assessment_screen, go_to_step, open_area, saves_done, settle, type_text

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)
LEAD = ("Pat Lead", "Project Lead")
REVIEWER = ("Chris Commissioner", "Commissioning Lead")
PAPERS = ("Sam Papers", "Cabinet Papers Team")


def as_person(monkeypatch, who: tuple[str, str]) -> None:
    monkeypatch.setenv("CIA_USER", who[0])
    monkeypatch.setenv("CIA_ROLE", who[1])


async def press_action(pilot, action: str) -> None:
    pane = await go_to_step(pilot, "review")
    button = pane.query_one(f"#review-{action}", Button)
    button.scroll_visible(animate=False)
    await settle(pilot)
    button.press()
    await settle(pilot, 3)


async def answer(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, TextPrompt)
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot, 3)


async def test_a_whole_round_as_the_three_people(ui_store: Store, monkeypatch, tmp_path: Path) -> None:
    # the project lead submits
    as_person(monkeypatch, LEAD)
    async with CiaApp(ui_store, "cx2024").run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        assert "Pat Lead (Project Lead)" in assessment_screen(pilot).sub_title  # who is acting, in the header
        await press_action(pilot, "submit")
    assert ui_store.load("cx2024").status == "in_review"

    # the commissioning lead comments on a risk's area and returns it
    as_person(monkeypatch, REVIEWER)
    async with CiaApp(ui_store, "cx2024").run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        refused = await go_to_step(pilot, "review")
        assert refused.query_one("#review-return", Button).variant == "default"  # no open comment yet
        area = await open_area(pilot, "psed", "age")
        area.query_one("#comments-list", OptionList).focus()
        await pilot.press("a")
        await settle(pilot)
        await answer(pilot, "Who checks the alternative formats?")
        await pilot.press("escape")
        await settle(pilot, 3)
        await press_action(pilot, "return")
        await saves_done(pilot)
        assert not screen.session.dirty
    a = ui_store.load("cx2024")
    assert a.status == "changes_requested"
    assert [(c.n, c.location, c.by.name, c.is_open) for c in a.comments] == [
        (1, "psed/age", "Chris Commissioner", True)]

    # the lead sees the comment where it applies, resolves it, flags the key risks and resubmits
    as_person(monkeypatch, LEAD)
    async with CiaApp(ui_store, "cx2024").run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        steps = screen.query_one("#steps", OptionList)
        assert "✎1" in str(steps.get_option("psed").prompt)
        area = await open_area(pilot, "psed", "age")
        listing = area.query_one("#comments-list", OptionList)
        assert "Who checks the alternative formats?" in str(listing.get_option_at_index(0).prompt)
        listing.focus()
        listing.highlighted = 0
        await pilot.press("x")
        await settle(pilot)
        await answer(pilot, "The digital team")
        await pilot.press("escape")
        await settle(pilot, 3)
        assert "✎" not in str(steps.get_option("psed").prompt)

        await pilot.press("f6")
        await settle(pilot, 3)
        register = pilot.app.screen
        assert isinstance(register, RiskRegisterScreen)
        table = register.query_one("#register-table", DataTable)
        wanted = ["psed/age/risks/1", "workforce/scc_staff/risks/1"]
        for location in wanted:
            table.move_cursor(row=[r.location for r in register.shown].index(location), animate=False)
            await settle(pilot)
            await pilot.press("space")
            await settle(pilot)
        await pilot.press("r")  # the last one rated low, in place
        await settle(pilot)
        assert [r.location for r in register.shown if r.key] == wanted
        await pilot.press("escape")
        await settle(pilot, 3)
        await press_action(pilot, "submit")
    a = ui_store.load("cx2024")
    assert a.status == "in_review" and not a.comments[0].is_open
    assert a.comments[0].resolved_by.name == "Pat Lead" and a.comments[0].resolution == "The digital team"

    # the commissioning lead sees what changed since the first submission, and approves
    as_person(monkeypatch, REVIEWER)
    async with CiaApp(ui_store, "cx2024").run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "review")
        changes = str(pane.query_one("#changes-text").render())
        assert "flagged as a key risk" in changes and "Comments: 1 added" in changes
        await press_action(pilot, "approve")
    assert ui_store.load("cx2024").status == "approved"

    # the cabinet papers team records a sign-off and closes it; an edit is then refused
    as_person(monkeypatch, PAPERS)
    async with CiaApp(ui_store, "cx2024").run_test(size=SIZE) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "review")
        pane.add_signoff()
        await settle(pilot)
        assert isinstance(pilot.app.screen, SignOffModal)
        for field, value in (("name", "Dee Director"), ("role", "Director of Corporate Services"),
                             ("date", "1 May 2024"), ("decision", "Approved")):
            pilot.app.screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        await press_action(pilot, "signoff")
        assert screen.session.assessment.status == "signed_off"
        saved = ui_store.path_for("cx2024").read_bytes()

        details = await go_to_step(pilot, "details")
        title = details.query_one("#title", Input)
        title.focus()
        await pilot.press("end", "x")
        await settle(pilot, 3)
        assert not isinstance(pilot.app.screen, ChoiceModal)
        assert screen.session.assessment.title == "Customer Experience (CX) Strategy: 2024 - 2026"
        await screen.saves.flush()
        await settle(pilot)
    assert ui_store.path_for("cx2024").read_bytes() == saved
    a = ui_store.load("cx2024")
    assert [e.action for e in a.trail] == ["submit", "return", "submit", "approve", "record_signoff", "signoff"]

    # the cabinet papers team publishes: the summary carries the sign-off and exactly the flagged key risks
    out = tmp_path / "papers"
    assert main(["--store", str(ui_store.root), "publish", "cx2024", "--out", str(out)]) == 0
    import docx

    from cia.register import rows

    summary = docx.Document(str(next(out.glob("*-summary.docx"))))
    tables = {t._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblCaption").get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"): t for t in summary.tables}
    signoff = [[c.text for c in r.cells] for r in tables["Sign-off"].rows[1:]]
    assert signoff == [["Dee Director", "Director of Corporate Services", "1 May 2024", "Approved"]]
    flagged = {r.location: r.text for r in rows(a) if r.key}
    assert list(flagged) == wanted
    key_rows = tables["Key risks and mitigations"].rows[1:]
    # highest rating first: the one rated low before the one not rated
    assert sorted(r.cells[0].paragraphs[1].text for r in key_rows) == sorted(flagged.values())
    assert [r.cells[1].text for r in key_rows] == ["Low", "Not rated"]
