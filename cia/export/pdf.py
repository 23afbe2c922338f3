"""PDF copies of the exported Word documents, made by LibreOffice (``soffice``) when it is installed.

``soffice`` runs headless with a private, temporary user profile (so a LibreOffice the person has
open is neither used nor disturbed) and writes into a temporary folder beside the target; each
finished PDF is then renamed over the old one, so a failed or interrupted conversion never leaves
a half-written PDF or removes the previous one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180
"""Longest a conversion may take before it is stopped (a first start of LibreOffice is slow)."""


class PdfError(Exception):
    """A PDF could not be made; the message says why, in words fit to show a person."""


class NoConverter(PdfError):
    """LibreOffice is not installed."""


NOT_INSTALLED = ("PDFs not written: LibreOffice is not installed (no 'soffice' command was found). "
                 "Install LibreOffice, or save the Word documents as PDF from Word.")


def find_soffice() -> str | None:
    """The LibreOffice command: ``$CIA_SOFFICE`` if set, else ``soffice`` or ``libreoffice`` on the PATH."""
    configured = os.environ.get("CIA_SOFFICE", "").strip()
    if configured:
        return shutil.which(configured) or (configured if Path(configured).is_file() else None)
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    return find_soffice() is not None


def pdf_path(docx: Path) -> Path:
    return docx.with_suffix(".pdf")


def convert(documents: list[Path]) -> list[Path]:
    """Write ``X.pdf`` next to each ``X.docx``; return the PDF paths. Raises :class:`PdfError`."""
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise NoConverter(NOT_INSTALLED)
    by_folder: dict[Path, list[Path]] = {}
    for doc in documents:
        by_folder.setdefault(Path(doc).resolve().parent, []).append(Path(doc).resolve())
    written: list[Path] = []
    for folder, docs in by_folder.items():
        written += _convert_in(soffice, folder, docs)
    return written


def _convert_in(soffice: str, folder: Path, docs: list[Path]) -> list[Path]:
    try:
        work = Path(tempfile.mkdtemp(prefix=".cia-pdf-", dir=folder))
    except OSError as exc:
        raise PdfError(f"PDFs not written: cannot use the folder {folder} ({exc.strerror or exc}).") from None
    try:
        profile = work / "profile"
        out = work / "out"
        out.mkdir()
        command = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nologo", "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out),
            *[str(d) for d in docs],
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfError(f"PDFs not written: LibreOffice did not finish within {TIMEOUT_SECONDS} seconds.") \
                from None
        except OSError as exc:
            raise PdfError(f"PDFs not written: LibreOffice ({soffice}) could not be started "
                           f"({exc.strerror or exc}).") from None
        written = []
        for doc in docs:
            made = out / pdf_path(doc).name
            if not made.is_file() or made.stat().st_size == 0:
                detail = (result.stderr or result.stdout or "").strip().splitlines()
                why = f": {detail[-1]}" if detail else ""
                raise PdfError(f"PDF not written for {doc.name}: LibreOffice made no PDF "
                               f"(exit status {result.returncode}){why}.")
            target = pdf_path(doc)
            try:
                os.replace(made, target)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                if isinstance(exc, PermissionError):
                    reason = f"permission denied (is {target.name} open in a PDF viewer?)"
                raise PdfError(f"Could not write {target.name} to {folder}: {reason}.") from None
            written.append(target)
        return written
    finally:
        shutil.rmtree(work, ignore_errors=True)
