"""A fresh copy of an assessment (a duplicate in the store, ``cia new --from-sample``): one model function."""

from __future__ import annotations

from pathlib import Path

from cia.cli import main
from cia.model import Actor, Comment, SignOff, TrailEvent
from cia.resources import samples_dir
from cia.store import Store, read_file


def _reviewed(store: Store) -> str:
    """The cdp2020 sample with comments, a trail, a sign-off and kept revisions, as a review leaves it."""
    a = store.load("cdp2020")
    pat = Actor(name="Pat Lead", role="Project Lead")
    a.comments = [Comment(n=1, location="psed/race/risks/1", text="Say who is affected", by=pat)]
    a.trail = [TrailEvent(action="submit", by=pat, from_status="draft", to_status="in_review", revision=1)]
    a.signoffs = [SignOff(name="Sam Sponsor", role="Director", date="1 May 2024", decision="Approved")]
    store.save(a)
    a.introduction = a.introduction + "\n\nA second revision."
    store.save(a)
    assert len(store.history("cdp2020")) >= 2
    return a.id


def _assert_fresh(copy_id: str, original_id: str, store: Store, original_text: dict) -> None:
    copy = store.load(copy_id)
    assert copy.id != original_id
    assert copy.status == "draft"
    assert copy.trail == [] and copy.comments == [] and copy.signoffs == []
    assert [r.current for r in store.history(copy.id)] == [True]  # no revisions but its own
    assert copy.created > original_text["created"] and copy.updated >= copy.created  # created now, not copied
    # the text is kept, word for word
    assert copy.introduction == original_text["introduction"]
    assert [(s.key, [(e.key, e.groups, [r.text for r in e.risks]) for e in s.entries]) for s in copy.sections] == \
        original_text["sections"]


def _text(a) -> dict:  # type: ignore[no-untyped-def]
    return {"introduction": a.introduction, "created": a.created,
            "sections": [(s.key, [(e.key, e.groups, [r.text for r in e.risks]) for e in s.entries]) for s in a.sections]}


def test_a_duplicate_is_a_fresh_draft_with_the_same_text(sample_store: Store) -> None:
    original_id = _reviewed(sample_store)
    original = sample_store.load(original_id)
    copy = sample_store.duplicate(original_id)
    assert copy.title == "Copy of " + original.title
    _assert_fresh(copy.id, original_id, sample_store, _text(original))
    assert sample_store.load(original_id).comments  # the original keeps its review


def test_new_from_sample_is_a_fresh_draft_with_the_samples_text(capsys, tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    assert main(["--store", str(store.root), "new", "--from-sample", "cdp2020"]) == 0
    new_id = capsys.readouterr().out.split()[0]
    sample = read_file(samples_dir() / "cdp2020.json")
    _assert_fresh(new_id, "cdp2020", store, _text(sample))
    assert store.load(new_id).title == sample.title

    assert main(["--store", str(store.root), "new", "--from-sample", "cx2024", "--title", "Our own CX plan"]) == 0
    assert store.load(capsys.readouterr().out.split()[0]).title == "Our own CX plan"
