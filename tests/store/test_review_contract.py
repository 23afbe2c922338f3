"""The review rules hold on every store backend: a signed-off assessment is read-only for every save (including
an import --replace), an edited approved one returns to draft, and the audit trail only grows."""

from __future__ import annotations

import json

import pytest

from cia import workflow
from cia.model import Actor, SignOff
from cia.workflow import Refused

LEAD = Actor(name="Pat Lead", role="Project Lead")
REVIEWER = Actor(name="Chris Commissioner", role="Commissioning Lead")


def approve(store, ref="cx2024"):
    a = store.load(ref)
    workflow.apply(a, "submit", LEAD)
    store.save(a)
    workflow.apply(a, "approve", REVIEWER)
    store.save(a)
    return a


def sign_off(store, ref="cx2024"):
    a = approve(store, ref)
    workflow.record_signoff(a, SignOff(name="Dee Director", decision="Approved"), REVIEWER)
    store.save(a)
    workflow.apply(a, "signoff", REVIEWER)
    store.save(a)
    return a


def test_a_signed_off_assessment_is_read_only(csamples):
    a = sign_off(csamples)
    revision = csamples.load("cx2024").revision
    a.summary = "Changed after sign-off"
    with pytest.raises(Refused, match="was signed off by Chris Commissioner"):
        csamples.save(a)
    with pytest.raises(Refused):
        csamples.save(a, force=True)
    again = csamples.load("cx2024")
    assert again.revision == revision and again.summary != "Changed after sign-off"
    assert again.status == "signed_off"


def test_import_replace_cannot_change_a_signed_off_assessment(csamples, tmp_path):
    a = sign_off(csamples)
    data = json.loads(a.model_dump_json())
    data["summary"] = "Edited outside"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(Refused):
        csamples.import_file(path, replace=True)
    assert csamples.load("cx2024").summary != "Edited outside"


def test_reopening_is_the_way_back(csamples):
    a = sign_off(csamples)
    workflow.apply(a, "reopen", LEAD, "Cabinet asked for more")
    csamples.save(a)
    a.summary = "Now it may change"
    csamples.save(a)
    assert csamples.load("cx2024").status == "draft"


def test_editing_an_approved_assessment_returns_it_to_draft(csamples):
    a = approve(csamples)
    approval = a.trail[-1]
    a.section("psed").entry("age").set_points("groups", ["Older residents"])
    csamples.save(a)
    assert a.status == "draft" and a.trail[-1].action == "edit"  # the caller's copy is told
    stored = csamples.load("cx2024")
    assert stored.status == "draft" and approval in stored.trail


def test_the_trail_only_grows(csamples):
    a = approve(csamples)
    a.trail = a.trail[:1]
    with pytest.raises(Refused, match="audit trail"):
        csamples.save(a)
