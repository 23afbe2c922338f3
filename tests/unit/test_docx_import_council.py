"""Importing CIAs laid out the way the council's Word template lays them out (built from the two transcribed
examples) and its variations: every point, area, N/A, reference and link is read back and compared."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from cia.docx_import import read_docx
from cia.docx_import.match import editions
from cia.docx_import.build import ImportResult

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from docx_fixtures import CDP2020, CX2024, FIELDS, Variant, build, load  # noqa: E402

EDITIONS = editions()
NA_WORDING = ("N/A", "Not applicable to this proposal", "None noted", "None")
IN_ADDITION = "In addition to information in the first row of this table, the following has been identified:"


def is_pure_reference(text: str) -> bool:
    return text.startswith("See first row") or text == IN_ADDITION or text == "See cross cutting themes section."


def expected(row: dict, fields: tuple[str, ...], cross_cutting: bool) -> dict:
    """What the import should make of a transcribed row, by the rules the importer documents."""
    cells = {f: row[f] for f in fields}
    filled = [items for items in cells.values() if items]
    if filled and all(items[0] in NA_WORDING for items in filled):
        reasons = [t for items in filled for t in items if t != "N/A"]
        return {"status": "na", "reason": "\n\n".join(dict.fromkeys(reasons))}
    points: dict[str, list[str]] = {f: [] for f in FIELDS}
    refs = {"benefits": False, "risks": False, "mitigations": False}
    for f, items in cells.items():
        if items == ["N/A"]:
            continue
        for item in items:
            if f != "groups" and not cross_cutting:
                if is_pure_reference(item):
                    refs[f] = True
                    continue
                if item.startswith("In addition to the risks identified above"):
                    refs[f] = True
            points[f].append(item)
    return {"status": "assessed", "points": points, "refs": refs}


def area_entry(result: ImportResult, section_key: str, name: str):  # type: ignore[no-untyped-def]
    a = result.assessment
    section = a.section(section_key)
    for entry in section.entries:
        if a.area_name(section_key, entry).lower().rstrip(":") == name.lower().rstrip(":"):
            return entry
    raise AssertionError(f"no area {name!r} in {section_key}: "
                         f"{[a.area_name(section_key, e) for e in section.entries]}")


SECTION_KEYS = {"localities_communities": "localities_communities"}


def check_rows(result: ImportResult, data: dict, *, names: dict[str, str] | None = None) -> int:
    """Compare every row of every section; returns the number of points compared."""
    compared = 0
    for section in data["sections"]:
        fields = FIELDS if len(section["columns"]) == 5 else FIELDS[1:]
        for row in section["rows"]:
            name = (names or {}).get(row["area"], row["area"])
            entry = area_entry(result, section["key"], name)
            want = expected(row, fields, row["row_type"] == "cross_cutting")
            where = f"{section['key']} › {row['area']}"
            assert entry.status == want["status"], where
            if want["status"] == "na":
                assert entry.na_reason == want["reason"], where
                continue
            for f in FIELDS:
                got = entry.points(f)
                wanted = want["points"][f]
                if f == "groups" and len(section["columns"]) == 4:
                    wanted = row["groups"]
                assert got == wanted, f"{where} {f}"
                compared += len(got)
            for f, on in want["refs"].items():
                assert entry.first_row.get(f) is on, f"{where} first row {f}"
    return compared


def check_evidence(result: ImportResult, data: dict) -> None:
    for section in data["sections"]:
        got = [(e.citation, e.url) for e in result.assessment.section(section["key"]).evidence]
        want = [(item["text"], item["links"][0]["url"] if item["links"] else "") for item in section["evidence"]]
        assert got == want, section["key"]


@pytest.fixture(scope="module")
def cdp() -> dict:
    return load(CDP2020)


def test_2020_classic_layout_every_point(tmp_path: Path, cdp: dict) -> None:
    result = read_docx(build(cdp, tmp_path / "cdp.docx"))
    a, report = result.assessment, result.report
    assert check_rows(result, cdp) > 80
    check_evidence(result, cdp)
    h = a.header
    assert h.title == "Communities Delivery Plan"
    assert (h.sponsor.name, h.sponsor.role) == ("Helen Riley",
                                                "Deputy Chief Executive and Director for Families and Communities")
    assert [(p.name, p.role) for p in h.leads] == [
        ("Andrew Donaldson", "Assistant Director for Strategy, Public Health and Prevention"),
        ("Janene Cox", "Assistant Director for Culture, Rural and Safer Communities"),
    ]
    assert h.date_completed == "16th December 2020"
    assert a.introduction == cdp["introduction"]
    want_summary = "\n\n".join(
        f"{p['number']} {p['text']}" + "".join(f"\n- {b}" for b in p["bullets"]) for p in cdp["summary_paragraphs"])
    assert a.summary == want_summary
    assert a.key_mitigations == [cdp["key_mitigations_intro"], *cdp["key_mitigations"]]
    # the cross-cutting first row is a row of its own, placed first
    assert a.section("psed").entries[0].key == "cross_cutting"
    assert report.extra == []
    assert report.unplaced == []
    assert len(report.na) == 11
    assert report.evidence_items == 8 and report.evidence_links == 4
    assert a.import_notes == ""
    # the 2020 layout (no guiding questions, no Climate Change row) is the 2020 edition where it is installed
    assert a.edition == ("2020" if "2020" in EDITIONS else "2021")
    assert a.completeness() == ((35, 35) if a.edition == "2020" else (35, 36))


def test_2024_layout(tmp_path: Path) -> None:
    data = load(CX2024)
    result = read_docx(build(data, tmp_path / "cx.docx"))
    a = result.assessment
    assert a.edition == "2024"
    assert (a.header.title, a.header.author, a.header.date_completed) == (
        "Customer Experience (CX) Strategy: 2024 - 2026", "Emily Doorbar", "March 2024")
    assert check_rows(result, data) > 30
    assert result.report.unplaced == []
    assert a.section("psed").entries[0].key == "cross_cutting"
    assert [e.key for e in a.section("workforce").entries] == ["scc_staff"]


def test_variations_of_real_documents(tmp_path: Path, cdp: dict) -> None:
    """Header as paragraphs, guiding questions under the names, trailing colons, "Access to jobs/ good quality
    jobs", a renamed heading, typed bullets, rows split across pages, a repeated header row, a table split in
    two, the section title inside the table, and N/A in one cell merged across three columns."""
    v = Variant(
        header_table=False,
        questions={"Mental Health and Wellbeing": "Will the proposal impact on the mental health and wellbeing of "
                   "residents or services that support those with Mental Health issues?",
                   "Poverty and Income": "Will the proposal have an impact on income? Will it reduce the gap "
                   "between high and low earners?"},
        trailing_colons=True,
        area_names={"Access to jobs/ Good quality jobs": "Access to jobs/ good quality jobs"},
        rename_headings={"health_and_care": "Health & Social Care impacts"},
        typed_bullets={"Disability", "Poverty and Income"},
        split_rows={"All / multiple protected characteristics", "Age", "Volunteering"},
        repeat_header_before={"Sex", "Leisure and Culture"},
        split_table_before="Gender Reassignment",
        title_in_table=True,
        na_span={"Noise"},
    )
    result = read_docx(build(cdp, tmp_path / "variants.docx", v))
    report = result.report
    names = {k: v.area_names.get(k, k) for k in v.area_names}
    assert check_rows(result, cdp, names=names) > 80
    check_evidence(result, cdp)
    assert report.extra == [] and report.unplaced == []
    assert report.repeated_headers >= 2
    assert report.continued_rows >= 3
    assert report.typed_bullets > 0
    assert result.assessment.header.title == "Communities Delivery Plan"
    assert len(result.assessment.header.leads) == 2
    # the renamed heading is said, not silently taken
    assert any("Health & Social Care impacts" in w for w in report.warnings), report.warnings
    # guiding questions under the area names are the 2021 template's
    assert result.assessment.edition == "2021"


def test_rows_that_are_not_template_areas_become_extra_areas(tmp_path: Path, cdp: dict) -> None:
    data = copy.deepcopy(cdp)
    economy = next(s for s in data["sections"] if s["key"] == "economy")
    economy["rows"].append({"area": "Local supply chains", "area_description": "", "question": "",
                            "row_type": "category_area", "groups": ["Local businesses"],
                            "benefits": ["More contracts let locally."], "risks": [], "mitigations": [],
                            "notes": []})
    result = read_docx(build(data, tmp_path / "extra.docx"))
    a = result.assessment
    extra = [e for e in a.section("economy").entries if e.extra]
    assert [(e.name, e.groups, e.benefits) for e in extra] == [("Local supply chains", ["Local businesses"],
                                                                ["More contracts let locally."])]
    assert result.report.extra == [("Economy", "Local supply chains")]


def test_not_applicable_wording_is_kept_as_the_reason(tmp_path: Path, cdp: dict) -> None:
    data = copy.deepcopy(cdp)
    env = next(s for s in data["sections"] if s["key"] == "environment")
    noise = next(r for r in env["rows"] if r["area"] == "Noise")
    noise.update(groups=["Not applicable to this proposal"], benefits=[], risks=[], mitigations=[])
    result = read_docx(build(data, tmp_path / "na.docx"))
    entry = area_entry(result, "environment", "Noise")
    assert (entry.status, entry.na_reason) == ("na", "Not applicable to this proposal")
    assert ("Environment", "Noise", "Not applicable to this proposal") in result.report.na


def test_unplaced_text_is_reported_and_kept(tmp_path: Path, cdp: dict) -> None:
    from docx import Document

    path = build(cdp, tmp_path / "notes.docx")
    doc = Document(str(path))
    doc.add_paragraph("Reviewed by the Equalities Board on 3 December 2020.")
    doc.save(str(path))
    result = read_docx(path)
    assert [t for _w, t in result.report.unplaced] == ["Reviewed by the Equalities Board on 3 December 2020."]
    assert "Reviewed by the Equalities Board on 3 December 2020." in result.assessment.import_notes
    assert "not placed (1" in result.report.text()


def test_groups_paired_with_their_own_impacts(tmp_path: Path, cdp: dict) -> None:
    """An area cell merged down two sub-rows, each group with its own benefit and risk (as in a 2021 Economy
    table): the points are the area's, in order, and the pairing is kept as impact lines."""
    lines = [
        {"groups": ["Families"], "benefits": ["Care closer to home."], "risks": ["Fewer hours available."],
         "mitigations": ["Monitor the hours offered."]},
        {"groups": ["Provider staff"], "benefits": ["Paid at £15.66 per hour", "1) Developing clear pathways"],
         "risks": ["Recruitment is harder."], "mitigations": []},
    ]
    v = Variant(merged={"Poverty and Income": lines})
    result = read_docx(build(cdp, tmp_path / "lines.docx", v))
    entry = area_entry(result, "economy", "Poverty and Income")
    for f in FIELDS:
        assert entry.points(f) == lines[0][f] + lines[1][f], f
    assert [line.model_dump() for line in entry.lines] == [
        {"groups": 1, "benefits": 1, "risks": 1, "mitigations": 1},
        {"groups": 1, "benefits": 2, "risks": 1, "mitigations": 0},
    ]
    assert entry.impact_lines() == lines
    assert ("Economy", "Poverty and Income", 2) in result.report.lines


