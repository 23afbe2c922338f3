"""cia impacts: figures across the store against hand-counted fixtures, each output read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cia.cli import main
from cia.model import new_assessment
from cia.store import Store

from area_fixtures import area


@pytest.fixture
def impacts_store(tmp_path: Path) -> Store:
    return build_impacts_store(tmp_path / "store")


def build_impacts_store(location) -> Store:
    """Four assessments; the figures below are counted by hand from what is set here."""
    store = Store(location)
    # 1. Library hours (2021, approved, Families): race 1 benefit + 2 risks (one high, one answered by the
    #    only linked mitigation, so 1 unmitigated); disability 1 benefit; poverty 1 risk, mitigated.
    a = new_assessment("Library hours", directorate="Families")
    a.id, a.status = "lib", "approved"
    area(a, "psed", "race", benefits=["Longer Saturday hours"], risks=["Less evening access", "Fewer staff"],
         high=[0], mitigations=["Keep one late night"], answers={0: [0]})
    area(a, "psed", "disability", benefits=["Step-free entrance"])
    area(a, "economy", "poverty_and_income", risks=["Fees for late returns"], mitigations=["Waive fees"])
    area(a, "psed", "sex", status="na")
    store.create(a)
    # 2. Bus routes (2024 layout, draft, Economy): Race 2 benefits + 1 high risk unmitigated; an extra
    #    characteristic "Carers" with 1 risk, mitigated; Age assessed with groups only (no impact: not counted).
    b = new_assessment("Bus routes", edition="2024", author="Ann", directorate="Economy")
    b.id = "bus"
    area(b, "psed", "race", benefits=["New route to the mosque", "Evening buses"], risks=["Fare rise"], high=[0])
    carers = b.add_extra_area("psed", "Carers")
    carers.status = "assessed"
    carers.set_points("risks", ["Carers lose the hospital stop"])
    carers.set_points("mitigations", ["Dial-a-ride"])
    area(b, "psed", "age")
    store.create(b)
    # 3. Parks (2021, in review, Families): race 1 risk, no mitigation; an extra Economy area "Tourism" 1 benefit.
    c = new_assessment("Parks", directorate="families")
    c.id, c.status = "parks", "in_review"
    area(c, "psed", "race", risks=["Signs only in English"])
    tourism = c.add_extra_area("economy", "Tourism")
    tourism.status = "assessed"
    tourism.benefits = ["More visitors"]
    store.create(c)
    # 4. An older draft with a carers extra area too (2021): 1 benefit.
    d = new_assessment("Day centres")
    d.id = "day"
    carers = d.add_extra_area("psed", "carers")
    carers.status = "assessed"
    carers.benefits = ["Respite kept"]
    store.create(d)
    return store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_figures_across_the_store(capsys, impacts_store: Store):
    code, out, err = run(capsys, "--store", str(impacts_store.root), "impacts", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["assessments"] == 4
    rows = {r["name"]: (r["proposals"], r["benefits"], r["risks"], r["unmitigated"], r["high"])
            for r in data["characteristics"]}
    # Race: lib 1b 2r 1u 1h; bus 2b 1r 1u 1h; parks 0b 1r 1u 0h
    assert rows == {"Race": (3, 3, 4, 3, 2), "Carers": (2, 1, 1, 0, 0), "Disability": (1, 1, 0, 0, 0)}
    assert [r["name"] for r in data["characteristics"]] == ["Race", "Carers", "Disability"]  # most affected first
    race = data["characteristics"][0]
    assert [p["id"] for p in race["assessments"]] == ["lib", "bus", "parks"]  # most high-rated, unmitigated first
    assert race["assessments"][0]["open"] == "cia open lib" and race["assessments"][0]["area"] == "race"
    assert race["assessments"][0]["path"] == str(impacts_store.root / "lib.json")
    areas = {(r["category"], r["name"]): (r["proposals"], r["benefits"], r["risks"], r["unmitigated"])
             for r in data["areas"]}
    assert areas == {("Economy", "Poverty and Income"): (1, 0, 1, 0), ("Economy", "Tourism"): (1, 1, 0, 0)}


def test_filters_by_status_date_directorate_and_name(capsys, impacts_store: Store):
    s = ["--store", str(impacts_store.root), "impacts", "--json"]

    def names(*extra):
        code, out, err = run(capsys, *s, *extra)
        assert code == 0, err
        data = json.loads(out)
        return {r["name"]: r["proposals"] for r in data["characteristics"] + data["areas"]}, data["assessments"]

    assert names("--status", "approved,in_review") == ({"Race": 2, "Disability": 1, "Poverty and Income": 1,
                                                        "Tourism": 1}, 2)
    assert names("--directorate", "FAMILIES")[1] == 2  # lib and parks, whatever the case
    assert names("--directorate", "Economy") == ({"Race": 1, "Carers": 1}, 1)
    assert names("--since", "2999-01-01") == ({}, 0)
    code, out, _ = run(capsys, "--store", str(impacts_store.root), "impacts", "--characteristic", "carers")
    assert code == 0
    assert out.splitlines()[3].split() == ["Carers", "2", "1", "1", "0", "0"]
    assert "bus  Bus routes (Draft): 0 benefits, 1 risk  [cia open bus]" in out
    assert "day  Day centres (Draft): 1 benefit, 0 risks  [cia open day]" in out
    code, _, err = run(capsys, "--store", str(impacts_store.root), "impacts", "--status", "aproved")
    assert code == 2 and "unknown status 'aproved'" in err
    code, _, err = run(capsys, "--store", str(impacts_store.root), "impacts", "--since", "last week")
    assert code == 2 and "YYYY-MM-DD" in err


def test_csv_has_a_line_per_proposal_and_area(capsys, impacts_store: Store):
    code, out, _ = run(capsys, "--store", str(impacts_store.root), "impacts", "--csv", "--area", "poverty")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:4] == ["group", "category", "name", "proposals"]
    assert rows[1:] == [["area", "Economy", "Poverty and Income", "1", "0", "1", "0", "0", "lib", "Library hours",
                         "approved", "0", "1", "0", "0"]]


def test_the_word_report_reads_back(capsys, impacts_store: Store, tmp_path: Path):
    from docx import Document
    from docx.oxml.ns import qn

    target = tmp_path / "report.docx"
    code, out, err = run(capsys, "--store", str(impacts_store.root), "impacts", "--docx", str(target))
    assert code == 0, err
    assert out.strip() == str(target)
    doc = Document(str(target))
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:4] == [("Heading 1", "Cumulative impact across Community Impact Assessments"),
                         ("Heading 2", "Protected characteristics"), ("Heading 2", "Category areas"),
                         ("Heading 2", "The proposals")]
    assert ("Heading 3", "Race") in heads and ("Heading 3", "Economy › Tourism") in heads
    summary = doc.tables[0]
    assert [c.text for c in summary.rows[0].cells] == ["Protected characteristic", "Proposals", "Benefits", "Risks",
                                                        "Unmitigated", "High-rated"]
    assert [c.text for c in summary.rows[1].cells] == ["Race", "3", "3", "4", "3", "2"]
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None  # repeats on every page
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    race = next(t for t in doc.tables if t.rows[0].cells[0].text == "Proposal (assessment id)")
    assert [r.cells[0].paragraphs[1].text for r in race.rows[1:]] == ["lib", "bus", "parks"]
    assert doc.core_properties.title == "Cumulative impact across Community Impact Assessments"


def test_impacts_load_nothing_heavy(impacts_store: Store):
    import subprocess
    import sys

    impacts_store.list()  # the index is built
    code = ("import sys, contextlib, io\nfrom cia.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['--store', {str(impacts_store.root)!r}, 'impacts'])\n"
            f"    main(['--store', {str(impacts_store.root)!r}, 'impacts', '--status', 'approved,signed_off'])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'textual', 'docx', 'jinja2'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_empty_store_says_so(capsys, tmp_path: Path):
    code, out, _ = run(capsys, "--store", str(tmp_path / "empty"), "impacts")
    assert code == 0 and "No assessment in the store assesses an impact on that." in out


def test_the_statuses_are_the_models():
    from cia.impacts import STATUSES
    from cia.model import STATUS_LABELS

    assert STATUSES == tuple(STATUS_LABELS)


# --- the index's figures are the model's -----------------------------------------------------------------


class ModelStore:
    """The same store, its areas counted by the model from each assessment (the oracle for the index)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def list(self, filters=None):
        return self.store.list(filters)

    def area_stats(self, filters=None, *, with_impact: bool = False):
        from cia.store.extract import AreaStat

        wanted = {s.id for s in self.store.list(filters).items}
        directorate = (filters.directorate if filters else "").strip().casefold()
        out = []
        for assessment_id in sorted(wanted):
            a = self.store.load(assessment_id)
            if directorate and a.header.directorate.strip().casefold() != directorate:
                continue
            for section in a.sections:
                category = a.category(section.key)
                for entry in section.entries:
                    real = entry.real_risks()
                    stat = AreaStat(a.id, section.key, category.short_title if category else section.key, entry.key,
                                    a.area_name(section.key, entry), entry.status, len(entry.benefits), len(real),
                                    sum(1 for r in real if not entry.mitigations_for(r)),
                                    sum(1 for r in real if r.rating == "high"))
                    if not with_impact or stat.has_impact:
                        out.append(stat)
        return out


