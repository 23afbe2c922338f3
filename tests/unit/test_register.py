"""The risk register: its fields, filters, order and JSON; setting a risk's rating, owner, date, flag and links;
the checks that use them; and the key risks table read back from the exported summary."""

from __future__ import annotations

import json

import pytest

from cia import register
from cia.checks import check
from cia.cli import EXIT_OK, EXIT_USAGE, main
from cia.model import new_assessment

from conftest_export import export, load_sample, row_items, table_by_caption


def run(capsys, store, *args):
    code = main(["--store", str(store.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_risk_is_listed_with_its_area_groups_and_mitigations(capsys, sample_store):
    code, out, _ = run(capsys, sample_store, "risks", "cx2024", "--json")
    rows = json.loads(out)
    a = sample_store.load("cx2024")
    expected = [(s.key, e.key, i) for s in a.sections for e in s.entries if e.status == "assessed"
                for i, r in enumerate(e.risks) if r.is_real]
    assert [r["location"] for r in rows] == [f"{s}/{e}/risks/{i + 1}" for s, e, i in expected]
    age = next(r for r in rows if r["location"] == "psed/age/risks/1")
    assert set(age) >= {"location", "category", "area", "text", "mitigations", "rating", "owner", "due", "key"}
    assert age["category"] == "Protected characteristics" and age["area"] == "Age"
    assert age["text"] == a.section("psed").entry("age").points("risks")[0]
    assert age["mitigations"] == a.section("psed").entry("age").points("mitigations")
    assert (age["rating"], age["owner"], age["due"], age["key"]) == (None, "", "", False)


def test_set_rating_owner_due_and_flag_then_filter(capsys, sample_store):
    code, out, _ = run(capsys, sample_store, "risk", "cx2024", "psed/age/risks/1", "--rating", "high",
                       "--owner", "Digital team", "--due", "June 2024", "--key")
    assert code == 0 and "High, key risk, owner Digital team, due June 2024" in out
    run(capsys, sample_store, "risk", "cx2024", "psed/disability/risks/1", "--rating", "low")
    code, out, _ = run(capsys, sample_store, "risks", "cx2024", "--json", "--key")
    assert [r["location"] for r in json.loads(out)] == ["psed/age/risks/1"]
    assert json.loads(out)[0] | {} == {**json.loads(out)[0], "rating": "high", "owner": "Digital team",
                                       "due": "June 2024", "key": True}
    code, out, _ = run(capsys, sample_store, "risks", "cx2024", "--json", "--rating", "low")
    assert [r["location"] for r in json.loads(out)] == ["psed/disability/risks/1"]
    code, out, _ = run(capsys, sample_store, "risks", "cx2024", "--json", "--sort", "rating")
    assert [r["location"] for r in json.loads(out)][:2] == ["psed/age/risks/1", "psed/disability/risks/1"]
    code, out, _ = run(capsys, sample_store, "risk", "cx2024", "psed/age/risks/1", "--not-key", "--rating", "none")
    assert code == 0 and "Not rated, not a key risk" in out
    code, out, _ = run(capsys, sample_store, "risks", "cx2024")
    assert "psed/age/risks/1  Protected characteristics › Age  [Not rated]" in out


@pytest.mark.parametrize("args, message", [
    (("psed/age/risks/7",), "there is no risk 7"),
    (("psed/age/benefits/1", "--key"), "not a risk's location"),
    (("psed/age/risks/1",), "say what to set"),
    (("psed/age/risks/1", "--answered-by", "9"), "the area has 3 mitigations"),
])
def test_risk_refuses_bad_locations_and_values(capsys, sample_store, args, message):
    before = sample_store.path_for("cx2024").read_bytes()
    code, _, err = run(capsys, sample_store, "risk", "cx2024", *args)
    assert code == EXIT_USAGE and message in err
    assert sample_store.path_for("cx2024").read_bytes() == before


def test_answered_by_links_mitigations_and_the_check_becomes_per_risk(capsys, sample_store):
    a = sample_store.load("cx2024")
    age = a.section("psed").entry("age")
    age.set_points("risks", [*age.points("risks"), "Added after review: fewer phone lines"])
    sample_store.save(a)
    assert not [f for f in check(sample_store.load("cx2024")) if f.code == "risk-unmitigated"]  # per-area rule
    code, out, _ = run(capsys, sample_store, "risk", "cx2024", "psed/age/risks/1", "--answered-by", "1,3")
    assert code == 0 and "answered by mitigations 1, 3." in out
    a = sample_store.load("cx2024")
    age = a.section("psed").entry("age")
    assert age.mitigations[0].answers == [age.risks[0].id] and age.mitigations[1].answers == []
    findings = [f for f in check(a) if f.code == "risk-unmitigated"]
    assert [f.location.path for f in findings] == ["psed/age/risks/2"]
    assert "fewer phone lines" in findings[0].message
    code, out, _ = run(capsys, sample_store, "risks", "cx2024", "--unmitigated", "--json")
    assert [r["location"] for r in json.loads(out)] == ["psed/age/risks/2"]
    assert json.loads(out)[0]["mitigations"] == []
    run(capsys, sample_store, "risk", "cx2024", "psed/age/risks/2", "--answered-by", "2")
    assert not [f for f in check(sample_store.load("cx2024")) if f.code == "risk-unmitigated"]


def test_none_is_not_a_risk_anywhere(capsys, sample_store):
    a = sample_store.load("cx2024")
    entry = a.section("psed").entry("religion_or_belief")
    entry.status = "assessed"
    entry.set_points("groups", ["All"])
    entry.set_points("benefits", ["Better feedback"])
    entry.set_points("risks", ["None identified"])
    entry.set_points("mitigations", ["Keep listening"])
    sample_store.save(a)
    a = sample_store.load("cx2024")
    assert all(r.area_key != "religion_or_belief" for r in register.rows(a))
    from cia.export import summary_checklist

    psed = {r.key: r for r in summary_checklist(a)}["psed"]
    assert psed.risks == sum(1 for r in register.rows(a) if r.section == "psed")
    warnings = [f for f in check(a) if f.code == "not-a-risk"]
    assert [f.location.path for f in warnings] == ["psed/religion_or_belief/risks/1"]
    assert "not counted as a risk" in warnings[0].message
    code, _, err = run(capsys, sample_store, "risk", "cx2024", "psed/religion_or_belief/risks/1", "--key")
    assert code == EXIT_USAGE and "is not a risk" in err


def test_an_edited_summary_older_than_the_risks_is_flagged(sample_store):
    a = sample_store.load("cx2024")
    a.executive_summary = "Our own summary."
    sample_store.save(a)
    a = sample_store.load("cx2024")
    assert a.summary_edited is not None
    assert not [f for f in check(a) if f.code == "summary-stale"]
    age = a.section("psed").entry("age")
    age.set_points("risks", [*age.points("risks"), "A new risk"])
    sample_store.save(a)
    a = sample_store.load("cx2024")
    a.summary_edited = a.risks_changed.replace(year=a.risks_changed.year - 1)  # written well before
    found = [f for f in check(a) if f.code == "summary-stale"]
    assert found and found[0].location.path == "front/executive_summary"
    assert "review it" in found[0].message


# --- the key risks table -------------------------------------------------------------------------------------


def key_table(a, tmp_path):
    doc = export(a, tmp_path).summary()
    body = [p.text for p in doc.paragraphs]
    return table_by_caption(doc, "Key risks and mitigations"), body


def test_the_table_holds_exactly_the_flagged_risks_highest_rating_first(tmp_path):
    a = load_sample("cdp2020")
    rows = register.rows(a)
    assert len(rows) > 15
    chosen = [rows[3], rows[10], rows[15]]
    ratings = {chosen[0].location: "low", chosen[1].location: "high", chosen[2].location: None}
    for r in chosen:
        entry = a.section(r.section).entry(r.area_key)
        entry.risks = [x.model_copy(update={"key": True, "rating": ratings[r.location], "owner": "Team A"})
                       if i == r.index else x for i, x in enumerate(entry.risks)]
    table, body = key_table(a, tmp_path)
    got = [row_items(row) for row in table.rows[1:]]
    assert [g[0][1][1] for g in got] == [chosen[1].text, chosen[0].text, chosen[2].text]
    assert [g[1] for g in got] == [[("p", "High")], [("p", "Low")], [("p", "Not rated")]]
    assert got[0][0][0] == ("p", f"{chosen[1].category} – {chosen[1].area}")
    assert got[0][0][2] == ("p", "Owner: Team A")
    own = [("li", m.text) for m in chosen[1].mitigations]
    assert got[0][2][-len(own):] == own if own else got[0][2] == [("p", "No mitigation or recommendation has been given.")]
    assert not any(t.startswith("Proposed:") for t in body)


def test_with_none_flagged_at_most_six_are_proposed_and_marked(tmp_path):
    a = load_sample("cdp2020")
    unmitigated = a.section("economy").entry("poverty_and_income")
    unmitigated.mitigations = []
    unmitigated.first_row.mitigations = False
    rated = register.rows(a)[12]
    entry = a.section(rated.section).entry(rated.area_key)
    entry.risks = [x.model_copy(update={"rating": "medium"}) if i == rated.index else x
                   for i, x in enumerate(entry.risks)]
    table, body = key_table(a, tmp_path)
    assert any(t.startswith("Proposed: no key risks have been chosen") for t in body)
    texts = [row_items(row)[0][1][1] for row in table.rows[1:]]
    assert len(texts) == 6
    assert texts[0] == rated.text  # the highest rated first
    unmitigated_texts = [r.text for r in register.rows(a) if r.unmitigated]
    assert unmitigated_texts and texts[1:1 + len(unmitigated_texts)] == unmitigated_texts[:5]


def test_none_risks_are_never_proposed_or_counted(tmp_path):
    a = new_assessment("Small change", edition="2024")
    race = a.section("psed").entry("race")
    race.status = "assessed"
    race.risks = ["None", "N/A"]
    race.mitigations = ["Monitor"]
    doc = export(a, tmp_path).summary()
    with pytest.raises(AssertionError, match="no table captioned"):
        table_by_caption(doc, "Key risks and mitigations")
    assert "No risks have been identified." in [p.text for p in doc.paragraphs]
    assert register.rows(a) == [] and register.key_risks(a).rows == []


def test_register_order_and_filters_in_the_core():
    a = load_sample("cx2024")
    rows = register.rows(a)
    assert [r.order for r in rows] == list(range(len(rows)))
    assert register.select(rows, key=True) == []
    assert register.ordered(rows, "rating") == rows  # none rated: template order
    assert register.select(rows, rating="none") == rows
