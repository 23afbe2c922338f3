"""Any text the model accepts exports; failures are atomic and explained; the XML is what Word expects."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from cia.export import ExportError, export_documents, slugify, summary_paragraph
from cia.model import AreaEntry, EvidenceItem

from conftest_export import (  # noqa: F401  (exported_samples is a fixture)
    all_text,
    body_rows,
    iter_paragraphs,
    export,
    exported_samples,
    load_sample,
    row_items,
    table_by_caption,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

UNICODE_POINTS = [
    "Bydd y cynnig yn effeithio ar siaradwyr Cymraeg: ŵ ŷ â ê î ô û — ‘dyfynodau’ “dwbl”.",
    "Emoji and symbols: 👩🏽‍🦽 ♿ 🏳️‍🌈 ✔ £15.66 per hour, ≥44%",
    "Other scripts: Ελληνικά, Русский, العربية, עברית, 中文, 日本語, हिन्दी",
    "Markup-like text stays text: <b>not bold</b> & {{ not_a_template }} {% if %}",
    "Line one\nLine two\twith a tab",
]


def test_unicode_text_round_trips(tmp_path):
    a = load_sample("cx2024")
    a.header.title = "Strategaeth Profiad Cwsmeriaid 🌈 – Ŵyl Ŷd"
    a.header.author = "Siân Ellis-Ŵen"
    entry = a.section("psed").entry("race")
    entry.risks = list(UNICODE_POINTS)
    entry.mitigations = ["Cynllun lliniaru 🙂"]
    exp = export(a, tmp_path)
    assert exp.full_path.name == "strategaeth-profiad-cwsmeriaid-wyl-yd-full-cia.docx"
    doc = exp.full()
    table = table_by_caption(doc, "Protected Characteristics impact table")
    race = next(row_items(r) for r in table.rows if r.cells[0].paragraphs[0].text == "Race")
    assert [t for kind, t in race[2] if kind == "li"] == UNICODE_POINTS
    assert doc.core_properties.title == "Community Impact Assessment: " + a.header.title
    assert doc.core_properties.author == "Siân Ellis-Ŵen"
    summary = exp.summary()
    assert "Cynllun lliniaru 🙂" in all_text(summary)
    assert a.header.title in summary.sections[0].header.paragraphs[0].text


def test_very_long_cell_and_hundreds_of_rows(tmp_path):
    a = load_sample("cdp2020")
    long_point = ("Lorem ipsum dolor sit amet, cysylltiad ŵ 🙂. " * 1200)[:50_000]
    assert len(long_point) == 50_000
    section = a.section("economy")
    section.entries[0].benefits = [long_point]
    for i in range(250):
        entry = AreaEntry(key=f"extra_area_{i}", name=f"Extra area {i}", extra=True, status="assessed",
                          groups=["All"], benefits=[f"Benefit {i}"], risks=[{"text": f"Risk {i}", "key": True}],
                          mitigations=[f"Mitigation {i}"])
        section.entries.append(entry)
    exp = export(a, tmp_path)
    doc = exp.full()
    table = table_by_caption(doc, "Economy impact table")
    rows = body_rows(table)
    assert len(rows) == 4 + 250
    assert row_items(rows[0])[2] == [("li", long_point.strip())]
    assert row_items(rows[-1]) == [[("p", "Extra area 249")], [("p", "All")], [("li", "Benefit 249")],
                                         [("li", "Risk 249")], [("li", "Mitigation 249")]]
    # the long row may break across pages; short rows may not
    tr_long = table.rows[1]._tr.trPr
    assert tr_long is None or tr_long.find(f"{{{W_NS}}}cantSplit") is None
    assert rows[-1]._tr.trPr.find(f"{{{W_NS}}}cantSplit") is not None
    economy = {r.key: r for r in exp_rows(a)}["economy"]
    assert economy.risks == 2 + 250
    risks_table = table_by_caption(exp.summary(), "Key risks and mitigations")
    assert len(risks_table.rows) == 1 + 250  # every flagged key risk is listed


def exp_rows(a):
    from cia.export import summary_checklist

    return summary_checklist(a)


def test_long_title_fits_the_core_properties(tmp_path):
    a = load_sample("cx2024")
    a.header.title = "A very long proposal name " * 19
    doc = export(a, tmp_path, summary=False).full()
    assert len(doc.core_properties.title) <= 255
    assert doc.core_properties.title.endswith("…")
    assert len(export(a, tmp_path).full_path.name) < 100


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    a = load_sample("cx2024")
    first = export(a, tmp_path)
    before = {p: p.read_bytes() for p in first.paths}

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    a.header.author = "Someone Else"
    with pytest.raises(ExportError) as info:
        export_documents(a, tmp_path)
    assert "No space left on device" in str(info.value)
    assert first.full_path.name in str(info.value)
    # the earlier files are untouched and no temporary file is left behind
    assert {p: p.read_bytes() for p in first.paths} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in first.paths)


def test_unwritable_folder_is_explained(tmp_path, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match="not writable"):
        export_documents(load_sample("cx2024"), tmp_path / "out")
    assert not any((tmp_path / "out").glob("*.docx"))


def test_output_path_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        export_documents(load_sample("cx2024"), target)
    with pytest.raises(ExportError, match="Nothing to export"):
        export_documents(load_sample("cx2024"), tmp_path, full=False, summary=False)


def test_only_the_requested_document_is_written(tmp_path):
    a = load_sample("cx2024")
    paths = export_documents(a, tmp_path / "f", full=True, summary=False)
    assert [p.name for p in paths] == ["customer-experience-cx-strategy-2024-2026-full-cia.docx"]
    paths = export_documents(a, tmp_path / "s", full=False, summary=True)
    assert [p.name for p in paths] == ["customer-experience-cx-strategy-2024-2026-summary.docx"]
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [paths[0].name]


@pytest.mark.parametrize("title, fallback, expected", [
    ("Communities Delivery Plan", "x", "communities-delivery-plan"),
    ("Customer Experience (CX) Strategy: 2024 - 2026", "x", "customer-experience-cx-strategy-2024-2026"),
    ("Ysgol Gymraeg – Ŵyl & Café", "x", "ysgol-gymraeg-wyl-cafe"),
    ("../../etc/passwd", "x", "etc-passwd"),
    ("🙂🙂", "abc123", "abc123"),
    ("", "cdp2020", "cdp2020"),
    ("word " * 40, "x", "word-word-word-word-word-word-word-word-word-word-word-word"),
])
def test_slugify(title, fallback, expected):
    assert slugify(title, fallback) == expected


def test_untitled_assessment_is_named_after_its_id(tmp_path):
    a = load_sample("cx2024")
    a.header.title = ""
    paths = export_documents(a, tmp_path)
    assert [p.name for p in paths] == ["cx2024-full-cia.docx", "cx2024-summary.docx"]


def test_importing_the_package_loads_neither_docx_nor_jinja2():
    code = ("import sys, cia.export\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'jinja2', 'lxml')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.strip()
    assert out == "[]"


def test_writing_the_documents_loads_neither_docx_nor_lxml(tmp_path):
    """The .docx package is written directly: python-docx is for reading documents back, not writing."""
    code = ("import sys\n"
            "from cia.store import read_file\n"
            "from cia.export import export_documents\n"
            f"export_documents(read_file('cia_store/cdp2020.json'), {str(tmp_path)!r})\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.strip()
    assert out == "[]"
    assert len(list(tmp_path.glob("*.docx"))) == 2


# --- prose templates --------------------------------------------------------------------------------


def test_prose_environment_is_sandboxed_and_strict():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from cia.export.prose import environment

    env = environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env.undefined is StrictUndefined


@pytest.mark.parametrize("body, message", [
    ("{{ no_such_name }}", "no_such_name"),
    ("{{ title.__class__.__mro__ }}", "could not be used"),
    ("{% if %}", "could not be used"),
])
def test_broken_prose_templates_are_reported(tmp_path, monkeypatch, body, message):
    from cia.export import prose

    (tmp_path / prose.REPORT_PARAGRAPH_TEMPLATE).write_text(body, encoding="utf-8")
    monkeypatch.setattr(prose, "templates_dir", lambda: tmp_path)
    with pytest.raises(ExportError, match=message):
        summary_paragraph(load_sample("cx2024"))


def test_missing_prose_template_is_reported(tmp_path, monkeypatch):
    from cia.export import prose

    monkeypatch.setattr(prose, "templates_dir", lambda: tmp_path)
    with pytest.raises(ExportError, match="missing"):
        summary_paragraph(load_sample("cx2024"))


# --- what Word needs --------------------------------------------------------------------------------

# ECMA-376 sequences (the parts we emit): children must appear in this relative order.
ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
              "tblLook", "tblCaption", "tblDescription"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"],
    "tbl": ["tblPr", "tblGrid", "tr"],
    "tc": ["tcPr", "p", "tbl"],
}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")}


def test_elements_follow_the_schema_order(exported_samples):
    for exp in exported_samples.values():
        for path in exp.paths:
            for name, data in _parts(path).items():
                root = etree.fromstring(data)
                for parent, order in ORDER.items():
                    for el in root.iter(f"{{{W_NS}}}{parent}"):
                        names = [etree.QName(c).localname for c in el if etree.QName(c).namespace == W_NS]
                        ranks = [order.index(n) for n in names]
                        assert ranks == sorted(ranks), (path.name, name, parent, names)
                for tc in root.iter(f"{{{W_NS}}}tc"):
                    assert etree.QName(tc[-1]).localname == "p", "a table cell must end with a paragraph"


def _luminance(hex_colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_have_enough_contrast(exported_samples):
    fills = {"FFFFFF"}
    colours = set()
    for exp in exported_samples.values():
        for path in exp.paths:
            for data in _parts(path).values():
                root = etree.fromstring(data)
                for el in root.iter(f"{{{W_NS}}}color"):
                    parent = etree.QName(el.getparent()).localname
                    if parent == "rPr":
                        colours.add(el.get(f"{{{W_NS}}}val"))
                for el in root.iter(f"{{{W_NS}}}shd"):
                    fill = el.get(f"{{{W_NS}}}fill")
                    if fill and fill != "auto":
                        fills.add(fill)
    colours.discard("auto")
    assert colours and fills
    for colour in colours:
        for fill in fills:
            assert _contrast(colour, fill) >= 4.5, (colour, fill)
    assert "4F81BD" not in colours and "365F91" not in colours  # the stock blue headings


def test_evidence_without_citation_or_with_date(tmp_path):
    a = load_sample("cdp2020")
    a.section("economy").evidence = [
        EvidenceItem(citation="ONS, 2021. Census", url="https://www.ons.gov.uk/census", date="March 2021"),
        EvidenceItem(url="https://example.org/report?a=1&b=2"),
    ]
    doc = export(a, tmp_path, summary=False).full()
    paragraphs = list(iter_paragraphs(doc))
    texts = [p.text for p in paragraphs if p.style.name == "Table Bullet"]
    # the citation is the link's text; the date follows it; an item with only an address shows it
    assert "ONS, 2021. Census (March 2021)" in texts
    assert "https://example.org/report?a=1&b=2" in texts
    links = {link.address: link.text for p in paragraphs for link in p.hyperlinks}
    assert links["https://www.ons.gov.uk/census"] == "ONS, 2021. Census"
    assert links["https://example.org/report?a=1&b=2"] == "https://example.org/report?a=1&b=2"
