"""Times written without a zone (by hand, by another tool) are read as UTC and written back with one.

Every time the model reads goes through one helper (``cia.model.as_utc``): the assessment's created and
updated, comments and their replies, the trail, sign-offs, the screening decision, and the kept revisions
of its history, which are read through the same model.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cia.cli import main
from cia.model import as_utc
from cia.resources import samples_dir
from cia.store import Store
from cia.store.format import read_file

NAIVE = "2024-05-01T10:30:00"


def _naive_file(root: Path) -> Path:
    """cx2024 with a time without a zone in every place the model holds one."""
    data = json.loads((samples_dir() / "cx2024.json").read_text("utf-8"))
    data["created"] = data["updated"] = NAIVE
    data["summary_edited"] = data["risks_changed"] = NAIVE
    who = {"name": "Pat Lead", "role": "Project Lead"}
    data["comments"] = [{"n": 1, "location": "details/title", "text": "Shorter?", "by": who, "at": NAIVE,
                         "replies": [{"by": who, "text": "Done", "at": NAIVE}],
                         "resolved": True, "resolved_by": who, "resolved_at": NAIVE}]
    data["trail"] = [{"at": NAIVE, "by": who, "action": "create", "to_status": "draft"}]
    data["signoffs"] = [{"name": "Sam Sponsor", "role": "Director", "recorded_by": who, "recorded_at": NAIVE}]
    data["screening"] = {"outcome": "needed", "decided_by": who, "decided_at": NAIVE}
    root.mkdir(parents=True, exist_ok=True)
    path = root / "naive.json"
    data["id"] = "naive"
    path.write_text(json.dumps(data, indent=2), "utf-8")
    return path


def _times(a) -> list[datetime]:  # type: ignore[no-untyped-def]
    c = a.comments[0]
    return [a.created, a.updated, a.summary_edited, a.risks_changed, c.at, c.replies[0].at, c.resolved_at,
            a.trail[0].at, a.signoffs[0].recorded_at, a.screening.decided_at]


def _zoned_times(text: str) -> list[str]:
    data = json.loads(text)
    c = data["comments"][0]
    return [data["created"], data["updated"], data["summary_edited"], data["risks_changed"], c["at"],
            c["replies"][0]["at"], c["resolved_at"], data["trail"][0]["at"], data["signoffs"][0]["recorded_at"],
            data["screening"]["decided_at"]]


def test_the_helper_reads_a_time_without_a_zone_as_utc_and_keeps_a_zone_it_has() -> None:
    assert as_utc(datetime(2024, 5, 1, 10, 30)) == datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)
    paris = timezone(timedelta(hours=2))
    assert as_utc(datetime(2024, 5, 1, 10, 30, tzinfo=paris)).utcoffset() == timedelta(hours=2)


def test_every_time_of_the_model_is_read_as_utc(tmp_path: Path) -> None:
    a = read_file(_naive_file(tmp_path))
    expected = datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)
    assert _times(a) == [expected] * 10
    assert all(t.utcoffset() == timedelta(0) for t in _times(a))
    a.updated = datetime(2024, 6, 1, 12, 0)  # an assignment goes through the same helper
    assert a.updated.tzinfo is not None and a.updated > a.created


def test_a_file_with_naive_times_lists_shows_checks_saves_and_exports(capsys, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    path = _naive_file(store.root)
    shutil.copy2(samples_dir() / "cdp2020.json", store.root / "cdp2020.json")  # times with a zone beside it
    base = ["--store", str(store.root)]

    assert main([*base, "list"]) == 0
    out = capsys.readouterr().out
    assert "naive" in out and "cdp2020" in out and "2024-05-01 10:30" in out
    assert main([*base, "list", "--updated-since", "2024-05-01"]) == 0
    assert "naive" in capsys.readouterr().out
    assert main([*base, "show", "naive"]) == 0
    assert "Customer Experience" in capsys.readouterr().out
    assert main([*base, "check", "naive"]) in (0, 1)
    assert "ready" in capsys.readouterr().out
    assert main([*base, "comments", "naive"]) == 0
    assert "Shorter?" in capsys.readouterr().out

    a = store.load("naive")
    a.introduction = "Edited."
    store.save(a)
    written = path.read_text("utf-8")
    for value in _zoned_times(written):
        assert datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None, value
    assert NAIVE + '"' not in written
    assert main([*base, "history", "naive"]) == 0  # the kept revision still has its naive times
    assert "revision" in capsys.readouterr().out.lower()
    kept = store.load_revision("naive", 1)
    assert kept.updated.tzinfo is not None

    out_json = tmp_path / "naive-export.json"
    assert main([*base, "export-json", "naive", "--out", str(out_json)]) == 0
    assert json.loads(out_json.read_text("utf-8"))["created"] == "2024-05-01T10:30:00Z"
    docs = tmp_path / "docs"
    assert main([*base, "export", "naive", "--out", str(docs)]) == 0
    capsys.readouterr()
    assert sorted(p.suffix for p in docs.iterdir()) == [".docx", ".docx"]


@pytest.mark.asyncio
async def test_the_app_lists_and_opens_a_file_with_naive_times(tmp_path: Path) -> None:
    from cia.ui.app import CiaApp
    from cia.ui.screens.assessment import AssessmentScreen
    from cia.ui.widgets.lazy_table import LazyTable

    store = Store(tmp_path / "store")
    _naive_file(store.root)
    app = CiaApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        table = app.screen.query_one("#assessments", LazyTable)
        assert table.row_count == 1
        app.open_assessment("naive")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.session.assessment.updated.tzinfo is not None
