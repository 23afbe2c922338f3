"""A council edition made of one data file (an added header field and area) drives the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from cia.editions import use_store
from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from ui_helpers import assessment_screen, go_to_step, settle

pytestmark = pytest.mark.asyncio

EDITION = """\
id = "small-council"
version = 1
title = "Small council template"
extends = "2024@1"

[[header]]
key = "cabinet_member"
label = "Cabinet Member"
required = true
after = "title"

[[categories]]
key = "psed"

[[categories.areas]]
key = "care_leavers"
name = "Care leavers"
definition = "young people who were in the care of the council"
kind = "protected_characteristic"
"""


async def test_an_edition_built_in_a_folder_drives_the_app(tmp_path: Path) -> None:
    root = tmp_path / "store"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "small.toml").write_text(EDITION, encoding="utf-8")
    use_store(root)
    store = Store(root)
    a = new_assessment("Youth clubs", edition="small-council", author="Ann")
    a.id = "youth"
    store.create(a)
    app = CiaApp(store, "youth")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = await go_to_step(pilot, "details")
        field = pane.query_one("#additional-cabinet_member", Input)
        field.value = "Cllr Jo Bloggs"
        await settle(pilot)
        assert screen.session.assessment.header.additional == {"cabinet_member": "Cllr Jo Bloggs"}
        pane = await go_to_step(pilot, "psed")
        table = pane.query_one("#areas", DataTable)
        assert "Care leavers" in str(table.get_row("care_leavers")[0])
        screen.session.save()
    saved = Store(root).load("youth")
    assert saved.header.additional == {"cabinet_member": "Cllr Jo Bloggs"}
    assert saved.section("psed").entry("care_leavers") is not None