def _generated_store(tmp_path: Path) -> Store:
    import shutil
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import bench_impacts

    root = tmp_path / "generated"
    bench_impacts.generate(root, 60)
    from cia.resources import samples_dir

    for sample in samples_dir().glob("*.json"):
        shutil.copy(sample, root / sample.name)
    return Store(root)


FILTERS = [{}, {"statuses": ("approved", "signed_off")}, {"characteristic": "disability"}, {"area": "poverty"},
           {"directorate": "health and care"}]


@pytest.mark.parametrize("which", ["fixture", "generated"])
def test_index_figures_equal_the_models(which, impacts_store: Store, tmp_path: Path):
    from datetime import datetime, timezone

    from cia.impacts import as_json, collect, json_text

    store = impacts_store if which == "fixture" else _generated_store(tmp_path)
    for kwargs in [*FILTERS, {"since": datetime(2023, 1, 1, tzinfo=timezone.utc)}]:
        from_index = collect(store, **kwargs)
        from_model = collect(ModelStore(store), **kwargs)  # type: ignore[arg-type]
        figures = [(r.group, r.key, r.name, r.category_title, r.count, r.benefits, r.risks, r.unmitigated, r.high)
                   for r in from_index.rows]
        assert figures == [(r.group, r.key, r.name, r.category_title, r.count, r.benefits, r.risks, r.unmitigated,
                            r.high) for r in from_model.rows], kwargs
        assert from_index.assessments == from_model.assessments
        # the index writes every proposal of the JSON itself; it is the document the proposals give
        assert json.loads(json_text(from_index)) == as_json(collect(store, **kwargs)) == as_json(from_model), kwargs
    assert from_index.rows or which == "fixture"
