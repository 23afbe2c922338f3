"""The full CIA (Background Paper): read back with python-docx and compared with the model."""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from cia.model import new_assessment
from conftest_export import (  # noqa: F401  (exported_samples is a fixture)
    W,
    all_text,
    body_rows,
    closing_texts,
    is_full_width,
    is_hairline,
    cell_items,
    export,
    exported_samples,
    header_texts,
    is_header_row,
    iter_paragraphs,
    load_sample,
    outline,
    row_items,
    table_by_caption,
    table_property,
)

FIRST_ROW_PSED = {
    "benefits": "See first row for identified benefits.",
    "risks": "See first row for identified risks.",
    "mitigations": "See first row for mitigations / recommendations.",
}


def expected_columns(category) -> list[str]:
    # a long heading (the 2024 Workforce table's) repeats on every page by its lead only
    area = category.area_column
    cols = [area.split(" – ")[0] if len(area) > 60 else area]
    if category.groups_column:
        cols.append(category.groups_column)
    return cols + ["Benefits", "Risks", "Mitigations / Recommendations"]


def expected_cells(a, section_key, category, entry) -> list[list[tuple[str, str]]]:
    """What each cell of an area's row must say, written from the template's rules."""
    area = [("p", a.area_name(section_key, entry))]
    definition = a.area_def(section_key, entry)
    if definition is not None and definition.description:
        area.append(("p", definition.description))
    if a.area_question(section_key, entry):
        area.append(("p", a.area_question(section_key, entry)))
    if category.groups_column is None and entry.status != "na" and entry.groups \
            and [g.lower() for g in entry.groups] != [a.area_name(section_key, entry).lower()]:
        area.append(("p", "Groups affected: " + "; ".join(entry.groups)))
    fields = (["groups"] if category.groups_column else []) + ["benefits", "risks", "mitigations"]
    if entry.status == "na":
        cells = [[("p", "N/A")] for _ in fields]
        if entry.na_reason:
            cells[0].append(("p", entry.na_reason))
        return [area] + cells
    cc = a.cross_cutting_entry()
    cells = []
    for f in fields:
        cell = []
        if f == "groups":
            kind = "li" if len(entry.groups) > 1 else "p"
            cell = [(kind, g) for g in entry.groups]
        else:
            if entry.first_row.get(f) and entry is not cc:
                cell.append(("p", a.template.first_row_sentence(section_key, f)))
            cell += [("li", p) for p in entry.points(f)]
        if not cell and entry.status == "not_assessed":
            cell = [("p", "Not yet assessed")]
        cells.append(cell)
    if entry.status == "not_assessed" and entry.has_content:
        area.append(("p", "Not yet assessed"))
    return [area] + cells


def empty_cell_as_blank(items):
    return items or [("p", "")]


@pytest.mark.parametrize("name", ["cdp2020", "cx2024"])
def test_both_documents_are_written_with_safe_names(exported_samples, name):
    exp = exported_samples[name]
    assert [p.name for p in exp.paths] == [exp.full_path.name, exp.summary_path.name]
    stem = exp.full_path.name.removesuffix("-full-cia.docx")
    assert stem and stem.isascii() and all(c.isalnum() or c == "-" for c in stem)
    assert exp.summary_path.name == f"{stem}-summary.docx"
    for p in exp.paths:
        assert p.stat().st_size > 5000
        assert not [x for x in p.parent.iterdir() if x.name.endswith(".tmp")]


def test_full_cia_headings_follow_the_template(exported_samples):
    exp = exported_samples["cdp2020"]
    heads = outline(exp.full())
    assert heads[0] == (1, "Community Impact Assessment")
    assert [h for h in heads if h[0] == 1] == [(1, "Community Impact Assessment")]
    # no level is skipped on the way down
    for (prev, _), (level, text) in zip(heads, heads[1:]):
        assert level <= prev + 1, text
    level2 = [t for lvl, t in heads if lvl == 2]
    assert level2 == [
        "Completing a CIA",  # the classic template's guidance, in the 2020 edition's words
        "Completing the CIA template",
        "1. Introduction:",  # the front sections' headings as the 2020 CIA prints them
        "2. Summary of assessment:",
        "3. Summary of key mitigations / recommendations",
        "Public Sector Equality Duty",  # the 2020 edition's title
        "Health and Care",
        "Economy",
        "Environment",
        "Localities / Communities",
        "Sign-off",
    ]
    # every classic category's table closes with its Evidence Base row, labelled as the edition labels it
    a = exp.assessment
    doc = exp.full()
    for section in a.sections:
        category = a.category(section.key)
        if not category.has_evidence:  # the 2020 Health and Care table has no Evidence Base row
            continue
        closing = closing_texts(table_by_caption(doc, f"{category.title} impact table"))
        assert closing[-1][0] == category.evidence_label
    assert not any(lvl == 3 for lvl, _ in heads)


