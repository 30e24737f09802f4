"""XLSX, CSV and JSON of the monthly report, from the selectors' figures only (the PDF is in
pdf.py). Each carries who made it and when."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from io import BytesIO, StringIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from binaan.core import dates, numbers
from binaan.core.documents import made_by_line
from binaan.core.spreadsheets import csv_writer, set_column_widths, write_cell
from binaan.reports import charts
from binaan.reports.selectors import (
    Consolidation,
    MonthlyReport,
    Row,
    consolidation_as_dict,
    report_as_dict,
    rows_as_long_table,
)

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
# Numbers stay numbers: the format codes render with the reader's separators (numbers.py).
PERCENT = numbers.XLSX_PERCENT_1


def _hours(hours: Decimal | None) -> Decimal | None:
    """Hours as shown everywhere: one decimal, half up (2,5)."""
    return numbers.rounded(hours, numbers.HOURS_PLACES)


def metric_columns(with_sessions: bool) -> list[tuple[str, str]]:
    columns = []
    if with_sessions:
        columns += [
            ("planned", str(_("Planned"))),
            ("held", str(_("Held"))),
            ("cancelled", str(_("Cancelled"))),
            ("not_taken", str(_("No attendance taken"))),
        ]
    return columns + [
        ("participants", str(_("Unique participants"))),
        ("participations", str(_("Participations"))),
        ("marked", str(_("Marks"))),
        ("present", str(_("Present"))),
        ("excused", str(_("Excused"))),
        ("absent", str(_("Absent"))),
        ("rate", str(_("Attendance rate"))),
    ]


def sheet_title(text: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and more than 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


def _header(sheet: Worksheet, titles: list[str], row: int = 1) -> None:
    for column, title in enumerate(titles, start=1):
        cell = write_cell(sheet, row, column, title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = sheet.cell(row=row + 1, column=2)


def _figure_cell(sheet: Worksheet, line: int, column: int, row: Row, key: str) -> None:
    """A number cell: the rate as the page's rounded figure (87,5% is 0.875 with a percent
    format, never a float re-rounded by the reader), counts with the thousands format."""
    if key == "rate":
        value = numbers.fraction(row.report_percent)
        write_cell(sheet, line, column, value).number_format = PERCENT
    else:
        write_cell(sheet, line, column, row.as_dict().get(key)).number_format = numbers.XLSX_INTEGER


def _rows_sheet(sheet: Worksheet, first: str, rows: list[Row], with_sessions: bool) -> None:
    columns = metric_columns(with_sessions)
    _header(sheet, [first] + [title for _key, title in columns])
    for line, row in enumerate(rows, start=2):
        write_cell(sheet, line, 1, row.label)
        for column, (key, _title) in enumerate(columns, start=2):
            _figure_cell(sheet, line, column, row, key)
    set_column_widths(sheet, [38] + [13] * len(columns))


def monthly_xlsx(report: MonthlyReport, *, user_name: str) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None  # noqa: S101 - a new workbook has one sheet
    summary.title = str(_("Summary"))[:31]
    facility = report.facility
    month_text = dates.format_month(report.month.year, report.month.month, language="id")
    write_cell(summary, 1, 1, "Laporan Bulanan Pembinaan dan Pelayanan")
    summary["A1"].font = Font(bold=True, size=14)
    write_cell(summary, 2, 1, f"{facility.name} — {month_text}")
    write_cell(summary, 3, 1, made_by_line(user_name, report.generated_at, facility.tzinfo))
    summary["A3"].font = Font(italic=True, size=9)
    _header(summary, [str(_("Figure")), month_text, str(_("Previous month"))], row=5)
    summary.freeze_panes = None
    for line, (key, title) in enumerate(metric_columns(True), start=6):
        write_cell(summary, line, 1, title)
        for column, row in ((2, report.total), (3, report.previous)):
            _figure_cell(summary, line, column, row, key)
    set_column_widths(summary, [30, 16, 16])

    sheets: dict[str, Worksheet] = {}
    for breakdown in report.breakdowns:
        sheet = book.create_sheet(sheet_title(breakdown.title))
        _rows_sheet(sheet, breakdown.title, breakdown.rows, breakdown.has_sessions)
        sheets[breakdown.key] = sheet

    sheet = book.create_sheet(str(_("Cancellations"))[:31])
    _header(sheet, [str(_("Reason")), str(_("Sessions"))])
    for line, (reason, n) in enumerate(report.cancel_reasons, start=2):
        write_cell(sheet, line, 1, reason)
        write_cell(sheet, line, 2, n).number_format = numbers.XLSX_INTEGER
    set_column_widths(sheet, [50])

    sheet = book.create_sheet(str(_("Partners and interns"))[:31])
    _header(sheet, [str(_("Kind")), str(_("Name")), str(_("Detail")), str(_("Sessions")),
                    str(_("Hours"))])  # fmt: skip
    position = 2
    for kind, people in (
        (str(_("Partner")), report.partners),
        (str(_("Facilitator")), report.facilitators),
        (str(_("Intern")), report.interns),
    ):
        for person in people:
            values = [kind, person.name, person.detail, person.sessions, _hours(person.hours)]
            for column, value in enumerate(values, start=1):
                write_cell(sheet, position, column, value)
            sheet.cell(position, 4).number_format = numbers.XLSX_INTEGER
            sheet.cell(position, 5).number_format = numbers.XLSX_DECIMAL
            position += 1
    set_column_widths(sheet, [30, 30, 30])

    sheet = book.create_sheet(str(_("Trend"))[:31])
    _header(sheet, [str(_("Month")), str(_("Marks")), str(_("Present")), str(_("Excused")),
                    str(_("Attendance rate"))])  # fmt: skip
    for line, point in enumerate(report.trend, start=2):
        # The month in words ("Maret 2026"), as on the page and in the PDF: never "2026-03".
        write_cell(sheet, line, 1, dates.format_month(point.start.year, point.start.month))
        for column, value in ((2, point.marked), (3, point.present), (4, point.excused)):
            write_cell(sheet, line, column, value).number_format = numbers.XLSX_INTEGER
        rate = numbers.fraction(point.report_percent)
        write_cell(sheet, line, 5, rate).number_format = PERCENT
    _summary_charts(summary, sheet, sheets["area"], report)

    book.properties.creator = user_name
    book.properties.title = (
        f"Laporan Bulanan Pembinaan dan Pelayanan {facility.code} {report.month}"
    )
    book.properties.created = timezone.now().replace(tzinfo=None)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary_charts(
    summary: Worksheet, trend: Worksheet, areas: Worksheet, report: MonthlyReport
) -> None:
    """Native charts on the summary sheet, drawn from the trend sheet's rates and the area
    sheet's participations: Excel users can restyle them, and they follow edited cells."""
    summary.add_chart(
        charts.trend_xlsx_chart(
            trend,
            label_column=1,
            rate_column=5,
            rows=len(report.trend),
            title=str(_("Attendance rate, last 12 months")),
        ),
        "E5",
    )
    area = report.breakdown("area")
    if area.rows:
        keys = [key for key, _title in metric_columns(area.has_sessions)]
        summary.add_chart(
            charts.category_xlsx_chart(
                areas,
                label_column=1,
                value_column=2 + keys.index("participations"),
                rows=len(area.rows),
                title=str(_("Participations by area (PP 31/1999)")),
            ),
            "E21",
        )


