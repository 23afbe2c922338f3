"""``cia store copy``: folder → PostgreSQL → folder gives byte-identical exports, history and all."""

from __future__ import annotations

import shutil

from pg_helpers import new_pg_store

from cia.cli import main
from cia.resources import samples_dir
from cia.store import open_store

SAMPLES = samples_dir()


def _export(location, assessment_id, capsys) -> str:
    capsys.readouterr()
    assert main(["--store", str(location), "export-json", assessment_id]) == 0
    return capsys.readouterr().out


def test_folder_to_postgresql_to_folder_is_byte_identical_with_history(pg_server, request, tmp_path, capsys):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("cdp2020.json", "cx2024.json"):
        shutil.copy2(SAMPLES / name, source / name)
    folder = open_store(source)
    a = folder.load("cx2024")
    for text in ("first draft", "second draft: “quotes”, Welsh ŵ and emoji 😀"):
        a.introduction = text
        folder.save(a)
    (source / "broken.json").write_bytes(b'{"schema_version": 2, "id": "broken", "header": {')
    before = {i: _export(source, i, capsys) for i in ("cdp2020", "cx2024")}

    url = new_pg_store(pg_server, request)
    assert main(["store", "copy", str(source), url]) == 4  # copied, but an unreadable file was skipped
    out, err = capsys.readouterr()
    assert "copied 2 assessments with 2 earlier revisions" in out
    assert "skipped (cannot be read):" in err and "broken.json" in err and "truncated" in err

    back = tmp_path / "back"
    assert main(["store", "copy", url, str(back)]) == 0
    assert "copied 2 assessments with 2 earlier revisions" in capsys.readouterr().out
    for assessment_id, text in before.items():
        assert _export(url, assessment_id, capsys) == text
        assert _export(back, assessment_id, capsys) == text
    pg = open_store(url)
    assert [r.revision for r in pg.history("cx2024")] == [r.revision for r in folder.history("cx2024")]
    assert pg.load_revision("cx2024", a.revision - 1).introduction == "first draft"
    assert open_store(back).load_revision("cx2024", a.revision - 1).introduction == "first draft"
    assert not (back / "broken.json").exists()
    assert (source / "broken.json").read_bytes().endswith(b'"header": {')  # never touched

    # again: nothing is overwritten, what is already there is counted
    assert main(["store", "copy", str(source), url]) == 4
    assert "copied 0 assessments" in capsys.readouterr().out
    b = pg.load("cdp2020")
    b.introduction = "changed in the database"
    pg.save(b)
    assert main(["store", "copy", url, str(back)]) == 1
    out, err = capsys.readouterr()
    assert "1 already there, unchanged" in out and "not copied: cdp2020" in err
    assert open_store(back).load("cdp2020").introduction != "changed in the database"


def test_copy_between_two_folders_and_refusals(tmp_path, capsys):
    source = tmp_path / "a"
    source.mkdir()
    shutil.copy2(SAMPLES / "cdp2020.json", source / "cdp2020.json")
    assert main(["store", "copy", str(source), str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / "cdp2020.json").read_bytes() == (source / "cdp2020.json").read_bytes()
    assert main(["store", "copy", str(source), str(source)]) == 1
    assert "the same store" in capsys.readouterr().err
    assert main(["store", "copy", str(tmp_path / "missing"), str(tmp_path / "c")]) == 3
