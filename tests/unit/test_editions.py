"""The editions as data: each shipped edition against the council template, and edition files in general."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cia.editions import EDITIONS, REGISTRY, EditionFileError, get_edition, use_templates
from cia.editions.dump import edition_toml
from cia.editions.loader import validate
from cia.editions.registry import SHIPPED_DIR

CLASSIC_PSED = ["Race", "Disability", "Sex", "Age", "Religion or Belief", "Gender Reassignment", "Sexual Orientation",
                "Pregnancy and Maternity", "Marriage and Civil Partnership", "Impact on SCC Staff"]
HEALTH = ["Mental Health and Wellbeing", "Healthy Lifestyles", "Accidents and Falls Prevention", "Access to Social Care",
          "Independent Living", "Safeguarding"]
ECONOMY = ["Economic Growth", "Poverty and Income", "Workplace Health and Environments",
           "Access to jobs/ Good quality jobs"]
ENVIRONMENT_2020 = ["Built Environment/ Land Use", "Rural Environment", "Air, Water and Land Quality",
                    "Waste and Recycling", "Agriculture and Food Production", "Transport", "Noise"]
LOCALITIES = ["Community Development/ Capacity", "Crime/ Community Safety", "Educational Attainment and Training",
              "Leisure and Culture", "Volunteering", "Best Start", "Rural Communities"]
EVIDENCE = "Evidence Base: (Evidence used/ likelihood/ size of impact)"


def names(category, *, required_only: bool = True) -> list[str]:
    areas = category.required_areas if required_only else category.areas
    return [a.name for a in areas]


def test_three_editions_are_shipped_and_validate():
    assert list(EDITIONS) == ["2020", "2021", "2024"]
    for path in sorted(SHIPPED_DIR.glob("*.toml")):
        edition = REGISTRY.check_file(path)
        assert edition.id == path.stem and edition.version == 1


def test_2020_edition_matches_the_reference():
    e = get_edition("2020")
    assert tuple(c.key for c in e.categories) == ("psed", "health_and_care", "economy", "environment", "localities_communities")
    assert [(h.key, h.label) for h in e.header if h.required] == [
        ("title", "Name of Proposal"), ("sponsor", "Project Sponsor"), ("leads", "Project Manager or Lead"),
        ("date_completed", "Date")]
    assert [f.heading for f in e.front] == ["1. Introduction:", "2. Summary of assessment:",
                                            "3. Summary of key mitigations / recommendations"]
    psed, health, economy, env, loc = e.categories
    assert names(psed) == CLASSIC_PSED
    assert psed.cross_cutting.name == "All / multiple protected characteristics" and psed.cross_cutting.optional
    assert (names(health), names(economy), names(env), names(loc)) == (HEALTH, ECONOMY, ENVIRONMENT_2020, LOCALITIES)
    assert not any(a.question for c in e.categories for a in c.areas)  # no guiding questions in 2020
    assert psed.title == "Public Sector Equality Duty"
    assert psed.description.startswith("Use this section to identify if the proposal will impact on our legal "
                                       "obligations under the Equality Act 2010 for both residents and staff. Those "
                                       "subject to")
    assert psed.notes == ()  # the marriage and civil partnership note is the 2021 template's
    assert psed.column_headings() == ["Protected Characteristics:", "Which groups will be affected", "Benefits",
                                      "Risks", "Mitigations / Recommendations"]
    assert health.groups_column == "Groups affected"
    assert "resident’s health" in health.description and "Staffordshire’s built" in env.description
    assert "District Commissioning Leads (DCL's)" in loc.description
    assert "may impact upon, and identify" in loc.description
    # evidence: the consolidated PSED list, none for Health and Care, the full label elsewhere
    assert psed.evidence_label == "Evidence Base: (Evidence used):"
    assert not health.has_evidence
    assert [c.evidence_label for c in (economy, env, loc)] == [EVIDENCE] * 3
    g = e.guidance
    assert g.completing[-1].endswith("should be submitted as a Background Paper.")
    assert g.template_table_heading == "Completing the CIA template"
    assert g.columns["mitigations"][-1] == "Also highlight any trade offs that may occur."
    assert g.columns["groups"][-1] == "Also consider staff, residents and other external stakeholders."
    assert g.categories_instruction.startswith("Use the following template to highlight the impacts of your "
                                               "proposal on each of the following categories: the Public")
    assert g.submitting_heading == ""
    assert e.first_row_sentence("psed", "benefits") == "See first row for identified benefits."
    assert e.first_row_sentence("health_and_care", "risks") == "See first row for identified risks."


def test_2021_edition_matches_the_reference():
    e = get_edition("2021")
    assert [(h.key, h.label) for h in e.header if h.required] == [
        ("title", "Name of Proposal"), ("sponsor", "Project Sponsor"), ("leads", "Project Managers"),
        ("date_completed", "Date Completed")]
    psed, health, economy, env, loc = e.categories
    assert psed.title == "Public Sector Equality Duty (PSED)"
    assert "In summary, those subject to the general equality duty" in psed.description
    assert len(psed.prompts) == 7 and psed.prompts_intro == "Please consider:"
    assert psed.notes[0].startswith("The duty to have due regard to the need to eliminate discrimination")
    assert names(psed) == CLASSIC_PSED
    assert names(env) == ENVIRONMENT_2020 + ["Climate Change"]
    assert (names(health), names(economy), names(loc)) == (HEALTH, ECONOMY, LOCALITIES)
    assert {c.groups_column for c in e.categories} == {"Which groups will be affected?"}
    assert {c.evidence_label for c in e.categories} == {EVIDENCE}
    assert all(c.has_evidence for c in e.categories)
    assert health.columns.area_note == ("(Areas highlighted are suggestions only and there may be other impacts in "
                                        "these categories)")
    questions = {a.name: a.question for c in e.categories for a in c.areas}
    assert questions["Access to Social Care"] == ""  # none in the source
    assert questions["Climate Change"] == "Does this proposal have any Climate Change implications?"
    assert questions["Economic Growth"] == ("Will the proposal promote the county as a “go to” location for business, "
                                            "and make it easy for businesses to start up, innovate and expand?")
    assert questions["Rural Communities"] == "Will the proposal specifically impact on rural communities?"
    assert sum(bool(q) for q in questions.values()) == 24  # every category area but Access to Social Care
    assert "Strategic Delivery Managers (SDMs)" in loc.description
    assert e.guidance.columns["mitigations"][-1] == "Also highlight any trade-offs that may occur."
    assert e.guidance.submitting_heading == "Submitting a CIA"
    assert e.guidance.submitting.endswith("The Full CIA document will be submitted as a Background Paper.")


def test_2024_edition_matches_the_reference():
    e = get_edition("2024")
    assert tuple(c.key for c in e.categories) == ("psed", "workforce")
    assert [(h.key, h.printed_label) for h in e.header if h.required] == [
        ("title", ""), ("author", "Author"), ("date_completed", "Date")]  # the title line has no label
    assert not e.front and not e.guidance.printed
    psed, workforce = e.categories
    assert psed.column_headings() == ["Protected Characteristics", "Benefits", "Risks", "Mitigations / Recommendations"]
    assert psed.groups_column is None and not psed.has_evidence and not psed.prompts and psed.description == ""
    cc = psed.areas[0]
    assert (cc.kind, cc.optional, cc.name) == ("cross_cutting", False, "Cross Cutting themes")
    assert cc.definition == "impacts that affect all or multiple protected characteristics and health and care need"
    pcs = [(a.name, a.definition) for a in psed.areas[1:]]
    assert [n for n, _ in pcs] == ["Age", "Disability", "Gender reassignment", "Marriage & Civil Partnership",
                                   "Pregnancy & Maternity", "Race", "Religion or Belief", "Sex", "Sexual orientation"]
    assert sorted(n.lower() for n, _ in pcs) == [n.lower() for n, _ in pcs]  # alphabetical
    assert dict(pcs)["Sex"] == "men or women"
    assert dict(pcs)["Disability"].endswith("sensory impairment and physical disabilities.")
    assert workforce.title == "Workforce Assessment"
    assert workforce.area_column.startswith("Who will be affected – consider the following protected characteristics:")
    assert [a.name for a in workforce.areas] == ["SCC employees across Staffordshire"]
    assert e.first_row_sentence("psed", "benefits") == "See first row for cross cutting themes already identified."
    assert e.first_row_sentence("psed", "risks") == "See first row for cross cutting themes already identified."
    assert e.first_row_sentence("psed", "mitigations") == "See first row for already identified mitigations/recommendations"
    assert {e.first_row_sentence("workforce", f) for f in ("benefits", "risks", "mitigations")} == {
        "See cross cutting themes section."}


@pytest.mark.parametrize("ident", ["2020", "2021", "2024"])
def test_a_shipped_edition_written_out_reads_back_the_same(ident):
    edition = get_edition(ident)
    text = edition_toml(edition)
    assert validate(tomllib.loads(text), text, "resolved.toml") == edition


# --- edition files in general -----------------------------------------------------------------------------

MINIMAL = """\
id = "small"
version = 1
title = "A small edition"

