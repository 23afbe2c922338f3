"""The exported documents read back: pagination flags, Word settings, properties, links and wording defects."""

from __future__ import annotations

import zipfile

from docx.oxml.ns import qn

from conftest_export import (  # noqa: F401  (exported_samples is a fixture)
    all_text,
    body_rows,
    closing_texts,
    export,
    exported_samples,
    header_texts,
    is_header_row,
    iter_paragraphs,
    load_sample,
    row_items,
    table_by_caption,
)
from cia.model import EvidenceItem


def _docs(exported_samples):
    for exp in exported_samples.values():
        yield exp.full_path, exp.full()
        yield exp.summary_path, exp.summary()


def test_word_opens_the_documents_without_compatibility_mode(exported_samples):
    for _path, doc in _docs(exported_samples):
        compat = doc.settings.element.find(qn("w:compat"))
        modes = [s.get(qn("w:val")) for s in compat.findall(qn("w:compatSetting"))
                 if s.get(qn("w:name")) == "compatibilityMode"]
        assert modes == ["15"]


def test_rows_may_break_across_pages_but_header_rows_and_short_rows_do_not(exported_samples):
    doc = exported_samples["cx2024"].full()
    table = table_by_caption(doc, "Protected Characteristics impact table")
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:cantSplit")) is not None and header.find(qn("w:tblHeader")) is not None
    rows = body_rows(table)
    cross_cutting = rows[0]._tr.trPr  # a page and more of text: it must be free to break
    assert cross_cutting is None or cross_cutting.find(qn("w:cantSplit")) is None
    sex = next(r for r in rows if r.cells[0].paragraphs[0].text == "Sex")
    assert sex._tr.trPr.find(qn("w:cantSplit")) is not None  # two lines: kept whole