def test_2024_layout_has_no_front_sections_or_evidence(exported_samples):
    heads = outline(exported_samples["cx2024"].full())
    assert [t for lvl, t in heads if lvl == 2] == ["Protected Characteristics", "Workforce Assessment", "Sign-off"]
    for table in exported_samples["cx2024"].full().tables:
        assert not any("Evidence Base" in cell for row in closing_texts(table) for cell in row)


@pytest.mark.parametrize("name", ["cdp2020", "cx2024"])
def test_category_tables_match_the_model(exported_samples, name):
    exp = exported_samples[name]
    a = exp.assessment
    doc = exp.full()
    for section in a.sections:
        category = a.category(section.key)
        table = table_by_caption(doc, f"{category.title} impact table")
        assert header_texts(table) == expected_columns(category)
        rows = body_rows(table)
        assert len(rows) == len(section.entries)
        assert len(closing_texts(table)) == len(category.notes) + category.has_evidence
        for row, entry in zip(rows, section.entries):
            got = row_items(row)
            want = [empty_cell_as_blank(c) for c in expected_cells(a, section.key, category, entry)]
            assert got == want, (section.key, entry.key)
            # the area name is bold, its guiding question italic
            first = row.cells[0].paragraphs[0].runs[0]
            assert first.bold


def test_cross_cutting_references_use_the_template_wording(exported_samples):
    doc = exported_samples["cdp2020"].full()
    psed = table_by_caption(doc, "Public Sector Equality Duty impact table")
    race = row_items(psed.rows[2])
    assert race[0][0] == ("p", "Race")
    assert race[2] == [("p", "See first row for identified benefits.")]
    assert race[3][0] == ("p", "See first row for identified risks.")
    assert race[3][1][0] == "li" and "Black & minority ethnic" in race[3][1][1]
    health = table_by_caption(doc, "Health and Care impact table")
    mental = row_items(health.rows[1])
    # the 2020 CIA reuses the PSED wording in the Health and Care table
    assert mental[3] == [("p", "See first row for identified risks.")]
    assert mental[4] == [("p", "See first row for mitigations / recommendations.")]

    workforce = table_by_caption(exported_samples["cx2024"].full(), "Workforce Assessment impact table")
    staff = row_items(workforce.rows[1])
    assert staff[1][0] == ("p", "See cross cutting themes section.")  # the 2024 Workforce wording
    assert len(staff) == 4  # no groups column in the 2024 layout


def test_na_and_not_assessed_rows_are_never_blank(exported_samples, tmp_path):
    doc = exported_samples["cdp2020"].full()
    env = table_by_caption(doc, "Environment impact table")
    rows = {r.cells[0].paragraphs[0].text: row_items(r) for r in env.rows[1:]}
    assert rows["Noise"][1:] == [[("p", "N/A")]] * 4
    assert "Climate Change" not in rows  # not an area of the 2020 edition
    a = load_sample("cdp2020")
    a.section("environment").entry("noise").status = "not_assessed"
    env = table_by_caption(export(a, tmp_path, summary=False).full(), "Environment impact table")
    noise = next(r for r in env.rows if r.cells[0].paragraphs[0].text == "Noise")
    assert row_items(noise)[1:] == [[("p", "Not yet assessed")]] * 4
    assert [r.italic for r in noise.cells[1].paragraphs[0].runs] == [True]


def test_2024_areas_carry_their_definitions(exported_samples):
    doc = exported_samples["cx2024"].full()
    table = table_by_caption(doc, "Protected Characteristics impact table")
    age = row_items(table.rows[2])
    assert age[0] == [("p", "Age"), ("p", "older and younger people")]
    assert header_texts(table) == ["Protected Characteristics", "Benefits", "Risks", "Mitigations / Recommendations"]


def test_every_table_has_a_repeating_header_row_and_alt_text(exported_samples):
    for exp in exported_samples.values():
        for doc in (exp.full(), exp.summary()):
            assert doc.tables
            for table in doc.tables:
                if (table_property(table, "tblCaption") or "").endswith(" (end)"):
                    # a long table's closing rows, kept with the sign-off: full-width rows, no header
                    assert all(is_full_width(r) for r in table.rows)
                    assert len(table_property(table, "tblDescription") or "") > 20
                    continue
                assert is_header_row(table.rows[0])
                assert not any(is_header_row(r) for r in table.rows[1:])
                assert table_property(table, "tblCaption")
                assert len(table_property(table, "tblDescription") or "") > 20
                assert all(p.text for p in table.rows[0].cells[0].paragraphs)


