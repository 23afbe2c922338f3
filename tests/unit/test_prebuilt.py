"""Prebuilt validators (cia.prebuilt): kept between runs, used only when made by this code, same results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cia.resources import samples_dir

PROBE = r"""
import json, sys
import cia.prebuilt as prebuilt
used = {}
install = prebuilt.install
def recording(name, classes):
    used[name] = install(name, classes)
    return used[name]
prebuilt.install = recording
from cia.model import Assessment, ValidationError, describe_validation_error, new_assessment
from cia.store.format import read_file
from cia.checks import check
a = read_file(sys.argv[1])
bad = json.loads(open(sys.argv[1], encoding="utf-8").read())
bad["header"]["title"] = "x" * 600
bad["sections"][0]["entries"][0]["status"] = "done"
bad["surprise"] = 1
try:
    Assessment.model_validate(bad)
    errors = []
except ValidationError as exc:
    errors = describe_validation_error(exc)
fresh = new_assessment("Library hours")
try:
    fresh.header.title = "y" * 501
except ValidationError as exc:
    errors += describe_validation_error(exc)
print(json.dumps({"used": used, "dump": a.model_dump_json(), "errors": errors,
                  "findings": [f.message for f in check(a)], "fresh": len(fresh.sections)}))
"""


def probe(env: dict[str, str]) -> dict:
    sample = str(samples_dir() / "cdp2020.json")
    done = subprocess.run([sys.executable, "-c", PROBE, sample], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    out = dict(os.environ, CIA_CACHE_DIR=str(tmp_path / "cache"))
    out.pop("CIA_NO_CACHE", None)
    return out


def test_built_once_then_loaded_with_the_same_results(env: dict[str, str], tmp_path: Path) -> None:
    first = probe(env)
    assert first["used"] == {"editions": False, "model": False}  # built, and kept
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(kept) == 2 and all(name.endswith(".pickle") for name in kept)
    if hasattr(os, "getuid"):
        assert all((tmp_path / "cache" / name).stat().st_mode & 0o077 == 0 for name in kept)
    second = probe(env)
    assert second["used"] == {"editions": True, "model": True}
    plain = probe(dict(env, CIA_NO_CACHE="1"))  # pydantic's own build, as without the cache
    assert plain["used"] == {"editions": False, "model": False}
    for result in (first, second):
        assert {k: v for k, v in result.items() if k != "used"} == {k: v for k, v in plain.items() if k != "used"}
    assert any("title" in e and "500" in e for e in plain["errors"])
    assert any("unknown field" in e for e in plain["errors"])
    assert plain["findings"]


def test_a_damaged_foreign_or_stale_cache_is_not_used(env: dict[str, str], tmp_path: Path) -> None:
    probe(env)
    model = next((tmp_path / "cache").glob("validators-model-*.pickle"))
    model.write_bytes(b"not a pickle")
    assert probe(env)["used"]["model"] is False  # damaged: built again, and replaced
    assert probe(env)["used"]["model"] is True
    if hasattr(os, "getuid"):
        model.chmod(0o666)  # someone else could have written it
        assert probe(env)["used"]["model"] is False
        assert model.stat().st_mode & 0o077 == 0  # replaced by the user's own
        assert probe(env)["used"]["model"] is True


def test_the_stamp_follows_the_code(tmp_path: Path) -> None:
    from cia import prebuilt

    stamp = prebuilt.code_stamp()
    assert str(prebuilt.PACKAGE / "model" / "fields.py") in stamp
    import pydantic

    assert pydantic.VERSION in stamp