[[header]]
key = "title"
label = "Proposal"
required = true

[[categories]]
key = "people"
title = "People"

[[categories.areas]]
key = "residents"
name = "Residents"
"""


def problems(tmp_path: Path, text: str, name: str = "draft.toml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionFileError) as info:
        REGISTRY.check_file(path)
    return [str(p) for p in info.value.problems]


def test_a_minimal_edition_file_validates(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    e = REGISTRY.check_file(path)
    assert (e.ref, e.category("people").area("residents").name) == ("small@1", "Residents")


def test_a_toml_syntax_error_names_the_line(tmp_path):
    text = MINIMAL.replace('title = "People"', 'title = "People')
    [message] = problems(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'draft.toml'}, line 12: is not valid TOML")


def test_a_missing_field_names_the_line_and_field(tmp_path):
    text = MINIMAL.replace('name = "Residents"\n', 'hint = "Everyone who lives here."\n')
    [message] = problems(tmp_path, text)
    assert message == f"{tmp_path / 'draft.toml'}, line 14: categories[people].areas[residents].name: required field is missing"


def test_an_unknown_field_and_a_bad_value_are_both_reported_by_line(tmp_path):
    text = MINIMAL.replace('label = "Proposal"', 'label = "Proposal"\nlabell = "x"').replace(
        'key = "residents"', 'key = "residents"\nkind = "people"')
    found = problems(tmp_path, text)
    assert f"{tmp_path / 'draft.toml'}, line 8: header[title].labell: unknown field (not part of the edition format)" in found
    assert any(m.startswith(f"{tmp_path / 'draft.toml'}, line 17: categories[people].areas[residents].kind: must be one of")
               for m in found), found


def test_duplicate_area_keys_are_refused(tmp_path):
    text = MINIMAL + '\n[[categories.areas]]\nkey = "residents"\nname = "Again"\n'
    [message] = problems(tmp_path, text)
    assert "line 10: categories[people]: areas[1]:" in message and "'residents' is used twice" in message


def test_a_file_that_is_not_text_is_refused_clearly(tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"id = \"x\"\n\xff\xfe\x00")
    with pytest.raises(EditionFileError) as info:
        REGISTRY.check_file(path)
    assert str(info.value) == f"{path}, line 2: is not UTF-8 text"


# --- a council's editions -----------------------------------------------------------------------------------

CARERS = """\
# 2024 plus the groups this council chooses to assess as well
id = "scc-2024-plus"
version = 1
title = "Community Impact Assessment (2024 layout, with carers and the armed forces community)"
extends = "2024@1"