def test_a_sentence_cut_by_a_page_break_is_joined(tmp_path: Path) -> None:
    """A row that a converter split at a page break: the continuation row has an empty area cell, and its first
    line finishes the sentence the page cut (it starts in lower case after a word with no full stop)."""
    from docx import Document

    data = load(CX2024)
    path = build(data, tmp_path / "cut.docx")
    doc = Document(str(path))
    table = doc.tables[0]
    age = next(r for r in table.rows if r.cells[0].text.startswith("Age"))
    risk_cell = age.cells[2]
    whole = risk_cell.paragraphs[0].text
    head, tail = whole.split(" enabled ", 1)
    risk_cell.paragraphs[0].runs[0].text = head
    for run in risk_cell.paragraphs[0].runs[1:]:
        run.text = ""
    mitigations = [p.text for p in age.cells[3].paragraphs]
    for p in age.cells[3].paragraphs[1:]:
        p._p.getparent().remove(p._p)
    new = table.add_row()
    age._tr.addnext(new._tr)
    new.cells[2].paragraphs[0].add_run("enabled " + tail)
    for n, text in enumerate(mitigations[1:]):
        p = new.cells[3].paragraphs[0] if n == 0 else new.cells[3].add_paragraph()
        p.add_run(text)
    doc.save(str(path))

    result = read_docx(path)
    entry = area_entry(result, "psed", "Age")
    assert entry.points("risks") == [whole]
    assert entry.points("mitigations") == mitigations
    assert result.report.rejoined_points == 1 and result.report.continued_rows == 1


