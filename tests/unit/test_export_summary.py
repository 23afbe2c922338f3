"""The Checklist and Executive Summary: checklist figures, executive summary, key risks, sign-off."""

from __future__ import annotations

from cia.export import (
    ChecklistRow,
    draft_executive_summary,
    summary_checklist,
    summary_paragraph,
)
from cia.model import SignOff
from cia.store import parse_bytes, to_json

from conftest_export import (  # noqa: F401  (exported_samples is a fixture)
    all_text,
    export,
    exported_samples,
    header_texts,
    load_sample,
    outline,
    row_items,
    table_by_caption,
)


def figures(rows: list[ChecklistRow]) -> dict[str, tuple]:
    return {r.key: (r.assessed_label, r.with_impacts, r.areas, r.risks, r.unmitigated, r.evidence) for r in rows}


def test_checklist_figures_for_the_2020_sample():
    # Worked out by hand from cia_store/cdp2020.json:
    # PSED risks: first row 4 + Race 2 + Disability 1 + Age 3 + SCC Staff 2 = 12 (references add none).
    # Health and Care: four areas refer to the first row's 4 risks (counted once) + Accidents 1 = 5.
    assert figures(summary_checklist(load_sample("cdp2020"))) == {
        "psed": ("Yes", 10, 11, 12, 0, 5),
        "health_and_care": ("Yes", 5, 6, 5, 0, None),  # the 2020 edition has no evidence row here
        "economy": ("Yes", 2, 4, 2, 0, 1),
        "environment": ("Yes", 2, 7, 0, 0, 1),  # no Climate Change in the 2020 edition
        "localities_communities": ("Yes", 5, 7, 4, 0, 1),
    }


def test_checklist_figures_for_the_2024_sample():
    rows = summary_checklist(load_sample("cx2024"))
    assert figures(rows) == {
        "psed": ("Yes", 10, 10, 6, 0, None),
        "workforce": ("Yes", 1, 1, 5, 0, None),
    }
    assert [r.evidence_label for r in rows] == ["Not required", "Not required"]


def test_unmitigated_risks_follow_first_row_references():
    a = load_sample("cdp2020")
    a.cross_cutting_entry().mitigations = []
    rows = {r.key: r for r in summary_checklist(a)}
    # the first row's own 4 risks now have no mitigation; rows relying on it inherit that
    assert rows["psed"].unmitigated == 4
    assert rows["health_and_care"].unmitigated == 4
    assert rows["economy"].unmitigated == 0
    a.section("economy").entry("poverty_and_income").mitigations = []
    assert {r.key: r.unmitigated for r in summary_checklist(a)}["economy"] == 2


def test_summary_document_shows_the_checklist(exported_samples):
    exp = exported_samples["cdp2020"]
    doc = exp.summary()
    table = table_by_caption(doc, "Checklist by category")
    assert header_texts(table) == ["Category", "Assessed", "Areas with impacts", "Risks", "Unmitigated risks",
                                   "Evidence base"]
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert body == [
        ["Public Sector Equality Duty", "Yes", "10 of 11", "12", "0", "Yes (5 items)"],
        ["Health and Care", "Yes", "5 of 6", "5", "0", "Not required"],
        ["Economy", "Yes", "2 of 4", "2", "0", "Yes (1 item)"],
        ["Environment", "Yes", "2 of 7", "0", "0", "Yes (1 item)"],
        ["Localities / Communities", "Yes", "5 of 7", "4", "0", "Yes (1 item)"],
        ["All categories", "Yes", "24 of 35", "23", "0", "4 of 4 categories"],
    ]
    questions = table_by_caption(doc, "Checklist questions")
    answers = {r.cells[0].text: row_items(r)[1] for r in questions.rows[1:]}
    assert answers["Did engagement or consultation take place?"][0] == ("p", "Not stated")
    assert answers["Is the assessment free of personal details of members of the public?"][0] == ("p", "Yes")
    assert answers["Status of the assessment"] == [("p", "Draft")]


def test_summary_headings(exported_samples):
    heads = outline(exported_samples["cx2024"].summary())
    assert heads == [
        (1, "Checklist and Executive Summary"),
        (2, "Checklist"),
        (3, "Categories"),
        (3, "Engagement, personal details and status"),
        (2, "Executive summary"),
        (2, "Key risks and mitigations"),
        (2, "Sign-off"),
    ]


