"""cia's own Word exports come back in as the same assessment: header, front sections, every area's points,
N/A reasons, first-row references, extra areas, evidence, sign-offs, executive summary and key risks; and an
export edited in Word updates its assessment with ``cia import --replace``, refused if it was saved since."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cia.cli import main
from cia.docx_import import read_docx
from cia.docx_import.summary import read_summary_beside
from cia.export import export_documents
from cia.model import Assessment, EvidenceItem, ImpactLine, Person, SignOff, new_assessment
from cia.store import Store, read_file

SAMPLES = Path(__file__).resolve().parents[2] / "cia_store"


def view(a: Assessment) -> dict:
    """Everything a Word export carries, as plain data to compare."""
    out: dict = {
        "edition": a.edition, "status": a.status, "header": a.header.model_dump(), "introduction": a.introduction,
        "summary": a.summary, "key_mitigations": list(a.key_mitigations), "executive_summary": a.executive_summary,
        "signoffs": [s.model_dump() for s in a.signoffs], "sections": {},
    }
    for s in a.sections:
        out["sections"][s.key] = {
            "entries": [
                {"key": e.key, "extra": e.extra, "name": e.name, "question": e.question, "status": e.status,
                 "na_reason": e.na_reason, "first_row": e.first_row.model_dump(),
                 "key_risks": [r.text for r in e.risks if r.key],
                 "lines": [line.model_dump() for line in e.lines],
                 **{f: e.points(f) for f in ("groups", "benefits", "risks", "mitigations")}}
                for e in s.entries],
            "evidence": [(ev.citation, ev.url, ev.date) for ev in s.evidence],
        }
    return out


def round_trip(a: Assessment, out: Path) -> Assessment:
    paths = export_documents(a, out)
    full = next(p for p in paths if p.name.endswith("-full-cia.docx"))
    result = read_docx(full)
    read_summary_beside(result, full)
    assert result.source_id == a.id and result.source_revision == a.revision
    assert result.report.unplaced == [], result.report.unplaced
    return result.assessment


@pytest.mark.parametrize("name", ["cdp2020", "cx2024"])
def test_samples_round_trip(tmp_path: Path, name: str) -> None:
    a = read_file(SAMPLES / f"{name}.json")
    assert view(round_trip(a, tmp_path)) == view(a)


def test_executive_summary_key_risks_and_signoffs_round_trip(tmp_path: Path) -> None:
    a = read_file(SAMPLES / "cdp2020.json")
    a.executive_summary = "The plan is positive overall.\n\nTwo risks matter most:\n- capacity\n- Covid-19"
    race = a.section("psed").entry("race")
    race.risks[0].key = True
    a.signoffs = [SignOff(name="Helen Riley", role="Deputy Chief Executive", date="16 December 2020",
                          decision="Approved")]
    back = round_trip(a, tmp_path)
    assert view(back) == view(a)
    assert back.section("psed").entry("race").risks[0].key is True


# --- generated assessments --------------------------------------------------------------------------------

WORDS = ("council", "residents", "Ŵales", "café", "naïve", "£15.66", "=44%", "e.g.", "(BAME)", "“quoted”",
         "services", "older", "people", "digital", "1)", "2)", "access", "—", "data;", "costs,", "O'Brien",
         "children's", "rural", "SEND", "VCSE", "transport", "&", "+", "50%", "hubs", "2024/25", "x", "Ünïcode",
         "line\nbreak", "tab\tstop", "N/A", "None", "see", "first", "row", "•", "https://example.org/a?b=1")


def sentence(min_words: int = 1, max_words: int = 14) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words).map(
        lambda ws: ("Point " + " ".join(ws)).strip())


points = st.lists(sentence(), min_size=0, max_size=4)
# A person is printed "Name (Role)", so a name that itself ends in brackets would read back as a role.
names = sentence(1, 3).filter(lambda s: "(" not in s)


@st.composite
def assessments(draw) -> Assessment:  # type: ignore[no-untyped-def]
    edition = draw(st.sampled_from(["2021", "2024"]))
    a = new_assessment(draw(sentence(1, 6)), edition=edition)
    h = a.header
    h.sponsor = Person(name=draw(names), role=draw(st.sampled_from(["", "Director of Place"])))
    h.leads = [Person(name=n) for n in draw(st.lists(names, max_size=2))]
    h.date_completed = draw(st.sampled_from(["", "28th April 2021", "March 2024"]))
    h.author = draw(st.sampled_from(["", "Emily Doorbar"]))
    if a.template.front_sections:
        a.introduction = draw(st.sampled_from(["", "One paragraph.", "First.\n\nSecond, with a list:\n- a\n- b"]))
        a.key_mitigations = draw(points)
    if draw(st.booleans()) and a.cross_cutting_entry() is None:
        try:
            a.add_cross_cutting()
        except ValueError:
            pass
    for section in a.sections:
        category = a.category(section.key)
        for n in range(draw(st.integers(0, 1))):
            a.add_extra_area(section.key, f"Local extra area {n + 1} {draw(sentence(1, 2))}",
                             draw(st.sampled_from(["", "Does it matter locally?"])))
        for entry in section.entries:
            kind = draw(st.sampled_from(["assessed", "assessed", "na", "not_assessed"]))
            if kind == "na":
                entry.status = "na"
                entry.na_reason = draw(st.sampled_from(["", "Not relevant to this proposal.", "First.\n\nSecond."]))
                continue
            fields = ("groups", "benefits", "risks", "mitigations") if category and category.groups_column else (
                "benefits", "risks", "mitigations")
            for f in fields:
                entry.set_points(f, draw(points))
            cc = a.cross_cutting_entry()
            if cc is not None and entry is not cc:
                for f in ("benefits", "risks", "mitigations"):
                    setattr(entry.first_row, f, draw(st.booleans()))
            area = a.area_def(section.key, entry)
            if (category and not category.groups_column and area is not None and area.kind == "staff"
                    and entry.has_content):
                # the 2024 Workforce table's first column is "Who will be affected": the row names its group
                entry.groups = [area.name]
            counts = {f: len(entry.points(f)) for f in fields}
            if kind == "assessed" and counts.get("groups", 0) >= 2 and draw(st.booleans()):
                # each group with its own benefits, risks and mitigations (the area cell merged down its lines)
                first = {f: draw(st.integers(0, n)) for f, n in counts.items()}
                first["groups"] = 1
                entry.lines = [ImpactLine(**first), ImpactLine(**{f: n - first[f] for f, n in counts.items()})]
            if kind == "assessed" and entry.has_content:
                entry.status = "assessed"
            elif entry.has_content and draw(st.booleans()):
                entry.status = "not_assessed"
            else:
                entry.status = "assessed" if entry.has_content else "not_assessed"
        if category is not None and category.has_evidence:
            # (a date is read back where a link marks where the citation ends)
            section.evidence = [
                EvidenceItem(citation=c, url=u, date=d if u else "") for c, u, d in draw(st.lists(st.tuples(
                    sentence(1, 8), st.sampled_from(["", "https://example.org/report.pdf"]),
                    st.sampled_from(["", "March 2021", "2020"])), max_size=3))]
    return a


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(a=assessments())
def test_generated_assessments_round_trip(tmp_path_factory: pytest.TempPathFactory, a: Assessment) -> None:
    out = tmp_path_factory.mktemp("rt")
    assert view(round_trip(a, out)) == view(a)


# --- cia import --replace ---------------------------------------------------------------------------------


def _export(store_dir: Path, out: Path, capsys) -> Path:  # type: ignore[no-untyped-def]
    assert main(["--store", str(store_dir), "export", "cdp2020", "--out", str(out)]) == 0
    capsys.readouterr()
    return next(out.glob("*-full-cia.docx"))


def _edit_point(path: Path, old: str, new: str) -> None:
    doc = Document(str(path))
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text == old:
                        for run in p.runs[1:]:
                            run.text = ""
                        p.runs[0].text = new
                        doc.save(str(path))
                        return
    raise AssertionError(f"no paragraph {old!r}")


def test_replace_from_an_edited_export(tmp_path: Path, sample_store: Store, capsys) -> None:  # type: ignore[no-untyped-def]
    store_dir = sample_store.root
    stored = sample_store.load("cdp2020")
    race = stored.section("psed").entry("race")
    race.risks[0].rating = "high"
    race.risks[0].owner = "Equalities lead"
    stored.import_notes = "Not placed when an earlier draft was imported: a note to the author."
    stored.header.engagement.details = "Parents' forum, to be confirmed"  # not printed until answered
    sample_store.save(stored)
    doc = _export(store_dir, tmp_path / "out", capsys)
    old = race.risks[0].text
    _edit_point(doc, old, old + " This is now monitored monthly.")

    assert main(["--store", str(store_dir), "import", str(doc), "--replace"]) == 0
    out = capsys.readouterr().out
    assert "Assessment updated: cdp2020" in out and "areas placed" in out
    after = sample_store.load("cdp2020")
    risk = after.section("psed").entry("race").risks[0]
    assert risk.text == old + " This is now monitored monthly."
    assert (risk.rating, risk.owner) == ("high", "Equalities lead")  # the record kept its details
    assert after.revision == stored.revision + 1
    assert after.import_notes == stored.import_notes  # what the document does not show stays as stored
    assert after.header.engagement.details == "Parents' forum, to be confirmed"

    # the assessment has been saved since that export: a second --replace from it is refused
    code = main(["--store", str(store_dir), "import", str(doc), "--replace"])
    assert code == 5
    assert "Your changes were not written over theirs" in capsys.readouterr().err
    assert sample_store.load("cdp2020").revision == after.revision


def test_importing_an_export_again_without_replace_is_refused_or_copied(tmp_path: Path, sample_store: Store,
                                                                          capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _export(sample_store.root, tmp_path / "out", capsys)
    assert main(["--store", str(sample_store.root), "import", str(doc)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["--store", str(sample_store.root), "import", str(doc), "--new-id"]) == 0
    new_id = capsys.readouterr().out.splitlines()[0]
    assert new_id != "cdp2020"
    assert view(sample_store.load(new_id)) == view(sample_store.load("cdp2020"))


def test_replace_needs_a_cia_export(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from docx_fixtures import CX2024, build, load

    path = build(load(CX2024), tmp_path / "council.docx")
    assert main(["--store", str(tmp_path / "s"), "import", str(path), "--replace"]) == 4
    assert "was not written by cia" in capsys.readouterr().err


def test_evidence_links_and_dates_round_trip(tmp_path: Path) -> None:
    a = read_file(SAMPLES / "cdp2020.json")
    a.section("economy").evidence = [
        EvidenceItem(citation="Hourly rates: see [current rates](https://example.org/rates) for 2021",
                     url="https://example.org/report.pdf", date="March 2021"),
        EvidenceItem(citation="Parent/carer survey", url="https://example.org/survey", date="March 2021"),
        EvidenceItem(citation="Staffordshire Observatory JSNA https://www.staffordshireobservatory.org.uk"),
    ]
    back = round_trip(a, tmp_path)
    assert view(back)["sections"]["economy"]["evidence"] == view(a)["sections"]["economy"]["evidence"]


def test_the_summary_alone_is_refused_and_can_be_named(tmp_path: Path, sample_store: Store, capsys) -> None:  # type: ignore[no-untyped-def]
    stored = sample_store.load("cdp2020")
    stored.executive_summary = "Edited in the app: positive overall."
    sample_store.save(stored)
    out = tmp_path / "out"
    assert main(["--store", str(sample_store.root), "export", "cdp2020", "--out", str(out)]) == 0
    capsys.readouterr()
    full, summary = next(out.glob("*-full-cia.docx")), next(out.glob("*-summary.docx"))

    assert main(["--store", str(tmp_path / "other"), "import", str(summary)]) == 4
    assert "this is the Checklist and Executive Summary" in capsys.readouterr().err

    moved = tmp_path / "elsewhere" / "summary.docx"
    moved.parent.mkdir()
    summary.rename(moved)
    other = tmp_path / "other"
    assert main(["--store", str(other), "import", str(full)]) == 0
    assert Store(other).load("cdp2020").executive_summary == ""  # not beside it: not read
    assert main(["--store", str(tmp_path / "third"), "import", str(full), "--summary", str(moved)]) == 0
    assert "executive summary: read" in capsys.readouterr().out
    assert Store(tmp_path / "third").load("cdp2020").executive_summary == "Edited in the app: positive overall."


def test_replace_of_a_signed_off_assessment_is_refused(tmp_path: Path, sample_store: Store, capsys,
                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cia.cli import EXIT_OK, EXIT_REFUSED

    def run(*args: str, who: tuple[str, str] = ("Pat Lead", "Project Lead")) -> int:
        monkeypatch.setenv("CIA_USER", who[0])
        monkeypatch.setenv("CIA_ROLE", who[1])
        return main(["--store", str(sample_store.root), *args])

    out = tmp_path / "out"
    assert run("review", "cx2024", "submit") == EXIT_OK
    assert run("review", "cx2024", "approve", "--note", "Fine", who=("Chris Commissioner", "Commissioning Lead")) \
        == EXIT_OK
    papers = ("Sam Papers", "Cabinet Papers Team")
    assert run("signoff", "cx2024", "--name", "Dee Director", "--role", "Director", "--date", "1 May 2024",
               "--decision", "Approved", who=papers) == EXIT_OK
    assert run("review", "cx2024", "signoff", who=papers) == EXIT_OK
    assert run("export", "cx2024", "--out", str(out)) == EXIT_OK
    capsys.readouterr()
    before = sample_store.path_for("cx2024").read_bytes()
    doc = next(out.glob("*-full-cia.docx"))
    # unchanged, it changes nothing (and saves nothing)
    assert run("import", str(doc), "--replace") == EXIT_OK
    assert "Assessment unchanged" in capsys.readouterr().out
    assert sample_store.path_for("cx2024").read_bytes() == before
    mitigation = sample_store.load("cx2024").section("psed").entry("age").mitigations[0].text
    _edit_point(doc, mitigation, mitigation + " Reviewed yearly.")
    assert run("import", str(doc), "--replace") == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "read-only" in err and "cia reopen cx2024" in err and "Traceback" not in err
    assert sample_store.path_for("cx2024").read_bytes() == before
    # a copy is a new draft, whatever the document's status says
    assert run("import", str(doc), "--new-id") == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    copy = sample_store.load(lines[0])
    assert copy.status == "draft" and copy.trail == []
    assert any("imported as a draft" in line for line in lines)
