"""Property-based: generated assessments across all of Unicode, control characters, limits and long lists
save, reload identically, check, index, search and export without an exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cia.checks import check
from cia.model import POINTS_MAX, SHORT_MAX, EvidenceItem, new_assessment
from cia.store import Filters, Store
from cia.store.format import parse_bytes, to_json

ANY_CHAR = st.characters(codec=None, categories=None)  # every code point, controls and lone surrogates too
TEXT = st.text(ANY_CHAR, max_size=300)
LINE = st.text(ANY_CHAR, max_size=SHORT_MAX)
POINTS = st.lists(TEXT, max_size=12) | st.lists(st.text("ab ", min_size=1, max_size=3), min_size=POINTS_MAX - 5,
                                                   max_size=POINTS_MAX)
FIELDS = ("groups", "benefits", "risks", "mitigations")


@st.composite
def assessments(draw):
    a = new_assessment(draw(LINE), edition=draw(st.sampled_from(["2021", "2024"])))
    a.header.author = draw(LINE)
    a.header.directorate = draw(LINE)
    a.introduction = draw(TEXT)
    a.summary = draw(st.text(ANY_CHAR, max_size=1000))
    for _ in range(draw(st.integers(0, 4))):
        section = draw(st.sampled_from(a.sections))
        entry = draw(st.sampled_from(section.entries))
        entry.set_points(draw(st.sampled_from(FIELDS)), draw(POINTS))
        entry.status = draw(st.sampled_from(["not_assessed", "assessed", "na"]))
    if draw(st.booleans()):
        a.sections[0].evidence = [EvidenceItem(citation=t) for t in draw(st.lists(TEXT, max_size=5))]
    return a


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory) -> Store:
    """One store for every example (each adds its own assessment), so the examples test saves, not setup."""
    store = Store(tmp_path_factory.mktemp("prop-store"))
    yield store
    store.close()


def _a_word(a) -> str | None:
    for text in (a.title, a.introduction, a.summary):
        words = [w for w in text.split() if any(c.isalnum() for c in w)]
        if words:
            return words[0]
    return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                              HealthCheck.function_scoped_fixture])
@given(a=assessments())
def test_generated_assessments_round_trip_check_index_and_search(shared_store, a):
    store = shared_store
    store.create(a)
    loaded = store.load(a.id)
    assert loaded == a
    assert to_json(loaded) == store.path_for(a.id).read_text("utf-8")
    assert parse_bytes(to_json(loaded).encode(), store.path_for(a.id)) == a
    check(loaded)
    listing = store.list()
    assert a.id in {s.id for s in listing.items} and listing.problems == []
    word = _a_word(a)
    if word:
        found = store.list(Filters(search=word))
        assert a.id in {s.id for s in found.items}, word


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(assessments())
def test_generated_assessments_export_to_word(a):
    from docx import Document

    from cia.export import export_documents

    out = Path(tempfile.mkdtemp(prefix="cia-prop-export-"))
    try:
        paths = export_documents(a, out)
        assert len(paths) == 2
        for path in paths:
            Document(str(path))  # reads back as a Word document
    finally:
        shutil.rmtree(out, ignore_errors=True)
