"""A council's own template editions in a PostgreSQL store: published into the ``cia_editions`` table, read
from it by ``cia templates list | show``, every command and the app exactly as a folder store's
``templates/`` files are, carried by ``cia store copy``; a malformed row is named and never stops the rest."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from pg_helpers import new_pg_store
from edition_fixtures import SHIRE, other, with_header

from cia.cli import main
from cia.store import open_store

EDITION = with_header(SHIRE)
OTHER = other(EDITION)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def pg(pg_server, request) -> str:
    return new_pg_store(pg_server, request)


def rows(url: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id, version, title, extends, toml FROM cia_editions ORDER BY id, version").fetchall()


def sql(url: str, statement: str, *params) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement, params)


def test_publish_keeps_the_edition_in_the_table_and_list_and_show_read_it(pg, tmp_path, capsys,
                                                                          monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing is written beside the draft: the store is the database
    draft = tmp_path / "shire.toml"
    draft.write_text(EDITION, encoding="utf-8")
    code, out, err = run(capsys, "--store", pg, "templates", "publish", str(draft))
    assert code == 0, err
    assert out.startswith("shire-2024@1 in the cia_editions table of database ")
    assert rows(pg) == [("shire-2024", 1, "Shire template: 2024 plus Carers", "2024@1", EDITION)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shire.toml"]

    code, out, err = run(capsys, "--store", pg, "templates", "list")
    assert code == 0 and err == ""
    line = out.splitlines()[-1]
    assert line.split()[:2] == ["shire-2024", "1"]
    assert "edition shire-2024@1 in the cia_editions table" in line and line.endswith("(extends 2024)")
    code, out, _ = run(capsys, "--store", pg, "templates", "list", "--json")
    listed = [r for r in json.loads(out) if r["origin"] == "council"]
    assert [(r["id"], r["version"], r["problem"]) for r in listed] == [("shire-2024", 1, "")]

    code, out, _ = run(capsys, "--store", pg, "templates", "show", "shire-2024")
    assert code == 0 and out == EDITION  # the TOML word for word, as published
    code, out, _ = run(capsys, "--store", pg, "templates", "show", "shire-2024", "--resolved")
    assert code == 0 and 'name = "Carers"' in out and 'name = "Age"' in out  # with what it extends

    # the same again: nothing to do; a change under the same version: refused, the row as it was
    code, out, _ = run(capsys, "--store", pg, "templates", "publish", str(draft))
    assert code == 0 and "already published; nothing to do" in out
    draft.write_text(EDITION.replace("Cabinet Member", "Portfolio Holder"), encoding="utf-8")
    code, _, err = run(capsys, "--store", pg, "templates", "publish", str(draft))
    assert code == 1 and "with different content; publishing a change needs a new version (version = 2)" in err
    assert rows(pg)[0][4] == EDITION
    draft.write_text(EDITION.replace("Cabinet Member", "Portfolio Holder").replace("version = 1", "version = 2"),
                     encoding="utf-8")
    assert run(capsys, "--store", pg, "templates", "publish", str(draft))[0] == 0
    assert [(r[0], r[1]) for r in rows(pg)] == [("shire-2024", 1), ("shire-2024", 2)]


def test_a_council_edition_extending_2024_creates_checks_exports_and_imports_on_pg(pg, tmp_path, capsys) -> None:
    from docx import Document

    draft = tmp_path / "shire.toml"
    draft.write_text(EDITION, encoding="utf-8")
    assert run(capsys, "--store", pg, "templates", "publish", str(draft))[0] == 0
    code, out, err = run(capsys, "--store", pg, "new", "--title", "Youth clubs", "--edition", "shire-2024",
                         "--author", "Ann Author")
    assert code == 0, err
    new_id = out.split()[0]
    a = open_store(pg).load(new_id)
    assert (a.edition, a.edition_version) == ("shire-2024", 1)
    assert a.section("psed").entry("carers") is not None

    code, out, _ = run(capsys, "--store", pg, "check", new_id)
    assert code == 1
    assert "Details › Cabinet Member: Fill in Cabinet Member." in out and "Carers" in out

    store = open_store(pg)
    a = store.load(new_id)
    a.header.additional = {"cabinet_member": "Cllr Jo Bloggs"}
    carers = a.section("psed").entry("carers")
    carers.benefits = ["Evening sessions carers can reach"]
    carers.groups = ["Young carers"]
    carers.status = "assessed"
    store.save(a)

    out_dir = tmp_path / "docs"
    code, out, err = run(capsys, "--store", pg, "export", new_id, "--out", str(out_dir), "--full")
    assert code == 0, err
    doc = Document(str(next(out_dir.glob("*-full-cia.docx"))))
    texts = [p.text for p in doc.paragraphs]
    assert "Cabinet Member:\tCllr Jo Bloggs" in texts
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(c.startswith("Carers") for c in cells) and "Evening sessions carers can reach" in cells

    exported = tmp_path / "youth.json"
    assert run(capsys, "--store", pg, "export-json", new_id, "--out", str(exported))[0] == 0
    code, out, err = run(capsys, "--store", pg, "import", str(exported), "--new-id")
    assert code == 0, err
    copies = [i for i in open_store(pg).ids() if i != new_id]
    assert len(copies) == 1
    back = open_store(pg).load(copies[0])
    assert back.header.additional == {"cabinet_member": "Cllr Jo Bloggs"}
    assert back.section("psed").entry("carers").benefits == ["Evening sessions carers can reach"]


def test_a_malformed_stored_edition_is_named_and_the_others_still_load(pg, tmp_path, capsys) -> None:
    for name, text in (("shire.toml", EDITION), ("vale.toml", OTHER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert run(capsys, "--store", pg, "templates", "publish", str(tmp_path / name))[0] == 0
    ids = {}
    for edition in ("shire-2024", "vale-2024"):
        ids[edition] = run(capsys, "--store", pg, "new", "--title", f"On {edition}", "--edition", edition)[1].split()[0]
    # someone edits the table by hand: one row is no longer TOML, another claims to be a different edition
    sql(pg, "UPDATE cia_editions SET toml = %s WHERE id = 'shire-2024'",
        'id = "shire-2024"\nversion = 1\ntitle = [unclosed\n')
    sql(pg, "INSERT INTO cia_editions (id, version, title, toml) VALUES ('odd', 1, 'Odd', %s)", OTHER)

    code, out, err = run(capsys, "--store", pg, "templates", "list")
    assert code == 0 and "Traceback" not in err
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["2020", "2021", "2024", "vale-2024"]
    problems = err.splitlines()
    assert any(p.startswith("cia: edition shire-2024@1 in the cia_editions table of database ")
               and "cannot be used: line 3: is not valid TOML" in p for p in problems), err
    assert any(p.startswith("cia: edition odd@1 in the cia_editions table") and
               "its TOML says it is vale-2024@1, not odd@1" in p for p in problems), err

    # the others load and work; the one on the broken edition says which edition and why
    assert run(capsys, "--store", pg, "check", ids["vale-2024"])[0] == 1  # not ready, but checked
    code, out, err = run(capsys, "--store", pg, "check", ids["shire-2024"])
    assert code == 4 and "Traceback" not in err
    assert "template edition 'shire-2024' cannot be used: edition shire-2024@1 in the cia_editions table" in err
    assert "line 3: is not valid TOML" in err
    code, _, err = run(capsys, "--store", pg, "templates", "show", "shire-2024")
    assert code != 0 and "edition shire-2024@1 in the cia_editions table" in err and "Traceback" not in err
    code, out, _ = run(capsys, "--store", pg, "list")
    assert code == 0 and ids["vale-2024"] in out


def test_store_copy_carries_the_editions_both_ways(pg, pg_server, request, tmp_path, capsys) -> None:
    folder = tmp_path / "folder"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "shire.toml").write_text(EDITION, encoding="utf-8")
    code, out, _ = run(capsys, "--store", str(folder), "new", "--title", "Youth clubs", "--edition", "shire-2024")
    assert code == 0
    new_id = out.split()[0]

    code, out, err = run(capsys, "store", "copy", str(folder), pg)
    assert code == 0, err
    assert "copied 1 council template edition (shire-2024@1)" in out
    assert [(r[0], r[1], r[4]) for r in rows(pg)] == [("shire-2024", 1, EDITION)]
    code, out, _ = run(capsys, "--store", pg, "check", new_id)
    assert code == 1 and "Cabinet Member" in out  # read with its edition, from the table

    back = tmp_path / "back"
    code, out, err = run(capsys, "store", "copy", pg, str(back))
    assert code == 0, err
    assert (back / "templates" / "shire-2024@1.toml").read_text(encoding="utf-8") == EDITION
    for where in (folder, back):
        assert run(capsys, "--store", str(where), "export-json", new_id, "--out", str(tmp_path / f"{where.name}.json"))[0] == 0
    assert (tmp_path / "folder.json").read_bytes() == (tmp_path / "back.json").read_bytes()

    # again: there already; a destination holding a different text of the same version keeps its own
    code, out, _ = run(capsys, "store", "copy", str(folder), pg)
    assert code == 0 and "1 already there" in out
    other = new_pg_store(pg_server, request)
    sql(other, "INSERT INTO cia_editions (id, version, title, toml) VALUES ('shire-2024', 1, 'Mine', %s)",
        EDITION.replace("Cabinet Member", "Portfolio Holder"))
    code, _, err = run(capsys, "store", "copy", str(folder), other)
    assert code == 1
    assert "template edition not copied: shire-2024@1:" in err and "already keeps a different shire-2024@1" in err
    assert "Portfolio Holder" in rows(other)[0][4]


def test_store_init_upgrades_a_version_1_database_keeping_its_assessments(pg_server, request, tmp_path,
                                                                          capsys) -> None:
    from cia import __version__
    from cia.resources import samples_dir
    from cia.store.postgres.schema import migrations

    url = new_pg_store(pg_server, request, init=False)
    first = migrations()[0]
    sql(url, first.sql)
    sql(url, "INSERT INTO cia_schema_migrations (version, cia) VALUES (1, %s)", __version__)
    code, _, err = run(capsys, "--store", url, "list")
    assert code == 1 and "run 'cia store init' to upgrade it" in err
    code, out, _ = run(capsys, "--store", url, "store", "init")
    assert code == 0 and "upgraded from schema version 1 to" in out and "0002_editions.sql" in out
    open_store(url).import_file(samples_dir() / "cdp2020.json")
    (tmp_path / "shire.toml").write_text(EDITION, encoding="utf-8")
    assert run(capsys, "--store", url, "templates", "publish", str(tmp_path / "shire.toml"))[0] == 0
    assert run(capsys, "--store", url, "show", "cdp2020")[0] == 0


def test_a_role_that_may_only_read_cannot_publish(pg, pg_login, tmp_path, capsys) -> None:
    from pg_helpers import options_of, pg_tcp_url

    import psycopg

    reader = pg_login()
    schema = options_of(pg).split("search_path=")[-1]
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {reader}')
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {reader}')
    url = pg_tcp_url(pg, reader, options_of(pg))
    (tmp_path / "shire.toml").write_text(EDITION, encoding="utf-8")
    code, _, err = run(capsys, "--store", url, "templates", "publish", str(tmp_path / "shire.toml"))
    assert code == 1
    assert "your database role may not publish template editions" in err and "INSERT on cia_editions" in err
    assert rows(pg) == []


@pytest.mark.asyncio
async def test_the_app_reads_a_council_edition_from_the_table(pg, tmp_path, capsys, monkeypatch) -> None:
    from textual.widgets import DataTable, Input

    from cia.editions import REGISTRY
    from cia.ui.app import CiaApp

    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "shire.toml").write_text(EDITION, encoding="utf-8")
    assert run(capsys, "--store", pg, "templates", "publish", str(tmp_path / "shire.toml"))[0] == 0
    new_id = run(capsys, "--store", pg, "new", "--title", "Youth clubs", "--edition", "shire-2024")[1].split()[0]
    REGISTRY.reset()  # the app starts afresh: it learns the editions from the store it opens
    from cia.cli.base import use_editions

    store = open_store(pg)
    use_editions(argparse.Namespace(), None, store)  # as `cia open` does
    app = CiaApp(store, new_id)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        screen = app.screen
        details = await screen.show_step("details")
        await pilot.pause()
        field = details.query_one("#additional-cabinet_member", Input)
        field.value = "Cllr Jo Bloggs"
        await pilot.pause()
        psed = await screen.show_step("psed")
        await pilot.pause()
        assert "Carers" in str(psed.query_one("#areas", DataTable).get_row("carers")[0])
        screen.session.save()
    assert open_store(pg).load(new_id).header.additional == {"cabinet_member": "Cllr Jo Bloggs"}


def test_an_edition_in_the_table_may_extend_another_one_there(pg, tmp_path, capsys) -> None:
    child = """\
id = "shire-2024-plus"
version = 1
title = "Shire template, with the armed forces community"
extends = "shire-2024@1"

[[categories]]
key = "psed"

[[categories.areas]]
key = "armed_forces"
name = "Armed forces community"
kind = "protected_characteristic"
after = "carers"
"""
    for name, text in (("shire.toml", EDITION), ("plus.toml", child)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        code, _, err = run(capsys, "--store", pg, "templates", "publish", str(tmp_path / name))
        assert code == 0, err
    code, out, err = run(capsys, "--store", pg, "new", "--title", "Veterans' hub", "--edition", "shire-2024-plus")
    assert code == 0, err
    a = open_store(pg).load(out.split()[0])
    keys = [e.key for e in a.section("psed").entries]
    assert keys[-2:] == ["carers", "armed_forces"]
    assert a.template.header_field("cabinet_member") is not None  # inherited through shire-2024
