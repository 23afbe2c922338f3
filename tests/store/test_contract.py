"""What every store backend promises (run against each backend by ``store_factory``)."""

from __future__ import annotations

import pytest

from cia.model import new_assessment
from cia.store import ConflictError, NotFoundError, StoreError


def test_save_and_load_round_trip(cstore):
    a = new_assessment("Library hours")
    a.section("psed").entry("race").risks = ["Fewer evening hours", "Welsh: ŵ ŷ, emoji 😀"]
    cstore.create(a)
    assert a.revision == 1
    assert cstore.load(a.id) == a
    assert cstore.exists(a.id) and cstore.disk_revision(a.id) == 1


def test_ids_resolve_by_unique_prefix(cstore):
    for i in ("abc123", "abd456"):
        a = new_assessment(i)
        a.id = i
        cstore.create(a)
    assert cstore.resolve_id("abc") == "abc123"
    with pytest.raises(NotFoundError, match="matches 2"):
        cstore.resolve_id("ab")
    with pytest.raises(NotFoundError):
        cstore.resolve_id("zzz")
    with pytest.raises(NotFoundError):
        cstore.load("zzz")


def test_second_writer_gets_a_conflict_and_a_forced_save_moves_past_it(store_factory):
    one = store_factory()
    two = store_factory(shared=True)
    a = new_assessment("Shared")
    one.create(a)
    mine, theirs = one.load(a.id), two.load(a.id)
    theirs.introduction = "theirs"
    two.save(theirs)
    two.save(theirs)
    mine.introduction = "mine"
    with pytest.raises(ConflictError):
        one.save(mine)
    assert one.load(a.id).introduction == "theirs"
    one.save(mine, force=True)
    theirs.introduction = "theirs again"
    with pytest.raises(ConflictError):
        two.save(theirs)
    assert two.load(a.id).introduction == "mine"


def test_create_refuses_an_existing_id(cstore):
    a = new_assessment("Once")
    cstore.create(a)
    with pytest.raises(StoreError, match="already exists"):
        cstore.create(a)


def test_listing_is_newest_first_with_summaries(csamples):
    listing = csamples.list()
    assert sorted(s.id for s in listing.items) == ["cdp2020", "cx2024"]
    assert listing.problems == []
    cdp = next(s for s in listing.items if s.id == "cdp2020")
    assert (cdp.done, cdp.total) == (35, 35)
    assert cdp.lead == "Andrew Donaldson"
    a = csamples.load("cdp2020")
    csamples.save(a)
    assert [s.id for s in csamples.list().items][0] == "cdp2020"


def test_pages_of_a_listing_follow_one_order_and_count_them_all(cstore):
    from cia.store import Filters

    for i in range(7):
        a = new_assessment(f"Library review {i}")
        a.introduction = "Opening hours of the branch libraries."
        cstore.create(a)
    for search in ("", "libraries"):
        whole = [s.id for s in cstore.list(Filters(search=search)).items]
        assert len(whole) == 7
        pages = [cstore.list(Filters(search=search, limit=3, offset=n)) for n in (0, 3, 6)]
        assert [s.id for p in pages for s in p.items] == whole
        assert [p.count for p in pages] == [7, 7, 7]
        assert cstore.list(Filters(search=search, limit=3, offset=9)).items == []


def test_duplicate_and_delete(csamples):
    copy = csamples.duplicate("cdp2020")
    assert copy.title == "Copy of Communities Delivery Plan"
    assert copy.status == "draft" and copy.revision == 1
    assert csamples.delete(copy.id)
    assert copy.id not in [s.id for s in csamples.list().items]
    with pytest.raises(NotFoundError):
        csamples.load(copy.id)


def test_recovery_copies(cstore):
    a = new_assessment("Draft")
    cstore.create(a)
    a.introduction = "typed but not saved"
    cstore.write_recovery(a)
    assert cstore.recoveries() == [a.id]
    assert cstore.read_recovery(a.id).introduction == "typed but not saved"
    cstore.save(a)
    assert cstore.read_recovery(a.id) is None and cstore.recoveries() == []


def test_open_lock_is_exclusive_between_handles_and_released(store_factory):
    one = store_factory()
    a = new_assessment("Locked")
    one.create(a)
    assert one.acquire_lock(a.id) is None
    assert one.lock_holder(a.id) is None  # our own lock does not block us
    one.release_lock(a.id)
    assert one.lock_holder(a.id) is None


def test_history_keeps_every_replaced_revision(cstore):
    a = new_assessment("History")
    cstore.create(a)
    for text in ("one", "two", "three"):
        a.introduction = text
        cstore.save(a)
    revisions = cstore.history(a.id)
    assert [r.revision for r in revisions] == [1, 2, 3, 4]
    assert [r.current for r in revisions] == [False, False, False, True]
    assert cstore.load_revision(a.id, 2).introduction == "one"
    assert cstore.load_revision(a.id, 4).introduction == "three"
    with pytest.raises(NotFoundError):
        cstore.load_revision(a.id, 9)


def test_a_search_finds_the_assessments_holding_every_word_in_one_text_or_several(cstore):
    from cia.store import Filters

    spread = new_assessment("Zebra crossing review")
    spread.section("psed").entry("age").risks = ["Older pedestrians may find the quagga signals confusing."]
    cstore.create(spread)
    together = new_assessment("Crossings")
    together.introduction = "A zebra and a quagga."
    cstore.create(together)
    other = new_assessment("Zebra only")
    cstore.create(other)

    found = cstore.list(Filters(search="zebra quagga"))
    assert sorted(s.id for s in found.items) == sorted([spread.id, together.id]) and found.count == 2
    where = {s.id: " ".join(m.snippet for m in s.matches) for s in found.items}
    assert "[[Zebra]]" in where[spread.id] and "[[quagga]]" in where[spread.id]  # both texts shown, words marked
    assert cstore.list(Filters(search="zebra narwhal")).items == []


def test_a_search_with_no_words_in_it_matches_nothing(cstore):
    """Punctuation alone holds no word to find: nothing matches, on every backend alike (the list says so)."""
    from cia.store import Filters

    for title in ("Library hours", "Bus routes"):
        cstore.create(new_assessment(title))
    assert len(cstore.list(Filters()).items) == 2
    for search in ("!!!", " - ", "'"):
        found = cstore.list(Filters(search=search))
        assert found.items == [] and found.count == 0, search


def test_a_listing_narrows_by_statuses_and_directorate_on_every_backend(cstore):
    from cia.store import Filters

    made = {}
    for title, status, directorate in (("Library hours", "draft", "Families and Communities"),
                                       ("Bus routes", "approved", "Families and Communities"),
                                       ("Parks", "approved", "Economy, Infrastructure and Skills")):
        a = new_assessment(title)
        a.status = status
        a.header.directorate = directorate
        cstore.create(a)
        made[title] = a.id
    found = cstore.list(Filters(statuses=("approved", "signed_off"), directorate=" families and communities "))
    assert [s.id for s in found.items] == [made["Bus routes"]] and found.count == 1
    stats = cstore.area_stats(Filters(directorate="Families and Communities"))
    assert {s.assessment_id for s in stats} == {made["Library hours"], made["Bus routes"]}