def test_points_are_real_bullets_from_list_styles(exported_samples):
    doc = exported_samples["cdp2020"].full()
    numbering = doc.part.numbering_part.element
    bullet_nums = set()
    for num in numbering.findall(qn("w:num")):
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        fmt = abstract.find(qn("w:lvl")).find(qn("w:numFmt")).get(qn("w:val"))
        if fmt == "bullet":
            bullet_nums.add(num.get(qn("w:numId")))
    table_bullets = 0
    impact_tables = [t._tbl for t in doc.tables
                     if (table_property(t, "tblCaption") or "").endswith(("impact table", "impact table (end)"))]
    for p in iter_paragraphs(doc):
        if not any(p._p in tbl.iter(qn("w:p")) for tbl in impact_tables):
            assert not p.text.lstrip().startswith(("•", "- ", "* ")), p.text
            continue
        assert not p.text.lstrip().startswith(("•", "- ", "* ")), p.text
        if p.style.name.endswith("Bullet"):
            table_bullets += p.style.name == "Table Bullet"
            num_pr = p.style.element.pPr.numPr
            assert num_pr is not None and num_pr.numId.val is not None
            assert str(num_pr.numId.val) in bullet_nums
    a = exported_samples["cdp2020"].assessment
    points = sum(
        len(e.benefits) + len(e.risks) + len(e.mitigations) + (len(e.groups) if len(e.groups) > 1 else 0)
        for s in a.sections for e in s.entries if e.status != "na"
    )
    evidence = sum(len(s.evidence) for s in a.sections)
    assert points > 60
    assert table_bullets == points + evidence


def test_page_setup_sections_and_page_numbers(exported_samples):
    doc = exported_samples["cdp2020"].full()
    sections = list(doc.sections)
    assert len(sections) == 2
    portrait, landscape = sections
    assert (portrait.page_width.twips, portrait.page_height.twips) == (11906, 16838)
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert (landscape.page_width.twips, landscape.page_height.twips) == (16838, 11906)
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    for section in sections:
        footer_xml = section.footer._element.xml
        assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
        assert "Communities Delivery Plan" in section.header.paragraphs[0].text
        assert section.header.paragraphs[0].text.endswith("DRAFT")
    # the 2024 layout has no front sections: all landscape
    cx = list(exported_samples["cx2024"].full().sections)
    assert [s.orientation for s in cx] == [WD_ORIENT.LANDSCAPE]


def test_drafts_are_marked_and_approved_documents_are_not(tmp_path):
    a = load_sample("cx2024")
    draft = export(a, tmp_path / "draft")
    assert "DRAFT: this assessment has not been approved" in all_text(draft.full())
    assert "DRAFT" in draft.summary().sections[0].header.paragraphs[0].text
    a.status = "approved"
    final = export(a, tmp_path / "final")
    for doc in (final.full(), final.summary()):
        assert "DRAFT" not in all_text(doc)
        assert all("DRAFT" not in s.header.paragraphs[0].text for s in doc.sections)
        assert "Status:\tApproved" in all_text(doc)


def test_core_properties_language_and_styles(exported_samples):
    exp = exported_samples["cdp2020"]
    doc = exp.full()
    props = doc.core_properties
    assert props.title == "Community Impact Assessment: Communities Delivery Plan"
    assert props.author == "Andrew Donaldson"  # no author given: the first lead
    assert props.language == "en-GB"
    assert props.content_status == "Draft"
    assert exp.summary().core_properties.title == "Checklist and Executive Summary: Communities Delivery Plan"
    assert exported_samples["cx2024"].full().core_properties.author == "Emily Doorbar"

    styles = doc.styles.element
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-GB"
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Arial"
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        assert style.font.color.rgb is not None and str(style.font.color.rgb) == "000000"
        assert style.element.find(f"{W}rPr/{W}rFonts") is None  # no theme (Calibri Light) fonts
    settings_lang = doc.settings.element.find(f"{W}themeFontLang")
    assert settings_lang.get(f"{W}val") == "en-GB"


