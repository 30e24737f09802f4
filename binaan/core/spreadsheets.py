"""Building blocks of the XLSX and CSV files the app writes (interns' month, reports, the
residents' import template): a bold header row, column widths, and the one rule that keeps a
name from becoming a formula.

Formula injection (CWE-1236): a partner, facilitator or logbook line named `=HYPERLINK(...)` or
`=1+1` must reach the reader of an export as that text, never as a live formula. Excel, LibreOffice
and Google Sheets treat a cell typed or imported as starting with `=`, `+`, `-` or `@` as a
formula, and a leading tab or carriage return hides such a start from a naive check. So every
export writes its cells through `write_row`, `write_cell` or `csv_writer`, and nowhere else.

- XLSX: the text is kept exactly as entered, stored as a string cell (`data_type = "s"`: openpyxl
  would otherwise store a string that starts with `=` as a formula) with the quotePrefix style,
  which is what Excel itself sets when a user types `'=1+1`: shown as text, and still text after
  the user edits the cell. An apostrophe would instead show in the sheet and change the data, and
  logbook lines that start with "- " (a dash list) are common.
- CSV has no types: the only defence a reader's spreadsheet honours is a leading apostrophe, which
  Excel hides on opening (OWASP's advice). The apostrophe is part of the CSV field.

Numbers, dates and negative numbers are written as they are: only text can carry a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# The characters a spreadsheet reads as the start of a formula (`=`, `+`, `-`, `@`), and tab and
# carriage return, which some readers strip before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet could take for a formula; never for a number or a date."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """The value for a CSV field: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def _as_text(cell: Cell) -> Cell:
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)` that never writes a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    return _as_text(cell) if is_formula_like(value) else cell


def write_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` that never writes a formula."""
    row: list[Any] = []
    for value in values:
        if is_formula_like(value):
            row.append(_as_text(Cell(sheet, value=value)))
        else:
            row.append(value)
    sheet.append(row)


class _Stream(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeCsvWriter:
    """`csv.writer` whose fields never start like a formula (see the module's note)."""

    def __init__(self, stream: _Stream, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: _Stream, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **options)


def bold_row(sheet: Worksheet, row: int) -> None:
    """The header row of a plain table (the reports' coloured header is their own)."""
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def set_column_widths(sheet: Worksheet, widths: Sequence[float], *, first: int = 1) -> None:
    """Widths in Excel's character units, from column `first` (1 = A) on."""
    for column, width in enumerate(widths, start=first):
        sheet.column_dimensions[get_column_letter(column)].width = width
