"""What the cabinet papers team attaches: ``cia publish ID --out DIR``.

- the Checklist and Executive Summary (goes into the Cabinet Papers);
- the full CIA (the Background Paper);
- the report's "Community Impact" paragraph with its key risks table, as a .docx fragment ready to paste into
  the report and as plain text.

A screened-out assessment (screening outcome "no full CIA needed") has one document: its signed-off screening
record, which says why no full assessment was made; that is what is published for it.

Only a signed-off assessment is published, unless ``draft`` is asked for: then every file says DRAFT. A
published document never prints a placeholder ("Not yet written" …): the approval rules make that impossible
for a signed-off assessment, and this is checked again here.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from ..model import Assessment
from . import ExportError, document_paths, export_documents, slugify, summary_paragraph
from .common import core_properties, draft_notice, marked_draft, status_mark

PARAGRAPH_DOCX = "-community-impact.docx"
PARAGRAPH_TEXT = "-community-impact.txt"
SCREENING_RECORD = "-screening-record.docx"
PARAGRAPH_TITLE = "Community Impact"
DRAFT_LINE = "DRAFT – not signed off; not for publication."


class PublishRefused(ExportError):
    """Publishing is not allowed for this assessment as it stands; the message says why."""


@dataclass(frozen=True)
class Published:
    """What was written: each file with what it is for, and the Word documents a PDF can be made of."""

    files: list[tuple[Path, str]]
    documents: list[Path]
    draft: bool

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.files]


def refusal(a: Assessment, draft: bool) -> str | None:
    """Why the assessment cannot be published (None when it can)."""
    if draft:
        return None
    if a.status != "signed_off":
        from ..workflow import status_label

        return (f"cannot publish {a.title or a.id}: it is {status_label(a.status).lower()}, and only a signed-off "
                "assessment is published. Use --draft to publish a copy marked DRAFT on every file.")
    from ..workflow import placeholders

    found = placeholders(a)
    if found:
        return (f"cannot publish {a.title or a.id}: the documents would print placeholders ("
                + "; ".join(found[:5]) + "). Reopen it, complete them and have it approved again.")
    return None


def paragraph_text(a: Assessment, draft: bool) -> str:
    """The paragraph and the key risks as plain text (one risk a block, its mitigations as "- " lines)."""
    from ..register import key_risks

    lines: list[str] = []
    if draft:
        lines += [DRAFT_LINE, ""]
    lines += [PARAGRAPH_TITLE, "", summary_paragraph(a).strip()]
    chosen = key_risks(a)
    if chosen.rows:
        lines += ["", "Key risks and mitigations", ""]
        if chosen.proposed:
            from .summary_doc import PROPOSED_NOTE

            lines += [PROPOSED_NOTE, ""]
        for row in chosen.rows:
            lines.append(f"{row.category} – {row.area}: {row.text} (residual rating: {row.rating_label})")
            if row.first_row_mitigations:
                lines.append(f"- See also the mitigations for {row.first_row_name}.")
            lines += [f"- {m.text}" for m in row.mitigations] or ["- No mitigation or recommendation has been given."]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def paragraph_docx(a: Assessment, draft: bool) -> bytes:
    """The paragraph and its key risks table as a small Word document, ready to paste into the report."""
    from .summary_doc import write_key_risks
    from .writer import DocWriter

    w = DocWriter()
    if draft or status_mark(a):
        w.notice(draft_notice(a, "text"))
    w.heading(PARAGRAPH_TITLE, 2)
    w.prose(summary_paragraph(a))
    w.heading("Key risks and mitigations", 3)
    write_key_risks(w, a)
    title = a.header.title
    return w.finish(header_left=f"{PARAGRAPH_TITLE}: {title}" if title else PARAGRAPH_TITLE,
                    header_right=status_mark(a), core=core_properties(a, f"{PARAGRAPH_TITLE} paragraph"))


def _write(path: Path, data: bytes, out_dir: Path) -> None:
    from ..fsio import atomic_write

    try:
        atomic_write(path, data, safe_target=True)
    except OSError as exc:
        raise ExportError(f"Could not write to {out_dir}: {exc.strerror or exc}.") from exc


def _publish_screening(a: Assessment, out_dir: Path, draft: bool) -> Published:
    from ..screening_doc import build_screening_record

    path = out_dir / f"{slugify(a.header.title, a.id)}{SCREENING_RECORD}"
    with marked_draft() if draft else nullcontext():
        try:
            data = build_screening_record(a)
        except Exception as exc:  # the message must reach the person, never a traceback
            raise ExportError(f"Could not build the screening record ({type(exc).__name__}: {exc}).") from exc
    _write(path, data, out_dir)
    return Published([(path, "Screening record: why no full CIA was needed (the Background Paper)")], [path], draft)


def publish(a: Assessment, out_dir: Path, *, draft: bool = False) -> Published:
    """Write the files to ``out_dir``: the four documents, or a screened-out assessment's screening record.
    Raises :class:`PublishRefused` or :class:`ExportError`."""
    message = refusal(a, draft)
    if message:
        raise PublishRefused(message)
    out_dir = Path(out_dir).expanduser()
    from ..screening import not_needed

    if not_needed(a):
        return _publish_screening(a, out_dir, draft)
    stem = slugify(a.header.title, a.id)
    docx_path, text_path = out_dir / f"{stem}{PARAGRAPH_DOCX}", out_dir / f"{stem}{PARAGRAPH_TEXT}"
    with marked_draft() if draft else nullcontext():
        try:
            fragment = paragraph_docx(a, draft)
            text = paragraph_text(a, draft)
        except ExportError:
            raise
        except Exception as exc:  # the message must reach the person, never a traceback
            raise ExportError(f"Could not build the Community Impact paragraph ({type(exc).__name__}: {exc}).") \
                from exc
        export_documents(a, out_dir)
    _write(docx_path, fragment, out_dir)
    _write(text_path, text.encode("utf-8"), out_dir)
    full, summary = document_paths(a, out_dir)
    return Published([(summary, "Checklist and Executive Summary (Cabinet Papers)"),
                      (full, "Full CIA (Background Paper)"),
                      (docx_path, "Community Impact paragraph and key risks (to paste into the report)"),
                      (text_path, "The same as plain text")], [summary, full], draft)


__all__ = ["publish", "refusal", "Published", "PublishRefused", "paragraph_text", "paragraph_docx"]
