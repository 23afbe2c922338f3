"""The index reads each file without building the model; what it keeps must be what the model says.

The oracle here is the model itself: each document is loaded as an ``Assessment`` and its listing line,
area counts and texts are computed from it the way the index did before it read raw JSON. Documents as
cia writes them, generated variations, and odd hand-written ones (which the reading hands to the model)
must all give the same answer.
"""

from __future__ import annotations

import copy
import json
import random
from datetime import timezone
from pathlib import Path

import pytest

from cia.model import STATUS_LABELS, Assessment
from cia.resources import samples_dir
from cia.store import extract as X
from cia.store import extract_document as D
from cia.store import extract_rules as R
from cia.store.format import to_json

SAMPLES = sorted(p for p in samples_dir().glob("*.json") if not p.name.startswith("."))


# --- the model's answer ---------------------------------------------------------------------------------


def model_texts(a: Assessment) -> list[tuple[str, str]]:
    data = a.model_dump(mode="json", exclude={"sections"})
    out: list[tuple[str, str]] = [("Id", a.id), ("Status", STATUS_LABELS.get(a.status, a.status))]
    if a.title:
        out.append(("Title", a.title))
    header = data.pop("header", {})
    header.pop("title", None)
    D._walk(header, "Details", out)
    D._walk(data, "", out)
    for section in a.sections:
        category = a.category(section.key)
        cat_title = category.short_title if category else section.key
        for entry in section.entries:
            place = f"{cat_title} › {a.area_name(section.key, entry)}"
            D._walk(entry.model_dump(mode="json", exclude={"key", "status", "extra", "first_row"}), place, out)
        for item in section.evidence:
            D._walk(item.model_dump(mode="json"), f"{cat_title} › Evidence", out)
    return out


def model_areas(a: Assessment) -> list[tuple]:
    rows = []
    for section in a.sections:
        category = a.category(section.key)
        for entry in section.entries:
            real = entry.real_risks()
            rows.append((section.key, category.short_title if category else section.key, entry.key,
                         a.area_name(section.key, entry), entry.status, len(entry.benefits), len(real),
                         sum(1 for r in real if not entry.mitigations_for(r)),
                         sum(1 for r in real if r.rating == "high")))
    return rows


def model_row(a: Assessment) -> dict:
    done, total = a.completeness()
    lead = a.header.leads[0].name if a.header.leads else a.header.author
    return {"id": a.id, "title": a.title or "(untitled)", "status": a.status, "status_label": STATUS_LABELS[a.status],
            "lead": lead, "lead_fold": lead.casefold(), "updated": a.updated.astimezone(timezone.utc).isoformat(),
            "done": done, "total": total, "edition": a.edition, "directorate": a.header.directorate,
            "directorate_fold": a.header.directorate.strip().casefold(), "reason": None, "details": None,
            "title_fold": (a.title or "(untitled)").casefold()}


