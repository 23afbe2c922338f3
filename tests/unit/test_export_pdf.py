"""PDFs through LibreOffice: `cia export --pdf`, and the exported pages as a reader sees them.

Tests that need LibreOffice (soffice) and poppler (pdftotext) skip on a machine without them, but
fail under CI=true, where .ci/run installs both.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from cia.cli import main
from cia.export import pdf

SAMPLES = Path(__file__).resolve().parents[2] / "cia_store"


def require_tools() -> None:
    missing = [name for name, ok in (("soffice", pdf.available()), ("pdftotext", shutil.which("pdftotext")))
               if not ok]
    if not missing:
        return
    message = f"{' and '.join(missing)} not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: .ci/run installs LibreOffice and poppler for these tests")
    pytest.skip(message)


def pages(path: Path) -> list[tuple[float, int, bool]]:
    """For each page of a PDF: how far down the body text reaches (0-1 of the area between header
    and footer), how many words the body holds, and whether the page is landscape."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    out = []
    for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        h = float(height)
        top, bottom = 56.7, h - 56.7  # the 2 cm margins; the header and footer sit outside them
        words = [(float(y0), float(y1)) for y0, y1 in
                 re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', body)]
        inside = [y1 for y0, y1 in words if y0 >= top - 2 and y1 <= bottom + 2]
        reach = (max(inside) - top) / (bottom - top) if inside else 0.0
        out.append((reach, len(inside), float(width) > h))
    return out


@pytest.fixture(scope="module")
def exported_pdfs(tmp_path_factory) -> dict[str, list[Path]]:
    require_tools()
    out = {}
    for name in ("cdp2020", "cx2024"):
        folder = tmp_path_factory.mktemp(f"pdf-{name}")
        code = main(["--store", str(SAMPLES), "export", name, "--out", str(folder), "--pdf"])
        assert code == 0
        out[name] = sorted(folder.glob("*.pdf"))
    return out


def test_export_pdf_writes_a_pdf_next_to_each_document(exported_pdfs, capsys):
    for name, paths in exported_pdfs.items():
        assert [p.name.rsplit("-", 1)[-1] for p in paths] == ["cia.pdf", "summary.pdf"], name
        for path in paths:
            assert path.read_bytes().startswith(b"%PDF")
            assert path.with_suffix(".docx").is_file()
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
            assert "Community Impact Assessment" in text or "Checklist and Executive Summary" in text
    assert not list(paths[0].parent.glob(".cia-pdf-*"))  # the working folder is removed


def test_no_page_is_left_mostly_empty(exported_pdfs):
    """Rows break across pages and categories flow on, so only a section's last page may be short; no
    page holds just a heading, a line or a lone table."""
    for name, paths in exported_pdfs.items():
        for path in paths:
            layout = pages(path)
            for number, (reach, words, landscape) in enumerate(layout, start=1):
                assert words >= 25, (path.name, number, words)
                # a section's last page: the document's, or the portrait front's before the landscape tables
                last_of_its_section = number == len(layout) or layout[number][2] != landscape
                if not last_of_its_section:
                    assert reach >= 0.5, (path.name, number, reach)


def test_without_libreoffice_the_documents_are_written_and_the_pdf_refused_plainly(tmp_path, monkeypatch,
                                                                                     capsys):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("CIA_SOFFICE", raising=False)
    code = main(["--store", str(SAMPLES), "export", "cx2024", "--out", str(tmp_path / "out"), "--pdf"])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2
    assert not list((tmp_path / "out").glob("*.pdf"))
    assert "LibreOffice is not installed" in err and "Traceback" not in err


def test_a_failed_conversion_keeps_the_previous_pdf(tmp_path, monkeypatch, capsys):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("CIA_SOFFICE", str(fake))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    previous = out_dir / "customer-experience-cx-strategy-2024-2026-full-cia.pdf"
    previous.write_bytes(b"%PDF-1.7 the previous copy")
    code = main(["--store", str(SAMPLES), "export", "cx2024", "--out", str(out_dir), "--full", "--pdf"])
    _out, err = capsys.readouterr()
    assert code == 1
    assert "LibreOffice made no PDF" in err and "source file could not be loaded" in err
    assert previous.read_bytes() == b"%PDF-1.7 the previous copy"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "customer-experience-cx-strategy-2024-2026-full-cia.docx", previous.name]


def test_the_sign_off_never_stands_alone_after_a_long_last_table(tmp_path):
    """Whatever the length of the last category, its Evidence Base row is on the sign-off's page."""
    require_tools()
    from cia.export import export_documents
    from cia.store import read_file

    docs = []
    for extra in range(0, 12, 2):
        a = read_file(SAMPLES / "cdp2020.json")
        entry = a.section("localities_communities").entries[-1]
        entry.set_points("benefits", entry.points("benefits")
                         + [f"Additional benefit {i} for rural communities across the county." for i in range(extra)])
        a.header.title = f"Variant {extra:02d}"
        docs += [p for p in export_documents(a, tmp_path, summary=False)]
    for path in pdf.convert(docs):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        last_page = text.rstrip("\f").split("\f")[-1]
        assert "Sign-off" in last_page
        assert "Evidence Base" in last_page, path.name

