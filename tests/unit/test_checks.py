from __future__ import annotations

import pytest

from cia.checks import check, is_ready, personal_details, personal_details_found
from cia.model import EvidenceItem, Person, new_assessment
from cia.store import read_file
from cia.resources import samples_dir


def codes(findings, level=None):
    return [f.code for f in findings if level is None or f.level == level]


def ready_assessment():
    """A small assessment that passes every check."""
    a = new_assessment("Library opening hours", sponsor=Person(name="Sam Sponsor", role="Director"),
                       leads=[Person(name="Lee Lead", role="Manager")], date_completed="1 May 2026")
    a.header.engagement.took_place = False
    a.introduction = "Intro."
    a.summary = "Summary."
    a.key_mitigations = ["Keep one late night a week."]
    for section in a.sections:
        for entry in section.entries:
            entry.status = "na"
    race = a.section("psed").entry("race")
    race.status = "assessed"
    race.groups = ["People of all ethnicities"]
    race.risks = ["Less access in the evening"]
    race.mitigations = ["Keep one late night a week"]
    a.section("psed").evidence = [EvidenceItem(citation="Library usage data 2025")]
    return a


def test_a_complete_assessment_is_ready():
    findings = check(ready_assessment())
    assert findings == []
    assert is_ready(findings)


def test_empty_assessment_lists_every_gap_with_locations():
    a = new_assessment("")
    findings = check(a)
    assert not is_ready(findings)
    header = {f.location.field for f in findings if f.code == "header-missing"}
    assert header == {"title", "sponsor", "leads", "date_completed"}
    assert "introduction-missing" in codes(findings) and "summary-missing" in codes(findings)
    not_assessed = [f for f in findings if f.code == "area-not-assessed"]
    assert len(not_assessed) == 35
    race = next(f for f in not_assessed if f.location.area == "race")
    assert race.location.section == "psed"
    assert race.where == "PSED › Race"


def test_assessed_area_needs_groups_and_an_impact():
    a = ready_assessment()
    race = a.section("psed").entry("race")
    race.groups = []
    race.risks = []
    race.mitigations = []
    found = codes(check(a))
    assert "groups-missing" in found
    assert "no-impact" in found


def test_risk_without_mitigation_is_an_error_and_vanishes_when_fixed():
    a = ready_assessment()
    a.section("psed").entry("race").mitigations = []
    findings = [f for f in check(a) if f.code == "risk-unmitigated"]
    assert len(findings) == 1
    assert findings[0].location.field == "mitigations"
    a.section("psed").entry("race").mitigations = ["A mitigation"]
    assert "risk-unmitigated" not in codes(check(a))


def test_key_mitigations_required_when_there_are_risks():
    a = ready_assessment()
    a.key_mitigations = []
    assert "key-mitigations-missing" in codes(check(a))


def test_evidence_base_required_for_categories_with_assessed_areas():
    a = ready_assessment()
    a.section("psed").evidence = []
    findings = [f for f in check(a) if f.code == "evidence-missing"]
    assert [f.location.section for f in findings] == ["psed"]


def test_first_row_reference_needs_a_filled_cross_cutting_row():
    a = ready_assessment()
    race = a.section("psed").entry("race")
    race.first_row.benefits = True
    assert "first-row-empty" in codes(check(a))
    cc = a.add_cross_cutting()
    cc.status = "assessed"
    cc.groups = ["All"]
    cc.benefits = ["Shared benefit"]
    assert "first-row-empty" not in codes(check(a))


def test_first_row_mitigations_answer_a_rows_risks():
    a = ready_assessment()
    cc = a.add_cross_cutting()
    cc.status = "assessed"
    cc.groups = ["All"]
    cc.risks = ["Shared risk"]
    cc.mitigations = ["Shared mitigation"]
    race = a.section("psed").entry("race")
    race.mitigations = []
    race.first_row.mitigations = True
    assert "risk-unmitigated" not in codes(check(a))


@pytest.mark.parametrize("text, kind", [
    ("Contact jo.bloggs@example.com for details", "an email address"),
    ("Call 01785 223121 any time", "a phone number"),
    ("Mobile +44 7700 900123", "a phone number"),
    ("Lives at ST16 2LP", "a postcode"),
    ("NI number JG 10 37 22 B", "a National Insurance number"),
])
def test_personal_details_are_spotted(text, kind):
    assert kind in personal_details(text)


@pytest.mark.parametrize("text", [
    "£15.66 per hour", "Between 2,000 – 4,000 residents", "Covid-19 in 2020 and 2021",
    "https://www.bma.org.uk/media/2750/bma-report.pdf", "Survey of 1,234 people (44%)", "Cabinet 16 December 2020",
])
def test_ordinary_text_is_not_flagged(text):
    assert personal_details(text) == []


def test_personal_details_become_warnings_with_location():
    a = ready_assessment()
    a.section("psed").entry("race").risks = ["Mrs Smith of ST16 2LP complained"]
    findings = [f for f in check(a) if f.code == "personal-details"]
    assert len(findings) == 1
    assert findings[0].level == "warning"
    assert findings[0].location.path == "psed/race/risks/1"
    assert personal_details_found(check(a))


def test_check_never_raises_even_on_a_broken_rule(monkeypatch):
    import cia.checks as checks

    def broken(c):
        raise RuntimeError("boom")

    monkeypatch.setattr(checks, "_front", broken)
    findings = checks.check(new_assessment("x"))
    assert any(f.code == "check-failed" and "boom" in f.message for f in findings)


def test_2020_sample_findings_are_few_and_explainable():
    a = read_file(samples_dir() / "cdp2020.json")
    findings = check(a)
    # checked against its own (2020) edition: no Climate Change area, no Health and Care evidence row
    assert sorted((f.code, f.location.path) for f in findings if f.is_error) == [
        ("groups-missing", "environment/air_water_land_quality/groups"),  # groups cell says N/A, a benefit is given
    ]
    assert codes(findings, "warning") == ["engagement-unstated"]


def test_2024_sample_has_no_errors():
    a = read_file(samples_dir() / "cx2024.json")
    assert is_ready(check(a))