def assert_agrees(tmp_path: Path, data: dict, *, fast: bool | None = None) -> X.Extract:
    """The file's extract equals the model's reading; ``fast``: whether it was read without the model."""
    name = f"{data.get('id', 'x')}.json"
    (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    ex = X.extract(str(tmp_path), name, 1, 2)
    a = Assessment.model_validate(copy.deepcopy(data))
    assert ex.ok, ex.row
    assert ex.row == model_row(a)
    assert ex.areas == model_areas(a)
    assert ex.texts == model_texts(a)
    if fast is not None:
        try:
            X.read_document(copy.deepcopy(data), name, 1, 2)
            read_fast = True
        except R.Unusual:
            read_fast = False
        assert read_fast is fast
    return ex


def sample(i: int = 0) -> dict:
    return json.loads(SAMPLES[i % len(SAMPLES)].read_text("utf-8"))


# --- documents as cia writes them -----------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_samples_and_their_saved_form_are_read_without_the_model(tmp_path, path):
    data = json.loads(path.read_text("utf-8"))
    assert_agrees(tmp_path, data, fast=True)
    saved = json.loads(to_json(Assessment.model_validate(copy.deepcopy(data))))
    assert_agrees(tmp_path, saved, fast=True)


def test_generated_variations_agree(tmp_path):
    rng = random.Random(13)
    ratings = [None, "low", "medium", "high"]
    for i in range(40):
        d = sample(i)
        d["id"] = f"g{i}"
        d["status"] = rng.choice(list(STATUS_LABELS))
        d["header"]["directorate"] = rng.choice(["", "Health and Care", "Corporate Services"])
        if rng.random() < 0.3:
            d["header"]["leads"] = []
        for section in d["sections"]:
            rng.shuffle(section["entries"]) if rng.random() < 0.2 else None
            for entry in list(section["entries"]):
                roll = rng.random()
                if roll < 0.1:
                    section["entries"].remove(entry)  # a required area left out: the model adds it back
                    continue
                if roll < 0.3:
                    entry["status"] = rng.choice(["assessed", "na", "not_assessed"])
                risks = entry.setdefault("risks", [])
                if rng.random() < 0.4:
                    risks.append({"id": f"r{len(risks) + 9}", "text": rng.choice(["None", "N/A", "Fewer buses."]),
                                  "rating": rng.choice(ratings)})
                mitigations = entry.setdefault("mitigations", [])
                if risks and rng.random() < 0.3:
                    mitigations.append({"id": f"m{len(mitigations) + 9}", "text": "Answered.",
                                        "answers": [rng.choice(risks)["id"]]})
                if rng.random() < 0.1:
                    entry["benefits"] = [*entry.get("benefits", []), ""]  # an empty bullet: not counted
        assert_agrees(tmp_path, d, fast=True)


# --- odd documents: the model decides -------------------------------------------------------------------


def _odd(change) -> dict:
    d = sample(0)
    d["id"] = "odd"
    change(d)
    return d


def _first_entry(d: dict) -> dict:
    return next(e for s in d["sections"] for e in s["entries"] if e.get("risks"))


ODD = {
    "dirty title": lambda d: d["header"].update(title="  Spaced\u0007 title\r\n"),
    "dirty point": lambda d: _first_entry(d)["risks"].append({"id": "r99", "text": " Risky\u000b point "}),
    "plain string risk": lambda d: _first_entry(d)["risks"].append("Fewer buses"),
    "risk without id": lambda d: _first_entry(d)["risks"].append({"text": "No id given"}),
    "repeated risk id": lambda d: _first_entry(d)["risks"].append({"id": _first_entry(d)["risks"][0]["id"],
                                                                   "text": "Same id"}),
    "short rating": lambda d: _first_entry(d)["risks"][0].update(rating="H"),
    "float revision": lambda d: d.update(revision=3.0),
    "time without zone": lambda d: d.update(updated="2024-05-01T10:00:00"),
    "date only": lambda d: d.update(updated="2024-05-01"),
    "repeated section": lambda d: d["sections"].append(copy.deepcopy(d["sections"][0])),
    "empty lead first": lambda d: d["header"].update(leads=[{"name": "", "role": ""}, {"name": "Ann Lee"}]),
}


@pytest.mark.parametrize("kind", ODD, ids=list(ODD))
def test_odd_documents_are_read_as_the_model_reads_them(tmp_path, kind):
    assert_agrees(tmp_path, _odd(ODD[kind]))


INVALID = {
    "unknown status": lambda d: d.update(status="finished-ish"),
    "unknown field": lambda d: d.update(colour="blue"),
    "unknown area field": lambda d: _first_entry(d).update(colour="blue"),
    "bad rating": lambda d: _first_entry(d)["risks"][0].update(rating="extreme"),
    "bad link": lambda d: d["sections"][0]["evidence"].append({"citation": "x", "url": "not a link"}),
    "unknown edition": lambda d: d.update(edition="1999"),
    "list for a header": lambda d: d.update(header=[]),
}


@pytest.mark.parametrize("kind", INVALID, ids=list(INVALID))
def test_an_invalid_document_is_unreadable_with_the_models_message(tmp_path, kind):
    from cia.store.errors import AssessmentFileError
    from cia.store.format import validate

    d = _odd(INVALID[kind])
    (tmp_path / "odd.json").write_text(json.dumps(d), "utf-8")
    ex = X.extract(str(tmp_path), "odd.json", 1, 2)
    assert not ex.ok
    with pytest.raises(AssessmentFileError) as caught:
        validate(copy.deepcopy(d), tmp_path / "odd.json")
    assert (ex.row["reason"], ex.row["details"]) == (caught.value.reason, "\n".join(caught.value.details))


def test_the_readings_copies_of_model_rules_are_the_models():
    from cia.model import Assessment as A
    from cia.model.areas import AreaEntry, CategorySection, EvidenceItem, FirstRowRefs
    from cia.model.fields import _URL_RE
    from cia.model.header import Engagement, Header, Person
    from cia.model.risks import Mitigation, Risk

    for fields, model in ((R.ASSESSMENT_FIELDS, A), (R.HEADER_FIELDS, Header), (R.PERSON_FIELDS, Person),
                          (R.ENGAGEMENT_FIELDS, Engagement), (R.SECTION_FIELDS, CategorySection),
                          (R.ENTRY_FIELDS, AreaEntry), (R.RISK_FIELDS, Risk), (R.MITIGATION_FIELDS, Mitigation),
                          (R.FIRST_ROW_FIELDS, FirstRowRefs), (R.EVIDENCE_FIELDS, EvidenceItem)):
        assert fields == set(model.model_fields), model.__name__
    assert R.STATUS_LABELS == STATUS_LABELS
    assert R._SPACE == {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert R._URL.pattern == _URL_RE.pattern and R._URL.flags == _URL_RE.flags
    assert set(R.AREA_STATUSES) == set(AreaEntry.model_fields["status"].annotation.__args__)
