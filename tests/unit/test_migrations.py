"""Schema version 2: version-1 files (both bundled samples as first shipped, and hand-made ones) migrate on load,
losslessly; risks and mitigations are records edited through ``set_points``."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from cia.migrations import MigrationError, upgrade, v1_to_v2
from cia.model import SCHEMA_VERSION, Assessment, is_real_risk, new_assessment
from cia.store import AssessmentFileError, Store, read_file, to_json

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "v1"
SAMPLES = ("cdp2020", "cx2024")


def v1(name: str) -> dict:
    return json.loads((V1 / f"{name}.json").read_text("utf-8"))


def texts(data: dict) -> list:
    """Everything a v1 document says, as plain values, for comparison with the migrated one."""
    out = []
    for section in data["sections"]:
        for entry in section["entries"]:
            row = {k: v for k, v in entry.items() if k not in ("risks", "mitigations")}
            out.append((section["key"], row, entry.get("risks", []), entry.get("mitigations", [])))
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_v1_samples_migrate_losslessly(name):
    old = v1(name)
    assert old["schema_version"] == 1
    before = copy.deepcopy(old)
    new = upgrade(old)
    assert old == before  # the input is not changed
    assert new["schema_version"] == SCHEMA_VERSION == 2
    a = Assessment.model_validate(new)
    # every field other than the converted ones is exactly as it was
    for key, value in old.items():
        if key not in ("schema_version", "sections"):
            assert new[key] == value, key
    migrated = {(s.key, e.key): e for s in a.sections for e in s.entries}
    n_risks = 0
    for section_key, row, risks, mitigations in texts(old):
        entry = migrated[(section_key, row["key"])]
        assert entry.points("risks") == risks
        assert entry.points("mitigations") == mitigations
        assert [r.id for r in entry.risks] == [f"r{i}" for i in range(1, len(risks) + 1)]
        assert all(r.rating is None and not r.key and not r.owner and not r.due for r in entry.risks)
        assert all(m.answers == [] for m in entry.mitigations)
        assert entry.points("groups") == row.get("groups", []) and entry.points("benefits") == row.get("benefits", [])
        assert entry.status == row.get("status", "not_assessed")
        n_risks += len(risks)
    assert n_risks > 5
    assert a.comments == [] and a.trail == []


@pytest.mark.parametrize("name", SAMPLES)
def test_shipped_samples_are_current_and_say_what_the_v1_files_said(name):
    from cia.resources import samples_dir

    shipped = json.loads((samples_dir() / f"{name}.json").read_text("utf-8"))
    assert shipped["schema_version"] == SCHEMA_VERSION
    assert Assessment.model_validate(shipped) == Assessment.model_validate(upgrade(v1(name)))


def test_a_v1_file_in_a_store_opens_and_is_saved_as_v2(tmp_path):
    store = Store(tmp_path)
    path = tmp_path / "cdp2020.json"
    path.write_text(json.dumps(v1("cdp2020")), "utf-8")
    a = store.load("cdp2020")
    assert a.schema_version == 2
    race = a.section("psed").entry("race")
    race.risks[0].rating = "high"
    store.save(a)
    on_disk = json.loads(path.read_text("utf-8"))
    assert on_disk["schema_version"] == 2
    assert on_disk["sections"][0]["entries"][1]["risks"][0]["rating"] == "high" or any(
        r.get("rating") == "high" for s in on_disk["sections"] for e in s["entries"] for r in e["risks"])
    again = read_file(path)
    assert again.section("psed").entry("race").risks[0].rating == "high"


def test_hand_made_v1_file_with_odd_content_migrates():
    data = {"schema_version": 1, "header": {"title": "Hand made"},
            "sections": [{"key": "psed", "entries": [{"key": "race", "status": "assessed", "risks": ["  a  ", ""],
                                                        "mitigations": ["m"]}, "junk"]}, "junk"]}
    out = v1_to_v2(data)
    assert out["sections"][0]["entries"][0]["risks"] == [{"id": "r1", "text": "  a  "}, {"id": "r2", "text": ""}]
    assert out["sections"][0]["entries"][0]["mitigations"] == [{"id": "m1", "text": "m", "answers": []}]
    assert out["sections"][0]["entries"][1] == "junk"  # left for validation to name


def test_newer_and_unknown_versions_are_refused_with_a_message(tmp_path):
    with pytest.raises(MigrationError, match="newer version of cia"):
        upgrade({"schema_version": 3})
    with pytest.raises(MigrationError, match="no schema_version"):
        upgrade({"schema_version": True})
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"schema_version": 99}), "utf-8")
    with pytest.raises(AssessmentFileError, match="newer version of cia"):
        read_file(path)


def test_plain_strings_are_accepted_as_risks_and_mitigations():
    a = new_assessment("x")
    race = a.section("psed").entry("race")
    race.risks = ["Fewer evening hours", "  ", {"text": "Rated", "rating": "High", "key": True}]
    race.mitigations = ["Keep one late night"]
    assert race.points("risks") == ["Fewer evening hours", "Rated"]
    assert [r.id for r in race.risks] == ["r1", "r2"]
    assert race.risks[1].rating == "high" and race.risks[1].key
    assert race.mitigations[0].id == "m1"
    back = Assessment.model_validate_json(to_json(a))
    assert back.section("psed").entry("race").risks == race.risks


def test_set_points_keeps_metadata_through_edits_inserts_and_removals():
    a = new_assessment("x")
    race = a.section("psed").entry("race")
    race.risks = [{"text": "one", "rating": "low"}, {"text": "Fewer buses in the evening", "owner": "Jo", "key": True},
                  {"text": "three", "due": "May"}]
    race.mitigations = [{"text": "fix two", "answers": ["r2"]}, {"text": "fix three", "answers": ["r3", "r2"]}]
    # edit the text of the second, insert a new first risk, remove "one"
    race.set_points("risks", ["new first", "Fewer buses in the evenings", "three"])
    by_text = {r.text: r for r in race.risks}
    assert by_text["Fewer buses in the evenings"].owner == "Jo" and by_text["Fewer buses in the evenings"].key
    assert by_text["three"].due == "May"
    assert by_text["new first"].rating is None
    assert len({r.id for r in race.risks}) == 3
    # links follow the records
    assert race.mitigations_for(by_text["Fewer buses in the evenings"])[0].text == "fix two"
    # removing a risk removes it from the mitigations that answered it
    race.set_points("risks", ["new first", "three"])
    assert race.mitigations[0].answers == [] and race.mitigations[1].answers == [by_text["three"].id]
    # reordering keeps each record with its text
    race.set_points("mitigations", ["fix three", "fix two"])
    assert race.mitigations[0].answers == [by_text["three"].id]
    # groups and benefits are plain texts
    race.set_points("groups", ["All"])
    assert race.points("groups") == ["All"]


@pytest.mark.parametrize("text", ["None", "none.", "N/A", "n/a", "NA", "Not applicable", "None identified",
                                  "None identified at this stage", "No risks identified", "No risks",
                                  "No negative impacts identified", "Nil", "-", "  NONE  ", "None known",
                                  "No known risks", "None - identified", ""])
def test_non_risks(text):
    assert not is_real_risk(text)


@pytest.mark.parametrize("text", ["None of the residents can reach the new site", "Nobody checks the data",
                                  "No transport after 6pm", "Reduced access to services", "N/A forms lost"])
def test_real_risks(text):
    assert is_real_risk(text)
