"""Documents saved again by another word processor still import the same: a council-layout CIA and cia's own
export, each opened and saved as .docx by LibreOffice (which rewrites every part: styles, numbering, links,
properties). Needs LibreOffice (``soffice``), which ``.ci/run`` installs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cia.docx_import import read_docx
from cia.docx_import.summary import read_summary_beside
from cia.export import export_documents
from cia.store import read_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_fixtures import CDP2020, build, load  # noqa: E402
from test_docx_import_council import check_evidence, check_rows  # noqa: E402
from test_docx_import_roundtrip import SAMPLES, view  # noqa: E402

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def resave(paths: list[Path], out: Path, profile: Path) -> list[Path]:
    out.mkdir()
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=180)
    return [out / p.name for p in paths]


def test_documents_resaved_by_libreoffice_import_the_same(tmp_path: Path) -> None:
    data = load(CDP2020)
    council = build(data, tmp_path / "council-2020.docx")
    a = read_file(SAMPLES / "cdp2020.json")
    full = export_documents(a, tmp_path / "export", summary=False)[0]
    council2, full2 = resave([council, full], tmp_path / "resaved", tmp_path / "profile")

    result = read_docx(council2)
    assert check_rows(result, data) > 80
    check_evidence(result, data)  # link targets with "%20" decoded by LibreOffice are escaped again
    assert result.report.unplaced == []

    back = read_docx(full2)
    read_summary_beside(back, full2)
    assert (back.source_id, back.source_revision) == (a.id, a.revision)
    assert view(back.assessment) == view(a)
