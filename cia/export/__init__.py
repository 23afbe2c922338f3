"""Word exports: the full CIA (Background Paper) and the Checklist and Executive Summary (Cabinet Papers).

Public interface (importing this package is cheap: python-docx and Jinja2 are imported
only when a document or some prose is actually produced)::

    export_documents(assessment, out_dir, *, full=True, summary=True) -> list[Path]
    draft_executive_summary(assessment) -> str
    summary_paragraph(assessment) -> str
    summary_checklist(assessment) -> list[ChecklistRow]
    ExportError

Module map: ``figures`` (counts and lists, no Word), ``cells`` (category table content),
``prose`` (Jinja2), ``writer`` (WordprocessingML on python-docx), ``full`` and
``summary_doc`` (the two layouts), ``common`` (shared blocks).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .figures import ChecklistItem, ChecklistRow, KeyRisk, checklist_items, key_risks, summary_checklist

if TYPE_CHECKING:
    from ..model import Assessment

__all__ = [
    "ExportError",
    "export_documents",
    "draft_executive_summary",
    "summary_paragraph",
    "summary_checklist",
    "checklist_items",
    "key_risks",
    "executive_summary_text",
    "document_paths",
    "slugify",
    "ChecklistRow",
    "ChecklistItem",
    "KeyRisk",
]

FULL_SUFFIX = "-full-cia.docx"
SUMMARY_SUFFIX = "-summary.docx"
SLUG_MAX = 60


class ExportError(Exception):
    """An export failed; the message says why, in words fit to show a person."""


def slugify(text: str, fallback: str = "assessment") -> str:
    """A short, safe, ASCII file-name stem from a title ("Customer Experience (CX) …" -> "customer-experience-cx-…")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    slug = slug.strip("-")
    if slug:
        return slug
    fallback_slug = re.sub(r"[^a-z0-9]+", "-", fallback.lower()).strip("-")
    return fallback_slug or "assessment"


def document_paths(assessment: Assessment, out_dir: Path) -> tuple[Path, Path]:
    """Where :func:`export_documents` writes the full CIA and the summary."""
    stem = slugify(assessment.header.title, assessment.id)
    out_dir = Path(out_dir)
    return out_dir / f"{stem}{FULL_SUFFIX}", out_dir / f"{stem}{SUMMARY_SUFFIX}"


def _prose_error(exc: Exception) -> ExportError:
    return ExportError(f"Could not draft the text: {exc}.")


def draft_executive_summary(assessment: Assessment) -> str:
    """The executive summary drafted from the assessment: overall picture, main risks, key mitigations.

    Plain text; paragraphs separated by a blank line, bullet lines starting "- ".
    """
    from .prose import ProseError, executive_summary

    try:
        return executive_summary(assessment)
    except ProseError as exc:
        raise _prose_error(exc) from exc


def executive_summary_text(assessment: Assessment) -> str:
    """The executive summary the summary document shows: the author's if written, else the draft."""
    if assessment.executive_summary.strip():
        return assessment.executive_summary
    return draft_executive_summary(assessment)


def summary_paragraph(assessment: Assessment) -> str:
    """The "Community Impact" paragraph for the body of a committee or Cabinet report."""
    from .prose import ProseError, report_paragraph

    try:
        return report_paragraph(assessment)
    except ProseError as exc:
        raise _prose_error(exc) from exc


def _build(what: str, builder, *args) -> bytes:  # type: ignore[no-untyped-def]
    from .prose import ProseError
    from .writer import WriterError

    try:
        return builder(*args)
    except ExportError:
        raise
    except (ProseError, WriterError) as exc:
        raise ExportError(f"Could not build the {what}: {exc}.") from exc
    except Exception as exc:  # an unexpected failure must still reach the person as a message
        raise ExportError(f"Could not build the {what} ({type(exc).__name__}: {exc}).") from exc


def _write(path: Path, data: bytes) -> None:
    from ..fsio import atomic_write

    try:
        atomic_write(path, data, safe_target=True)
    except PermissionError as exc:
        if path.exists():
            reason = f"permission denied (is {path.name} open in Word, or the folder read-only?)"
        else:
            reason = "the folder is not writable"
        raise ExportError(f"Could not write {path.name} to {path.parent}: {reason}.") from exc
    except OSError as exc:
        raise ExportError(f"Could not write {path.name} to {path.parent}: {exc.strerror or exc}.") from exc


def export_documents(assessment: Assessment, out_dir: Path, *, full: bool = True,
                     summary: bool = True) -> list[Path]:
    """Write the full CIA and/or the Checklist and Executive Summary to ``out_dir``; return their paths.

    Both documents are built in memory first, then each is written atomically (a temporary file in the
    same folder, then renamed), so a failure leaves no half-written file. Raises :class:`ExportError`.
    """
    if not (full or summary):
        raise ExportError("Nothing to export: choose the full CIA, the summary or both.")
    out_dir = Path(out_dir).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"Cannot export to {out_dir}: it is a file, not a folder.")
    full_path, summary_path = document_paths(assessment, out_dir)

    jobs: list[tuple[Path, bytes]] = []
    if full:
        from .full import build_full

        jobs.append((full_path, _build("full CIA", build_full, assessment)))
    if summary:
        from .summary_doc import build_summary

        text = executive_summary_text(assessment)
        jobs.append((summary_path, _build("Checklist and Executive Summary", build_summary, assessment, text)))

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the folder {out_dir}: {exc.strerror or exc}.") from exc
    if not os.access(out_dir, os.W_OK):
        raise ExportError(f"Cannot export to {out_dir}: the folder is not writable.")

    written: list[Path] = []
    for path, data in jobs:
        _write(path, data)
        written.append(path)
    return written
