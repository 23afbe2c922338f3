"""Each edition prints its own words: header labels, column headings, "See first row" sentences, the
evidence label, the guidance and the closing instruction all come from the edition's data."""

from __future__ import annotations

import pytest

from conftest_export import (  # noqa: F401  (exported_samples is a fixture)
    all_text,
    body_rows,
    closing_texts,
    export,
    exported_samples,
    header_texts,
    load_sample,
    outline,
    row_items,
    table_by_caption,
)
from cia.model import Assessment


def _header_block(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs if p.style.name == "Header Field"]


@pytest.fixture(scope="module")
def classic_2021(tmp_path_factory):
    """The 2020 sample's content moved onto the 2021 edition (guiding questions, Climate Change …)."""
    data = load_sample("cdp2020").model_dump(mode="json")
    data["edition"] = "2021"
    data.pop("edition_version", None)
    a = Assessment.model_validate(data)
    return export(a, tmp_path_factory.mktemp("export-2021"))


def test_header_labels_follow_the_edition(exported_samples, classic_2021):
    cdp = _header_block(exported_samples["cdp2020"].full())
    assert "Project Manager or Lead:\tAndrew Donaldson (Assistant Director for Strategy, Public Health and " \
           "Prevention)\nJanene Cox (Assistant Director for Culture, Rural and Safer Communities)" in cdp
    assert "Date:\t16th December 2020" in cdp
    classic = _header_block(classic_2021.full())
    assert any(t.startswith("Project Managers:\t") for t in classic)
    assert "Date Completed:\t16th December 2020" in classic
    # the 2024 layout: an unlabelled title line, then Author and Date
    cx = _header_block(exported_samples["cx2024"].full())
    assert cx[:3] == ["Customer Experience (CX) Strategy: 2024 - 2026", "Author:\tEmily Doorbar", "Date:\tMarch 2024"]
    title = next(p for p in exported_samples["cx2024"].full().paragraphs if p.style.name == "Header Field")
    assert all(r.bold for r in title.runs)


def test_column_headings_follow_the_edition(exported_samples, classic_2021):
    cdp = exported_samples["cdp2020"].full()
    assert header_texts(table_by_caption(cdp, "Health and Care impact table"))[1] == "Groups affected"
    assert header_texts(table_by_caption(cdp, "Economy impact table"))[1] == "Which groups will be affected"
    classic = classic_2021.full()
    economy = table_by_caption(classic, "Economy impact table")
    assert header_texts(economy)[:2] == ["Category Area", "Which groups will be affected?"]
    # 2021's note under "Category Area" is printed once, above the table, not in every repeated header row
    assert "Category Area (Areas highlighted are suggestions only and there may be other impacts in these " \
           "categories)" in all_text(classic)


def test_first_row_sentences_are_the_editions(exported_samples):
    cdp = exported_samples["cdp2020"].full()
    health = table_by_caption(cdp, "Health and Care impact table")
    mental = row_items(body_rows(health)[0])
    assert mental[3] == [("p", "See first row for identified risks.")]  # the 2020 CIA's own words
    cx = exported_samples["cx2024"].full()
    psed = table_by_caption(cx, "Protected Characteristics impact table")
    age = row_items(body_rows(psed)[1])
    assert age[1][0] == ("p", "See first row for cross cutting themes already identified.")
    assert age[2][0] == ("p", "See first row for cross cutting themes already identified.")
    sex = next(row_items(r) for r in body_rows(psed) if r.cells[0].paragraphs[0].text == "Sex")
    assert sex[3][0] == ("p", "See first row for already identified mitigations/recommendations")
    staff = row_items(body_rows(table_by_caption(cx, "Workforce Assessment impact table"))[0])
    assert staff[1][0] == ("p", "See cross cutting themes section.")


def test_evidence_rows_follow_the_edition(exported_samples):
    a = exported_samples["cdp2020"].assessment
    doc = exported_samples["cdp2020"].full()
    psed = closing_texts(table_by_caption(doc, "Public Sector Equality Duty impact table"))
    assert psed[-1][0] == "Evidence Base: (Evidence used):"  # the 2020 PSED label
    # the 2020 Health and Care table has no Evidence Base row
    assert not a.category("health_and_care").has_evidence
    assert closing_texts(table_by_caption(doc, "Health and Care impact table")) == []


def test_the_classic_guidance_and_closing_instruction_are_printed_the_2024_layout_has_none(exported_samples,
                                                                                        classic_2021):
    cdp = exported_samples["cdp2020"]
    text = all_text(cdp.full())
    g = cdp.assessment.template.guidance
    assert g.completing[0] in text and g.please_note[1] in text and g.categories_instruction in text
    assert g.submitting in text
    assert ("Heading 2", "Submitting a CIA") not in [(f"Heading {lvl}", t) for lvl, t in outline(cdp.full())]
    assert (2, "Submitting a CIA") in outline(classic_2021.full())
    cx = exported_samples["cx2024"].full()
    assert [t for lvl, t in outline(cx) if lvl == 2] == ["Protected Characteristics", "Workforce Assessment",
                                                         "Sign-off"]
    assert "Completing a CIA" not in all_text(cx)


def test_2020_areas_carry_no_2021_guiding_questions(exported_samples):
    doc = exported_samples["cdp2020"].full()
    health = table_by_caption(doc, "Health and Care impact table")
    assert row_items(body_rows(health)[0])[0] == [("p", "Mental Health and Wellbeing")]
    assert "Climate Change" not in [r.cells[0].paragraphs[0].text
                                    for r in body_rows(table_by_caption(doc, "Environment impact table"))]
