from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cia.categories import CLASSIC_2021, EDITIONS, LAYOUT_2024
from cia.model import (
    POINT_MAX,
    SCHEMA_VERSION,
    AreaEntry,
    Assessment,
    Person,
    describe_validation_error,
    is_real_risk,
    new_assessment,
)


def test_new_assessment_has_every_required_area_in_template_order():
    a = new_assessment("Library opening hours")
    assert [s.key for s in a.sections] == ["psed", "health_and_care", "economy", "environment", "localities_communities"]
    psed = a.section("psed")
    # the optional cross-cutting row is not there until added
    assert [e.key for e in psed.entries][:2] == ["race", "disability"]
    assert psed.entries[-1].key == "scc_staff"
    assert len(psed.entries) == 10
    assert len(a.section("environment").entries) == 8  # includes Climate Change
    assert a.completeness() == (0, 35)
    assert all(e.status == "not_assessed" for s in a.sections for e in s.entries)
    assert a.schema_version == SCHEMA_VERSION


def test_2024_edition_has_its_own_categories():
    a = new_assessment("CX", edition="2024")
    assert [s.key for s in a.sections] == ["psed", "workforce"]
    assert a.section("psed").entries[0].key == "cross_cutting"  # built in
    assert a.area_name("psed", a.section("psed").entries[1]) == "Age"
    assert LAYOUT_2024.category("psed").groups_column is None


def test_area_names_and_questions_come_from_the_template():
    a = new_assessment("x")
    entry = a.section("health_and_care").entry("safeguarding")
    assert a.area_name("health_and_care", entry) == "Safeguarding"
    assert a.area_question("health_and_care", entry).startswith("Will the proposal ensure effective safeguarding")
    assert a.area_question("health_and_care", a.section("health_and_care").entry("access_to_social_care")) == ""


def test_text_is_cleaned_on_the_way_in():
    a = new_assessment("  Title\x00 with\x07 controls\r\n ")
    assert a.title == "Title with controls"
    entry = a.section("psed").entry("race")
    entry.risks = ["  first\r\nsecond  ", "", "   ", "emoji 😀 and Welsh ŵŷ\x0b"]
    assert entry.points("risks") == ["first\nsecond", "emoji 😀 and Welsh ŵŷ"]


def test_unknown_fields_are_rejected_naming_the_field():
    with pytest.raises(ValidationError) as info:
        Assessment.model_validate({"header": {"titel": "x"}})
    lines = describe_validation_error(info.value)
    assert lines == ["header.titel: unknown field (not part of the assessment format)"]


def test_wrong_types_and_lengths_are_described():
    with pytest.raises(ValidationError) as info:
        Assessment.model_validate({
            "status": "finished",
            "sections": [{"key": "psed", "entries": [{"key": "race", "risks": ["x" * (POINT_MAX + 1)]}]}],
        })
    lines = describe_validation_error(info.value)
    assert any(line.startswith("status: input should be") for line in lines)
    assert any("sections[0].entries[0].risks[0].text: text is too long" in line for line in lines)


def test_assignment_is_validated():
    a = new_assessment("x")
    with pytest.raises(ValidationError):
        a.status = "published"  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        a.section("psed").entries[0].status = "maybe"  # type: ignore[assignment]


def test_json_round_trip_is_exact():
    a = new_assessment("Round trip", sponsor=Person(name="A", role="B"))
    a.add_cross_cutting().benefits = ["shared benefit"]
    a.add_extra_area("economy", "Tourism & visitors", "Will it affect visitors?")
    text = a.model_dump_json()
    b = Assessment.model_validate_json(text)
    assert b == a
    assert b.model_dump_json() == text


def test_extra_areas_follow_template_areas_and_get_unique_keys():
    a = new_assessment("x")
    first = a.add_extra_area("economy", "Tourism")
    second = a.add_extra_area("economy", "Tourism")
    keys = [e.key for e in a.section("economy").entries]
    assert keys[-2:] == [first.key, second.key]
    assert first.key != second.key
    assert a.area_name("economy", first) == "Tourism"
    with pytest.raises(ValueError):
        a.add_extra_area("economy", "   ")