def test_evidence_links_are_hyperlinks(exported_samples):
    exp = exported_samples["cdp2020"]
    doc = exp.full()
    links = {}
    for p in iter_paragraphs(doc):
        for link in p.hyperlinks:
            links[link.address] = p.text
    psed = exp.assessment.section("psed")
    with_url = [e for e in psed.evidence if e.url]
    assert len(with_url) == 4
    link_texts = {link.address: link.text for p in iter_paragraphs(doc) for link in p.hyperlinks}
    for item in with_url:
        assert item.url in links
        assert links[item.url] == item.citation
        # the link text is the citation, not the bare address
        assert link_texts[item.url] == item.citation
    citations = [p.text for p in iter_paragraphs(doc) if p.style.name == "Table Bullet"]
    assert "Emerging results of Covid-19 Residents Survey (September 2020)" in citations


def test_no_empty_paragraphs_outside_table_cells(exported_samples):
    for exp in exported_samples.values():
        for doc in (exp.full(), exp.summary()):
            body = doc.element.body
            for p in body.findall(qn("w:p")):
                if is_hairline(p):  # one point high, between a table and its end table
                    continue
                assert "".join(p.itertext()).strip(), "empty paragraph used for spacing"


def test_front_sections_keep_the_authors_bullets(exported_samples):
    doc = exported_samples["cdp2020"].full()
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    start = paras.index(("Heading 2", "2. Summary of assessment:"))
    summary = paras[start + 1:start + 8]
    assert summary[0][0] == "Normal" and summary[0][1].startswith("The impacts of the Communities Delivery Plan")
    assert [s for s, _ in summary[1:4]] == ["List Bullet"] * 3
    assert summary[1][1].startswith("Work with our partners")
    km = paras.index(("Heading 2", "3. Summary of key mitigations / recommendations"))
    a = exported_samples["cdp2020"].assessment
    assert [t for _, t in paras[km + 2:km + 2 + len(a.key_mitigations)]] == a.key_mitigations


def test_template_notes_and_psed_prompts_are_included(exported_samples, tmp_path):
    text = all_text(exported_samples["cdp2020"].full())
    assert "Please consider:" in text
    assert "What is the analysis of the impact on those with relevant protected characteristics?" in text
    assert "Note: The duty to have due regard" not in text  # the note is the 2021 template's
    text = all_text(export(new_assessment("Library hours"), tmp_path, summary=False).full())
    assert "Note: The duty to have due regard" in text


def test_extra_areas_follow_the_template_areas(tmp_path):
    a = load_sample("cdp2020")
    a.add_extra_area("economy", "Tourism", "Will the proposal affect visitors?")
    entry = a.section("economy").entries[-1]
    entry.status = "assessed"
    entry.groups = ["Visitors", "Local businesses"]
    entry.benefits = ["More visitors."]
    doc = export(a, tmp_path, summary=False).full()
    table = table_by_caption(doc, "Economy impact table")
    last = row_items(body_rows(table)[-1])
    assert last[0] == [("p", "Tourism"), ("p", "Will the proposal affect visitors?")]
    assert last[1] == [("li", "Visitors"), ("li", "Local businesses")]
    assert last[2] == [("li", "More visitors.")]
    assert last[3] == [("p", "")]


def test_na_reason_is_shown(tmp_path):
    a = load_sample("cdp2020")
    entry = a.section("environment").entry("noise")
    entry.na_reason = "No building work is involved."
    doc = export(a, tmp_path, summary=False).full()
    rows = {r.cells[0].paragraphs[0].text: row_items(r) for r in table_by_caption(doc, "Environment impact table").rows}
    assert rows["Noise"][1] == [("p", "N/A"), ("p", "No building work is involved.")]
    assert rows["Noise"][2] == [("p", "N/A")]


def test_unfinished_rows_show_their_state(tmp_path):
    a = load_sample("cdp2020")
    started = a.section("environment").entry("transport")
    started.status = "not_assessed"
    started.benefits = ["Fewer car journeys."]  # content, but not yet marked assessed
    dropped = a.section("environment").entry("noise")
    dropped.risks = ["Left over from an earlier draft."]  # N/A: its points are not exported
    doc = export(a, tmp_path, summary=False).full()
    rows = {r.cells[0].paragraphs[0].text: row_items(r) for r in table_by_caption(doc, "Environment impact table").rows}
    climate = rows["Transport"]
    assert climate[0][-1] == ("p", "Not yet assessed")
    assert climate[2] == [("li", "Fewer car journeys.")]
    assert climate[3] == [("p", "Not yet assessed")]
    assert rows["Noise"][3] == [("p", "N/A")]
    assert "Left over from an earlier draft." not in all_text(doc)
