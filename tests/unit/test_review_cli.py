"""The review workflow on the command line: who is acting, every transition allowed and refused (with its message
and exit code, and nothing changed), comments, sign-off, read-only after sign-off on every write path, reopen."""

from __future__ import annotations

import json

import pytest

from cia.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from cia.store import Store

from review_people import LEAD, PAPERS, REVIEWER, cli  # noqa: F401  (cli is a fixture)


def file_bytes(store: Store, ref: str) -> bytes:
    return store.path_for(ref).read_bytes()


def refused(cli, *args, who=LEAD, match: str, ref: str = "cx2024"):
    """The command is refused with one plain message naming the rule, a non-zero code, and the file unchanged."""
    before = file_bytes(cli.store, ref)
    code, out, err = cli(*args, who=who)
    assert code == EXIT_REFUSED, (out, err)
    assert err.startswith("cia: ") and match in err, err
    assert "Traceback" not in err
    assert file_bytes(cli.store, ref) == before
    return err


def submitted(cli):
    assert cli("review", "cx2024", "submit")[0] == EXIT_OK


def approved(cli):
    submitted(cli)
    code, out, err = cli("review", "cx2024", "approve", "--note", "Fine", who=REVIEWER)
    assert code == EXIT_OK, err


def signed_off(cli):
    approved(cli)
    assert cli("signoff", "cx2024", "--name", "Dee Director", "--role", "Director", "--date", "1 May 2024",
               "--decision", "Approved", who=PAPERS)[0] == EXIT_OK
    assert cli("review", "cx2024", "signoff", who=PAPERS)[0] == EXIT_OK


# --- who is acting ---------------------------------------------------------------------------------------


def test_whoami_and_config_set_name_and_role(cli, tmp_path):
    code, out, _ = cli("whoami", who=None)
    assert code == 1 and 'cia config set name "Your Name"' in out
    assert cli("config", "set", "name", "Pat  Lead", who=None)[0] == EXIT_OK
    assert cli("config", "set", "role", "Project Lead", who=None)[0] == EXIT_OK
    code, out, _ = cli("whoami", who=None)
    assert code == 0 and out.splitlines()[0] == "Pat Lead (Project Lead)"
    assert "config.toml" in out
    # the environment overrides the settings file
    code, out, _ = cli("whoami", who=REVIEWER)
    assert out.splitlines()[0] == "Chris Commissioner (Commissioning Lead)" and "$CIA_USER" in out
    code, out, _ = cli("config", "get", "name", who=None)
    assert out.strip() == "Pat Lead"
    code, _, err = cli("config", "set", "colour", "blue", who=None)
    assert code == EXIT_USAGE and "no setting 'colour'" in err
    assert cli("config", "set", "store", str(tmp_path / "elsewhere"), who=None)[0] == EXIT_OK
    from cia import config

    assert config.get("store") == str(tmp_path / "elsewhere")


def test_an_unreadable_settings_file_is_named_and_left_alone(cli, tmp_path):
    from cia import config

    path = config.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("name = [unclosed", "utf-8")
    code, _, err = cli("config", "set", "name", "X", who=None)
    assert code == 1 and str(path) in err and "not a readable settings file" in err
    assert path.read_text("utf-8") == "name = [unclosed"


def test_actions_need_to_know_who_is_acting(cli):
    before = file_bytes(cli.store, "cx2024")
    code, _, err = cli("review", "cx2024", "submit", who=None)
    assert code == EXIT_USAGE and "does not know who you are" in err
    assert file_bytes(cli.store, "cx2024") == before


# --- transitions -----------------------------------------------------------------------------------------


def test_submit_is_refused_while_readiness_errors_remain_and_lists_them(cli):
    err = refused(cli, "review", "cdp2020", "submit", match="cannot submit for review: 1 readiness error remains",
                  ref="cdp2020")
    assert "Environment › Air, Water and Land Quality › Groups" in err
    assert "cia check cdp2020 list them" in err  # the command to run, with its id


def test_submit_records_who_when_and_the_warnings(cli):
    code, out, _ = cli("review", "cx2024", "submit", "--note", "Ready for you")
    assert code == 0 and "submitted for review" in out and "1 warning recorded" in out
    a = cli.store.load("cx2024")
    assert a.status == "in_review"
    event = a.trail[-1]
    assert (event.action, event.by.name, event.by.role, event.from_status, event.to_status) == (
        "submit", "Pat Lead", "Project Lead", "draft", "in_review")
    assert event.note == "Ready for you" and event.revision == a.revision
    assert event.warnings and "Engagement" in event.warnings[0]


