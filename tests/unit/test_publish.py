"""What Cabinet sees: cia publish, read back from the files it writes."""

from __future__ import annotations

from docx import Document

from cia.cli import EXIT_OK, EXIT_REFUSED
from cia.export.common import NOT_GIVEN
from cia.export.cells import NOT_ASSESSED
from cia.export.full import NOT_WRITTEN

from conftest_export import all_text, row_items, table_by_caption

from review_people import PAPERS, REVIEWER, cli  # noqa: F401  (cli is a fixture)


def sign_off(cli, ref="cx2024"):
    assert cli("review", ref, "submit")[0] == 0
    assert cli("review", ref, "approve", who=REVIEWER)[0] == 0
    assert cli("signoff", ref, "--name", "Dee Director", "--role", "Director of Corporate Services", "--date",
               "1 May 2024", "--decision", "Approved", who=PAPERS)[0] == 0
    assert cli("signoff", ref, "--name", "Cllr Vee", "--role", "Cabinet Member", "--date", "2 May 2024",
               "--decision", "Approved with recommendations", who=PAPERS)[0] == 0
    assert cli("review", ref, "signoff", who=PAPERS)[0] == 0


def files(out_dir):
    return sorted(p.name for p in out_dir.iterdir())


def test_publishing_is_refused_until_signed_off(cli, tmp_path):
    code, _, err = cli("publish", "cx2024", "--out", str(tmp_path / "out"), who=PAPERS)
    assert code == EXIT_REFUSED and "only a signed-off assessment is published" in err and "--draft" in err
    assert not (tmp_path / "out").exists()


def test_a_signed_off_assessment_is_published_with_its_signoffs_and_key_risks(cli, tmp_path):
    for loc in ("psed/age/risks/1", "psed/disability/risks/1"):
        assert cli("risk", "cx2024", loc, "--key", "--rating", "high" if "age" in loc else "medium")[0] == 0
    sign_off(cli)
    out = tmp_path / "papers"
    code, stdout, _ = cli("publish", "cx2024", "--out", str(out), who=PAPERS)
    assert code == EXIT_OK
    stem = "customer-experience-cx-strategy-2024-2026"
    assert files(out) == [f"{stem}-community-impact.docx", f"{stem}-community-impact.txt", f"{stem}-full-cia.docx",
                          f"{stem}-summary.docx"]
    a = cli.store.load("cx2024")
    summary = Document(str(out / f"{stem}-summary.docx"))
    signoffs = table_by_caption(summary, "Sign-off")
    assert [[c.text for c in r.cells] for r in signoffs.rows[1:]] == [
        ["Dee Director", "Director of Corporate Services", "1 May 2024", "Approved"],
        ["Cllr Vee", "Cabinet Member", "2 May 2024", "Approved with recommendations"]]
    body = [p.text for p in summary.paragraphs]
    assert any(t.startswith("Signed off and closed by Sam Papers (Cabinet Papers Team) on ") for t in body)
    key = table_by_caption(summary, "Key risks and mitigations")
    age = a.section("psed").entry("age").risks[0].text
    disability = a.section("psed").entry("disability").risks[0].text
    assert [row_items(r)[0][1][1] for r in key.rows[1:]] == [age, disability]  # exactly the flagged, high first
    assert not any(t.startswith("Proposed:") for t in body)
    for name in (f"{stem}-summary.docx", f"{stem}-full-cia.docx", f"{stem}-community-impact.docx"):
        text = all_text(Document(str(out / name)))
        assert "DRAFT" not in text, name
        for placeholder in (NOT_WRITTEN, NOT_ASSESSED, NOT_GIVEN):
            assert placeholder not in text, (name, placeholder)
    fragment = Document(str(out / f"{stem}-community-impact.docx"))
    assert [p.text for p in fragment.paragraphs][0] == "Community Impact"
    assert [row_items(r)[0][1][1] for r in table_by_caption(fragment, "Key risks and mitigations").rows[1:]] == \
        [age, disability]
    text = (out / f"{stem}-community-impact.txt").read_text("utf-8")
    assert text.startswith("Community Impact\n\nA Community Impact Assessment (CIA) has been completed")
    assert f"{age} (residual rating: High)" in text and f"{disability} (residual rating: Medium)" in text
    assert "DRAFT" not in text


def test_a_draft_publication_says_draft_on_every_file(cli, tmp_path):
    assert cli("review", "cx2024", "submit")[0] == 0
    assert cli("review", "cx2024", "approve", who=REVIEWER)[0] == 0  # approved, not yet signed off
    out = tmp_path / "draft"
    code, stdout, _ = cli("publish", "cx2024", "--out", str(out), "--draft", who=PAPERS)
    assert code == EXIT_OK and "as a DRAFT" in stdout
    for name in files(out):
        path = out / name
        if name.endswith(".txt"):
            text = path.read_text("utf-8")
            assert text.startswith("DRAFT")
            assert "is currently being finalised" in text
            assert "Proposed:" in text  # nothing flagged: proposed risks, and it says so
        else:
            doc = Document(str(path))
            headers = " ".join(p.text for s in doc.sections for p in s.header.paragraphs)
            assert "DRAFT" in headers, name
            assert any(p.text.startswith("DRAFT: this") for p in doc.paragraphs), name
