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


def probe(env: dict[str, str], cwd: Path | None = None) -> dict:
    sample = str(samples_dir() / "cdp2020.json")
    done = subprocess.run([sys.executable, "-c", PROBE, sample], capture_output=True, text=True, env=env, check=True,
                          cwd=cwd)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    out = dict(os.environ, CIA_CACHE_DIR=str(tmp_path / "cache"))
    out.pop("CIA_NO_CACHE", None)
    return out


def test_built_once_then_loaded_with_the_same_results(env: dict[str, str], tmp_path: Path) -> None:
    first = probe(env)
    assert first["used"] == {"editions": False, "model": False}  # built, and kept
    kept = sorted(p.name for p in (tmp_path / "cache").glob("validators-*"))
    assert len(kept) == 2 and all(name.endswith(".pickle") for name in kept)
    assert list((tmp_path / "cache").glob("edition-*.json"))  # the sample's edition, parsed
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


def test_the_stamp_follows_the_code() -> None:
    import pydantic

    import cia.model  # noqa: F401
    from cia import prebuilt

    assert pydantic.VERSION in prebuilt.versions()
    files = prebuilt.code_files()
    assert {str(prebuilt.PACKAGE / "model" / "fields.py"), str(prebuilt.PACKAGE / "editions" / "schema.py"),
            str(prebuilt.PACKAGE / "text.py")} <= {path for path, _, _ in files}  # loaded: the model imports them
    assert all(path.startswith(str(prebuilt.PACKAGE)) for path, _, _ in files)


def test_a_changed_source_file_of_the_model_builds_them_again(env: dict[str, str], tmp_path: Path) -> None:
    import shutil

    import cia

    copy = tmp_path / "copy"  # a copy of the package whose files can be touched
    shutil.copytree(Path(cia.__file__).parent, copy / "cia", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(env, PYTHONPATH=str(copy))
    assert probe(env, copy)["used"] == {"editions": False, "model": False}
    assert probe(env, copy)["used"] == {"editions": True, "model": True}
    fields = copy / "cia" / "model" / "fields.py"
    fields.write_text(fields.read_text("utf-8").replace("SHORT_MAX = 500", "SHORT_MAX = 400"), "utf-8")
    changed = probe(env, copy)
    assert changed["used"]["model"] is False  # a file of the model changed: its validators were built again,
    assert any("400" in e for e in changed["errors"])  # by the changed code
    assert probe(env, copy)["used"] == {"editions": True, "model": True}
    tables = copy / "cia" / "editions" / "tables.py"
    os.utime(tables, ns=(tables.stat().st_atime_ns, tables.stat().st_mtime_ns + 1_000_000_000))
    assert probe(env, copy)["used"] == {"editions": False, "model": False}  # the editions' (the model imports them)
    assert probe(env, copy)["used"] == {"editions": True, "model": True}


def test_parsed_text_is_kept_by_content_and_never_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cia import prebuilt

    monkeypatch.setenv("CIA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CIA_NO_CACHE", raising=False)
    calls: list[str] = []

    def parse(text: str) -> dict:
        calls.append(text)
        return {"id": text, "n": 1, "x": 1.5, "list": [True, None]}

    first = prebuilt.parsed_text("t", "one", parse)
    assert prebuilt.parsed_text("t", "one", parse) == first and calls == ["one"]  # the second from the cache
    assert prebuilt.parsed_text("t", "two", parse)["id"] == "two" and calls == ["one", "two"]  # new text: parsed
    for kept in (tmp_path / "cache").glob("t-*.json"):
        kept.write_text("{broken", "utf-8")
    assert prebuilt.parsed_text("t", "one", parse) == first and len(calls) == 3  # damaged: parsed again

    import datetime

    def dated(text: str) -> dict:
        calls.append(text)
        return {"when": datetime.date(2024, 1, 1)}

    assert prebuilt.parsed_text("t", "dated", dated)["when"] == datetime.date(2024, 1, 1)
    assert prebuilt.parsed_text("t", "dated", dated)["when"] == datetime.date(2024, 1, 1)
    assert calls.count("dated") == 2  # JSON cannot hold a date: never kept

    with pytest.raises(ValueError):
        prebuilt.parsed_text("t", "bad", lambda text: (_ for _ in ()).throw(ValueError("not TOML")))


def test_an_edition_file_with_a_toml_error_still_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cia.editions.loader import EditionFileError, read_toml

    monkeypatch.setenv("CIA_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "council.toml"
    path.write_text('id = "council"\nversion = 1\ntitle = \n', "utf-8")
    with pytest.raises(EditionFileError) as info:
        read_toml(path)
    assert "line 3" in str(info.value) and "not valid TOML" in str(info.value)
    path.write_text('id = "council"\nversion = 1\n', "utf-8")
    assert read_toml(path)[0] == {"id": "council", "version": 1}
    assert read_toml(path)[0] == {"id": "council", "version": 1}  # from the cache the second time
