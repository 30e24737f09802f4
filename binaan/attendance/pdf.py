"""PDF renderer of the attendance printables, from the plain rows the selectors return.

Kop surat (the facility's letterhead lines) on top, signature blocks at the bottom. ReportLab
only: no system package, no fonts to install (Helvetica covers Indonesian).
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from binaan.attendance.selectors import AttendanceSheet, IdCard
from binaan.core import documents
from binaan.core.documents import CELL, HEADER_BACKGROUND, TITLE, escape


def render_attendance_sheet(sheet: AttendanceSheet) -> bytes:
    """Daftar hadir: number, name, registration number, block, a signature column."""
    buffer = BytesIO()
    doc = documents.pdf_document(buffer, title=f"{sheet.title} — {sheet.program}")
    width = doc.width
    story: list[object] = [*documents.letterhead(sheet.letterhead, width)]
    story.append(Paragraph(escape(sheet.title), TITLE))
    facts = [
        [_("Program"), ":", sheet.program],
        [_("Day, date and time"), ":", sheet.when],
        [_("Place"), ":", sheet.location or "—"],
    ]
    info = Table(facts, colWidths=[38 * mm, 4 * mm, width - 42 * mm])
    info.setStyle(
        TableStyle([("FONTSIZE", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    )
    story += [info, Spacer(1, 6)]

    header: list[object] = [_("No."), _("Name"), _("Reg. number"), _("Block"), _("Signature")]
    data: list[list[object]] = [header]
    for row in sheet.rows:
        # Signatures zig-zag left and right, as on paper registers, so neighbours do not collide.
        signature = f"{row.number}." if row.number % 2 else f"{' ' * 18}{row.number}."
        data.append(
            [
                str(row.number),
                Paragraph(escape(row.name), CELL),
                row.registration_number,
                Paragraph(escape(row.block), CELL),
                signature,
            ]
        )
    widths = [11 * mm, width - 11 * mm - 34 * mm - 28 * mm - 50 * mm, 34 * mm, 28 * mm, 50 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("TOPPADDING", (0, 1), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
            ]
        )
    )
    story += [table, Spacer(1, 10)]

    left = documents.signature_block(role=_("Facilitator"), name=", ".join(sheet.facilitators))
    right = documents.signature_block(
        role=_("Programs officer"),
        name=sheet.officer_name,
        nip=sheet.officer_nip,
        place_date=sheet.place_and_date,
    )
    story.append(documents.signature_row(left, right))
    doc.build(
        story,
        onFirstPage=documents.page_footer(sheet.made_by),
        onLaterPages=documents.page_footer(sheet.made_by),
    )
    return buffer.getvalue()


# A credit-card-sized card (ID-1, 85.6 × 54 mm): 2 across, 5 down = 10 per A4 page.
CARD_W, CARD_H = 85.6 * mm, 54 * mm
COLUMNS, ROWS = 2, 5
CARDS_PER_PAGE = COLUMNS * ROWS


def _draw_card(canvas: Canvas, card: IdCard, x: float, y: float) -> None:
    canvas.setStrokeColor(colors.HexColor("#666666"))
    canvas.setDash(2, 2)  # a cutting line
    canvas.rect(x, y, CARD_W, CARD_H)
    canvas.setDash()
    canvas.setFillColor(colors.HexColor("#0b5d4b"))
    canvas.rect(x, y + CARD_H - 9 * mm, CARD_W, 9 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont("Helvetica-Bold", 8.5)
    canvas.drawString(x + 3 * mm, y + CARD_H - 6 * mm, card.facility[:48])
    canvas.setFillColor(colors.black)
    name = card.name if len(card.name) <= 30 else card.name[:29] + "…"
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(x + 3 * mm, y + CARD_H - 15 * mm, name)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(
        x + 3 * mm, y + CARD_H - 20 * mm, f"{_('Reg. number')}: {card.registration_number}"
    )
    canvas.drawString(x + 3 * mm, y + CARD_H - 24.5 * mm, f"{_('Block')}: {card.block or '—'}")
    # Code128 with the number printed under the bars; the quiet zone keeps it clear of the QR.
    barcode = code128.Code128(
        card.registration_number, barHeight=10 * mm, barWidth=0.3 * mm, humanReadable=True
    )
    barcode.drawOn(canvas, x, y + 7 * mm)
    # Sized by the widget itself: asking it for its bounds first would draw every code twice
    # (2.8 s instead of about 1 s for 300 cards).
    size = 24 * mm
    qr = QrCodeWidget(card.registration_number, barLevel="M", barWidth=size, barHeight=size)
    drawing = Drawing(size, size)
    drawing.add(qr)
    renderPDF.draw(drawing, canvas, x + CARD_W - size - 2 * mm, y + 3 * mm)


def render_id_cards(cards: list[IdCard], *, title: str = "", made_by: str = "") -> bytes:
    """Resident cards with a Code128 barcode and a QR code of the registration number."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(title or _("Resident cards"))
    page_w, page_h = A4
    margin_x = (page_w - COLUMNS * CARD_W) / 2
    margin_y = (page_h - ROWS * CARD_H) / 2

    def footer() -> None:
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.black)
        canvas.drawString(margin_x, 8 * mm, made_by)

    for index, card in enumerate(cards):
        slot = index % CARDS_PER_PAGE
        if index and slot == 0:
            footer()
            canvas.showPage()
        column, row = slot % COLUMNS, slot // COLUMNS
        x = margin_x + column * CARD_W
        y = page_h - margin_y - (row + 1) * CARD_H
        _draw_card(canvas, card, x, y)
    if not cards:
        canvas.setFont("Helvetica", 12)
        canvas.drawString(20 * mm, page_h - 30 * mm, _("No residents selected."))
    footer()
    canvas.save()
    return buffer.getvalue()
