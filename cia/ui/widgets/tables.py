"""Filling a DataTable whose columns change with the terminal's width."""

from __future__ import annotations

from typing import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

Cell = str | Text


def _width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def fill_table(table: DataTable, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[str, Sequence[Cell]]]) -> None:
    """Replace a table's columns (label, key) and rows (key, cells), keeping the cursor row where it can.

    Column widths are set from the content here rather than measured by the table when it is next idle: a
    table re-laid out on a resize is then drawn at its new widths at once, not with the header's widths
    until something else redraws it.
    """
    cursor = table.cursor_row
    widths = [_width(label) for label, _ in columns]
    for _, cells in rows:
        for i, cell in enumerate(cells):
            widths[i] = max(widths[i], _width(cell))
    table.clear(columns=True)
    for (label, key), width in zip(columns, widths):
        table.add_column(label, key=key, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)


def fit_widths(natural: list[int], room: int, *, keep: tuple[int, ...] = (), least: int = 8) -> list[int]:
    """Column widths within ``room``: each column's own width, the widest cut first when they do not fit;
    the columns in ``keep`` (short ones, like a date) are cut only when the others cannot be."""
    widths = list(natural)
    while sum(widths) > room:
        cuttable = [j for j in range(len(widths)) if widths[j] > least and j not in keep]
        cuttable = cuttable or [j for j in range(len(widths)) if widths[j] > least]
        if not cuttable:
            break
        widths[max(cuttable, key=lambda j: widths[j])] -= 1
    return widths
