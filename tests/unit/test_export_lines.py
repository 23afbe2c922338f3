"""Impact lines: an area whose groups each have their own benefits, risks and mitigations."""

from __future__ import annotations

from docx.oxml.ns import qn

from conftest_export import body_rows, export, load_sample, row_items, table_by_caption
from cia.model import AreaEntry, ImpactLine


def _paired(a):
    e = a.section("economy").entry("poverty_and_income")
    e.status = "assessed"
    e.set_points("groups", ["Families", "Provider staff"])
    e.set_points("benefits", ["Families keep more of their income.", "Staff paid the real living wage."])
    e.set_points("risks", ["Higher charges for some families.", "Staff leave for better paid work.",
                           "Recruitment gaps."])
    e.set_points("mitigations", ["Means-tested charges.", "Pay review with providers."])
    e.lines = [ImpactLine(groups=1, benefits=1, risks=1, mitigations=1),
               ImpactLine(groups=1, benefits=1, risks=2, mitigations=1)]
    return e


def test_lines_split_the_flat_lists_in_order():
    e = _paired(load_sample("cdp2020"))
    lines = e.impact_lines()
    assert lines == [
        {"groups": ["Families"], "benefits": ["Families keep more of their income."],
         "risks": ["Higher charges for some families."], "mitigations": ["Means-tested charges."]},
        {"groups": ["Provider staff"], "benefits": ["Staff paid the real living wage."],
         "risks": ["Staff leave for better paid work.", "Recruitment gaps."],
         "mitigations": ["Pay review with providers."]},
    ]


def test_no_lines_is_one_line_holding_everything():
    e = AreaEntry(key="x", groups=["A", "B"], benefits=["b"], risks=["r1", "r2"])
    assert e.impact_lines() == [{"groups": ["A", "B"], "benefits": ["b"], "risks": ["r1", "r2"], "mitigations": []}]


def test_points_edited_since_the_lines_were_set_are_never_lost():
    e = AreaEntry(key="x", groups=["A", "B"], benefits=["b1", "b2"],
                  lines=[ImpactLine(groups=1, benefits=5), ImpactLine(groups=1)])
    e.set_points("benefits", ["b1"])  # fewer than the counts say
    e.set_points("groups", ["A", "B", "C"])  # one added
    lines = e.impact_lines()
    assert [line["groups"] for line in lines] == [["A"], ["B", "C"]]
    assert [line["benefits"] for line in lines] == [["b1"], []]
    for f in ("groups", "benefits", "risks", "mitigations"):
        assert sum((line[f] for line in lines), []) == e.points(f)


def test_each_line_is_a_row_beside_its_group_under_one_area_cell(tmp_path):
    a = load_sample("cdp2020")
    _paired(a)
    a.section("economy").entry("poverty_and_income").first_row.risks = True
    doc = export(a, tmp_path, summary=False).full()
    table = table_by_caption(doc, "Economy impact table")
    rows = body_rows(table)
    assert len(rows) == len(a.section("economy").entries) + 1
    first, second = rows[1], rows[2]
    assert first.cells[0].paragraphs[0].text == "Poverty and Income"
    vmerge = [tc.tcPr.find(qn("w:vMerge")) for tc in (first._tr.tc_lst[0], second._tr.tc_lst[0])]
    assert vmerge[0].get(qn("w:val")) == "restart" and vmerge[1] is not None and vmerge[1].get(qn("w:val")) is None
    got = [row_items(r)[1:] for r in (first, second)]
    assert got[0] == [[("p", "Families")], [("li", "Families keep more of their income.")],
                      [("p", a.template.first_row_sentence("economy", "risks")), ("li", "Higher charges for some families.")],
                      [("li", "Means-tested charges.")]]
    assert got[1] == [[("p", "Provider staff")], [("li", "Staff paid the real living wage.")],
                      [("li", "Staff leave for better paid work."), ("li", "Recruitment gaps.")],
                      [("li", "Pay review with providers.")]]


def test_lines_come_back_through_the_word_import(tmp_path):
    from cia.docx_import import read_docx

    a = load_sample("cdp2020")
    e = _paired(a)
    exp = export(a, tmp_path, summary=False)
    back = read_docx(exp.full_path).assessment
    got = back.section("economy").entry("poverty_and_income")
    assert got.impact_lines() == e.impact_lines()
    assert got.lines == e.lines
