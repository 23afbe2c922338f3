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

from cia.model import LEADS_MAX, POINT_MAX, POINTS_MAX, SHORT_MAX, STATUS_LABELS, TEXT_MAX, URL_MAX, Assessment
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
            D.read_document(copy.deepcopy(data), name, 1, 2)
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


def test_review_records_as_cia_writes_them_are_read_without_the_model(tmp_path):
    from cia.model import Actor, Comment, Reply, ScreeningAnswer, ScreeningRecord, SignOff, TrailEvent, now

    a = Assessment.model_validate(sample(0))
    ann = Actor(name="Ann Lee", role="Policy Officer")
    a.comments = [Comment(n=1, location="psed/race/risks/1", text="Is this\nright?", by=ann,
                          replies=[Reply(text="Yes.", by=ann)], resolved=True, resolved_by=ann, resolved_at=now(),
                          resolution="Checked.")]
    a.trail = [TrailEvent(action="submit", by=ann, from_status="draft", to_status="in_review", revision=3,
                          note="Ready.", warnings=["No key mitigations."])]
    a.signoffs = [SignOff(name="Bo Chan", role="Director", date="May 2024", decision="Approved", recorded_by=ann,
                          recorded_at=now(), revision=3)]
    a.saved_by = ann
    a.screening = ScreeningRecord(answers=[ScreeningAnswer(question="staff", answer="yes", note="Some.")],
                                  groups=["race", "Carers"], outcome="needed", reasons=["Staff affected."],
                                  decided_by=ann, decided_at=now())
    a.summary_edited = a.risks_changed = now()
    assert_agrees(tmp_path, json.loads(to_json(a)), fast=True)


def test_a_document_the_direct_reading_trips_over_is_read_by_the_model(tmp_path, monkeypatch):
    real, calls = D.read_document, []

    def trips_on_the_file(*args, **kwargs):  # then reads the model's canonical form as ever
        calls.append(args[0])
        if len(calls) == 1:
            raise TypeError("unhashable type: 'dict'")
        return real(*args, **kwargs)

    monkeypatch.setattr(D, "read_document", trips_on_the_file)
    assert_agrees(tmp_path, sample(0))
    assert len(calls) == 2


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
    "tab in a line": lambda d: d["header"].update(author="Ann\tLee"),
    "two spaces in a line": lambda d: _first_entry(d)["risks"][0].update(owner="Head  of Transport"),
    "line break in a line": lambda d: d["header"]["sponsor"].update(role="Director of\nPlace"),
    "spaced comment": lambda d: d.update(comments=[_comment(text="  Is this right? ")]),
    "comment time without zone": lambda d: d.update(comments=[_comment(at="2024-05-01T10:00:00")]),
    "spaced trail note": lambda d: d.update(trail=[{"action": "submit", "note": "Ready \nfor review"}]),
    "an answer given twice": lambda d: _first_entry(d)["mitigations"].append(
        {"id": "m99", "text": "Twice.", "answers": [_first_entry(d)["risks"][0]["id"]] * 2}),
}


