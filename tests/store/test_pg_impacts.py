"""cia impacts on the PostgreSQL store: the same figures and proposals as the folder store's index gives
for the same assessments, under every filter."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cia.store import Store
from pg_helpers import new_pg_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_impacts import FILTERS, build_impacts_store  # noqa: E402


def _proposals(data: dict) -> list:
    return [(r["key"], [{k: v for k, v in p.items() if k != "path"} for p in r["assessments"]])
            for r in data["characteristics"] + data["areas"]]


def test_impacts_on_postgres_equal_the_folder_stores(pg_server, request, tmp_path):
    from cia.impacts import as_json, collect, json_text
    from cia.resources import samples_dir

    folder = build_impacts_store(tmp_path / "store")
    for sample in samples_dir().glob("*.json"):
        (folder.root / sample.name).write_bytes(sample.read_bytes())
    pg = Store(new_pg_store(pg_server, request))
    for assessment_id in folder.ids():
        pg.put_copy(folder.load(assessment_id), [])
    for kwargs in [*FILTERS, {"directorate": "FAMILIES"}, {"since": datetime(2021, 1, 1, tzinfo=timezone.utc)}]:
        want, got = collect(folder, **kwargs), collect(pg, **kwargs)
        assert got.assessments == want.assessments, kwargs
        assert [(r.key, r.name, r.count, r.benefits, r.risks, r.unmitigated, r.high) for r in got.rows] == \
               [(r.key, r.name, r.count, r.benefits, r.risks, r.unmitigated, r.high) for r in want.rows], kwargs
        assert _proposals(json.loads(json_text(got))) == _proposals(as_json(want)), kwargs
    pg.close()


def test_a_search_narrows_listings_and_impacts_on_postgres_as_on_the_folder_store(pg_server, request, tmp_path):
    from cia.store import Filters
    from cia.store.index import index_of

    folder = build_impacts_store(tmp_path / "store")
    pg = Store(new_pg_store(pg_server, request))
    for assessment_id in folder.ids():
        pg.put_copy(folder.load(assessment_id), [])
    index = index_of(folder)
    index.sync()
    # one word; two words in different texts of one assessment; a word and its start; none matching
    for search in ("library", "fare evening", "saturday fees", "satur", "nothing-like-this"):
        f = Filters(search=search)
        listed = sorted(s.id for s in folder.list(f).items)
        assert sorted(s.id for s in pg.list(f).items) == listed, search
        count, rows = index.impact_totals(f)
        pg_count, pg_rows = pg.impact_totals(f)
        assert (pg_count, sorted(map(tuple, pg_rows))) == (count, sorted(map(tuple, rows))), search
        assert count == len(listed), search
        assert sorted(r[0] for r in pg.impact_proposals(f)) == sorted(r[0] for r in index.impact_proposals(f)), search
    assert sorted(s.id for s in pg.list(Filters(search="fare evening")).items) == ["bus"]
    pg.close()