def test_a_renamed_heading_still_finds_its_table(tmp_path: Path, cdp: dict) -> None:
    result = read_docx(build(cdp, tmp_path / "renamed.docx", Variant(rename_headings={"economy": "Our local economy"})))
    assert result.report.placed["Economy"] == ["Economic Growth", "Poverty and Income",
                                               "Workplace Health and Environments", "Access to jobs/ Good quality jobs"]
    assert "the Economy table was found under the heading “Our local economy”" in result.report.warnings
    assert result.report.unplaced == []


def test_2021_classic_layout(tmp_path: Path, cdp: dict) -> None:
    """The 2021 template: "Project Managers" and "Date Completed", "Which groups will be affected?", the
    "suggestions only" area column, a guiding question under every area, the Climate Change row, no front
    sections, no cross-cutting row, and the marriage note printed in the staff row's groups cell."""
    from cia.docx_import.match import get_edition

    edition = get_edition("2021")
    data = copy.deepcopy(cdp)
    data["template_version"] = "2021"
    data["header_fields"] = [{"label": label, "value": f["value"]} for label, f in zip(
        ("Name of Proposal", "Project Sponsor", "Project Managers", "Date Completed"), data["header_fields"])]
    data["introduction"] = ""
    questions = {}
    for section in data["sections"]:
        category = edition.category(section["key"])
        section["rows"] = [r for r in section["rows"] if r["row_type"] != "cross_cutting"]
        section["columns"] = [category.area_column + (":" if section["key"] == "psed" else ""),
                              "Which groups will be affected?", "Benefits", "Risks", "Mitigations / Recommendations"]
        for area in category.areas:
            if area.question:
                questions[area.name] = area.question
        if section["key"] == "environment":
            section["rows"].append({"area": "Climate Change", "area_description": "", "question": "",
                                    "row_type": "category_area", "groups": ["Not applicable to this proposal"],
                                    "benefits": [], "risks": [], "mitigations": [], "notes": []})
    staff = next(r for r in data["sections"][0]["rows"] if r["area"] == "Impact on SCC Staff")
    note = edition.category("psed").notes[0]
    doc_data = copy.deepcopy(data)
    next(r for r in doc_data["sections"][0]["rows"] if r["area"] == "Impact on SCC Staff")["groups"].append(note)

    result = read_docx(build(doc_data, tmp_path / "send-2021.docx", Variant(questions=questions)))
    assert result.assessment.edition == "2021"
    assert check_rows(result, data) > 60
    assert area_entry(result, "psed", "Impact on SCC Staff").points("groups") == staff["groups"]
    climate = area_entry(result, "environment", "Climate Change")
    assert (climate.status, climate.na_reason) == ("na", "Not applicable to this proposal")
    assert result.report.unplaced == [] and result.report.extra == []
    assert [p.name for p in result.assessment.header.leads] == [
        "Andrew Donaldson", "Janene Cox"]
    assert result.assessment.header.date_completed == "16th December 2020"


