"""Renderers of the internship documents. Each takes plain row data (selectors.MonthReport,
CertificateData) and returns bytes, so they are testable without a database."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from reportlab.graphics.barcode import qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from binaan.core import documents
from binaan.core.documents import CELL, CENTER, HEADER_BACKGROUND, SMALL, TITLE, escape
from binaan.core.numbers import HOURS_PLACES, XLSX_DECIMAL, format_number
from binaan.core.spreadsheets import bold_row, set_column_widths, write_cell, write_row
from binaan.interns.selectors import MonthReport

# The certificate's own sizes: the intern's name and the title stand out from the letter.
BIG = ParagraphStyle("cert-big", parent=CENTER, fontSize=20, leading=26)
MID = ParagraphStyle("cert-mid", parent=CENTER, fontSize=12, leading=16)


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
        write_row(sheet, [line])
    sheet.append([])
    write_row(sheet, [_("Monthly presence and logbook"), report.month_label])
    write_row(sheet, [_("Intern"), report.intern_name])
    write_row(sheet, [_("University"), report.university])
    write_row(sheet, [_("Programme"), f"{report.source_programme} — {report.batch}"])
    write_row(sheet, [_("Unit / section"), report.unit])
    write_row(sheet, [_("Mentor"), report.mentor_name])
    if report.generated_by:
        write_row(
            sheet,
            [
                _("Exported by %(who)s on %(when)s.")
                % {"who": report.generated_by, "when": report.generated}
            ],
        )
    sheet.append([])
    header_row = sheet.max_row + 1
    write_row(sheet, month_headers())
    bold_row(sheet, header_row)
    for row in report.rows:
        write_row(
            sheet,
            [
                row.date,
                row.check_in,
                row.check_out,
                float(row.hours) if row.hours is not None else None,
                row.activity,
                row.status_label,
                _notes(row.absence, row.half_day_flag),
            ],
        )
        current = sheet.max_row
        sheet.cell(current, 1).number_format = "DD/MM/YYYY"
        sheet.cell(current, 4).number_format = XLSX_DECIMAL
        sheet.cell(current, 5).alignment = Alignment(wrap_text=True, vertical="top")
    total_row = sheet.max_row + 1
    write_cell(sheet, total_row, 3, _("Total hours"))
    write_cell(sheet, total_row, 4, float(report.total_hours)).number_format = XLSX_DECIMAL
    set_column_widths(sheet, [14, 12, 12, 8, 60, 20, 28])
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_month_pdf(report: MonthReport) -> bytes:
    buffer = io.BytesIO()
    doc = documents.pdf_document(
        buffer,
        pagesize=landscape(A4),
        margin_x=15 * mm,
        margin_top=12 * mm,
        margin_bottom=12 * mm,
        title=_("Monthly presence and logbook") + f" {report.intern_name} {report.month:%Y-%m}",
    )
    flow: list[object] = [*documents.letterhead(report.letterhead, doc.width)]
    flow.append(
        Paragraph(escape(_("Monthly presence and logbook") + f" — {report.month_label}"), TITLE)
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
        [[Paragraph(escape(str(c)), CELL) for c in row] for row in facts],
        colWidths=[28 * mm, 95 * mm, 30 * mm, 114 * mm],
    )
    facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flow += [facts_table, Spacer(1, 4 * mm)]
    data: list[list[object]] = [[Paragraph(f"<b>{h}</b>", SMALL) for h in month_headers()]]
    for row in report.rows:
        data.append(
            [
                Paragraph(row.date_label, SMALL),
                row.check_in,
                row.check_out,
                format_number(row.hours, HOURS_PLACES, language="id"),
                Paragraph(escape(row.activity), SMALL),
                Paragraph(row.status_label, SMALL),
                Paragraph(escape(_notes(row.absence, row.half_day_flag)), SMALL),
            ]
        )
    total = format_number(report.total_hours, HOURS_PLACES, language="id")
    data.append(["", "", _("Total"), total, "", "", ""])
    table = Table(
        data,
        colWidths=[32 * mm, 20 * mm, 20 * mm, 13 * mm, 112 * mm, 28 * mm, 42 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -2), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
            ]
        )
    )
    flow += [table, Spacer(1, 8 * mm)]
    flow.append(
        documents.signature_row(
            documents.signature_block(
                role=_("Intern"), name=report.intern_name, detail=report.university
            ),
            documents.signature_block(
                role=_("Mentor"), name=report.mentor_name, nip=report.mentor_nip
            ),
        )
    )
    if report.generated:
        flow += [
            Spacer(1, 4 * mm),
            Paragraph(
                _("Exported by %(who)s on %(when)s.")
                % {"who": report.generated_by, "when": report.generated},
                SMALL,
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
    doc = documents.pdf_document(
        buffer,
        margin_x=20 * mm,
        margin_top=15 * mm,
        margin_bottom=15 * mm,
        title=_("Certificate of internship") + f" {data.intern_name}",
    )
    flow: list[object] = [*documents.letterhead(data.letterhead, doc.width)]
    flow += [
        Spacer(1, 10 * mm),
        Paragraph("<b>" + _("CERTIFICATE OF INTERNSHIP") + "</b>", BIG),
        Spacer(1, 6 * mm),
        Paragraph(_("This certifies that"), MID),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{escape(data.intern_name)}</b>", BIG),
        Paragraph(
            escape(" — ".join(p for p in (data.university, data.study_programme) if p)),
            MID,
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            _(
                "has completed the internship of %(programme)s (%(batch)s) at %(facility)s, "
                "%(unit)s, from %(period)s."
            )
            % {
                "programme": escape(data.source_programme),
                "batch": escape(data.batch),
                "facility": escape(data.facility_name),
                "unit": escape(data.unit or "-"),
                "period": escape(data.period),
            },
            MID,
        ),
    ]
    if data.competencies:
        flow += [Spacer(1, 6 * mm), Paragraph(_("Competencies practised:"), CENTER)]
        flow += [Paragraph(escape(c), CENTER) for c in data.competencies]
    flow += [
        Spacer(1, 10 * mm),
        documents.signature_row(
            documents.signature_block(role=_("Mentor"), name=data.mentor_name),
            documents.signature_block(
                role=_("Head of facility"),
                name=data.head_name,
                nip=data.head_nip,
                place_date=data.place_and_date,
            ),
        ),
    ]
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
                    Paragraph("<b>" + _("Verification code") + f": {data.code}</b>", CELL),
                    Paragraph(
                        _("Check this certificate at %(url)s") % {"url": escape(data.verify_url)},
                        SMALL,
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