def test_the_submitter_cannot_approve_their_own_submission(cli):
    submitted(cli)
    refused(cli, "review", "cx2024", "approve", match="the person who submitted cannot approve their own submission")
    # the same name typed differently is the same person
    refused(cli, "review", "cx2024", "approve", who=("pat lead", "Someone"), match="cannot approve")


def test_returning_needs_an_open_comment(cli):
    submitted(cli)
    refused(cli, "review", "cx2024", "return", who=REVIEWER, match="returning needs at least one open comment")
    assert cli("comment", "cx2024", "psed/age/risks/1", "Who checks the formats?", who=REVIEWER)[0] == 0
    code, out, _ = cli("review", "cx2024", "return", who=REVIEWER)
    assert code == 0 and cli.store.load("cx2024").status == "changes_requested"


@pytest.mark.parametrize("action, status_word", [("return", "draft"), ("approve", "draft"), ("signoff", "draft")])
def test_actions_from_the_wrong_status_are_refused(cli, action, status_word):
    refused(cli, "review", "cx2024", action, who=REVIEWER, match=f"it is {status_word}")


def test_approval_is_refused_while_a_document_would_print_a_placeholder(cli):
    submitted(cli)
    a = cli.store.load("cx2024")
    # the 2024 edition has no front sections, so the checks ask for none; once some are written the full CIA
    # prints all three, and the empty one would say "Not yet written"
    a.introduction = "Why the strategy is needed."
    a.summary = "What the assessment found."
    cli.store.save(a)
    from cia.workflow import readiness_errors

    assert readiness_errors(cli.store.load("cx2024")) == []
    err = refused(cli, "review", "cx2024", "approve", who=REVIEWER, match="never prints a placeholder")
    assert 'Summary of key mitigations / recommendations: would print "Not yet written"' in err


def test_placeholders_are_named():
    from cia.model import new_assessment
    from cia.workflow import placeholders

    a = new_assessment("x")
    found = placeholders(a)
    assert any('Introduction: would print "Not yet written"' == f for f in found)
    assert any(f.endswith('Race: would print "Not yet assessed"') for f in found)
    assert any('would print "Not given"' in f for f in found)


def test_a_whole_round_records_every_transition(cli):
    submitted(cli)
    cli("comment", "cx2024", "front/executive_summary", "Mention the survey", who=REVIEWER)
    cli("review", "cx2024", "return", "--note", "One point", who=REVIEWER)
    cli("comment", "cx2024", "--resolve", "1", "--note", "Done")
    submitted(cli)
    assert cli("review", "cx2024", "approve", who=REVIEWER)[0] == 0
    refused(cli, "review", "cx2024", "signoff", who=PAPERS, match="needs at least one recorded sign-off")
    code, out, _ = cli("signoff", "cx2024", "--name", "Dee Director", "--role", "Director", "--decision",
                       "Approved", who=PAPERS)
    assert code == 0
    code, out, _ = cli("review", "cx2024", "signoff", who=PAPERS)
    assert code == 0 and "read-only" in out
    a = cli.store.load("cx2024")
    assert [(e.action, e.from_status, e.to_status) for e in a.trail] == [
        ("submit", "draft", "in_review"), ("return", "in_review", "changes_requested"),
        ("submit", "changes_requested", "in_review"), ("approve", "in_review", "approved"),
        ("record_signoff", "approved", "approved"), ("signoff", "approved", "signed_off")]
    assert [e.by.name for e in a.trail] == ["Pat Lead", "Chris Commissioner", "Pat Lead", "Chris Commissioner",
                                            "Sam Papers", "Sam Papers"]
    assert a.status == "signed_off"
    s = a.signoffs[0]
    assert (s.name, s.recorded_by.name, s.revision) == ("Dee Director", "Sam Papers", a.trail[3].revision)


def test_signoffs_are_recorded_only_on_an_approved_assessment(cli):
    refused(cli, "signoff", "cx2024", "--name", "Dee", match="sign-offs are recorded only on an approved assessment")


