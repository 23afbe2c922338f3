"""Opening the app from the command line without a terminal, and contradictory summary options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _cia(*args: str, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CIA_STORE": str(store)}
    return subprocess.run([sys.executable, "-m", "cia.cli", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)


def test_the_app_without_a_terminal_says_it_needs_one(tmp_path: Path) -> None:
    done = _cia(store=tmp_path)
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr
    assert "\x1b" not in done.stdout + done.stderr  # no escape codes written into a file or pipe


def test_summary_set_and_reset_together_are_refused(tmp_path: Path) -> None:
    created = _cia("new", "--title", "Summary", store=tmp_path)
    assessment_id = created.stdout.split()[0]
    assert _cia("summary", assessment_id, "--set", "Mine", store=tmp_path).returncode == 0
    done = _cia("summary", assessment_id, "--set", "Other", "--reset", store=tmp_path)
    assert done.returncode == 2 and "contradict" in done.stderr
    assert _cia("summary", assessment_id, store=tmp_path).stdout.strip() == "Mine"  # nothing was thrown away
