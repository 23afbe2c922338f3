"""Edition versions: an assessment keeps its version; cia migrate moves it across and keeps every point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cia.cli import main
from cia.editions import get_edition, use_store
from cia.editions.migrate import migrate
from cia.model import new_assessment
from cia.store import Store
from test_editions import CARERS

V2 = (CARERS.replace("version = 1", "version = 2")
      .replace('name = "Carers"', 'name = "Unpaid carers"')
      .replace('key = "sex"\nhint = "Include the effect on men and women separately."\n',
               'key = "sex"\nremove = true\n\n[[categories.areas]]\nkey = "sex_and_gender"\nreplaces = ["sex"]\n'
               'name = "Sex and gender"\nkind = "protected_characteristic"\nafter = "religion_or_belief"\n')
      + '\n[[categories.areas]]\nkey = "armed_forces"\nremove = true\n'
      + '\n[[categories.areas]]\nkey = "care_leavers"\nname = "Care leavers"\nkind = "protected_characteristic"\n')


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def all_points(a) -> list[tuple[str, str, str]]:
    return sorted((s.key, f, p) for s in a.sections for e in s.entries
                  for f in ("groups", "benefits", "risks", "mitigations") for p in e.points(f))


@pytest.fixture
def council_store(tmp_path: Path) -> Store:
    root = tmp_path / "store"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "scc-2024-plus@1.toml").write_text(CARERS, encoding="utf-8")
    use_store(root)
    store = Store(root)
    a = new_assessment("Day centres", edition="scc-2024-plus", author="Ann Author")
    a.id = "day"
    psed = a.section("psed")
    for key, text in (("carers", "Carers lose respite"), ("armed_forces", "Veterans' group meets here"),
                      ("sex", "More women than men use the centres")):
        entry = psed.entry(key)
        entry.status = "assessed"
        entry.groups = [f"{key} group"]
        entry.risks = [text]
        entry.mitigations = [f"Mitigate: {text}"]
    store.create(a)
    return store


def test_a_new_version_changes_no_existing_assessment(council_store: Store):
    path = council_store.root / "day.json"
    before = path.read_bytes()
    (council_store.root / "templates" / "scc-2024-plus@2.toml").write_text(V2, encoding="utf-8")
    use_store(council_store.root)  # opening the store again notices the new file
    assert get_edition("scc-2024-plus").version == 2
    a = council_store.load("day")
    assert (a.edition, a.edition_version) == ("scc-2024-plus", 1)
    assert a.template.version == 1 and a.area_name("psed", a.section("psed").entry("carers")) == "Carers"
    assert a.section("psed").entry("care_leavers") is None
    assert path.read_bytes() == before
    # a new assessment gets the latest version
    assert new_assessment("x", edition="scc-2024-plus").edition_version == 2


def test_migrate_reports_added_renamed_and_left_over_and_keeps_every_point(capsys, council_store: Store):
    (council_store.root / "templates" / "scc-2024-plus@2.toml").write_text(V2, encoding="utf-8")
    before = council_store.load("day")
    s = ["--store", str(council_store.root)]
    code, out, err = run(capsys, *s, "migrate", "day", "--to", "2", "--dry-run")
    assert code == 0, err
    assert out.splitlines() == [
        "scc-2024-plus@1 → scc-2024-plus@2",
        "  area added: Protected Characteristics › Care leavers (not yet assessed)",
        "  area renamed: Protected Characteristics › Carers → Unpaid carers",
        "  area renamed: Protected Characteristics › Sex → Sex and gender",
        "  left over: Protected Characteristics › Armed Forces community (kept as an extra area)",
        "(dry run: nothing saved)",
    ]
    assert council_store.load("day").edition_version == 1

    code, out, err = run(capsys, *s, "migrate", "day", "--to", "2")
    assert code == 0, err
    assert out.splitlines()[-1].startswith("saved day (revision 2)")
    a = Store(council_store.root).load("day")
    assert (a.edition, a.edition_version) == ("scc-2024-plus", 2)
    assert all_points(a) == all_points(before)
    psed = a.section("psed")
    assert psed.entry("sex") is None and psed.entry("sex_and_gender").points("risks") == [
        "More women than men use the centres"]
    left = psed.entry("armed_forces")
    assert left.extra and left.name == "Armed Forces community" and left.status == "assessed"
    assert psed.entry("care_leavers").status == "not_assessed"
    assert a.trail[-1].action == "migrate" and a.trail[-1].note == "Moved from scc-2024-plus@1 to scc-2024-plus@2."

    code, out, _ = run(capsys, *s, "migrate", "day", "--to", "2")
    assert code == 0 and "already follows scc-2024-plus@2" in out


def test_moving_a_2021_assessment_to_2020_keeps_climate_change_as_an_extra_area():
    a = new_assessment("Bus routes")
    climate = a.section("environment").entry("climate_change")
    climate.status = "assessed"
    climate.groups = ["Residents"]
    climate.benefits = ["Fewer car journeys"]
    before = all_points(a)
    report = migrate(a, get_edition("2020"))
    assert report.left_over == [("Environment", "Climate Change")]
    assert report.added == [] and report.renamed == []
    entry = a.section("environment").entries[-1]
    assert (entry.key, entry.extra, entry.name) == ("climate_change", True, "Climate Change")
    assert entry.question == "Does this proposal have any Climate Change implications?"
    assert all_points(a) == before and a.edition == "2020"


def test_moving_to_the_2024_layout_keeps_the_classic_categories():
    a = new_assessment("Bus routes")
    a.section("economy").entry("poverty_and_income").risks = ["Fares rise"]
    report = migrate(a, get_edition("2024"))
    assert report.categories_left_over == ["Health and Care", "Economy", "Environment", "Localities / Communities"]
    assert ("Protected Characteristics", "Impact on SCC Staff") in report.left_over
    assert report.added == [("Protected Characteristics", "Cross Cutting themes")] or \
        ("Protected Characteristics", "Cross Cutting themes") in report.added
    entry = a.section("economy").entry("poverty_and_income")
    assert entry.extra and entry.name == "Poverty and Income" and entry.points("risks") == ["Fares rise"]


def test_an_assessment_whose_version_is_gone_is_reported_not_overwritten(capsys, council_store: Store):
    path = council_store.root / "day.json"
    before = path.read_bytes()
    (council_store.root / "templates" / "scc-2024-plus@2.toml").write_text(V2, encoding="utf-8")
    (council_store.root / "templates" / "scc-2024-plus@1.toml").unlink()
    code, out, err = run(capsys, "--store", str(council_store.root), "show", "day")
    assert code == 4
    assert "has no version 1 (versions: 2)" in err and "cia migrate" in err
    assert path.read_bytes() == before
    listing = Store(council_store.root).list()
    assert [p.path.name for p in listing.problems] == ["day.json"]


def test_an_edition_can_add_a_header_field_used_by_checks_show_and_export(capsys, tmp_path: Path):
    from docx import Document

    root = tmp_path / "store"
    (root / "templates").mkdir(parents=True)
    extra = CARERS.replace('[[header]]\nkey = "title"\nlabel = "Proposal"\n',
                           '[[header]]\nkey = "title"\nlabel = "Proposal"\n\n[[header]]\nkey = "cabinet_member"\n'
                           'label = "Cabinet Member"\nrequired = true\nafter = "title"\n')
    (root / "templates" / "plus.toml").write_text(extra, encoding="utf-8")
    s = ["--store", str(root)]
    code, out, err = run(capsys, *s, "new", "--title", "Libraries", "--edition", "scc-2024-plus")
    assert code == 0, err
    new_id = out.split()[0]
    code, out, _ = run(capsys, *s, "check", new_id, "--json")
    found = [f for f in json.loads(out)["findings"] if f["code"] == "header-missing"]
    assert {f["location"] for f in found} >= {"details/cabinet_member"}
    assert next(f for f in found if f["location"] == "details/cabinet_member")["where"] == "Details › Cabinet Member"
    store = Store(root)
    a = store.load(new_id)
    a.header.additional = {"cabinet_member": "Cllr Jo Bloggs"}
    store.save(a)
    code, out, _ = run(capsys, *s, "check", new_id, "--json")
    assert "details/cabinet_member" not in {f["location"] for f in json.loads(out)["findings"]}
    code, out, _ = run(capsys, *s, "show", new_id)
    assert "Cabinet Member: Cllr Jo Bloggs" in out
    code, out, err = run(capsys, *s, "export", new_id, "--full", "--out", str(tmp_path / "docs"))
    assert code == 0, err
    texts = [p.text for p in Document(out.split()[0]).paragraphs]
    assert any("Cabinet Member" in t and "Cllr Jo Bloggs" in t for t in texts)