[[header]]
key = "title"
label = "Proposal"

[[categories]]
key = "psed"

[[categories.areas]]
key = "carers"
name = "Carers"
definition = "people who provide unpaid care to a family member or friend"
kind = "protected_characteristic"
after = "age"

[[categories.areas]]
key = "armed_forces"
name = "Armed Forces community"
definition = "serving members, reservists, veterans and their families"
kind = "protected_characteristic"

[[categories.areas]]
key = "sex"
hint = "Include the effect on men and women separately."
"""


def test_a_council_edition_extends_a_shipped_one(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plus.toml").write_text(CARERS, encoding="utf-8")
    use_templates(folder)
    e = get_edition("scc-2024-plus")
    base = get_edition("2024")
    assert e.extends == "2024@1" and e.version == 1
    psed = e.category("psed")
    assert [a.key for a in psed.areas] == ["cross_cutting", "age", "carers", "disability", "gender_reassignment",
                                           "marriage_and_civil_partnership", "pregnancy_and_maternity", "race",
                                           "religion_or_belief", "sex", "sexual_orientation", "armed_forces"]
    assert psed.area("sex").hint == "Include the effect on men and women separately."
    assert psed.area("sex").definition == base.category("psed").area("sex").definition  # the rest is kept
    assert e.header_field("title").label == "Proposal" and e.header_field("title").required
    assert e.category("workforce") == base.category("workforce")
    assert list(EDITIONS) == ["2020", "2021", "2024", "scc-2024-plus"]


def test_problems_in_an_extending_file_name_its_lines(tmp_path):
    text = CARERS.replace('after = "age"', 'after = "agee"')
    [message] = problems(tmp_path, text, "plus.toml")
    assert message == f"{tmp_path / 'plus.toml'}, line 19: categories[psed].areas[carers].after: there is no 'agee' to put 'carers' after"
    text = CARERS.replace('name = "Armed Forces community"\n', "")
    [message] = problems(tmp_path, text, "plus.toml")
    assert message == (f"{tmp_path / 'plus.toml'}, line 21: categories[psed].areas[armed_forces].name: required field "
                       "is missing")
    [message] = problems(tmp_path, CARERS.replace('"2024@1"', '"2023"'), "plus.toml")
    assert message.startswith(f"{tmp_path / 'plus.toml'}, line 5: extends: unknown template edition '2023'")


def test_versions_are_kept_apart_and_a_missing_version_is_explained(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plus@1.toml").write_text(CARERS, encoding="utf-8")
    v2 = CARERS.replace("version = 1", "version = 2").replace('name = "Carers"', 'name = "Unpaid carers"')
    (folder / "plus@2.toml").write_text(v2, encoding="utf-8")
    use_templates(folder)
    assert get_edition("scc-2024-plus").version == 2
    assert get_edition("scc-2024-plus", 1).category("psed").area("carers").name == "Carers"
    assert get_edition("scc-2024-plus@2").category("psed").area("carers").name == "Unpaid carers"
    with pytest.raises(KeyError, match="has no version 3 \\(versions: 1, 2\\)"):
        get_edition("scc-2024-plus", 3)


def test_clashing_council_files_are_listed_with_the_reason_and_not_used(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "a.toml").write_text(CARERS, encoding="utf-8")
    (folder / "b.toml").write_text(CARERS, encoding="utf-8")
    (folder / "c.toml").write_text(MINIMAL.replace('id = "small"', 'id = "2021"'), encoding="utf-8")
    (folder / "d.toml").write_text("id = [", encoding="utf-8")
    use_templates(folder)
    by_name = {f.path.name: f for f in REGISTRY.files() if f.origin == "council"}
    assert by_name["a.toml"].problem == ""
    assert "also in" in by_name["b.toml"].problem
    assert "shipped with cia" in by_name["c.toml"].problem
    assert "not valid TOML" in by_name["d.toml"].problem
    assert get_edition("2021").title == "Community Impact Assessment (2021 template)"
