"""Screening: outcomes with their reasons, who decided, the sign-off of a 'not needed' outcome, the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from cia.cli import main
from cia.store import Store

NO_TO_ALL = ["--answer", "adverse_protected=no", "--answer", "service_change=no", "--answer", "staff=no",
             "--answer", "health_economy_environment=no", "--answer", "public_concern=no"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def screened(tmp_path: Path, capsys, monkeypatch) -> tuple[list[str], str]:
    s = ["--store", str(tmp_path / "store")]
    code, out, _ = run(capsys, *s, "new", "--title", "Library booking online")
    assert code == 0
    monkeypatch.setenv("CIA_USER", "Sam Officer")
    monkeypatch.setenv("CIA_ROLE", "Policy officer")
    return s, out.split()[0]


def test_a_dont_know_or_a_named_group_means_a_full_assessment(capsys, screened):
    s, new_id = screened
    answers = [*NO_TO_ALL, "--answer", "public_concern=dont_know"]
    code, out, err = run(capsys, *s, "screen", new_id, *answers, "--group", "Disability,Carers")
    assert code == 0, err
    assert out.startswith("areas to assess from the screening: disability, Carers")
    a = Store(s[1]).load(new_id)
    rec = a.screening
    assert rec.outcome == "needed" and rec.groups == ["disability", "Carers"]
    assert rec.reasons == ["It is likely to be of public concern. (answered don't know)",
                           "Groups that could be affected: Disability, Carers."]
    assert (rec.decided_by.name, rec.decided_by.role) == ("Sam Officer", "Policy officer") and rec.decided_at
    carers = a.section("psed").entries[-1]
    assert carers.extra and carers.name == "Carers" and carers.status == "not_assessed"
    assert a.trail[-1].action == "screen"
    code, out, _ = run(capsys, *s, "check", new_id)
    assert code == 1 and "Assess Carers" in out  # a full assessment follows, with the group named


def test_not_needed_needs_a_reason_and_is_signed_off_like_an_assessment(capsys, screened, monkeypatch):
    from docx import Document

    s, new_id = screened
    code, _, err = run(capsys, *s, "screen", new_id, *NO_TO_ALL)
    assert code == 2 and "say why a full assessment is not needed" in err
    assert Store(s[1]).load(new_id).screening is None
    code, out, err = run(capsys, *s, "screen", new_id, *NO_TO_ALL, "--note", "Only the booking form moves online.")
    assert code == 0, err
    assert "Outcome: A full Community Impact Assessment is not needed" in out
    code, out, _ = run(capsys, *s, "check", new_id)
    assert code == 0  # the screening record is the whole of it: no areas to assess
    assert run(capsys, *s, "review", new_id, "submit")[0] == 0
    monkeypatch.setenv("CIA_USER", "Pat Manager")
    code, _, err = run(capsys, *s, "review", new_id, "approve")
    assert code == 0, err
    assert run(capsys, *s, "signoff", new_id, "--name", "Pat Manager", "--role", "Head of Service",
               "--date", "1 December 2026", "--decision", "Approved")[0] == 0
    assert run(capsys, *s, "review", new_id, "signoff")[0] == 0
    assert Store(s[1]).load(new_id).status == "signed_off"
    code, _, err = run(capsys, *s, "screen", new_id, *NO_TO_ALL, "--note", "x")
    assert code == 2 and "signed off and read-only" in err

    target = Path(s[1]).parent / "screening.docx"
    code, out, err = run(capsys, *s, "screen", new_id, "--docx", str(target))
    assert code == 0, err
    doc = Document(str(target))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Community Impact Assessment screening"
    assert "A full Community Impact Assessment is not needed." in texts
    assert "Why: Only the booking form moves online." in texts
    assert any(t.startswith("Decided by Sam Officer (Policy officer) on ") for t in texts)
    questions = doc.tables[0]
    assert [c.text for c in questions.rows[0].cells] == ["Question", "Answer"]
    assert [r.cells[1].text for r in questions.rows[1:]] == ["No"] * 5
    assert [c.text for c in doc.tables[1].rows[1].cells] == ["Pat Manager", "Head of Service", "1 December 2026",
                                                            "Approved"]

    # what is published for a screened-out proposal is its screening record, and nothing that says "not assessed"
    out_dir = Path(s[1]).parent / "papers"
    code, out, err = run(capsys, *s, "publish", new_id, "--out", str(out_dir))
    assert code == 0, err
    published = sorted(p.name for p in out_dir.iterdir())
    assert published == ["library-booking-online-screening-record.docx"], published
    assert "Screening record: why no full CIA was needed" in out
    again = [p.text for p in Document(str(out_dir / published[0])).paragraphs]
    assert "A full Community Impact Assessment is not needed." in again and not any("DRAFT" in t for t in again)


def test_screening_records_who_decides(capsys, screened, monkeypatch):
    s, new_id = screened
    monkeypatch.delenv("CIA_USER")
    code, _, err = run(capsys, *s, "screen", new_id, *NO_TO_ALL, "--note", "x")
    assert code != 0 and "does not know who you are" in err
    code, _, err = run(capsys, *s, "screen", new_id, "--answer", "nonsense=yes")
    assert code == 2


def test_unknown_questions_and_answers_are_refused(capsys, screened):
    s, new_id = screened
    code, _, err = run(capsys, *s, "screen", new_id, "--answer", "colour=yes")
    assert code == 2 and "there is no screening question 'colour'" in err
    code, _, err = run(capsys, *s, "screen", new_id, "--answer", "staff=perhaps")
    assert code == 2 and "QUESTION=yes|no|dont_know" in err


def test_a_proposal_is_still_to_screen_until_decided_or_its_full_assessment_is_begun(capsys, screened):
    from cia.checks import check
    from cia.model import new_assessment
    from cia.screening import due

    s, ident = screened

    def codes() -> list[str]:
        code, out, _ = run(capsys, *s, "check", ident, "--json")
        import json

        return [f["code"] for f in json.loads(out)["findings"]]

    assert codes()[0] == "screening-due"  # first: the council screens before anything else
    code, _, _ = run(capsys, *s, "screen", ident, "--answer", "staff=yes")  # begun, not decided
    assert code == 0 and "screening-due" in codes()
    code, _, err = run(capsys, *s, "screen", ident, *NO_TO_ALL[:-2], "--answer", "public_concern=no",
                       "--answer", "staff=yes")
    assert code == 0, err
    assert "screening-due" not in codes()  # decided: a full assessment is needed, and its checks follow

    # a lead who goes straight on to the full assessment is checked on that, as the council's older CIAs are
    a = new_assessment("Straight on", edition="2021")
    assert due(a) and check(a)[0].code == "screening-due"
    a.section("psed").entry("race").set_points("benefits", ["Better access to the library for everyone."])
    assert not due(a) and "screening-due" not in [f.code for f in check(a)]
    b = new_assessment("Front first", edition="2020")
    b.introduction = "What the proposal is."
    assert not due(b)


def test_cia_check_prints_the_screening_under_its_own_heading_first(capsys, screened):
    s, ident = screened
    code, out, _ = run(capsys, *s, "check", ident)
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == ["Screening", "---------"]
    assert lines[2].lstrip().startswith("ERROR   Screening: Screen the proposal first")
    details = lines.index("Details")
    assert all("Screening" not in line for line in lines[details:details + 6])
