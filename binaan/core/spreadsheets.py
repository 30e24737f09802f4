"""Building blocks of the XLSX files the app writes (interns' month, reports, the residents'
import template): a bold header row and column widths, set the same way everywhere."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def bold_row(sheet: Worksheet, row: int) -> None:
    """The header row of a plain table (the reports' coloured header is their own)."""
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def set_column_widths(sheet: Worksheet, widths: Sequence[float], *, first: int = 1) -> None:
    """Widths in Excel's character units, from column `first` (1 = A) on."""
    for column, width in enumerate(widths, start=first):
        sheet.column_dimensions[get_column_letter(column)].width = width
