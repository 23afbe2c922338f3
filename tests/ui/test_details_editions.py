"""The Details step shows the edition's header fields, in the edition's order, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from cia.editions import use_store
from cia.model import Person, new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from ui_helpers import assessment_screen, go_to_step, settle, type_text

pytestmark = pytest.mark.asyncio


def field_labels(pane) -> list[str]:
    """The labels of the form rows, top to bottom (the rows without a label — a second lead, the "+ Lead"
    button — left out)."""
    out = []
    for label in pane.query(".form-label").results(Label):
        text = str(label.render()).strip()
        if text:
            out.append(text)
    return out


async def details_labels(store: Store, assessment_id: str) -> list[str]:
    app = CiaApp(store, assessment_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "details")
        return field_labels(pane)


@pytest.mark.parametrize(("edition", "expected"), [
    ("2020", ["Name of Proposal *", "Project Sponsor *", "Project Manager or Lead *", "Author", "Date *",
              "Decision", "Directorate"]),
    ("2021", ["Name of Proposal *", "Project Sponsor *", "Project Managers *", "Author", "Date Completed *",
              "Decision", "Directorate"]),
    # the 2024 layout: a title line, Author and Date; no Project Sponsor or Project Manager
    ("2024", ["Name of Proposal *", "Author *", "Date *", "Decision", "Directorate"]),
])
async def test_each_edition_shows_its_own_header_fields_in_its_order(store: Store, edition: str,
                                                                      expected: list[str]) -> None:
    a = new_assessment("Library hours", edition=edition)
    a.id = "lib"
    store.create(a)
    assert await details_labels(store, "lib") == expected


async def test_a_2024_assessment_has_no_sponsor_or_lead_inputs(store: Store) -> None:
    a = new_assessment("Library hours", edition="2024")
    a.id = "lib"
    store.create(a)
    app = CiaApp(store, "lib")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "details")
        assert not pane.query("#sponsor-name") and not pane.query("#leads") and not pane.query("#add-lead")
        pane.query_one("#author", Input).focus()
        await type_text(pilot, "Emily")
        assert assessment_screen(pilot).session.assessment.header.author == "Emily"


async def test_a_sponsor_from_another_edition_is_kept_visible_and_editable(store: Store) -> None:
    """An assessment moved to 2024 from a classic edition keeps its sponsor: shown apart, never hidden."""
    a = new_assessment("Library hours", edition="2024")
    a.id = "lib"
    a.header.sponsor = Person(name="Helen Riley", role="Director")
    store.create(a)
    app = CiaApp(store, "lib")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "details")
        labels = field_labels(pane)
        assert labels[:5] == ["Name of Proposal *", "Author *", "Date *", "Decision", "Directorate"]
        assert labels[5:] == ["Sponsor"]  # after the edition's own, under a note saying why it is there
        assert "Not part of this template" in " ".join(str(w.render()) for w in pane.query(".field-label"))
        name = pane.query_one("#sponsor-name", Input)
        assert name.value == "Helen Riley"
        name.value = ""
        pane.query_one("#sponsor-role", Input).value = ""
        await settle(pilot)
        assert assessment_screen(pilot).session.assessment.header.sponsor.is_empty


COUNCIL = """\
id = "shire-2024"
version = 1
title = "Shire template"
extends = "2024"

[[header]]
key = "cabinet_member"
label = "Cabinet Member"
required = true
after = "author"

[[header]]
key = "budget_line"
label = "Budget line"
"""


async def test_a_field_an_edition_adds_sits_where_the_edition_puts_it(tmp_path: Path) -> None:
    root = tmp_path / "store"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "shire.toml").write_text(COUNCIL, encoding="utf-8")
    use_store(root)
    store = Store(root)
    a = new_assessment("Youth clubs", edition="shire-2024")
    a.id = "youth"
    store.create(a)
    app = CiaApp(store, "youth")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        pane = await go_to_step(pilot, "details")
        assert field_labels(pane) == ["Name of Proposal *", "Author *", "Cabinet Member *", "Date *", "Decision",
                                      "Directorate", "Budget line"]
        # Tab from Author goes to the added field, as the order on screen says
        pane.query_one("#author", Input).focus()
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is pane.query_one("#additional-cabinet_member", Input)
        await type_text(pilot, "Cllr Jo")
        screen = assessment_screen(pilot)
        assert screen.session.assessment.header.additional == {"cabinet_member": "Cllr Jo"}