def consolidation_xlsx(report: Consolidation, *, user_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101
    sheet.title = str(_("Facilities"))[:31]
    rows = []
    for line in report.lines:
        row = Row(**{**line.row.__dict__, "label": f"{line.name} ({line.code})"})
        rows.append(row)
    _rows_sheet(sheet, report.title, rows + [report.total], True)
    regions = book.create_sheet(str(_("Regions"))[:31])
    _rows_sheet(regions, str(_("Regional office")), report.regions, True)
    book.properties.creator = user_name
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_text(metric: str, value: object) -> str:
    """A CSV value as an Indonesian reader writes it: "1.234", "87,5%", "2,5" (hours)."""
    if value is None:
        return ""
    if metric == "rate":
        return numbers.format_percent(value, language="id")  # type: ignore[arg-type]
    if metric == "hours":
        return numbers.format_number(value, numbers.HOURS_PLACES, language="id")  # type: ignore[arg-type]
    if isinstance(value, int | Decimal):
        return numbers.format_number(value, language="id")
    return str(value)


def monthly_csv(report: MonthlyReport, *, user_name: str) -> bytes:
    """One long table (breakdown, key, metric, value), UTF-8 with a BOM so Excel reads it right;
    values in Indonesian ("1.234", "87,5%"), as an Indonesian spreadsheet reads them."""
    buffer = StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["breakdown", "key", "metric", "value"])
    writer.writerow(["meta", "facility", "code", report.facility.code])
    writer.writerow(["meta", "month", "month", str(report.month)])
    writer.writerow(["meta", "made_by", "user", user_name])
    made_at = dates.format_datetime(report.generated_at, report.facility.tzinfo, language="id")
    writer.writerow(["meta", "made_at", "datetime", made_at])
    for breakdown, key, metric, value in rows_as_long_table(report):
        writer.writerow([breakdown, key, metric, _csv_text(metric, value)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# The JSON keeps every name exactly as entered: it is read by programs, not spreadsheets, and
# whoever turns it into a sheet escapes it there (binaan.core.spreadsheets).
def monthly_json(report: MonthlyReport, *, user_name: str) -> bytes:
    data = report_as_dict(report)
    data["made_by"] = user_name
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def consolidation_json(report: Consolidation, *, user_name: str) -> bytes:
    data = consolidation_as_dict(report)
    data["made_by"] = user_name
    data["generated_at"] = report.generated_at.isoformat()
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