def test_no_forced_page_breaks_and_headings_stay_with_what_follows(exported_samples):
    for _path, doc in _docs(exported_samples):
        body = doc.element.body
        assert body.find(".//" + qn("w:pageBreakBefore")) is None
        assert not [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    doc = exported_samples["cdp2020"].full()
    paragraphs = list(doc.paragraphs)
    for i, p in enumerate(paragraphs):
        if p.text == "Please consider:":
            prompts = paragraphs[i:i + 8]
            assert all(q.paragraph_format.keep_with_next for q in prompts)


def test_core_and_custom_properties(exported_samples):
    exp = exported_samples["cdp2020"]
    props = exp.full().core_properties
    assert props.subject == "Community Impact Assessment (2020 template)"
    assert props.keywords.count("Community Impact Assessment") == 1
    summary = exp.summary().core_properties
    assert summary.subject == "Checklist and Executive Summary, Community Impact Assessment (2020 template)"
    with zipfile.ZipFile(exp.full_path) as z:
        custom = z.read("docProps/custom.xml").decode()
        names = z.namelist()
    assert 'name="cia.id"><vt:lpwstr>cdp2020</vt:lpwstr>' in custom
    assert f'name="cia.revision"><vt:i4>{exp.assessment.revision}</vt:i4>' in custom
    assert 'name="cia.document"><vt:lpwstr>full</vt:lpwstr>' in custom
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names


def test_the_title_appears_once_on_the_first_page(exported_samples):
    for exp in exported_samples.values():
        title = exp.assessment.header.title
        for doc in (exp.full(), exp.summary()):
            first = doc.sections[0]
            assert first.different_first_page_header_footer
            assert title not in first.first_page_header.paragraphs[0].text
            assert title in first.header.paragraphs[0].text  # later pages name the document
            before_first_table = []
            for p in doc.paragraphs:
                if p.style.name == "Heading 2":
                    break
                before_first_table.append(p.text)
            assert sum(title in text for text in before_first_table) == 1, before_first_table


def test_header_block_values_line_up_after_the_longest_label(exported_samples):
    doc = exported_samples["cdp2020"].full()
    fields = [p for p in doc.paragraphs if p.style.name == "Header Field"]
    indents = {p.paragraph_format.left_indent for p in fields}
    assert len(indents) == 1
    longest = max(len(p.runs[0].text) for p in fields)  # "Project Manager or Lead:"
    assert indents.pop().twips >= longest * 120


def test_workforce_heading_repeats_by_its_lead_and_is_printed_once_in_full(exported_samples):
    a = exported_samples["cx2024"].assessment
    doc = exported_samples["cx2024"].full()
    table = table_by_caption(doc, "Workforce Assessment impact table")
    assert header_texts(table)[0] == "Who will be affected"
    full = a.category("workforce").area_column
    assert full.startswith("Who will be affected – consider the following protected characteristics")
    previous = table._tbl.getprevious()
    assert "".join(t.text for t in previous.iter(qn("w:t"))) == full


def test_points_with_their_own_numbering_get_no_second_marker(tmp_path):
    a = load_sample("cdp2020")
    entry = a.section("economy").entry("economic_growth")
    entry.status = "assessed"
    entry.benefits = ["1) Developing clear pathways", "2) Working with providers", "A plain point"]
    a.key_mitigations = ["a) First recommendation", "Second recommendation"]
    doc = export(a, tmp_path, summary=False).full()
    table = table_by_caption(doc, "Economy impact table")
    row = next(r for r in body_rows(table) if r.cells[0].paragraphs[0].text == "Economic Growth")
    assert row_items(row)[2] == [("p", "1) Developing clear pathways"), ("p", "2) Working with providers"),
                                 ("li", "A plain point")]
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["a) First recommendation"] == "Normal"
    assert styles["Second recommendation"] == "List Bullet"


def test_link_labels_in_citations_become_links(tmp_path):
    a = load_sample("cdp2020")
    a.section("economy").evidence = [
        EvidenceItem(citation="Care workers are paid [current rates of pay] across the region",
                     url="https://example.org/rates"),
        EvidenceItem(citation="See the [benchmarking spreadsheet](https://example.org/bench) and the "
                              "[parent carer survey](#)"),
    ]
    doc = export(a, tmp_path, summary=False).full()
    closing = closing_texts(table_by_caption(doc, "Economy impact table"))[-1]
    assert closing[1] == "Care workers are paid current rates of pay across the region"
    assert closing[2] == "See the benchmarking spreadsheet and the parent carer survey"
    links = {link.address: link.text for p in iter_paragraphs(doc) for link in p.hyperlinks}
    assert links["https://example.org/rates"] == "current rates of pay"
    assert links["https://example.org/bench"] == "benchmarking spreadsheet"
    assert "[" not in all_text(doc)


def test_web_addresses_in_points_are_links_with_their_text_unchanged(tmp_path):
    a = load_sample("cdp2020")
    entry = a.section("economy").entry("economic_growth")
    entry.risks = ["Rates are published at https://example.org/rates."]
    doc = export(a, tmp_path, summary=False).full()
    row = next(r for r in body_rows(table_by_caption(doc, "Economy impact table"))
               if r.cells[0].paragraphs[0].text == "Economic Growth")
    assert row_items(row)[3] == [("li", "Rates are published at https://example.org/rates.")]
    assert [link.address for p in row.cells[3].paragraphs for link in p.hyperlinks] == ["https://example.org/rates"]


def test_no_screen_arrows_in_the_documents(exported_samples):
    for _path, doc in _docs(exported_samples):
        assert "›" not in all_text(doc)


def test_a_long_last_table_keeps_its_closing_rows_with_the_sign_off(exported_samples):
    from conftest_export import end_table, is_hairline

    doc = exported_samples["cdp2020"].full()
    localities = table_by_caption(doc, "Localities / Communities impact table")
    end = end_table(localities)
    assert end is not None
    assert is_hairline(localities._tbl.getnext())
    # every paragraph of the end table keeps with the next, so it moves with the sign-off heading
    assert all(p.paragraph_format.keep_with_next for r in end.rows for p in r.cells[0].paragraphs)
    assert len(end.rows) >= 2  # LibreOffice moves no table of one row
    bottom = localities._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "nil"  # the end table's top border closes it
    assert closing_texts(localities)[-1][0] == "Evidence Base: (Evidence used/ likelihood/ size of impact)"
    following = []
    nxt = end._tbl.getnext()
    while nxt is not None and len(following) < 2:
        following.append("".join(t.text for t in nxt.iter(qn("w:t"))))
        nxt = nxt.getnext()
    # the 2020 closing instruction (kept with the next), then the sign-off
    assert following == [exported_samples["cdp2020"].assessment.template.guidance.submitting, "Sign-off"]
    # earlier categories keep their closing rows in their own table
    economy = table_by_caption(doc, "Economy impact table")
    assert end_table(economy) is None and closing_texts(economy)
