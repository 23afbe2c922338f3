from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cia import fsio
from cia.model import SCHEMA_VERSION, new_assessment
from cia.store import (
    AssessmentFileError,
    ConflictError,
    NotFoundError,
    Store,
    StoreError,
    read_file,
    resolve_store_dir,
    to_json,
)


def test_store_location_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("CIA_STORE", str(tmp_path / "env"))
    assert resolve_store_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    assert resolve_store_dir(None) == tmp_path / "env"
    monkeypatch.delenv("CIA_STORE")
    default = resolve_store_dir(None)
    assert default.name == "assessments" and "cia" in str(default)
    assert not default.exists() or default.is_dir()  # resolving never creates anything


def test_save_and_load_round_trip(store):
    a = new_assessment("Library hours")
    a.section("psed").entry("race").risks = ["Fewer evening hours", "Welsh: ŵ ŷ, emoji 😀"]
    path = store.create(a)
    assert path == store.root / f"{a.id}.json"
    assert a.revision == 1
    loaded = store.load(a.id)
    assert loaded == a
    assert json.loads(path.read_text("utf-8"))["schema_version"] == SCHEMA_VERSION
    assert "😀" in path.read_text("utf-8")  # readable, not escaped


def test_ids_resolve_by_unique_prefix(store):
    a = new_assessment("A")
    a.id = "abc123"
    b = new_assessment("B")
    b.id = "abd456"
    store.create(a)
    store.create(b)
    assert store.resolve_id("abc") == "abc123"
    with pytest.raises(NotFoundError, match="matches 2"):
        store.resolve_id("ab")
    with pytest.raises(NotFoundError):
        store.resolve_id("zzz")


def test_second_writer_gets_a_conflict_not_an_overwrite(store):
    a = new_assessment("Shared")
    store.create(a)
    mine = store.load(a.id)
    theirs = store.load(a.id)
    theirs.introduction = "Their text"
    store.save(theirs)
    mine.introduction = "My text"
    with pytest.raises(ConflictError):
        store.save(mine)
    assert store.load(a.id).introduction == "Their text"
    store.save(mine, force=True)
    assert store.load(a.id).introduction == "My text"


def test_failed_save_leaves_previous_file_intact(store, monkeypatch):
    a = new_assessment("Safe")
    path = store.create(a)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsio.os, "fsync", boom)
    a.introduction = "New text"
    with pytest.raises(OSError):
        store.save(a)
    assert path.read_bytes() == before
    assert [p.name for p in store.root.iterdir() if p.name.endswith(".tmp")] == []


def test_unreadable_file_on_disk_is_kept_aside_not_overwritten(store):
    a = new_assessment("Keep")
    path = store.create(a)
    path.write_text("{ corrupt", "utf-8")
    store.save(a)
    kept = [p for p in store.root.iterdir() if ".unreadable-" in p.name]
    assert len(kept) == 1 and kept[0].read_text("utf-8") == "{ corrupt"
    assert store.load(a.id).title == "Keep"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"{\"schema_version\": 1, \"header\": {\"title\": \"x\"", "truncated"),
    (b"\x00\x01\x02binary", "binary"),
    (b"[1, 2, 3]", "JSON list"),
    (b"{\"hello\": 1}", "no schema_version"),
    (b"{\"schema_version\": 99}", "newer version of cia"),
    (b"{\"schema_version\": 1, \"header\": {\"titel\": \"x\"}}", "header.titel: unknown field"),
    (b"{\"schema_version\": 1, \"status\": 7}", "status"),
    ("{\"schema_version\": 1, \"header\": {\"title\": \"caf\xe9\"}}".encode("latin-1"), "UTF-8"),
])
def test_bad_files_are_reported_by_name_and_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(AssessmentFileError) as info:
        read_file(path)
    assert "bad.json" in str(info.value)
    assert reason in str(info.value)


