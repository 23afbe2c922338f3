"""Reading Community Impact Assessments written in Word: the council's template and cia's own exports.

Public interface (cheap to import; lxml is loaded only when a document is read)::

    read_docx(path) -> ImportResult      # .assessment, .report, .source_id, .source_revision
    DocxImportError                      # the message names the problem, fit to show a person

Module map: ``package`` (opening the .docx safely), ``reader`` (WordprocessingML to paragraphs
and tables), ``tables`` (category tables: header row, columns, merged and continued rows),
``document`` (the document's parts, top to bottom), ``match`` (areas, categories, template text,
the edition), ``wording`` (N/A, references, typed bullets), ``front`` (header block and front
sections), ``rows`` (a row into its area), ``evidence``, ``build`` (the assessment), ``report``,
``summary`` (the Checklist and Executive Summary exported beside a full CIA) and ``into_store``
(adding to a store, or ``--replace``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .package import DocxImportError
from .report import ImportReport

if TYPE_CHECKING:
    from .build import ImportResult

__all__ = ["read_docx", "DocxImportError", "ImportReport", "looks_like_word"]

WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".doc")


def looks_like_word(path: Path) -> bool:
    """A Word document by its name or its first bytes (a zip archive or an OLE compound file), so that
    ``cia import`` sends it to the Word importer (which says exactly what is wrong if it is not one)."""
    path = Path(path)
    if path.suffix.lower() in WORD_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith((b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")))


def read_docx(path: Path) -> ImportResult:
    """Read ``path`` into an assessment and a report; :class:`DocxImportError` if it cannot be."""
    from .build import build
    from .document import walk
    from .package import open_package
    from .reader import read_blocks

    package = open_package(Path(path))
    try:
        blocks = read_blocks(package)
        parts = walk(blocks)
        return build(package, parts)
    except DocxImportError:
        raise
    except RecursionError:
        raise DocxImportError(f"{package.name}: the document is nested too deeply to read") from None
