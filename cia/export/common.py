"""Pieces both documents share: the header block, status marking, sign-off block, properties."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from ..model import APPROVED_STATUSES, STATUS_LABELS, Assessment
from .writer import PORTRAIT_WIDTH, DocWriter, Table, column_widths, limit

COUNCIL = "Staffordshire County Council"
NOT_GIVEN = "Not given"
SIGNOFF_BLANK_ROWS = 3
SIGNOFF_ROW_HEIGHT = 680
"""Twips (1.2 cm): room to write by hand in a sign-off row left blank."""


_FORCE_DRAFT: ContextVar[bool] = ContextVar("force_draft", default=False)


@contextmanager
def marked_draft() -> Iterator[None]:
    """Documents built inside mark themselves DRAFT whatever the status (``cia publish --draft``)."""
    token = _FORCE_DRAFT.set(True)
    try:
        yield
    finally:
        _FORCE_DRAFT.reset(token)


def forced_draft() -> bool:
    return _FORCE_DRAFT.get()


def status_label(a: Assessment) -> str:
    return STATUS_LABELS.get(a.status, a.status)


def status_mark(a: Assessment) -> str:
    """The marking shown in every page header: empty once approved, "DRAFT …" until then."""
    if a.status in APPROVED_STATUSES and not _FORCE_DRAFT.get():
        return ""
    if a.status == "draft":
        return "DRAFT"
    return f"DRAFT – {status_label(a).lower()}"


def draft_notice(a: Assessment, what: str) -> str:
    """The notice printed under the title of an assessment that is not approved."""
    if a.status == "approved":
        return f"DRAFT: this {what} has been approved but not yet signed off. Not for publication."
    return f"DRAFT: this {what} has not been approved (status: {status_label(a).lower()}). Not for publication."


def header_fields(a: Assessment, *, engagement: bool = False) -> list[tuple[str, str]]:
    """(label, value) pairs of the header block, labelled and ordered the way the assessment's edition
    prints them; an empty label is the edition's unlabelled title line.

    Fields the edition requires are always shown ("Not given" when empty); the others only when filled.
    """
    h = a.header
    out: list[tuple[str, str]] = []
    for spec, value in a.template.header_rows(h):
        if value or spec.required:
            out.append((spec.printed_label, value or NOT_GIVEN))
    if engagement and h.engagement.took_place is not None:
        answer = "Yes" if h.engagement.took_place else "No"
        details = " ".join(h.engagement.details.split())
        out.append(("Engagement / consultation", f"{answer}: {details}" if details else answer))
    out.append(("Status", status_label(a)))
    return out


LABEL_CHAR = 125
"""Twips per character of an 11pt bold label (a generous average, so the values line up after it)."""
MIN_LABEL_WIDTH = 2835


def label_width(labels: list[str]) -> int:
    """Where the values of a header block start: past the longest label and its colon."""
    longest = max((len(label) + 1 for label in labels if label), default=0)
    return max(MIN_LABEL_WIDTH, longest * LABEL_CHAR + 284)


def write_header_block(w: DocWriter, a: Assessment, *, engagement: bool = False) -> None:
    fields = header_fields(a, engagement=engagement)
    indent = label_width([label for label, _ in fields])
    for label, value in fields:
        w.labelled(label, value, indent)


def signoff_table(a: Assessment, width: int = PORTRAIT_WIDTH) -> Table:
    widths = column_widths((0.27, 0.33, 0.16, 0.24), width)
    table = Table(
        caption="Sign-off",
        description="Who signed off this assessment: name, role, date and decision.",
        columns=["Name", "Role", "Date", "Decision"],
        widths=widths,
    )
    if a.signoffs:
        table.rows = [
            [[("p", s.name, "")], [("p", s.role, "")], [("p", s.date, "")], [("p", s.decision, "")]]
            for s in a.signoffs
        ]
    else:
        table.description += " The rows are blank, to be completed when the assessment is signed off."
        table.rows = [[[], [], [], []] for _ in range(SIGNOFF_BLANK_ROWS)]
        table.min_row_height = SIGNOFF_ROW_HEIGHT
    return table


def author_of(a: Assessment) -> str:
    h = a.header
    if h.author:
        return h.author
    if h.leads:
        return h.leads[0].name
    return h.sponsor.name or COUNCIL


CIA = "Community Impact Assessment"


def core_properties(a: Assessment, document: str) -> dict[str, str]:
    """Title, subject, author … of a document (Word's File > Info; PDF metadata)."""
    title = a.header.title
    edition = a.template.title
    subject = edition if document == CIA else f"{document}, {edition}"
    keywords = [CIA, "CIA", "equality"] + ([document] if document != CIA else [])
    author = author_of(a)
    return {
        "title": limit(f"{document}: {title}" if title else document),
        "subject": limit(subject),
        "creator": limit(author),
        "lastModifiedBy": limit(author),
        "keywords": limit("; ".join(keywords)),
        "category": CIA,
        "description": limit(f"Status: {status_label(a)}. Produced with cia from assessment {a.id}, "
                             f"revision {a.revision}."),
        "contentStatus": limit(status_label(a)),
    }


def custom_properties(a: Assessment, document: str) -> dict[str, str | int]:
    """Custom document properties that say which assessment, revision and edition a document was made
    from, so an edited copy can be matched back to the stored assessment when it is imported."""
    version = getattr(a, "edition_version", None)
    return {
        "cia.id": a.id,
        "cia.revision": a.revision,
        "cia.edition": f"{a.edition}@{version}" if version else a.edition,
        "cia.document": document,
        "cia.schema_version": a.schema_version,
    }