def test_listing_survives_bad_files(sample_store):
    (sample_store.root / "broken.json").write_text("{ not json", "utf-8")
    (sample_store.root / "binary.json").write_bytes(os.urandom(64) + b"\x00")
    listing = sample_store.list()
    assert sorted(s.id for s in listing.items) == ["cdp2020", "cx2024"]
    assert sorted(p.path.name for p in listing.problems) == ["binary.json", "broken.json"]
    assert all(p.reason for p in listing.problems)
    cdp = next(s for s in listing.items if s.id == "cdp2020")
    assert (cdp.done, cdp.total) == (35, 35)
    assert cdp.lead == "Andrew Donaldson"


def test_unknown_older_schema_version_is_refused(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema_version": 0, "name": "Old proposal"}), "utf-8")
    with pytest.raises(AssessmentFileError, match="unknown schema version 0"):
        read_file(path)


def test_import_validates_and_never_touches_other_files(sample_store, tmp_path):
    before = {p.name: p.read_bytes() for p in sample_store.root.iterdir()}
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "header": {"title": "x\\u0007", "bogus": 1}}', "utf-8")
    with pytest.raises(AssessmentFileError, match="header.bogus"):
        sample_store.import_file(bad)
    assert {p.name: p.read_bytes() for p in sample_store.root.iterdir()} == before


def test_import_then_export_round_trips_exactly(store, sample_store):
    source = sample_store.path_for("cdp2020")
    a = store.import_file(source)
    assert to_json(store.load(a.id)) == source.read_text("utf-8")
    with pytest.raises(StoreError, match="already holds"):
        store.import_file(source)
    copy = store.import_file(source, new_id_on_clash=True)
    assert copy.id != a.id


def test_duplicate_and_delete_to_trash(sample_store):
    copy = sample_store.duplicate("cdp2020")
    assert copy.title == "Copy of Communities Delivery Plan"
    assert sample_store.load(copy.id).section("psed").entry("race").risks == \
        sample_store.load("cdp2020").section("psed").entry("race").risks
    moved = sample_store.delete(copy.id)
    moved = Path(moved)
    assert moved.parent == sample_store.trash_dir and moved.exists()
    assert copy.id not in [s.id for s in sample_store.list().items]


def test_recovery_copies(store):
    a = new_assessment("Draft")
    store.create(a)
    a.introduction = "typed but not saved"
    store.write_recovery(a)
    assert store.recoveries() == [a.id]
    assert store.read_recovery(a.id).introduction == "typed but not saved"
    store.save(a)
    assert store.read_recovery(a.id) is None


def test_files_keep_ordinary_permissions(store):
    path = store.create(new_assessment("Perms"))
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_listing_cache_follows_changes_and_survives_corruption(sample_store):
    first = sample_store.list()
    a = sample_store.load("cx2024")
    a.header.title = "Renamed strategy"
    sample_store.save(a)
    assert {s.id: s.title for s in sample_store.list().items}["cx2024"] == "Renamed strategy"
    (sample_store.root / ".index" / "index.sqlite").write_bytes(b"garbage" * 100)
    again = sample_store.list()
    assert sorted(s.id for s in again.items) == sorted(s.id for s in first.items)
    # a file that breaks after being cached is reported, not served from the cache
    sample_store.path_for("cdp2020").write_text("{ broken", "utf-8")
    listing = sample_store.list()
    assert [p.path.name for p in listing.problems] == ["cdp2020.json"]
    assert [s.id for s in listing.items] == ["cx2024"]


def test_forced_save_moves_past_the_newer_revision(store):
    a = new_assessment("Forced")
    store.create(a)
    mine, theirs = store.load(a.id), store.load(a.id)
    theirs.introduction = "theirs"
    store.save(theirs)
    store.save(theirs)  # disk is now two revisions ahead of mine
    mine.introduction = "mine"
    store.save(mine, force=True)
    theirs.introduction = "theirs again"
    with pytest.raises(ConflictError):  # their copy is now out of date: it must not pass silently
        store.save(theirs)
    assert store.load(a.id).introduction == "mine"
