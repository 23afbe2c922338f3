"""The folder store's SQLite index: follows the files, rebuilt when damaged, never trusted over a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from cia.store import Filters, Store
from cia.store import extract as extract_mod

from cia.resources import samples_dir

SAMPLES = samples_dir()


def _ids(listing):
    return [s.id for s in listing.items]


def test_listing_comes_from_the_index_and_follows_every_change(folder_samples):
    store = folder_samples
    assert sorted(_ids(store.list())) == ["cdp2020", "cx2024"]
    assert (store.root / ".index" / "index.sqlite").is_file()
    a = store.load("cx2024")
    a.header.title = "Renamed strategy"
    store.save(a)
    assert {s.id: s.title for s in store.list().items}["cx2024"] == "Renamed strategy"
    # another program adds, changes and removes files
    other = Store(store.root)
    copy = other.duplicate("cdp2020")
    assert copy.id in _ids(store.list())
    os.unlink(store.path_for(copy.id))
    assert copy.id not in _ids(store.list())


def test_a_change_to_one_file_reindexes_only_that_file(folder_samples, monkeypatch):
    store = folder_samples
    store.list()
    read = []
    real = extract_mod.extract
    monkeypatch.setattr(extract_mod, "extract", lambda root, name, *rest: read.append(name) or real(root, name, *rest))
    a = Store(store.root).load("cdp2020")
    a.introduction = "Changed by someone else"
    Store(store.root).save(a)
    store.list()
    assert read == ["cdp2020.json"]
    read.clear()
    store.list()
    assert read == []


def test_damaged_missing_or_foreign_index_is_rebuilt_from_the_files(folder_samples):
    store = folder_samples
    first = sorted(_ids(store.list()))
    store.close()
    index = store.root / ".index" / "index.sqlite"
    for damage in (b"garbage" * 1000, b"SQLite format 3\x00" + os.urandom(4000), b""):
        index.write_bytes(damage)
        fresh = Store(store.root)
        assert sorted(_ids(fresh.list())) == first
        assert sorted(_ids(fresh.list(Filters(search="covid")))) == ["cdp2020"]
        fresh.close()
    index.unlink()
    assert sorted(_ids(Store(store.root).list())) == first


def test_a_file_that_breaks_after_indexing_is_reported_not_served(folder_samples):
    store = folder_samples
    store.list()
    path = store.path_for("cdp2020")
    path.write_text("{ broken", "utf-8")  # in place, as another program might
    listing = store.list(Filters(rescan=True))
    assert [p.path.name for p in listing.problems] == ["cdp2020.json"]
    assert _ids(listing) == ["cx2024"]


def test_search_says_where_it_matched_and_marks_the_words(folder_samples):
    listing = folder_samples.list(Filters(search="digital exclusion"))
    assert _ids(listing)[0] == "cdp2020"
    cdp = listing.items[0]
    assert any(m.where == "PSED › Age › Risks" for m in cdp.matches)
    m = next(m for m in cdp.matches if m.where == "PSED › Age › Risks")
    assert ("digital", True) in m.parts() and ("exclusion", True) in m.parts()
    assert "digital exclusion" in m.plain()
    assert _ids(folder_samples.list(Filters(search="zebra crossing"))) == []
    assert _ids(folder_samples.list(Filters(search="\"*(){}:^ OR NEAR"))) == []  # odd input is just text


def test_filters(folder_samples):
    store = folder_samples
    assert _ids(store.list(Filters(lead="doorbar"))) == ["cx2024"]
    assert _ids(store.list(Filters(edition="2020"))) == ["cdp2020"]
    assert _ids(store.list(Filters(status="approved"))) == []
    since = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert _ids(store.list(Filters(updated_since=since))) == ["cx2024"]
    assert _ids(store.list(Filters(updated_since=since.replace(tzinfo=None)))) == ["cx2024"]
    limited = store.list(Filters(limit=1))
    assert len(limited.items) == 1 and limited.count == 2


def test_area_counts_for_impacts(folder_samples):
    rows = folder_samples.area_stats()
    assert {r.assessment_id for r in rows} == {"cdp2020", "cx2024"}
    race = next(r for r in rows if r.assessment_id == "cdp2020" and r.area == "race")
    assert (race.category, race.status, race.risks) == ("psed", "assessed", 2)
    assert all(r.unmitigated <= r.risks and r.high <= r.risks for r in rows)
    assert {r.assessment_id for r in folder_samples.area_stats(Filters(search="covid"))} == {"cdp2020"}


def test_warm_cia_list_and_search_load_no_pydantic(folder_samples):
    root = str(folder_samples.root)
    folder_samples.list()
    code = ("import sys, contextlib, io\nfrom cia.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['--store', {root!r}, 'list'])\n    main(['--store', {root!r}, 'list', '--search', 'covid'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'textual', 'docx')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_store_folder_we_cannot_write_still_lists(folder_samples):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    os.chmod(folder_samples.root, 0o555)
    try:
        assert sorted(_ids(Store(folder_samples.root).list())) == ["cdp2020", "cx2024"]
    finally:
        os.chmod(folder_samples.root, 0o755)


def test_json_listing(folder_samples, capsys):
    from cia.cli import main

    assert main(["--store", str(folder_samples.root), "list", "--search", "covid", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and data["assessments"][0]["id"] == "cdp2020"
    assert data["assessments"][0]["matches"][0]["snippet"].count("[[") >= 1
    assert SAMPLES.is_dir()


def _replace_behind_the_back(path, data: dict) -> None:
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(json.dumps(data), "utf-8")
    os.replace(tmp, path)


def test_search_follows_files_changed_replaced_added_and_deleted_behind_its_back(folder_samples):
    store = folder_samples
    assert _ids(store.list(Filters(search="covid"))) == ["cdp2020"]
    path = store.path_for("cdp2020")
    data = json.loads(path.read_text("utf-8"))
    text = json.dumps(data).replace("Covid", "Pandemic").replace("covid", "pandemic").replace("COVID", "PANDEMIC")
    _replace_behind_the_back(path, json.loads(text))
    assert _ids(store.list(Filters(search="covid"))) == []
    assert _ids(store.list(Filters(search="pandemic"))) == ["cdp2020"]
    # a new file, then the same name holding another assessment's texts
    added = json.loads(store.path_for("cx2024").read_text("utf-8"))
    added["id"] = "added"
    added["header"]["title"] = "Zanzibar crossing"
    _replace_behind_the_back(store.root / "added.json", added)
    assert _ids(store.list(Filters(search="zanzibar"))) == ["added"]
    added["header"]["title"] = "Quixotic bridge"
    _replace_behind_the_back(store.root / "added.json", added)
    assert _ids(store.list(Filters(search="zanzibar"))) == []
    found = store.list(Filters(search="quixotic"))
    assert _ids(found) == ["added"] and found.items[0].matches[0].where == "Title"
    os.unlink(store.root / "added.json")
    assert _ids(store.list(Filters(search="quixotic"))) == []
    assert sorted(_ids(store.list())) == ["cdp2020", "cx2024"]


def test_a_cold_index_in_worker_processes_equals_one_read_here(folder_samples, monkeypatch):
    from cia.store import index_schema

    store = folder_samples
    for n in range(6):
        store.duplicate("cdp2020" if n % 2 else "cx2024")
    here = Store(store.root)
    monkeypatch.setattr("cia.store.index_refresh.PARALLEL_FROM", 10_000)
    expected = here.list(Filters(search="covid")), here.list(), here.area_stats()
    here.close()
    for leftover in (store.root / index_schema.INDEX_DIR).iterdir():
        leftover.unlink()
    from cia.store import index_refresh

    from_workers = []
    real = index_refresh._in_workers
    monkeypatch.setattr(index_refresh, "_in_workers",
                        lambda *args: (from_workers.append(ex.name) or ex for ex in real(*args)))
    monkeypatch.setattr(index_refresh, "PARALLEL_FROM", 2)
    workers = Store(store.root)
    first = workers.list(Filters(search="covid"))
    assert workers._index.last_read == 8 and len(from_workers) == 8
    got = first, workers.list(), workers.area_stats()
    assert [l.items for l in got[:2]] == [l.items for l in expected[:2]]
    assert sorted(got[2], key=repr) == sorted(expected[2], key=repr)


def test_a_warm_listing_looks_at_no_file_and_its_own_journal_does_not_count_as_a_change(folder_samples, monkeypatch):
    import time

    store = folder_samples
    store.list()  # the index is made (its folder, .index/, is the store folder's last change)
    old = time.time() - 60
    os.utime(store.root, (old, old))  # as if that was a minute ago
    assert sorted(_ids(store.list())) == ["cdp2020", "cx2024"]  # compared once more, and seen to be fresh
    before = os.stat(store.root).st_mtime_ns
    scans = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": scans.append(path) or real(path))
    for _ in range(3):  # new processes' worth of listings and searches: the journal files come and go
        fresh = Store(store.root)
        assert sorted(_ids(fresh.list())) == ["cdp2020", "cx2024"]
        assert _ids(fresh.list(Filters(search="covid"))) == ["cdp2020"]
        fresh.close()
    assert scans == [] and os.stat(store.root).st_mtime_ns == before
    assert {p.name for p in (store.root / ".index").iterdir()} >= {"index.sqlite"}
    # a file replaced behind its back changes the folder: the next listing looks again
    data = json.loads(store.path_for("cx2024").read_text("utf-8"))
    data["header"]["title"] = "Seen at once"
    _replace_behind_the_back(store.path_for("cx2024"), data)
    assert {s.id: s.title for s in Store(store.root).list().items}["cx2024"] == "Seen at once"
    assert scans


def test_index_workers_run_this_copy_of_cia_not_one_in_the_current_folder(folder_samples, monkeypatch, tmp_path):
    from cia.store import index_refresh

    store = folder_samples
    for n in range(6):
        store.duplicate("cdp2020" if n % 2 else "cx2024")
    decoy = tmp_path / "elsewhere"
    (decoy / "cia" / "store").mkdir(parents=True)
    marker = tmp_path / "decoy-ran"
    for init in (decoy / "cia" / "__init__.py", decoy / "cia" / "store" / "__init__.py"):
        init.write_text("")
    (decoy / "cia" / "store" / "extract.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(decoy)  # a folder holding another "cia" (a checkout, a folder of that name)
    monkeypatch.setattr(index_refresh, "PARALLEL_FROM", 2)
    from_workers = []
    real = index_refresh._in_workers
    monkeypatch.setattr(index_refresh, "_in_workers",
                        lambda *args: (from_workers.append(ex.name) or ex for ex in real(*args)))
    fresh = Store(store.root)
    listed = fresh.list()
    assert len(listed.items) == 8 and not listed.problems
    assert len(from_workers) == 8  # read by the workers, not by the fallback here
    assert not marker.exists()
