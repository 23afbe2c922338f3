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