def test_remove_extra_area_removes_only_that_extra_area():
    a = new_assessment("x")
    first = a.add_extra_area("economy", "Tourism")
    second = a.add_extra_area("economy", "Tourism")
    second.risks = ["fewer visitors"]
    before = len(a.section("economy").entries)
    removed = a.remove_extra_area("economy", second.key)
    assert removed is second
    keys = [e.key for e in a.section("economy").entries]
    assert len(keys) == before - 1
    assert first.key in keys and second.key not in keys
    template_key = keys[0]
    with pytest.raises(ValueError, match="template"):
        a.remove_extra_area("economy", template_key)
    assert template_key in [e.key for e in a.section("economy").entries]
    with pytest.raises(KeyError):
        a.remove_extra_area("economy", "extra_nothing")
    # a removed area stays removed after a round trip (it is not a template area to restore)
    b = Assessment.model_validate_json(a.model_dump_json())
    assert [e.key for e in b.section("economy").entries] == keys


def test_missing_template_areas_are_restored_and_unknown_sections_kept():
    data = new_assessment("x").model_dump(mode="json")
    data["sections"][0]["entries"] = [{"key": "disability", "status": "na"}]
    data["sections"].append({"key": "old_section", "entries": [{"key": "a", "extra": True, "name": "A"}]})
    a = Assessment.model_validate(data)
    psed = a.section("psed")
    assert len(psed.entries) == 10
    assert psed.entry("disability").status == "na"
    assert [e.key for e in psed.entries][:2] == ["race", "disability"]
    assert a.section("old_section").entries[0].name == "A"


def test_first_row_references_take_the_cross_cutting_points():
    a = new_assessment("x")
    cc = a.add_cross_cutting()
    cc.status = "assessed"
    cc.risks = ["shared risk"]
    race = a.section("psed").entry("race")
    race.risks = ["own risk"]
    assert a.effective_points("psed", race, "risks") == ["own risk"]
    race.first_row.risks = True
    assert a.effective_points("psed", race, "risks") == ["shared risk", "own risk"]


def test_editions_are_consistent():
    for edition in EDITIONS.values():
        keys = [c.key for c in edition.categories]
        assert len(keys) == len(set(keys))
        for category in edition.categories:
            area_keys = [a.key for a in category.areas]
            assert len(area_keys) == len(set(area_keys)), category.key
            assert all(area.name for area in category.areas)
    assert len(CLASSIC_2021.category("psed").required_areas) == 10


def test_entry_keys_are_restricted():
    with pytest.raises(ValidationError):
        AreaEntry(key="../etc")


def test_model_and_edition_classes_are_defined_without_annotations_as_text():
    # pydantic would otherwise compile and evaluate every field's annotation from its text when the classes
    # are created (``from __future__ import annotations``), which every command that reads an assessment pays
    from cia.editions import schema
    from cia.model import _model_classes

    classes = [*_model_classes(), *(c for c in vars(schema).values()
                                    if isinstance(c, type) and issubclass(c, schema._Frozen))]
    assert len(classes) >= 25
    for cls in classes:
        assert not any(isinstance(a, str) for a in vars(cls).get("__annotations__", {}).values()), cls


_RISK_WORDS = ["none", "None", "N/A", "n/a", "na", "nil", "nothing", "not", "applicable", "no", "No", "risk", "risks",
               "known", "identified", "at", "this", "stage", "time", "so", "far", "currently", "tbc", "TBC", "-", "–",
               "—", ":", ",", ".", "(", ")", "\u00a0", "negative", "impacts", "issues", "the", "Transport", "t", "n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_RISK_WORDS), max_size=7), st.lists(st.sampled_from(["", " ", "  ", "\t"]), max_size=7))
def test_is_real_risk_needs_its_patterns_only_for_texts_that_start_like_a_non_risk(words, gaps):
    import re

    from cia import text as t

    phrase = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    norm = " ".join(phrase.lower().replace("\u00a0", " ").split()).strip(" .!;:\"'“”‘’()[]")
    norm = re.sub(t._DASH_BEFORE, " ", norm)  # the whole rule, without the shortcut
    assert is_real_risk(phrase) == bool(norm and re.match(t._NOT_A_RISK, norm) is None), phrase
