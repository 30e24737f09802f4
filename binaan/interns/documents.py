"""Renderers of the internship documents. Each takes plain row data (selectors.MonthReport,
CertificateData) and returns bytes, so they are testable without a database."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.graphics.barcode import qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from binaan.interns.selectors import MonthReport


def _letterhead(lines: list[str], styles: dict[str, ParagraphStyle]) -> list[object]:
    flow: list[object] = [Paragraph(f"<b>{line}</b>", styles["center"]) for line in lines]
    line = Table([[""]], colWidths=["100%"])
    line.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.5, colors.black)]))
    flow += [line, Spacer(1, 4 * mm)]
    return flow


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=14, spaceAfter=4),
        "center": ParagraphStyle("c", parent=base["Normal"], alignment=1, fontSize=10, leading=13),
        "normal": ParagraphStyle("n", parent=base["Normal"], fontSize=9, leading=11),
        "small": ParagraphStyle("s", parent=base["Normal"], fontSize=8, leading=10),
        "big": ParagraphStyle("b", parent=base["Normal"], alignment=1, fontSize=20, leading=26),
        "mid": ParagraphStyle("m", parent=base["Normal"], alignment=1, fontSize=12, leading=16),
    }


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    )


def month_headers() -> list[str]:
    # The national platform's daily report columns, in its order.
    return [
        _("Date"),
        _("Check-in"),
        _("Check-out"),
        _("Hours"),
        _("Activity"),
        _("Verification status"),
        _("Notes"),
    ]


def _notes(row_absence: str, row_flag: str) -> str:
    return " · ".join(part for part in (row_absence, row_flag) if part)


def render_month_xlsx(report: MonthReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = f"{report.month:%Y-%m}"
    for line in report.letterhead:
        sheet.append([line])
    sheet.append([])
    sheet.append([_("Monthly presence and logbook"), report.month_label])
    sheet.append([_("Intern"), report.intern_name])
    sheet.append([_("University"), report.university])
    sheet.append([_("Programme"), f"{report.source_programme} — {report.batch}"])
    sheet.append([_("Unit / section"), report.unit])
    sheet.append([_("Mentor"), report.mentor_name])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(month_headers())
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append(
            [
                row.date,
                row.check_in,
                row.check_out,
                float(row.hours) if row.hours is not None else None,
                row.activity,
                row.status_label,
                _notes(row.absence, row.half_day_flag),
            ]
        )
        current = sheet.max_row
        sheet.cell(current, 1).number_format = "DD/MM/YYYY"
        sheet.cell(current, 4).number_format = "0.0"
        sheet.cell(current, 5).alignment = Alignment(wrap_text=True, vertical="top")
    total_row = sheet.max_row + 1
    sheet.cell(total_row, 3, _("Total hours"))
    sheet.cell(total_row, 4, float(report.total_hours)).number_format = "0.0"
    for column, width in enumerate([14, 12, 12, 8, 60, 20, 28], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _signatures(
    left: tuple[str, str, str], right: tuple[str, str, str], styles: dict[str, ParagraphStyle]
) -> Table:
    def block(role: str, name: str, sub: str) -> list[object]:
        return [
            Paragraph(role, styles["center"]),
            Spacer(1, 18 * mm),
            Paragraph(f"<u>{_escape(name)}</u>", styles["center"]),
            Paragraph(_escape(sub), styles["center"]),
        ]

    table = Table([[block(*left), block(*right)]], colWidths=["50%", "50%"])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render_month_pdf(report: MonthReport) -> bytes:
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_("Monthly presence and logbook") + f" {report.intern_name} {report.month:%Y-%m}",
    )
    styles = _styles()
    flow: list[object] = _letterhead(report.letterhead, styles)
    flow.append(
        Paragraph(_("Monthly presence and logbook") + f" — {report.month_label}", styles["title"])
    )
    facts = [
        [
            _("Intern"),
            report.intern_name,
            _("Programme"),
            f"{report.source_programme} — {report.batch}",
        ],
        [
            _("University"),
            f"{report.university} {('— ' + report.study_programme) if report.study_programme else ''}",
            _("Unit / section"),
            report.unit,
        ],
        [_("Mentor"), report.mentor_name, _("Facility"), report.facility_name],
    ]
    facts_table = Table(
        [[Paragraph(_escape(str(c)), styles["normal"]) for c in row] for row in facts],
        colWidths=[28 * mm, 95 * mm, 30 * mm, 114 * mm],
    )
    facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flow += [facts_table, Spacer(1, 4 * mm)]
    data: list[list[object]] = [
        [Paragraph(f"<b>{h}</b>", styles["small"]) for h in month_headers()]
    ]
    for row in report.rows:
        data.append(
            [
                Paragraph(row.date_label, styles["small"]),
                row.check_in,
                row.check_out,
                f"{row.hours:.1f}" if row.hours is not None else "",
                Paragraph(_escape(row.activity), styles["small"]),
                Paragraph(row.status_label, styles["small"]),
                Paragraph(_escape(_notes(row.absence, row.half_day_flag)), styles["small"]),
            ]
        )
    data.append(["", "", _("Total"), f"{report.total_hours:.1f}", "", "", ""])
    table = Table(
        data,
        colWidths=[32 * mm, 20 * mm, 20 * mm, 13 * mm, 112 * mm, 28 * mm, 42 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -2), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eef0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
            ]
        )
    )
    flow += [table, Spacer(1, 8 * mm)]
    flow.append(
        _signatures(
            (_("Intern"), report.intern_name, report.university),
            (
                _("Mentor"),
                report.mentor_name,
                f"NIP {report.mentor_nip}" if report.mentor_nip else "",
            ),
            styles,
        )
    )
    if report.generated:
        flow += [
            Spacer(1, 4 * mm),
            Paragraph(
                _("Exported by %(who)s on %(when)s.")
                % {"who": report.generated_by, "when": report.generated},
                styles["small"],
            ),
        ]
    doc.build(flow)
    return buffer.getvalue()


@dataclass(frozen=True)
class CertificateData:
    letterhead: list[str]
    intern_name: str
    university: str
    study_programme: str
    source_programme: str
    batch: str
    facility_name: str
    unit: str
    period: str
    competencies: list[str]
    code: str
    verify_url: str
    place_and_date: str
    head_name: str
    head_nip: str
    mentor_name: str
    issued_on: date


def render_certificate_pdf(data: CertificateData) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Certificate of internship") + f" {data.intern_name}",
    )
    styles = _styles()
    flow: list[object] = _letterhead(data.letterhead, styles)
    flow += [
        Spacer(1, 10 * mm),
        Paragraph("<b>" + _("CERTIFICATE OF INTERNSHIP") + "</b>", styles["big"]),
        Spacer(1, 6 * mm),
        Paragraph(_("This certifies that"), styles["mid"]),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{_escape(data.intern_name)}</b>", styles["big"]),
        Paragraph(
            _escape(" — ".join(p for p in (data.university, data.study_programme) if p)),
            styles["mid"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            _(
                "has completed the internship of %(programme)s (%(batch)s) at %(facility)s, "
                "%(unit)s, from %(period)s."
            )
            % {
                "programme": _escape(data.source_programme),
                "batch": _escape(data.batch),
                "facility": _escape(data.facility_name),
                "unit": _escape(data.unit or "-"),
                "period": _escape(data.period),
            },
            styles["mid"],
        ),
    ]
    if data.competencies:
        flow += [Spacer(1, 6 * mm), Paragraph(_("Competencies practised:"), styles["center"])]
        flow += [Paragraph(_escape(c), styles["center"]) for c in data.competencies]
    flow += [Spacer(1, 10 * mm), Paragraph(_escape(data.place_and_date), styles["center"])]
    flow.append(
        _signatures(
            (_("Mentor"), data.mentor_name, ""),
            (
                _("Head of facility"),
                data.head_name or "-",
                f"NIP {data.head_nip}" if data.head_nip else "",
            ),
            styles,
        )
    )
    widget = qr.QrCodeWidget(data.verify_url)
    x1, y1, x2, y2 = widget.getBounds()
    size = 28 * mm
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    code_table = Table(
        [
            [
                drawing,
                [
                    Paragraph(
                        "<b>" + _("Verification code") + f": {data.code}</b>", styles["normal"]
                    ),
                    Paragraph(
                        _("Check this certificate at %(url)s") % {"url": _escape(data.verify_url)},
                        styles["small"],
                    ),
                ],
            ]
        ],
        colWidths=[32 * mm, 130 * mm],
    )
    code_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    flow += [Spacer(1, 10 * mm), code_table]
    doc.build(flow)
    return buffer.getvalue()
