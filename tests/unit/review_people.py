"""The three people of a review round, and a fixture that runs cia as one of them."""

from __future__ import annotations

import pytest

from cia.cli import main

LEAD = ("Pat Lead", "Project Lead")
REVIEWER = ("Chris Commissioner", "Commissioning Lead")
PAPERS = ("Sam Papers", "Cabinet Papers Team")


@pytest.fixture
def cli(capsys, monkeypatch, sample_store):
    """Run cia as a given person against the sample store; returns (exit code, stdout, stderr)."""

    def run(*args: str, who: tuple[str, str] | None = LEAD) -> tuple[int, str, str]:
        if who is None:
            monkeypatch.delenv("CIA_USER", raising=False)
            monkeypatch.delenv("CIA_ROLE", raising=False)
        else:
            monkeypatch.setenv("CIA_USER", who[0])
            monkeypatch.setenv("CIA_ROLE", who[1])
        code = main(["--store", str(sample_store.root), *args])
        out, err = capsys.readouterr()
        return code, out, err

    run.store = sample_store
    return run
