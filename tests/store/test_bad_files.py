"""The bad-file catalogue: each bad file gets its message and exit code, stays byte for byte as it was, and
the rest of the store still lists."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from cia.cli import EXIT_BAD_FILE, EXIT_FAIL, EXIT_NOT_FOUND, EXIT_OK, main
from cia.model import new_assessment
from cia.store import AssessmentFileError, Store
from cia.store.format import MAX_FILE_BYTES, read_file

SAMPLE = "cx2024"


def cli(capsys, store, *args):
    code = main(["--store", str(store.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def sample_json() -> dict:
    from cia.resources import samples_dir

    return json.loads((samples_dir() / f"{SAMPLE}.json").read_text("utf-8"))


def deep(n: int) -> bytes:
    return b"[" * n + b"]" * n


def newer() -> bytes:
    data = sample_json()
    data["id"] = "bad"
    data["schema_version"] = 99
    data["future_field"] = {"important": "text only a newer cia understands"}
    return json.dumps(data).encode()


def invalid_assessment() -> bytes:
    data = sample_json()
    data["id"] = "bad"
    data["status"] = "finished-ish"
    return json.dumps(data).encode()


CATALOGUE = [
    ("deep", deep(100_000), "nested 100,000 brackets deep"),
    ("invalid", invalid_assessment(), "not a valid assessment"),
    ("newer", newer(), "written by a newer version of cia (schema version 99)"),
    ("truncated", json.dumps(sample_json()).encode()[:5000], "looks truncated"),
    ("binary", os.urandom(300) + b"\x00", "binary data"),
    ("latin1", '{"schema_version": 2, "header": {"title": "caf\xe9"}}'.encode("latin-1"), "not UTF-8"),
    ("empty", b"", "empty"),
    ("list", b"[1, 2]", "holds a JSON list"),
]


@pytest.mark.parametrize("kind, content, reason", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_bad_file_is_reported_kept_and_the_rest_lists(capsys, folder_samples, kind, content, reason):
    store = folder_samples
    bad = store.root / "bad.json"
    bad.write_bytes(content)
    code, out, err = cli(capsys, store, "list")
    assert code == EXIT_OK
    assert "cx2024" in out and "cdp2020" in out
    assert "bad.json" in err and reason in err
    code, out, err = cli(capsys, store, "show", "bad")
    assert code == EXIT_BAD_FILE and reason in err and "Traceback" not in err
    assert bad.read_bytes() == content
    # a save over it keeps it, under a new name, and says where
    a = new_assessment("Written over a bad file")
    a.id = "bad"
    store.save(a)
    notices = store.take_notices()
    kept = [p for p in store.root.iterdir() if p.name.startswith("bad.json.")]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert len(notices) == 1 and str(kept[0]) in notices[0]
    assert store.load("bad").title == "Written over a bad file"


def test_two_unreadable_versions_in_one_second_are_both_kept(folder_samples):
    store = folder_samples
    a = store.load(SAMPLE)
    path = store.path_for(SAMPLE)
    contents = [b"{ first broken", b"{ second broken"]
    for content in contents:
        path.write_bytes(content)
        store.save(a, force=True)
    kept = sorted(p.read_bytes() for p in store.root.iterdir() if p.name.startswith(f"{SAMPLE}.json.unreadable"))
    assert kept == sorted(contents)


def test_a_read_only_file_is_kept_not_silently_replaced(folder_samples):
    store = folder_samples
    path = store.path_for(SAMPLE)
    before = path.read_bytes()
    os.chmod(path, 0o444)
    a = store.load(SAMPLE)
    a.introduction = "new text"
    store.save(a)
    kept = [p for p in store.root.iterdir() if p.name.startswith(f"{SAMPLE}.json.readonly")]
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert "read-only" in store.take_notices()[0]
    assert stat.S_IMODE(path.stat().st_mode) & 0o200  # the new file is writable by its owner again


def test_a_link_out_of_the_store_is_refused_to_open_and_kept_on_save(folder_samples, tmp_path):
    store = folder_samples
    outside = tmp_path / "elsewhere.json"
    data = sample_json()
    data["id"] = "linked"
    outside.write_text(json.dumps(data))
    before = outside.read_bytes()
    (store.root / "linked.json").symlink_to(outside)
    with pytest.raises(AssessmentFileError, match="outside the store"):
        store.load("linked")
    listing = store.list()
    assert [p.path.name for p in listing.problems] == ["linked.json"]
    a = new_assessment("Mine")
    a.id = "linked"
    store.save(a)
    assert outside.read_bytes() == before
    assert not (store.root / "linked.json").is_symlink()
    assert any(p.is_symlink() for p in store.root.iterdir() if p.name.startswith("linked.json.link"))


def test_times_without_a_zone_read_as_utc_and_written_back_with_one(capsys, folder_samples):
    store = folder_samples
    path = store.path_for(SAMPLE)
    data = json.loads(path.read_text("utf-8"))
    data["updated"] = "2024-03-28T09:00:00"
    data["created"] = "2024-03-01 08:00"
    path.write_text(json.dumps(data), "utf-8")
    code, out, err = cli(capsys, store, "list")
    assert code == EXIT_OK and "cx2024" in out and "2024-03-28 09:00" in out and err == ""
    a = store.load(SAMPLE)
    assert a.updated.utcoffset().total_seconds() == 0
    store.save(a, touch=False)
    assert json.loads(path.read_text("utf-8"))["updated"].endswith("Z") or "+00:00" in path.read_text("utf-8")


def test_a_float_revision_loads_and_saves_in_place(folder_samples):
    store = folder_samples
    path = store.path_for(SAMPLE)
    data = json.loads(path.read_text("utf-8"))
    data["revision"] = 3.0
    path.write_text(json.dumps(data), "utf-8")
    a = store.load(SAMPLE)
    assert a.revision == 3 and store.disk_revision(SAMPLE) == 3
    store.save(a)
    assert store.load(SAMPLE).revision == 4
    assert store.take_notices() == []
    assert not [p for p in store.root.iterdir() if ".unreadable" in p.name]


def test_a_huge_file_gives_its_real_size(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: nothing is written
    with pytest.raises(AssessmentFileError, match=r"too large \(200\.0 MB; at most 50\.0 MB\)"):
        read_file(path)


def test_the_largest_valid_assessment_fits_in_a_file_and_one_more_point_is_refused(store):
    from pydantic import ValidationError

    from cia.model import POINT_MAX, Assessment

    point = "😀" * POINT_MAX  # 240,000 bytes of UTF-8 each
    data = json.loads(new_assessment("Largest").model_dump_json())
    overhead = len(Assessment.model_validate(data).model_dump_json(indent=2)) + 1
    per_point = len(json.dumps(point, ensure_ascii=False).encode()) + 20
    n = (MAX_FILE_BYTES - overhead) // per_point
    entry = data["sections"][0]["entries"][0]
    entry["groups"] = [point] * n
    largest = Assessment.model_validate(data)
    store.save(largest)
    assert store.path_for(largest.id).stat().st_size <= MAX_FILE_BYTES
    assert store.load(largest.id) == largest
    assert [s.id for s in store.list().items] == [largest.id]
    entry["groups"] = [point] * (n + 1)
    with pytest.raises(ValidationError, match=r"would be 50\.\d MB as a file, more than the 50\.0 MB"):
        Assessment.model_validate(data)


def test_export_json_out_never_replaces_what_is_not_a_regular_file(capsys, folder_samples, tmp_path):
    store = folder_samples
    target = tmp_path / "real.txt"
    target.write_text("precious")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for out, kind in ((link, "symbolic link"), (folder, "folder"), (fifo, "named pipe")):
        code, _, err = cli(capsys, store, "export-json", SAMPLE, "--out", str(out))
        assert code == EXIT_FAIL and kind in err and "refusing" in err
    assert target.read_text() == "precious" and link.is_symlink() and folder.is_dir()
    if os.geteuid() == 0 and os.path.exists("/dev/null"):
        code, _, err = cli(capsys, store, "export-json", SAMPLE, "--out", "/dev/null")
        assert code == EXIT_FAIL and "device" in err
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    code, _, _ = cli(capsys, store, "export-json", SAMPLE, "--out", str(tmp_path / "fine.json"))
    assert code == EXIT_OK and read_file(tmp_path / "fine.json").id == SAMPLE


def test_command_line_edge_cases(capsys, folder_samples, tmp_path):
    store = folder_samples
    data = sample_json()
    data["id"] = "-rf"
    (store.root / "-rf.json").write_text(json.dumps(data))
    code, out, _ = cli(capsys, store, "show", "-rf")
    assert code == EXIT_OK and "Customer Experience" in out
    code, _, err = cli(capsys, Store(tmp_path / "nonexistent"), "list")
    assert code == EXIT_NOT_FOUND and "does not exist" in err
    assert not (tmp_path / "nonexistent").exists()
    code, _, err = cli(capsys, store, "import", str(tmp_path / "missing.json"))
    assert code == EXIT_FAIL and "no such file" in err and "no assessment" not in err
    shutil.rmtree(store.root / ".history", ignore_errors=True)
