"""``cia templates`` and a council's own edition used end to end from the command line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from cia.cli import main
from cia.editions.registry import SHIPPED_DIR
from cia.store import Store
from test_editions import CARERS


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_list_shows_shipped_and_council_editions(capsys, tmp_path):
    store = tmp_path / "store"
    (store / "templates").mkdir(parents=True)
    (store / "templates" / "plus.toml").write_text(CARERS, encoding="utf-8")
    (store / "templates" / "broken.toml").write_text("id = \"x\"\ntitle = [\n", encoding="utf-8")
    code, out, err = run(capsys, "--store", str(store), "templates", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "TITLE", "FROM"]
    assert [line.split()[0] for line in lines[1:]] == ["2020", "2021", "2024", "scc-2024-plus"]
    assert "shipped with cia" in lines[1]
    assert lines[4].endswith("plus.toml (extends 2024@1)")
    assert "broken.toml: cannot be used: is not valid TOML" in err

    code, out, _ = run(capsys, "templates", "list", "--json", "--store", str(store))
    rows = json.loads(out)
    assert [(r["id"], r["version"], r["origin"]) for r in rows if not r["problem"]] == [
        ("2020", 1, "shipped"), ("2021", 1, "shipped"), ("2024", 1, "shipped"), ("scc-2024-plus", 1, "council")]


def test_templates_show_prints_the_file_a_council_can_start_from(capsys, tmp_path):
    code, out, _ = run(capsys, "--store", str(tmp_path), "templates", "show", "2021")
    assert code == 0
    assert out == (SHIPPED_DIR / "2021.toml").read_text(encoding="utf-8")
    # the council copies it, changes the id, and it checks
    draft = tmp_path / "ours.toml"
    draft.write_text(out.replace('id = "2021"', 'id = "ours"'), encoding="utf-8")
    code, out, err = run(capsys, "--store", str(tmp_path), "templates", "check", str(draft))
    assert code == 0, err
    assert out.startswith(f"{draft}: ok: ours version 1 — Community Impact Assessment (2021 template): 7 header fields, "
                          "5 categories, 36 areas")

    code, out, err = run(capsys, "--store", str(tmp_path), "templates", "show", "2030")
    assert code == 3 and "unknown template edition '2030' (known: 2020, 2021, 2024)" in err


def test_templates_show_resolved_writes_out_an_extended_edition(capsys, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "plus.toml").write_text(CARERS, encoding="utf-8")
    code, out, err = run(capsys, "--store", str(tmp_path / "s"), "--templates", str(folder),
                         "templates", "show", "scc-2024-plus", "--resolved")
    assert code == 0, err
    data = tomllib.loads(out)
    assert data["extends"] == "2024@1"
    psed = next(c for c in data["categories"] if c["key"] == "psed")
    assert [a["name"] for a in psed["areas"]][:3] == ["Cross Cutting themes", "Age", "Carers"]


def test_templates_check_reports_each_problem_with_its_line(capsys, tmp_path):
    draft = tmp_path / "draft.toml"
    draft.write_text(CARERS.replace('name = "Carers"', 'nme = "Carers"'), encoding="utf-8")
    code, out, err = run(capsys, "--store", str(tmp_path), "templates", "check", str(draft))
    assert code == 4 and out == ""
    assert f"{draft}, line 16: categories[psed].areas[carers].nme: unknown field" in err
    assert f"{draft}, line 14: categories[psed].areas[carers].name: required field is missing" in err
    assert err.strip().endswith(f"cia: {draft} is not a usable edition (2 problems)")
    assert "Traceback" not in err

    code, _, err = run(capsys, "--store", str(tmp_path), "templates", "check", str(tmp_path / "missing.toml"))
    assert code == 4 and "missing.toml: cannot be read" in err


def test_publish_adds_a_version_and_never_replaces_one(capsys, tmp_path):
    store = tmp_path / "store"
    draft = tmp_path / "plus.toml"
    draft.write_text(CARERS, encoding="utf-8")
    code, out, err = run(capsys, "--store", str(store), "templates", "publish", str(draft))
    assert code == 0, err
    published = store / "templates" / "scc-2024-plus@1.toml"
    assert out.strip() == str(published) and published.read_text(encoding="utf-8") == CARERS
    # the same again: nothing to do
    code, out, _ = run(capsys, "--store", str(store), "templates", "publish", str(draft))
    assert code == 0 and "already published" in out
    # a change under the same version is refused, naming the version to use
    draft.write_text(CARERS.replace('name = "Carers"', 'name = "Unpaid carers"'), encoding="utf-8")
    code, out, err = run(capsys, "--store", str(store), "templates", "publish", str(draft))
    assert code == 1 and "needs a new version (version = 2)" in err
    assert published.read_text(encoding="utf-8") == CARERS
    draft.write_text(draft.read_text(encoding="utf-8").replace("version = 1", "version = 2"), encoding="utf-8")
    code, out, err = run(capsys, "--store", str(store), "templates", "publish", str(draft))
    assert code == 0, err
    assert sorted(p.name for p in (store / "templates").iterdir()) == ["scc-2024-plus@1.toml", "scc-2024-plus@2.toml"]


def test_a_council_edition_creates_checks_exports_and_imports(capsys, tmp_path):
    from docx import Document

    store = tmp_path / "store"
    (store / "templates").mkdir(parents=True)
    (store / "templates" / "plus.toml").write_text(CARERS, encoding="utf-8")
    s = ["--store", str(store)]
    code, out, err = run(capsys, *s, "new", "--title", "Day centres", "--edition", "scc-2024-plus",
                         "--author", "Ann Author")
    assert code == 0, err
    new_id = out.split()[0]
    a = Store(store).load(new_id)
    assert a.edition == "scc-2024-plus"
    assert [e.key for e in a.section("psed").entries][:3] == ["cross_cutting", "age", "carers"]

    code, out, _ = run(capsys, *s, "check", new_id)
    assert code == 1 and "Assess Carers, or mark it N/A" in out and "Assess Armed Forces community" in out

    code, out, err = run(capsys, *s, "export", new_id, "--full", "--out", str(tmp_path / "docs"))
    assert code == 0, err
    doc = Document(out.split()[0])
    psed = doc.tables[0]
    first_cells = [row.cells[0].paragraphs[0].text for row in psed.rows]
    assert first_cells[:4] == ["Protected Characteristics", "Cross Cutting themes", "Age", "Carers"]
    assert first_cells[-1] == "Armed Forces community"

    code, out, _ = run(capsys, *s, "export-json", new_id, "--out", str(tmp_path / "a.json"))
    assert code == 0
    other = tmp_path / "other"
    (other / "templates").mkdir(parents=True)
    (other / "templates" / "plus.toml").write_text(CARERS, encoding="utf-8")
    code, out, err = run(capsys, "--store", str(other), "import", str(tmp_path / "a.json"))
    assert code == 0, err
    assert Store(other).load(new_id).section("psed").entry("armed_forces") is not None


def test_an_unknown_edition_is_named_with_the_ones_that_load_only(capsys, tmp_path):
    """A council file that reads but cannot be loaded (it extends an edition there is not) is not offered as
    known when another id is asked for; what is wrong with it is said when it is asked for itself."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "broken.toml").write_text('id = "broken"\nversion = 1\ntitle = "Broken"\nextends = "nope"\n',
                                           encoding="utf-8")
    code, _, err = run(capsys, "--store", str(tmp_path), "templates", "show", "2030")
    assert code == 3 and "unknown template edition '2030' (known: 2020, 2021, 2024)" in err
    code, _, err = run(capsys, "--store", str(tmp_path), "templates", "show", "broken", "--resolved")
    assert code != 0 and "unknown template edition 'nope' (known: 2020, 2021, 2024)" in err
