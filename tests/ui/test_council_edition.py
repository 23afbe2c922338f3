"""Adding an area, a header field or an edition is a change to one data file: an edition written in a temporary
folder (a new edition, with a header field and an area of its own) drives the command line and the app, with no
code change."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from cia.cli import main
from cia.editions import REGISTRY, use_store
from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from ui_helpers import assessment_screen, go_to_step, settle


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


@pytest.mark.asyncio
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


def test_the_same_edition_drives_the_command_line(tmp_path: Path, capsys) -> None:
    """From a folder given with --templates: check, list, new, check, show and export all use the file's
    header field and area."""
    from docx import Document

    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "small.toml").write_text(EDITION, encoding="utf-8")
    s = ["--store", str(tmp_path / "store"), "--templates", str(folder)]

    def cia(*args: str) -> tuple[int, str, str]:
        REGISTRY.reset()  # every command is a process of its own
        code = main([*s, *args]) if args[0] != "templates" else main([args[0], args[1], *s, *args[2:]])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = cia("templates", "check", str(folder / "small.toml"))
    assert code == 0, err
    assert "small-council version 1" in out and "extends 2024@1" in out
    code, out, _ = cia("templates", "list")
    assert any(line.split()[:2] == ["small-council", "1"] for line in out.splitlines())

    code, out, err = cia("new", "--title", "Youth clubs", "--edition", "small-council", "--author", "Ann")
    assert code == 0, err
    new_id = out.split()[0]
    code, out, _ = cia("check", new_id)
    assert code == 1
    assert "Details › Cabinet Member: Fill in Cabinet Member." in out  # the header field the file adds
    assert "Care leavers" in out  # and its area, to assess

    store = Store(tmp_path / "store")
    a = store.load(new_id)
    a.header.additional = {"cabinet_member": "Cllr Jo Bloggs"}
    leavers = a.section("psed").entry("care_leavers")
    leavers.status = "na"
    leavers.na_reason = "Youth clubs are open to everyone aged 11 to 19."
    store.save(a)
    code, out, _ = cia("show", new_id)
    assert code == 0 and "Cabinet Member: Cllr Jo Bloggs" in out and "Care leavers" in out

    out_dir = tmp_path / "docs"
    code, out, err = cia("export", new_id, "--out", str(out_dir), "--full")
    assert code == 0, err
    doc = Document(str(next(out_dir.glob("*-full-cia.docx"))))
    texts = [p.text for p in doc.paragraphs]
    labels = [t.split(":")[0] for t in texts if ":\t" in t]
    assert labels[:3] == ["Cabinet Member", "Author", "Date"]  # where the file puts it: after the title line
    assert "Cabinet Member:\tCllr Jo Bloggs" in texts
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(c.startswith("Care leavers") for c in cells)
    assert "Youth clubs are open to everyone aged 11 to 19." in " ".join(cells)
