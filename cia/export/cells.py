"""What goes in each cell of a category table, the template's way (no Word code here).

- Area cell: the area name (bold), then its definition (2024 layout) or guiding question (italic).
- N/A rows: "N/A" in every cell, the reason (if given) under the first one.
- Rows not yet assessed: "Not yet assessed" in every empty cell, never a silent blank.
- "See first row …" references: the template's sentence, then the row's own points as bullets.
- Impact lines: an area whose author paired each group with its own benefits, risks and mitigations
  gets one row per line, its area cell merged down them, as in the council's tables.
"""

from __future__ import annotations

from ..editions import CategoryDef
from ..model import AreaEntry, Assessment, CategorySection
from .writer import LANDSCAPE_WIDTH, Block, Table, column_widths

NOT_ASSESSED = "Not yet assessed"
NA = "N/A"

POINT_FIELDS = ("benefits", "risks", "mitigations")

# Column shares of the landscape text width: area, groups, benefits, risks, mitigations.
WITH_GROUPS = (0.19, 0.14, 0.223, 0.223, 0.224)
WITHOUT_GROUPS = (0.23, 0.256, 0.256, 0.258)



def columns(category: CategoryDef) -> list[str]:
    return category.column_headings()


def _points(points: list[str], bullets: bool = True) -> list[Block]:
    kind = "li" if bullets else "p"
    return [(kind, p, "") for p in points]


def area_cell(a: Assessment, section_key: str, category: CategoryDef, entry: AreaEntry) -> list[Block]:
    blocks: list[Block] = [("p", a.area_name(section_key, entry), "b")]
    area = a.area_def(section_key, entry)
    if area is not None and area.description:
        blocks.append(("p", area.description, ""))
    question = a.area_question(section_key, entry)
    if question:
        blocks.append(("p", question, "i"))
    if category.groups_column is None and entry.status != "na" and entry.groups:
        name = a.area_name(section_key, entry)
        if [g.strip().lower() for g in entry.groups] != [name.lower()]:
            blocks.append(("p", "Groups affected: " + "; ".join(entry.groups), ""))
    return blocks


def _data_cell(a: Assessment, section_key: str, entry: AreaEntry, cc: AreaEntry | None, f: str,
               points: list[str], first: bool) -> list[Block]:
    if f == "groups":
        return _points(points, bullets=len(points) > 1)
    cell: list[Block] = []
    if first and a.refers_to_first_row(entry, f):
        cell.append(("p", a.template.first_row_sentence(section_key, f), ""))
    return cell + _points(points)


def entry_rows(a: Assessment, section_key: str, category: CategoryDef, entry: AreaEntry,
               cc: AreaEntry | None) -> list[list[list[Block]]]:
    """The table rows of one area: one row, or one row per impact line (the area cell spanning them)."""
    data_fields = (["groups"] if category.groups_column else []) + list(POINT_FIELDS)
    lines = entry.impact_lines() if entry.status == "assessed" else []
    if len(lines) <= 1:
        return [row_cells(a, section_key, category, entry, cc)]
    rows = []
    for k, line in enumerate(lines):
        cells: list[list[Block]] = [area_cell(a, section_key, category, entry) if k == 0 else []]
        cells += [_data_cell(a, section_key, entry, cc, f, line[f], k == 0) for f in data_fields]
        rows.append(cells)
    return rows


def row_cells(a: Assessment, section_key: str, category: CategoryDef, entry: AreaEntry,
              cc: AreaEntry | None) -> list[list[Block]]:
    """All the cells of one area's row (its points in one line)."""
    cells: list[list[Block]] = [area_cell(a, section_key, category, entry)]
    data_fields = (["groups"] if category.groups_column else []) + list(POINT_FIELDS)

    if entry.status == "na":
        for i, _ in enumerate(data_fields):
            cell: list[Block] = [("p", NA, "")]
            if i == 0 and entry.na_reason:
                cell += [("p", line, "") for line in entry.na_reason.split("\n\n") if line.strip()]
            cells.append(cell)
        return cells

    for f in data_fields:
        cell = _data_cell(a, section_key, entry, cc, f, entry.points(f), True)  # type: ignore[arg-type]
        if not cell and entry.status == "not_assessed":
            cell = [("p", NOT_ASSESSED, "i")]
        cells.append(cell)
    if entry.status == "not_assessed" and entry.has_content:
        cells[0].append(("p", NOT_ASSESSED, "i"))
    return cells


def category_table(a: Assessment, section: CategorySection, category: CategoryDef) -> Table:
    cols = columns(category)
    cc = a.cross_cutting_entry()
    names = [a.area_name(section.key, e) for e in section.entries]
    listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    description = f"{category.title}: one row for each of {listed}; columns: {', '.join(cols[1:])}."
    table = Table(
        caption=f"{category.title} impact table",
        description=description,
        columns=cols,
        widths=column_widths(WITH_GROUPS if category.groups_column else WITHOUT_GROUPS, LANDSCAPE_WIDTH),
    )
    for n, entry in enumerate(section.entries):
        rows = entry_rows(a, section.key, category, entry, cc)
        table.rows += rows
        table.row_groups += [n] * len(rows)
    return table