# --- read-only after sign-off, for every write path -------------------------------------------------------


READ_ONLY = "was signed off by Sam Papers (Cabinet Papers Team) on"


@pytest.mark.parametrize("args", [
    ("summary", "cx2024", "--set", "Changed"),
    ("risk", "cx2024", "psed/age/risks/1", "--key"),
    ("comment", "cx2024", "psed/age", "Late comment"),
    ("signoff", "cx2024", "--name", "Another"),
    ("review", "cx2024", "submit"),
])
def test_every_cli_edit_of_a_signed_off_assessment_is_refused(cli, args):
    signed_off(cli)
    refused(cli, *args, match="cia: ")


def test_the_read_only_message_says_who_when_and_how_to_reopen(cli):
    signed_off(cli)
    err = refused(cli, "summary", "cx2024", "--set", "Changed", match=READ_ONLY)
    assert 'cia reopen cx2024 --reason "…"' in err


def test_import_replace_of_a_signed_off_assessment_is_refused(cli, tmp_path):
    signed_off(cli)
    code, out, _ = cli("export-json", "cx2024")
    data = json.loads(out)
    data["summary"] = "Edited outside cia"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), "utf-8")
    refused(cli, "import", str(edited), "--replace", match=READ_ONLY)


def test_the_app_session_cannot_save_a_signed_off_assessment(cli):
    from cia.ui.fields import header
    from cia.ui.session import Session

    signed_off(cli)
    before = file_bytes(cli.store, "cx2024")
    session = Session(cli.store, cli.store.load("cx2024"))
    edit = session.set(header("title"), "Changed title")
    assert not edit.changed and READ_ONLY in edit.error  # the app refuses the edit itself …
    session.assessment.header.title = "Changed title"  # … and a change made behind its back is not saved
    session.dirty = True
    result = session.save()
    assert result.outcome == "error" and READ_ONLY in result.message
    assert file_bytes(cli.store, "cx2024") == before


def test_the_app_session_keeps_editing_an_approved_assessment_after_a_save_on_a_worker_thread(cli):
    """The app saves a snapshot on a worker thread; the save returns the edited approved assessment to draft and
    adds to its trail, and the copy still being edited learns it, so the next save is accepted (not refused as a
    shortened trail)."""
    import threading

    from cia.ui.fields import header
    from cia.ui.session import Session

    approved(cli)
    approval = cli.store.load("cx2024").trail[-1]
    session = Session(cli.store, cli.store.load("cx2024"))
    assert session.set(header("title"), "Edited after approval").changed
    job = session.save_job()
    results = []
    worker = threading.Thread(target=lambda: results.append(job()))
    worker.start()
    worker.join()
    session.finish_save(results[0])
    assert results[0].outcome == "saved"
    stored = cli.store.load("cx2024")
    assert session.assessment.status == stored.status == "draft"
    assert session.assessment.trail == stored.trail and stored.trail[-2] == approval
    assert session.set(header("title"), "Edited again").changed
    result = session.save()
    assert result.outcome == "saved", result.message
    again = cli.store.load("cx2024")
    assert again.header.title == "Edited again" and again.status == "draft"
    assert [e.action for e in again.trail].count("edit") == 1  # already a draft: the second save adds nothing


def test_editing_an_approved_assessment_returns_it_to_draft_and_keeps_the_approval(cli):
    approved(cli)
    approval = cli.store.load("cx2024").trail[-1]
    assert cli("risk", "cx2024", "psed/age/risks/1", "--rating", "high")[0] == 0
    a = cli.store.load("cx2024")
    assert a.status == "draft"
    assert a.trail[-2] == approval
    edit = a.trail[-1]
    assert edit.action == "edit" and edit.from_status == "approved" and edit.to_status == "draft"
    assert f"approval of revision {approval.revision}" in edit.note


def test_comments_on_an_approved_assessment_are_not_edits(cli):
    approved(cli)
    assert cli("comment", "cx2024", "psed/age", "For next year", who=REVIEWER)[0] == 0
    assert cli.store.load("cx2024").status == "approved"