def _comment(**fields) -> dict:
    return {"n": 1, "location": "details/title", "text": "Is this right?", **fields}


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
    # a length the model limits, and nothing else wrong
    "title too long": lambda d: d["header"].update(title="t" * (SHORT_MAX + 1)),
    "risk owner too long": lambda d: _first_entry(d)["risks"][0].update(owner="o" * (SHORT_MAX + 1)),
    "point too long": lambda d: _first_entry(d)["benefits"].append("b" * (POINT_MAX + 1)),
    "risk too long": lambda d: _first_entry(d)["risks"][0].update(text="r" * (POINT_MAX + 1)),
    "introduction too long": lambda d: d.update(introduction="i" * (TEXT_MAX + 1)),
    "too many points": lambda d: _first_entry(d).update(groups=[f"Group {n}" for n in range(POINTS_MAX + 1)]),
    "too many leads": lambda d: d["header"].update(leads=[{"name": f"Lead {n}"} for n in range(LEADS_MAX + 1)]),
    "link too long": lambda d: d["sections"][0]["evidence"].append({"url": "https://" + "u" * URL_MAX}),
    "impact line too long": lambda d: _first_entry(d).update(lines=[{"groups": POINTS_MAX + 1}]),
    # a comment, and nothing else wrong
    "comment without text": lambda d: d.update(comments=[{"n": 1, "location": "details/title"}]),
    "comment numbered 0": lambda d: d.update(comments=[_comment(n=0)]),
    "comment too long": lambda d: d.update(comments=[_comment(text="c" * (TEXT_MAX + 1))]),
    "comment by a number": lambda d: d.update(comments=[_comment(by={"name": 7})]),
    "comment reply unknown field": lambda d: d.update(comments=[_comment(replies=[{"text": "Yes", "mood": "x"}])]),
    "comment resolved at no time": lambda d: d.update(comments=[_comment(resolved=True, resolved_at="soon")]),
    # the trail, and nothing else wrong
    "trail unknown action": lambda d: d.update(trail=[{"action": "dance"}]),
    "trail without action": lambda d: d.update(trail=[{"note": "What happened?"}]),
    "trail revision below 0": lambda d: d.update(trail=[{"action": "submit", "revision": -1}]),
    "trail note too long": lambda d: d.update(trail=[{"action": "submit", "note": "n" * (TEXT_MAX + 1)}]),
    "trail status too long": lambda d: d.update(trail=[{"action": "submit", "to_status": "s" * (SHORT_MAX + 1)}]),
    # the other records the listing does not read
    "sign-off unknown field": lambda d: d.update(signoffs=[{"name": "Ann Lee", "colour": "blue"}]),
    "sign-off name too long": lambda d: d.update(signoffs=[{"name": "n" * (SHORT_MAX + 1)}]),
    "saved by a list": lambda d: d.update(saved_by=["Ann Lee"]),
    "screening unknown outcome": lambda d: d.update(screening={"outcome": "maybe"}),
    "answer of a number, no risks": lambda d: _first_entry(d).update(risks=[], mitigations=[
        {"id": "m1", "text": "Answered.", "answers": [1]}]),
    "answer of a record": lambda d: _first_entry(d)["mitigations"].append(
        {"id": "m99", "text": "Answered.", "answers": [{"id": "r1"}]}),
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


def test_the_reading_checks_every_field_from_the_models_own_definitions():
    """Every field of every part of the model is checked from its definition, but those the reading
    checks itself (it counts and keeps them) and those only the model can judge (its own validators)."""
    from cia.model import Strict
    from cia.store import extract_records as C

    models, todo = {}, [Assessment]
    while todo:
        model = todo.pop()
        if model.__name__ in models:
            continue
        models[model.__name__] = [n for n in model.model_fields if C.field_check(model, n) is C._unusual]
        todo.extend(t for f in model.model_fields.values() for t in _models_in(f.annotation, Strict))
    assert models == {
        "Assessment": ["schema_version", "edition", "edition_version", "key_mitigations"], "Header": ["leads"],
        "Person": [], "Engagement": [], "CategorySection": ["evidence"],
        "AreaEntry": ["groups", "benefits", "risks", "mitigations"], "Risk": ["text", "rating"],
        "Mitigation": ["text", "answers"], "FirstRowRefs": [], "ImpactLine": [], "EvidenceItem": [], "SignOff": [],
        "Actor": [], "Comment": [], "Reply": [], "TrailEvent": [], "ScreeningRecord": [], "ScreeningAnswer": [],
    }
    for check in (C.HEADER, C.PERSON, C.ENTRY, C.RISK, C.MITIGATION, C.EVIDENCE, *C._REST.values()):
        assert check is not C._unusual
    assert R._SPACE == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def _models_in(annotation, base) -> list:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, base):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _models_in(a, base)]