def test_points_are_kept_word_for_word(tmp_path: Path, cdp: dict) -> None:
    """Inline numbering stays, typed bullets go, and an author's point is kept even when it repeats the
    template's guidance word for word (only the template's own notes printed in a cell are skipped)."""
    guidance = ("Which groups of people will be impacted by the proposed policy, service or project? This could be "
                "people in a particular area, a street, or a group of people with similar characteristics e.g. "
                "older people, young people or people with care needs.")
    benefits = ["1) Developing clear pathways 2) Training for staff", guidance, "Café costs £15.66 per hour (=44%)",
                "see first row of the spreadsheet for the figures"]
    data = copy.deepcopy(cdp)
    economy = next(s for s in data["sections"] if s["key"] == "economy")
    row = next(r for r in economy["rows"] if r["area"] == "Economic Growth")
    row["benefits"] = benefits
    result = read_docx(build(data, tmp_path / "words.docx", Variant(typed_bullets={"Economic Growth"})))
    entry = area_entry(result, "economy", "Economic Growth")
    assert entry.points("benefits") == benefits
    assert entry.first_row.benefits is False
    assert (entry.points("groups"), entry.points("risks"), entry.points("mitigations")) == (
        ["VCSE (including Social Enterprise)"], [], [])  # "• N/A" in a cell is still N/A
    assert result.report.typed_bullets == len(benefits) + 1