def test_reopen_starts_a_new_draft_and_keeps_the_trail(cli):
    signed_off(cli)
    code, _, err = cli("reopen", "cx2024", "--reason", "  ")
    assert code == EXIT_REFUSED and "give the reason" in err
    code, out, _ = cli("reopen", "cx2024", "--reason", "Cabinet asked for a change")
    assert code == 0 and "new draft" in out
    a = cli.store.load("cx2024")
    assert a.status == "draft" and a.signoffs == []
    assert a.trail[-1].action == "reopen" and a.trail[-1].note == "Cabinet asked for a change"
    assert cli("summary", "cx2024", "--set", "Now it can change")[0] == 0


def test_the_trail_is_append_only(cli):
    submitted(cli)
    a = cli.store.load("cx2024")
    a.trail = []
    from cia.workflow import Refused

    with pytest.raises(Refused, match="audit trail"):
        cli.store.save(a)


def test_review_without_an_action_says_what_can_be_done(cli):
    code, out, _ = cli("review", "cx2024")
    assert code == 0 and "Draft" in out and "cia review cx2024 submit" in out
    assert "the summary proposes" in out


# --- comments ----------------------------------------------------------------------------------------------


def test_comment_lifecycle(cli):
    code, out, _ = cli("comment", "cx2024", "psed/age/risks/1", "Who owns this?", who=REVIEWER)
    assert code == 0 and "Comment 1 added on Protected characteristics › Age › Risks › 1" in out
    cli("comment", "cx2024", "details/title", "Shorter title?", who=REVIEWER)
    assert cli("comment", "cx2024", "--reply", "1", "The digital team")[0] == 0
    code, _, err = cli("comment", "cx2024", "--reply", "7", "Nothing to answer")
    assert code == EXIT_USAGE and "there is no comment 7" in err
    code, out, _ = cli("comment", "cx2024", "--resolve", "1", "--note", "Owner added")
    assert code == 0
    code, out, _ = cli("comments", "cx2024", "--json")
    items = json.loads(out)
    assert [(c["n"], c["status"]) for c in items] == [(1, "resolved"), (2, "open")]
    first = items[0]
    assert (first["author"], first["role"], first["resolved_by"], first["resolution"]) == (
        "Chris Commissioner", "Commissioning Lead", "Pat Lead", "Owner added")
    assert first["replies"][0]["text"] == "The digital team" and first["at"] and first["resolved_at"]
    code, out, _ = cli("comments", "cx2024", "--open")
    assert "2. [open] Details › Name of Proposal" in out and "Who owns this" not in out
    code, _, err = cli("comment", "cx2024", "--resolve", "1")
    assert code == EXIT_USAGE and "already resolved" in err


@pytest.mark.parametrize("location, message", [
    ("psed/age/risks/9", "no risks point 9"),
    ("psed/nowhere", "no area 'nowhere'"),
    ("elsewhere/x", "no 'elsewhere'"),
    ("details/colour", "details/FIELD"),
])
def test_comments_on_places_that_do_not_exist_are_refused(cli, location, message):
    before = file_bytes(cli.store, "cx2024")
    code, _, err = cli("comment", "cx2024", location, "x")
    assert code == EXIT_USAGE and message in err
    assert file_bytes(cli.store, "cx2024") == before


@pytest.mark.parametrize("path", ["psed/race/risks/1", "details/leads/2", "front/executive_summary",
                                  "psed/evidence/3", "psed/race", "psed", "details/title"])
def test_comment_locations_are_the_check_locations(path):
    from cia.comments import as_location

    assert as_location(path).path == path


def test_a_snapshot_saved_elsewhere_tells_the_edited_copy_it_is_a_draft_again(cli):
    """A save of a snapshot (as the app does on a worker thread) returns an edited approved assessment to draft;
    merge_checked gives the copy still being edited the same status and trail, so its next save is accepted."""
    from cia.workflow import merge_checked

    approved(cli)
    memory = cli.store.load("cx2024")
    memory.summary = "Edited after approval"
    snapshot = memory.model_copy(deep=True)
    cli.store.save(snapshot)
    assert snapshot.status == "draft" and memory.status == "approved"
    merge_checked(memory, snapshot)
    assert memory.status == "draft" and memory.trail == snapshot.trail and memory.risks_changed == snapshot.risks_changed
    memory.revision = snapshot.revision
    memory.summary = "Edited again"
    cli.store.save(memory)  # accepted: the trail only grew
    assert cli.store.load("cx2024").summary == "Edited again"
