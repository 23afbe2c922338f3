"""Helpers for the Word export tests: load samples, export them once, read the documents back.

Imported by the test_export*.py modules (not a conftest.py, so it does not collide with other fixtures).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from cia.model import Assessment
from cia.store import read_file

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "cia_store"
SAMPLE_NAMES = ("cdp2020", "cx2024")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def load_sample(name: str) -> Assessment:
    return read_file(SAMPLES_DIR / f"{name}.json")


@dataclass
class Exported:
    assessment: Assessment
    paths: list[Path]

    @property
    def full_path(self) -> Path:
        return next(p for p in self.paths if p.name.endswith("-full-cia.docx"))

    @property
    def summary_path(self) -> Path:
        return next(p for p in self.paths if p.name.endswith("-summary.docx"))

    def full(self):  # type: ignore[no-untyped-def]
        return Document(str(self.full_path))

    def summary(self):  # type: ignore[no-untyped-def]
        return Document(str(self.summary_path))


def export(a: Assessment, out_dir: Path, **kwargs) -> Exported:  # type: ignore[no-untyped-def]
    from cia.export import export_documents

    return Exported(a, export_documents(a, out_dir, **kwargs))


@pytest.fixture(scope="module")
def exported_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Exported]:
    """Both samples exported once per test module."""
    out = {}
    for name in SAMPLE_NAMES:
        out[name] = export(load_sample(name), tmp_path_factory.mktemp(f"export-{name}"))
    return out


# --- reading documents back -------------------------------------------------------------------------


def outline(doc) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(level, text) of every heading paragraph in the body, in order."""
    out = []
    for p in doc.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            out.append((int(name.split()[1]), p.text))
    return out


def cell_items(cell) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(kind, text) for each paragraph of a cell: kind "li" for list-style bullets, else "p"."""
    items = []
    for p in cell.paragraphs:
        kind = "li" if p.style is not None and p.style.name.endswith("Bullet") else "p"
        items.append((kind, p.text))
    return items


def row_items(row) -> list[list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    return [cell_items(c) for c in row.cells]


def is_header_row(row) -> bool:  # type: ignore[no-untyped-def]
    trPr = row._tr.trPr
    return trPr is not None and trPr.find(qn("w:tblHeader")) is not None


def table_property(table, name: str) -> str | None:  # type: ignore[no-untyped-def]
    el = table._tbl.tblPr.find(qn(f"w:{name}"))
    return None if el is None else el.get(qn("w:val"))


def table_by_caption(doc, caption: str):  # type: ignore[no-untyped-def]
    for table in doc.tables:
        if table_property(table, "tblCaption") == caption:
            return table
    raise AssertionError(f"no table captioned {caption!r}; captions: "
                         f"{[table_property(t, 'tblCaption') for t in doc.tables]}")


def is_full_width(row) -> bool:  # type: ignore[no-untyped-def]
    """A row of one cell spanning every column (the Evidence Base row, template notes)."""
    return len(row._tr.tc_lst) == 1 and len(table_columns(row)) > 1


def table_columns(row) -> list:  # type: ignore[no-untyped-def]
    tbl = row._tr.getparent()
    return tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))


def body_rows(table) -> list:  # type: ignore[no-untyped-def]
    """The area rows of a category table: after the header row, before the full-width closing rows."""
    return [r for r in table.rows[1:] if not is_full_width(r)]


def end_table(table):  # type: ignore[no-untyped-def]
    """The table holding a long table's closing rows, right after it (past a hairline paragraph), if any."""
    from docx.table import Table as DocxTable

    nxt = table._tbl.getnext()
    if nxt is not None and nxt.tag == qn("w:p") and not "".join(nxt.itertext()).strip():
        nxt = nxt.getnext()
    if nxt is None or nxt.tag != qn("w:tbl"):
        return None
    end = DocxTable(nxt, table._parent)
    caption = table_property(end, "tblCaption") or ""
    return end if caption == f"{table_property(table, 'tblCaption')} (end)" else None


def closing_texts(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The paragraphs of each full-width closing row (notes, Evidence Base), including those carried
    in the table's end table; an Evidence Base row split over two rows there counts as one."""
    rows = [[p.text for p in r.cells[0].paragraphs] for r in table.rows[1:] if is_full_width(r)]
    end = end_table(table)
    if end is not None:
        end_rows = [[p.text for p in r.cells[0].paragraphs] for r in end.rows]
        borders = end._tbl.tblPr.find(qn("w:tblBorders"))
        inside = borders.find(qn("w:insideH")) if borders is not None else None
        if inside is not None and inside.get(qn("w:val")) == "nil":
            end_rows = [sum(end_rows, [])]
        rows += end_rows
    return rows


def is_hairline(p) -> bool:  # type: ignore[no-untyped-def]
    """The one-point paragraph that keeps a table and its end table apart."""
    ppr = p.find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    return (spacing is not None and spacing.get(qn("w:line")) == "20" and not "".join(p.itertext()).strip()
            and p.getprevious() is not None and p.getprevious().tag == qn("w:tbl"))


def header_texts(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.text for c in table.rows[0].cells]


def all_text(doc) -> str:  # type: ignore[no-untyped-def]
    """Every paragraph's text in the body, tables included, one per line."""
    return "\n".join(p.text for p in iter_paragraphs(doc))


def iter_paragraphs(doc):  # type: ignore[no-untyped-def]
    from docx.text.paragraph import Paragraph

    for p in doc.element.body.iter(qn("w:p")):
        yield Paragraph(p, doc)
