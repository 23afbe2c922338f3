"""The Screening step, first in the step list: answers, the outcome with its reasons, who decided and when,
through the same functions as ``cia screen``; a "not needed" outcome reviewed and signed off on the Review step
and its record exported from the app; a "needed" one carrying its groups into the assessment."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Select, SelectionList, TextArea

from cia.cli import main
from cia.model import new_assessment
from cia.store import Store
from cia.ui.app import CiaApp
from cia.ui.modals.signoff import SignOffModal
from ui_helpers import assessment_screen, go_to_step, saves_done, settle, type_text

pytestmark = pytest.mark.asyncio
LEAD = ("Pat Lead", "Project Lead")
REVIEWER = ("Chris Commissioner", "Commissioning Lead")
PAPERS = ("Sam Papers", "Cabinet Papers Team")
QUESTIONS = ["adverse_protected", "service_change", "staff", "health_economy_environment", "public_concern"]
WHY = "Only the opening hours of one library change; the same staff, the same service."


def as_person(monkeypatch, who: tuple[str, str]) -> None:
    monkeypatch.setenv("CIA_USER", who[0])
    monkeypatch.setenv("CIA_ROLE", who[1])


def new(store: Store, ident: str, edition: str = "2024") -> None:
    a = new_assessment("Library opening hours", edition=edition)
    a.id = ident
    store.create(a)


async def press(pilot, button: Button) -> None:
    button.scroll_visible(animate=False)
    await settle(pilot)
    button.press()
    await settle(pilot, 3)


async def press_action(pilot, action: str) -> None:
    pane = await go_to_step(pilot, "review")
    await press(pilot, pane.query_one(f"#review-{action}", Button))


async def answer(pilot, pane, key: str, value: str) -> None:
    pane.query_one(f"#screen-q-{key}", Select).value = value
    await settle(pilot)


async def test_not_needed_is_recorded_reviewed_signed_off_and_exported(store: Store, monkeypatch,
                                                                        tmp_path: Path) -> None:
    new(store, "lib")
    as_person(monkeypatch, LEAD)
    async with CiaApp(store, "lib").run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        assert [s.key for s in screen.steps] == ["screening", "details", "psed", "workforce", "review"]
        assert screen.current.key == "screening"  # a new assessment opens on its screening, in the first question
        pane = screen.pane()
        first = pane.query_one("#screen-q-adverse_protected", Select)
        assert pilot.app.focused is first
        # the edition's questions, in its words
        labels = [str(w.render()) for w in pane.query(".screen-question")]
        assert labels[0] == ("1. Could the proposal have an adverse impact on people with any of the protected "
                             "characteristics?")
        assert len(labels) == 5

        await pilot.press("enter", "down", "down", "enter")  # Not answered → Yes → No
        await settle(pilot)
        assert first.value == "no"
        kept = screen.session.assessment.screening
        assert [(x.question, x.answer) for x in kept.answers] == [("adverse_protected", "no")]
        assert kept.outcome is None and kept.decided_by is None  # kept as given, not decided
        assert pane.query_one("#screen-record", Button).disabled  # four questions to answer
        for key in QUESTIONS[1:]:
            await answer(pilot, pane, key, "no")
        outcome = str(pane.query_one("#screen-outcome").render())
        assert outcome.startswith("Outcome: A full Community Impact Assessment is not needed.")

        # "not needed" needs a reason: refused without one, nothing recorded
        await press(pilot, pane.query_one("#screen-record", Button))
        assert screen.session.assessment.screening.outcome is None
        note = pane.query_one("#screen-note", TextArea)
        assert pilot.app.focused is note
        await type_text(pilot, WHY)
        await press(pilot, pane.query_one("#screen-record", Button))
        s = screen.session.assessment.screening
        assert s.outcome == "not_needed" and s.note == WHY and s.decided_at is not None
        assert (s.decided_by.name, s.decided_by.role) == LEAD
        assert s.reasons == [screen.session.assessment.template.screening.not_needed_statement]
        assert screen.session.assessment.trail[-1].action == "screen"
        decided = str(pane.query_one("#screen-decided").render())
        assert decided.startswith("Recorded: A full Community Impact Assessment is not needed, decided by "
                                  "Pat Lead (Project Lead) on ")
        await saves_done(pilot)
        assert store.load("lib").screening.outcome == "not_needed"  # saved at once
        # screened out: the screening is the whole of it, so nothing else is an error
        assert [f for f in screen.findings if f.is_error] == []
        steps = screen.query_one("#steps", OptionList)
        assert "6/6" in str(steps.get_option("screening").prompt)
        assert not any("✗" in str(steps.get_option(s.key).prompt) for s in screen.steps)
        review = await go_to_step(pilot, "review")
        assert "Screened out: this proposal's document is its screening record" in str(
            review.query_one("#export-note").render())
        await press_action(pilot, "submit")
    assert store.load("lib").status == "in_review"

    as_person(monkeypatch, REVIEWER)
    async with CiaApp(store, "lib").run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        assert assessment_screen(pilot).current.key == "screening"  # screened out: it opens on its screening
        await press_action(pilot, "approve")
    assert store.load("lib").status == "approved"

    as_person(monkeypatch, PAPERS)
    out = tmp_path / "exports"
    async with CiaApp(store, "lib", export_dir=out).run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        review = await go_to_step(pilot, "review")
        review.add_signoff()
        await settle(pilot)
        assert isinstance(pilot.app.screen, SignOffModal)
        for field, value in (("name", "Dee Director"), ("role", "Director of Corporate Services"),
                             ("date", "1 December 2026"), ("decision", "Approved")):
            pilot.app.screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        await press_action(pilot, "signoff")
        assert screen.session.assessment.status == "signed_off"
        saved = store.path_for("lib").read_bytes()

        pane = await go_to_step(pilot, "screening")
        await answer(pilot, pane, "staff", "yes")  # read-only now: refused, and the field put back
        await settle(pilot, 3)
        assert screen.session.assessment.screening.answer("staff").answer == "no"
        pane = screen.pane("screening")  # shown again from the assessment
        assert pane.query_one("#screen-q-staff", Select).value == "no"

        assert str(pane.query_one("#screen-export-dir", Input).value) == str(out)
        await press(pilot, pane.query_one("#screen-export", Button))
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert pane.exported is not None and pane.exported.parent == out
        await screen.saves.flush()
    assert store.path_for("lib").read_bytes() == saved
    a = store.load("lib")
    assert [e.action for e in a.trail] == ["screen", "submit", "approve", "record_signoff", "signoff"]

    from docx import Document

    doc = Document(str(pane.exported))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Community Impact Assessment screening"
    assert "A full Community Impact Assessment is not needed." in texts
    assert f"Why: {WHY}" in texts
    assert any(t.startswith("Decided by Pat Lead (Project Lead) on ") for t in texts)
    assert not any(t.startswith("DRAFT") for t in texts)  # signed off
    questions, signoffs = doc.tables[0], doc.tables[1]
    assert [c.text for c in questions.rows[1].cells] == [
        "Could the proposal have an adverse impact on people with any of the protected characteristics?", "No"]
    assert [c.text for c in signoffs.rows[1].cells] == ["Dee Director", "Director of Corporate Services",
                                                         "1 December 2026", "Approved"]


async def test_needed_carries_its_groups_into_the_assessment_as_cia_screen_does(store: Store, monkeypatch,
                                                                                 capsys) -> None:
    new(store, "app", edition="2021")
    new(store, "cli", edition="2021")
    as_person(monkeypatch, LEAD)
    answers = {"adverse_protected": "no", "service_change": "yes", "staff": "no",
               "health_economy_environment": "dont_know", "public_concern": "no"}
    async with CiaApp(store, "app").run_test(size=(80, 24)) as pilot:  # the narrowest terminal
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = screen.pane()
        assert screen.current.key == "screening"
        for key, value in answers.items():
            await answer(pilot, pane, key, value)
        groups = pane.query_one("#screen-groups", SelectionList)
        groups.focus()
        groups.select("disability")
        await settle(pilot)
        other = pane.query_one("#screen-other-groups", Input)
        other.focus()
        await type_text(pilot, "Carers, Armed forces community")
        outcome = str(pane.query_one("#screen-outcome").render())
        assert outcome.startswith("Outcome: A full Community Impact Assessment is needed.")
        assert "Recording it adds the groups named as areas to assess: Disability, Carers, Armed forces community." \
            in outcome.replace("\n", " ")
        before = screen.session.assessment.completeness("psed")
        await press(pilot, pane.query_one("#screen-record", Button))
        after = screen.session.assessment.completeness("psed")
        assert after[1] == before[1] + 2  # two groups the template does not list, now areas to assess
        steps = screen.query_one("#steps", OptionList)
        assert f"0/{after[1]}" in str(steps.get_option("psed").prompt).replace(" ", "")
        # an assessment screened in goes on to the full assessment: its Details are errors again
        assert any(f.is_error and f.location.field == "date_completed" for f in screen.findings)
        await saves_done(pilot)

    args = [f"{k}={v}" for k, v in answers.items()]
    code = main(["--store", str(store.root), "screen", "cli", *sum((["--answer", a] for a in args), []),
                 "--group", "disability,Carers, Armed forces community"])
    assert code == 0, capsys.readouterr().err
    app_a, cli_a = store.load("app"), store.load("cli")
    strip = {"decided_at"}
    assert app_a.screening.model_dump(exclude=strip) == cli_a.screening.model_dump(exclude=strip)
    assert app_a.screening.groups == ["disability", "Carers", "Armed forces community"]
    assert [(e.key, e.name, e.extra) for e in app_a.section("psed").entries] == \
        [(e.key, e.name, e.extra) for e in cli_a.section("psed").entries]
    assert [e.name for e in app_a.section("psed").entries if e.extra] == ["Carers", "Armed forces community"]

    # opened again, it goes to the assessment itself, and the screening shows what was recorded
    async with CiaApp(store, "app").run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        assert screen.current.key == "details"
        pane = await go_to_step(pilot, "screening")
        assert pane.query_one("#screen-q-service_change", Select).value == "yes"
        assert list(pane.query_one("#screen-groups", SelectionList).selected) == ["disability"]
        assert pane.query_one("#screen-other-groups", Input).value == "Carers, Armed forces community"
        assert pane.query_one("#screen-record", Button).disabled  # recorded, nothing changed since


async def test_a_changed_answer_clears_the_decision_until_it_is_recorded_again(store: Store,
                                                                                monkeypatch) -> None:
    new(store, "lib")
    as_person(monkeypatch, LEAD)
    async with CiaApp(store, "lib").run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        pane = screen.pane()
        for key in QUESTIONS:
            await answer(pilot, pane, key, "no")
        pane.query_one("#screen-note", TextArea).text = WHY
        await settle(pilot)
        await press(pilot, pane.query_one("#screen-record", Button))
        assert screen.session.assessment.screening.outcome == "not_needed"
        assert pane.query_one("#screen-record", Button).disabled

        await answer(pilot, pane, "public_concern", "dont_know")
        s = screen.session.assessment.screening
        assert s.outcome is None and s.decided_by is None  # decided on other answers: to be recorded again
        assert s.answer("public_concern").answer == "dont_know"
        assert not pane.query_one("#screen-record", Button).disabled
        assert "is needed" in str(pane.query_one("#screen-outcome").render())
        # no longer screened out: the full assessment's findings are back
        assert any(f.is_error and f.location.section == "psed" for f in screen.findings)
        review = await go_to_step(pilot, "review")
        assert not review.query_one("#export-note").display  # a full assessment: its own documents
        pane = await go_to_step(pilot, "screening")
        await press(pilot, pane.query_one("#screen-record", Button))
        assert screen.session.assessment.screening.outcome == "needed"
        assert [e.action for e in screen.session.assessment.trail] == ["screen", "screen"]
        await pilot.press("f1")  # the guidance for this step
        await settle(pilot)
        from cia.ui.modals.help import HelpModal

        assert isinstance(pilot.app.screen, HelpModal)
        assert "Record the decision" in pilot.app.screen.markdown and "Community Impact Assessment screening" \
            in pilot.app.screen.markdown
        await pilot.press("escape")
        await settle(pilot)
        await saves_done(pilot)
    assert store.load("lib").screening.outcome == "needed"


def step_prompt(screen, key: str) -> str:
    return str(screen.query_one("#steps", OptionList).get_option(key).prompt)


async def test_a_proposal_still_to_screen_marks_its_screening_step_as_cia_check_lists_it(
        store: Store, ui_store: Store, monkeypatch, capsys) -> None:
    new(store, "lib")
    as_person(monkeypatch, LEAD)
    due = "Screening: Screen the proposal first: answer the screening questions and record whether a full " \
          "assessment is needed."
    assert main(["--store", str(store.root), "check", "lib"]) == 1
    assert due in " ".join(capsys.readouterr().out.split())
    async with CiaApp(store, "lib").run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        screen = assessment_screen(pilot)
        assert screen.current.key == "screening"
        # marked as the other steps still to do are, from the same finding as cia check's
        assert "0/6" in step_prompt(screen, "screening") and "✗" in step_prompt(screen, "screening")
        assert "✗" in step_prompt(screen, "details") and "✗" in step_prompt(screen, "psed")
        assert [f.code for f in screen.findings if f.location.field == "screening"] == ["screening-due"]
        pane = screen.pane()
        await answer(pilot, pane, "staff", "yes")
        assert "1/6" in step_prompt(screen, "screening") and "✗" in step_prompt(screen, "screening")
        assert "Finish the screening" in [f for f in screen.findings if f.code == "screening-due"][0].message
        for key in QUESTIONS:
            if key != "staff":
                await answer(pilot, pane, key, "no")
        await press(pilot, pane.query_one("#screen-record", Button))
        assert screen.session.assessment.screening.outcome == "needed"
        prompt = step_prompt(screen, "screening")
        assert "6/6" in prompt and "✗" not in prompt  # screened: done, and the full assessment goes on
        assert "✗" in step_prompt(screen, "psed")
        await saves_done(pilot)
    main(["--store", str(store.root), "check", "lib"])
    assert "Screening:" not in capsys.readouterr().out

    # the council's CIAs written before screening was recorded: their full assessment is what counts, in the
    # app as in cia check (the 2024 one is ready, and its step list marks nothing)
    for ident, ready in (("cx2024", True), ("cdp2020", False)):
        assert ui_store.load(ident).screening is None
        assert main(["--store", str(ui_store.root), "check", ident]) == (0 if ready else 1)
        assert "Screening:" not in capsys.readouterr().out
        async with CiaApp(ui_store, ident).run_test(size=(120, 40)) as pilot:
            await settle(pilot, 3)
            screen = assessment_screen(pilot)
            assert screen.current.key == "details"
            assert "✗" not in step_prompt(screen, "screening")
            assert [f for f in screen.findings if f.location.field == "screening"] == []
            assert ("✗" in step_prompt(screen, "review")) is not ready