def test_engagement_and_personal_details_answers(tmp_path):
    a = load_sample("cx2024")
    a.header.engagement.took_place = True
    a.header.engagement.details = "Residents' panel, March 2024."
    age = a.section("psed").entry("age")
    age.set_points("risks", [*age.points("risks"), "Contact Mrs Jones on jones@example.com about this."])
    doc = export(a, tmp_path).summary()
    questions = table_by_caption(doc, "Checklist questions")
    answers = {r.cells[0].text: row_items(r)[1] for r in questions.rows[1:]}
    assert answers["Did engagement or consultation take place?"] == [("p", "Yes"),
                                                                     ("p", "Residents' panel, March 2024.")]
    privacy = answers["Is the assessment free of personal details of members of the public?"]
    assert privacy[0] == ("p", "No: check before publishing")
    assert "Protected characteristics › Age › Risks" in privacy[1][1]


def test_signoff_block_blank_then_filled(tmp_path):
    a = load_sample("cx2024")
    blank = table_by_caption(export(a, tmp_path / "a").summary(), "Sign-off")
    assert header_texts(blank) == ["Name", "Role", "Date", "Decision"]
    assert len(blank.rows) == 4 and all(c.text == "" for r in blank.rows[1:] for c in r.cells)
    a.signoffs = [SignOff(name="Jo Bloggs", role="Assistant Director", date="1 March 2024", decision="Approved")]
    exp = export(a, tmp_path / "b")
    for doc in (exp.summary(), exp.full()):
        filled = table_by_caption(doc, "Sign-off")
        assert [[c.text for c in r.cells] for r in filled.rows[1:]] == [
            ["Jo Bloggs", "Assistant Director", "1 March 2024", "Approved"]]


def test_executive_summary_is_drafted_from_the_assessment(exported_samples):
    a = load_sample("cdp2020")
    text = draft_executive_summary(a)
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("This summary sets out the main findings of the Community Impact Assessment "
                                    "(CIA) of Communities Delivery Plan")
    assert "35 areas in 5 categories" in text
    assert "Benefits were identified for 24 areas and risks for 20 areas" in text
    assert "not yet been assessed" not in text
    unfinished = load_sample("cdp2020")
    unfinished.section("environment").entry("noise").status = "not_assessed"
    assert "not yet been assessed: Noise (Environment)" in draft_executive_summary(unfinished)
    # main risks: the first row's first
    main = text[text.index("The main risks identified are:"):]
    assert main.split("\n")[1] == "- " + a.cross_cutting_entry().points("risks")[0]
    # key mitigations: the author's
    for mitigation in a.key_mitigations:
        assert f"- {mitigation}" in text
    assert "\n\n\n" not in text and text == text.strip()

    doc = exported_samples["cdp2020"].summary()
    body = [p.text for p in doc.paragraphs]
    start = body.index("Executive summary")
    assert body[start + 1] == paragraphs[0]


def test_edited_executive_summary_survives_re_export(tmp_path):
    a = load_sample("cx2024")
    a.executive_summary = ("Our own words about the strategy.\n\n- First point we make\n- Second point\n\n"
                           "Closing paragraph — with Welsh: Diolch yn fawr.")
    # through the store's file format and back, as the app saves it
    reloaded = parse_bytes(to_json(a).encode("utf-8"), tmp_path / "x.json")
    for attempt in ("one", "two"):
        doc = export(reloaded, tmp_path / attempt).summary()
        paras = [(p.style.name, p.text) for p in doc.paragraphs]
        start = paras.index(("Heading 2", "Executive summary"))
        assert paras[start + 1:start + 5] == [
            ("Normal", "Our own words about the strategy."),
            ("List Bullet", "First point we make"),
            ("List Bullet", "Second point"),
            ("Normal", "Closing paragraph — with Welsh: Diolch yn fawr."),
        ]
        assert "This summary sets out the main findings" not in all_text(doc)


def test_report_paragraph_wording():
    a = load_sample("cdp2020")
    draft = summary_paragraph(a)
    assert draft.startswith("A Community Impact Assessment (CIA) for Communities Delivery Plan is currently being "
                            "finalised ahead of Cabinet, 16 December 2020.")
    assert "The current draft version of this CIA has been attached for discussion." in draft
    assert "A summary table of key risks and actions to mitigate these is included below" in draft
    a.status = "approved"
    final = summary_paragraph(a)
    assert final.startswith("A Community Impact Assessment (CIA) has been completed for Communities Delivery Plan")
    assert ("A summary table of key risks and actions to mitigate these is included below; for the full Community "
            "Impact Assessment please see the list of Background Documents/Appendices.") in final
    assert "\n" not in final

    for section in a.sections:
        for entry in section.entries:
            entry.risks = []
            entry.first_row.risks = False
    quiet = summary_paragraph(a)
    assert "No significant risks were identified." in quiet
    assert "summary table" not in quiet
