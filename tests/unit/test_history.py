"""History and diff: every save keeps a revision, listed with who did what; differences in a reviewer's words."""

from __future__ import annotations

import json

import pytest

from cia.cli import EXIT_USAGE
from cia.history import diff
from cia.store import Store

from review_people import REVIEWER, cli  # noqa: F401  (cli is a fixture)


def test_history_lists_revisions_with_who_and_the_transition(cli):
    cli("summary", "cx2024", "--set", "First words.")
    cli("review", "cx2024", "submit")
    cli("comment", "cx2024", "psed/age", "Check this", who=REVIEWER)
    cli("review", "cx2024", "return", "--note", "One thing", who=REVIEWER)
    code, out, _ = cli("history", "cx2024", "--json")
    items = json.loads(out)
    assert [i["status"] for i in items][-4:] == ["draft", "in_review", "in_review", "changes_requested"]
    assert items[-1]["current"] and not items[0]["current"]
    assert items[-3]["events"][0]["action"] == "submit" and items[-3]["events"][0]["by"] == "Pat Lead"
    code, out, _ = cli("history", "cx2024")
    lines = out.splitlines()
    assert "saved by Pat Lead (Project Lead)" in lines[-6]
    assert "submitted for review by Pat Lead (Project Lead)" in lines[-5]
    assert "saved by Chris Commissioner (Commissioning Lead)" in lines[-4]
    assert "returned with changes requested by Chris Commissioner (Commissioning Lead): One thing" in lines[-3]
    assert lines[-3].startswith("*")


def test_diff_in_a_reviewers_words(cli):
    store: Store = cli.store
    cli("review", "cx2024", "submit")
    submitted = store.load("cx2024").revision
    a = store.load("cx2024")
    disability = a.section("psed").entry("disability")
    disability.set_points("risks", [*disability.points("risks"), "Reduced access to the contact centre by phone"])
    first = disability.points("mitigations")[0]
    disability.set_points("mitigations", ["Offer BSL video calls", *disability.points("mitigations")[1:]])
    a.summary = "One. Two. Three."
    a.executive_summary = "Cabinet should note one thing. And another. And a third one."
    a.header.title = "CX Strategy"
    store.save(a)
    a = store.load("cx2024")
    a.executive_summary = "Cabinet should note one thing. And a changed second. And a changed third. Plus a fourth."
    age = a.section("psed").entry("age")
    age.risks = [age.risks[0].model_copy(update={"rating": "high", "key": True}), *age.risks[1:]]
    store.save(a)
    code, out, _ = cli("diff", "cx2024", "submitted")
    assert code == 0
    lines = out.splitlines()[1:]
    assert lines[0].startswith("  Details · Name of Proposal: changed from")
    assert '  Disability · risks: added "Reduced access to the contact centre by phone"' in lines
    assert any(line.startswith(f'  Disability · mitigations: changed "{first[:20]}') for line in lines)
    assert "  Summary: written (3 sentences)" in lines
    assert "  Executive summary: written (4 sentences)" in lines
    assert any(line.startswith('  Age · risk "') and line.endswith("rating Not rated → High; flagged as a key risk")
               for line in lines)
    # between the two later revisions: the executive summary changed in three sentences
    code, out, _ = cli("diff", "cx2024", str(submitted + 1), "current")
    assert "  Executive summary: changed (3 sentences)" in out.splitlines()


def test_diff_defaults_to_the_version_the_reviewer_last_saw(cli):
    cli("review", "cx2024", "submit")
    cli("comment", "cx2024", "psed/age", "Say more", who=REVIEWER)
    cli("review", "cx2024", "return", who=REVIEWER)
    a = cli.store.load("cx2024")
    a.section("psed").entry("age").set_points("groups", ["Older residents"])
    cli.store.save(a)
    cli("review", "cx2024", "submit")
    code, out, _ = cli("diff", "cx2024")
    assert out.splitlines()[0].startswith("Changes from revision 2 (in review) to revision")
    assert "  Age · groups: added \"Older residents\"" in out
    assert "  Comments: 1 added" in out


@pytest.mark.parametrize("args, message", [
    (("approved",), "has never been approved"),
    (("999",), "revision 999 of cx2024 was not kept"),
    (("yesterday",), "is not a revision"),
])
def test_diff_names_what_it_cannot_find(cli, args, message):
    code, _, err = cli("diff", "cx2024", *args)
    assert code == EXIT_USAGE and message in err


def test_the_signed_version_is_kept_after_reopening(cli):
    cli("review", "cx2024", "submit")
    cli("review", "cx2024", "approve", who=REVIEWER)
    cli("signoff", "cx2024", "--name", "Dee Director", "--decision", "Approved", who=REVIEWER)
    cli("review", "cx2024", "signoff", who=REVIEWER)
    signed = cli.store.load("cx2024")
    cli("reopen", "cx2024", "--reason", "New data")
    cli("summary", "cx2024", "--set", "Reworked.")
    from cia.history import resolve

    n = resolve(cli.store, "cx2024", "signed")
    kept = cli.store.load_revision("cx2024", n)
    assert kept.status == "signed_off" and kept.signoffs == signed.signoffs
    code, out, _ = cli("diff", "cx2024", "signed")
    assert "Status: Signed off → Draft" in out and "Sign-off: Dee Director removed" in out


def test_diff_of_identical_versions_says_nothing_changed(sample_store):
    a = sample_store.load("cdp2020")
    assert diff(a, a.model_copy(deep=True)) == []
