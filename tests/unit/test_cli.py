"""The command line, run in-process through main() and, for a few cases, as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cia.cli import main
from cia.store import Store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_list_show_check(capsys, tmp_path):
    store = str(tmp_path / "s")
    code, out, err = run(capsys, "--store", store, "new", "--title", "Library opening hours",
                         "--sponsor", "Sam Sponsor", "--lead", "Lee Lead")
    assert code == 0, err
    new_id, path = out.split()
    assert Path(path).is_file()
    a = Store(store).load(new_id)
    assert a.title == "Library opening hours" and a.header.leads[0].name == "Lee Lead"

    code, out, _ = run(capsys, "list", "--store", store)
    assert code == 0
    assert new_id in out and "Library opening hours" in out and "0/35" in out and "Lee Lead" in out

    code, out, _ = run(capsys, "--store", store, "show", new_id[:6])
    assert code == 0
    assert "Library opening hours" in out and "Project Sponsor: Sam Sponsor" in out
    assert "Public Sector Equality Duty (PSED)" in out

    code, out, _ = run(capsys, "--store", store, "check", new_id)
    assert code == 1
    assert "not ready" in out and "Assess Race" in out
    code, out, _ = run(capsys, "--store", store, "check", new_id, "--json")
    data = json.loads(out)
    assert data["ready"] is False
    assert {"level", "code", "where", "location", "message"} <= set(data["findings"][0])


def test_samples_list_show_and_check(capsys, sample_store):
    store = str(sample_store.root)
    code, out, _ = run(capsys, "--store", store, "list", "--json")
    data = json.loads(out)
    assert {a["id"] for a in data["assessments"]} == {"cdp2020", "cx2024"}
    for ident in ("cdp2020", "cx2024"):
        code, out, _ = run(capsys, "--store", store, "show", ident)
        assert code == 0 and len(out) > 2000
    code, out, _ = run(capsys, "--store", store, "check", "cx2024")
    assert code == 0 and "ready" in out
    code, out, _ = run(capsys, "--store", store, "check", "cdp2020")
    assert code == 1 and "Air, Water and Land Quality" in out and "1 error, 1 warning" in out
    assert "Climate Change" not in out  # checked against its own 2020 edition


def test_new_from_sample_gets_a_fresh_id(capsys, tmp_path):
    store = str(tmp_path / "s")
    code, out, _ = run(capsys, "--store", store, "new", "--from-sample", "cx2024")
    assert code == 0
    new_id = out.split()[0]
    assert new_id != "cx2024"
    assert Store(store).load(new_id).title.startswith("Customer Experience")
    code, _, err = run(capsys, "--store", store, "new", "--from-sample", "nope")
    assert code == 2 and "cdp2020" in err


def test_usage_errors_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "--store", str(tmp_path), "new")
    assert code == 2 and "--title" in err
    with pytest.raises(SystemExit) as info:
        main(["check"])
    assert info.value.code == 2


def test_missing_assessment_exits_3(capsys, tmp_path):
    code, out, err = run(capsys, "--store", str(tmp_path), "show", "nothing")
    assert code == 3 and "no assessment 'nothing'" in err and out == ""


def test_import_export_json_round_trip(capsys, tmp_path, sample_store):
    store = str(tmp_path / "s")
    source = sample_store.path_for("cdp2020")
    code, out, err = run(capsys, "--store", store, "import", str(source))
    assert code == 0, err
    code, out, _ = run(capsys, "--store", store, "export-json", "cdp2020")
    assert out == source.read_text("utf-8")
    target = tmp_path / "out.json"
    run(capsys, "--store", store, "export-json", "cdp2020", "--out", str(target))
    assert target.read_text("utf-8") == source.read_text("utf-8")


@pytest.mark.parametrize("content, expected", [
    ('{"schema_version": 1, "status": 5}', "status"),
    ('{"schema_version": 1, "header": {"title": "x", "colour": "red"}}', "header.colour: unknown field"),
    ('{"schema_version": 1, "header": {"title": "ok\\u0000"}, "introduction": [1]}', "introduction"),
    ('{"schema_version": 1, "header": {"tit', "truncated"),
    ('{"schema_version": 1, "introduction": "' + "x" * 100_001 + '"}', "introduction: text is too long"),
])
def test_bad_import_gives_a_clear_message_and_touches_nothing(capsys, tmp_path, sample_store, content, expected):
    before = {p.name: p.read_bytes() for p in sample_store.root.iterdir()}
    bad = tmp_path / "bad.json"
    bad.write_text(content, "utf-8")
    code, out, err = run(capsys, "--store", str(sample_store.root), "import", str(bad))
    assert code == 4
    assert "bad.json" in err and expected in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in sample_store.root.iterdir()} == before


def test_control_characters_are_cleaned_on_import(capsys, tmp_path):
    src = tmp_path / "ctl.json"
    src.write_text('{"schema_version": 1, "id": "ctl1", "header": {"title": "Bell\\u0007 and tab\\there"}}', "utf-8")
    code, _, err = run(capsys, "--store", str(tmp_path / "s"), "import", str(src))
    assert code == 0, err
    assert Store(tmp_path / "s").load("ctl1").title == "Bell and tab here"


def test_schema_is_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["type"] == "object" and "header" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_demo_without_a_terminal_prints_the_store(capsys):
    code, out, _ = run(capsys, "demo", "--no-app")
    assert code == 0
    root = Path(out.splitlines()[0].removeprefix("Demo store: "))
    assert sorted(p.name for p in root.glob("[!.]*.json")) == ["cdp2020.json", "cx2024.json"]
    assert "Communities Delivery Plan" in out


def test_real_subprocess_help_and_error_paths(tmp_path):
    """The installed entry point: --help works, and errors never show a traceback."""
    cmd = [sys.executable, "-m", "cia.cli"]
    help_ = subprocess.run(cmd + ["--help"], capture_output=True, text=True, check=False)
    assert help_.returncode == 0 and "check" in help_.stdout
    for sub in ("new", "list", "show", "check", "import", "export-json", "schema", "demo", "export", "summary"):
        r = subprocess.run(cmd + [sub, "--help"], capture_output=True, text=True, check=False)
        assert r.returncode == 0, sub
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    r = subprocess.run(cmd + ["--store", str(tmp_path / "s"), "import", str(bad)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 4 and "bad.json" in r.stderr and "Traceback" not in r.stderr


def test_edit_through_json_and_replace(capsys, tmp_path, sample_store):
    """export-json, edit the file, import --replace: the headless way to fill an assessment from JSON."""
    store = str(sample_store.root)
    exported = tmp_path / "cx.json"
    run(capsys, "--store", store, "export-json", "cx2024", "--out", str(exported))
    data = json.loads(exported.read_text("utf-8"))
    data["header"]["engagement"] = {"took_place": True, "details": "Residents' survey, 2,000 responses"}
    exported.write_text(json.dumps(data), "utf-8")

    code, _, err = run(capsys, "--store", store, "import", str(exported))
    assert code == 1 and "--replace" in err
    code, _, err = run(capsys, "--store", store, "import", str(exported), "--replace")
    assert code == 0, err
    assert sample_store.load("cx2024").header.engagement.took_place is True

    # the same (now stale) file again: someone has saved since it was exported
    code, _, err = run(capsys, "--store", store, "import", str(exported), "--replace")
    assert code == 5 and "saved by someone else" in err


def test_export_and_summary_commands(capsys, tmp_path, sample_store):
    from docx import Document

    store = str(sample_store.root)
    out = tmp_path / "docs"
    code, stdout, err = run(capsys, "--store", store, "export", "cdp2020", "--out", str(out))
    assert code == 0, err
    paths = [Path(line) for line in stdout.split()]
    assert [p.name for p in paths] == ["communities-delivery-plan-full-cia.docx",
                                       "communities-delivery-plan-summary.docx"]
    assert "1 error still to fix" in err
    full = Document(str(paths[0]))
    assert full.core_properties.title.startswith("Community Impact Assessment")
    assert "Name of Proposal:\tCommunities Delivery Plan" in [p.text for p in full.paragraphs]
    psed = next(t for t in full.tables if t.rows[0].cells[0].text.startswith("Protected Characteristics"))
    assert psed.rows[0].cells[0].text == "Protected Characteristics:"
    assert psed.rows[2].cells[0].text == "Race"

    code, stdout, _ = run(capsys, "--store", store, "export", "cx2024", "--out", str(out), "--summary")
    assert code == 0 and stdout.strip().endswith("-summary.docx") and len(stdout.split()) == 1

    code, stdout, _ = run(capsys, "--store", store, "summary", "cdp2020", "--paragraph")
    assert code == 0 and stdout.startswith("A Community Impact Assessment (CIA) for Communities Delivery Plan")

    code, _, _ = run(capsys, "--store", store, "summary", "cdp2020", "--set", "Our own summary.")
    assert code == 0 and sample_store.load("cdp2020").executive_summary == "Our own summary."
    code, stdout, _ = run(capsys, "--store", store, "summary", "cdp2020")
    assert stdout.strip() == "Our own summary."
    run(capsys, "--store", store, "summary", "cdp2020", "--reset")
    code, stdout, _ = run(capsys, "--store", store, "summary", "cdp2020")
    assert stdout.startswith("This summary sets out the main findings")


def test_export_to_an_unwritable_place_fails_cleanly(capsys, tmp_path, sample_store):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    code, stdout, err = run(capsys, "--store", str(sample_store.root), "export", "cx2024", "--out", str(blocker))
    assert code == 1 and stdout == "" and "Traceback" not in err and err.startswith("cia: ")
    assert blocker.read_text("utf-8") == "not a folder"
