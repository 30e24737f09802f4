"""PDF of the monthly report (Laporan Bulanan Pembinaan dan Pelayanan): kop surat, title, month
in Indonesian, the tables, the charts and the head's signature block. ReportLab only."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from binaan.core import dates, documents
from binaan.core.documents import HEADER_BACKGROUND, HEADING, SMALL, SUBTITLE, TITLE, escape
from binaan.core.numbers import HOURS_PLACES, format_number, format_percent
from binaan.reports import charts
from binaan.reports.exports import made_by_line, metric_columns
from binaan.reports.selectors import Breakdown, MonthlyReport, Row

TITLE_TEXT = "Laporan Bulanan Pembinaan dan Pelayanan"


def _figure(row: Row, key: str, values: dict[str, Any]) -> str:
    """A cell of a figures table: the rate as on the page ("87,5%"), counts with the thousands
    dot ("1.234"); always Indonesian, as the document is."""
    if key == "rate":
        return format_percent(row.report_percent, language="id")
    return format_number(values.get(key), language="id")


TABLE_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
)


def _rows_table(title: str, rows: list[Row], with_sessions: bool, width: float) -> Table:
    columns = metric_columns(with_sessions)
    header: list[Any] = [Paragraph(f"<b>{escape(title)}</b>", SMALL)]
    header += [Paragraph(f"<b>{escape(label)}</b>", SMALL) for _key, label in columns]
    data: list[list[Any]] = [header]
    for row in rows:
        values = row.as_dict()
        line: list[Any] = [Paragraph(escape(row.label), SMALL)]
        line += [_figure(row, key, values) for key, _label in columns]
        data.append(line)
    first = 42 * mm
    other = (width - first) / len(columns)
    table = Table(data, colWidths=[first] + [other] * len(columns), repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def render_monthly_pdf(report: MonthlyReport, *, user_name: str) -> bytes:
    facility = report.facility
    buffer = BytesIO()
    month_text = dates.format_month(report.month.year, report.month.month, language="id")
    made = made_by_line(user_name, report.generated_at, facility.tzinfo)

    doc = documents.pdf_document(
        buffer,
        margin_x=15 * mm,
        margin_bottom=16 * mm,
        title=f"{TITLE_TEXT} — {facility.name} — {month_text}",
        author=user_name,
        subject=made,
    )
    width = doc.width
    story: list[Any] = [*documents.letterhead(facility.letterhead, width)]
    story += [
        Paragraph(TITLE_TEXT.upper(), TITLE),
        Paragraph(escape(f"{facility.name} — {_('Month')}: {month_text}"), SUBTITLE),
        Spacer(1, 8),
    ]
    previous_text = dates.format_month(
        report.month.shifted(-1).year, report.month.shifted(-1).month, language="id"
    )
    current, previous = report.total.as_dict(), report.previous.as_dict()
    summary: list[list[Any]] = [[_("Figure"), month_text, previous_text]]
    for key, label in metric_columns(True):
        summary.append(
            [label, _figure(report.total, key, current), _figure(report.previous, key, previous)]
        )
    table = Table(summary, colWidths=[70 * mm, 40 * mm, 40 * mm])
    table.setStyle(TABLE_STYLE)
    story += [Paragraph(_("Summary and comparison with the previous month"), HEADING), table]
    story += [
        Paragraph(_("Attendance rate, last 12 months"), HEADING),
        charts.trend_drawing(report.trend, width=width, height=52 * mm),
        Paragraph(_("Participations by area (PP 31/1999)"), HEADING),
        charts.category_drawing(report.breakdown("area").rows, width=width),
    ]
    for breakdown in report.breakdowns:
        story += _breakdown(breakdown, width)
    if report.cancel_reasons:
        data: list[list[Any]] = [[_("Reason for cancelling"), _("Sessions")]]
        data += [
            [Paragraph(escape(reason), SMALL), format_number(n, language="id")]
            for reason, n in report.cancel_reasons
        ]
        table = Table(data, colWidths=[width - 30 * mm, 30 * mm])
        table.setStyle(TABLE_STYLE)
        story.append(KeepTogether([Paragraph(_("Cancelled sessions"), HEADING), table]))
    people: list[list[Any]] = [[_("Kind"), _("Name"), _("Detail"), _("Sessions"), _("Hours")]]
    for kind, persons in (
        (_("Partner"), report.partners),
        (_("Facilitator"), report.facilitators),
        (_("Intern"), report.interns),
    ):
        for person in persons:
            people.append(
                [kind, Paragraph(escape(person.name), SMALL), Paragraph(escape(person.detail), SMALL),
                 format_number(person.sessions, language="id"),
                 format_number(person.hours, HOURS_PLACES, language="id")]
            )  # fmt: skip
    if len(people) > 1:
        table = Table(people, colWidths=[25 * mm, 55 * mm, 55 * mm, 20 * mm, width - 155 * mm])
        table.setStyle(TABLE_STYLE)
        story.append(
            KeepTogether(
                [Paragraph(_("Partners, facilitators and interns involved"), HEADING), table]
            )
        )

    head = documents.signature_block(
        role=f"Kepala {facility.name}",
        name=facility.head_name,
        nip=facility.head_nip,
        place_date=documents.place_and_date(facility, dates.facility_today(facility)),
    )
    story += [Spacer(1, 10), documents.signature_row(None, head)]
    footer = documents.page_footer(made)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _breakdown(breakdown: Breakdown, width: float) -> list[Any]:
    if not breakdown.rows:
        return []
    # The heading stays with (the start of) its table, never alone at a page's foot.
    return [
        KeepTogether(
            [
                Paragraph(escape(breakdown.title), HEADING),
                _rows_table(breakdown.title, breakdown.rows, breakdown.has_sessions, width),
            ]
        )
    ]
