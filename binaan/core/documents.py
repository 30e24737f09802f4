"""Building blocks of every PDF the app prints: styles, the kop surat, signature blocks, the
"place, date" line and the page footer.

DESIGN.md: documents are rendered "by one renderer per format, with the facility letterhead (kop
surat) and signature blocks". Each document module (attendance, interns, reports) lays out its own
content; the parts that must look the same on all of them live here. ReportLab only: no system
package, no fonts to install (Helvetica covers Indonesian).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from binaan.core import dates

if TYPE_CHECKING:
    from binaan.core.types import FacilityLike as Facility

_BASE = getSampleStyleSheet()["Normal"]
LETTERHEAD = ParagraphStyle(
    "doc-letterhead", parent=_BASE, fontName="Helvetica-Bold", fontSize=12, leading=15,
    alignment=1,
)  # fmt: skip
TITLE = ParagraphStyle(
    "doc-title", parent=_BASE, fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=1,
    spaceBefore=4, spaceAfter=4,
)  # fmt: skip
SUBTITLE = ParagraphStyle(
    "doc-subtitle", parent=TITLE, fontName="Helvetica", fontSize=11, spaceBefore=0
)
HEADING = ParagraphStyle(
    "doc-heading", parent=_BASE, fontName="Helvetica-Bold", fontSize=10.5, spaceBefore=8,
    spaceAfter=3,
)  # fmt: skip
NORMAL = ParagraphStyle("doc-normal", parent=_BASE, fontSize=10, leading=13)
CELL = ParagraphStyle("doc-cell", parent=NORMAL, fontSize=9.5, leading=12)
SMALL = ParagraphStyle("doc-small", parent=NORMAL, fontSize=8, leading=10)
CENTER = ParagraphStyle("doc-center", parent=NORMAL, alignment=1)

# The header row of every table: one grey, so the three documents read as one family.
HEADER_BACKGROUND = colors.HexColor("#e5e9ee")

# Room left for the wet signature (and the stamp) between the role and the name.
SIGNATURE_SPACE = 18 * mm
UNSIGNED_NAME = "." * 40


def escape(text: str) -> str:
    """Plain text for a Paragraph, whose text is ReportLab mark-up: a name with "&" or "<" would
    otherwise break the document or vanish. Line breaks are kept."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br/>")
    )


def letterhead(lines: list[str], width: float) -> list[Flowable]:
    """The kop surat: the facility's lines, bold and centred, over a thick and a thin rule (the
    double line of Indonesian government letterheads)."""
    flowables: list[Flowable] = [Paragraph(escape(line), LETTERHEAD) for line in lines]
    rule = Table([[""]], colWidths=[width], rowHeights=[2])
    rule.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, -1), 2, colors.black),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.black),
            ]
        )
    )
    return [*flowables, Spacer(1, 3), rule, Spacer(1, 6)]


def signature_block(
    *, role: str, name: str, nip: str = "", place_date: str = "", detail: str = ""
) -> list[Flowable]:
    """One signer: place and date (a blank line when none, so two blocks side by side line up),
    the role, room to sign, the name underlined (dots to fill in when unknown), then the NIP, or
    else `detail` (e.g. an intern's university)."""
    under = f"NIP. {nip}" if nip else detail
    return [
        Paragraph(escape(place_date) if place_date else "&nbsp;", CENTER),
        Paragraph(escape(role), CENTER),
        Spacer(1, SIGNATURE_SPACE),
        Paragraph(f"<u><b>{escape(name)}</b></u>" if name else UNSIGNED_NAME, CENTER),
        Paragraph(escape(under) if under else "&nbsp;", CENTER),
    ]


def signature_row(left: list[Flowable] | None, right: list[Flowable] | None) -> Flowable:
    """Two signature blocks side by side; either may be None (the head signs alone, at right).
    Kept together so a signature never starts at the foot of one page and ends on the next."""
    table = Table([[left or "", right or ""]], colWidths=["50%", "50%"])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([table])


def facility_place(facility: Facility) -> str:
    """The place written before the date above a signature: the city, which is today the last
    word of the facility's name ("Rutan Kelas IIB Balikpapan" → "Balikpapan"). The facility has
    no city field yet; when it gets one, only this function changes."""
    words = facility.name.split()
    return words[-1] if words else ""


def place_and_date(facility: Facility, day: date) -> str:
    """'Balikpapan, 6 April 2026': always Indonesian, as the documents are."""
    text = dates.format_date(day, weekday=False, language="id")
    place = facility_place(facility)
    return f"{place}, {text}" if place else text


def made_by_line(user_name: str, at: datetime, zone: Any) -> str:
    """'Dibuat oleh … pada Senin, 6 April 2026, 09.00 WITA': every export says who made it and
    when (DESIGN.md, UU 27/2022 accountability)."""
    return str(_("Made by %(user)s on %(when)s")) % {
        "user": user_name,
        "when": dates.format_datetime(at, zone, language="id"),
    }


def page_footer(text: str) -> Callable[[Any, Any], None]:
    """An onPage callable: `text` (who made the document, and when) at left, the page number at
    right, on every page."""

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(doc.leftMargin, 8 * mm, text)
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 8 * mm, f"{doc.page}")
        canvas.restoreState()

    return draw


def pdf_document(
    buffer: BinaryIO,
    *,
    title: str,
    pagesize: tuple[float, float] = A4,
    author: str = "",
    subject: str = "",
    margin_x: float = 18 * mm,
    margin_top: float = 14 * mm,
    margin_bottom: float = 14 * mm,
) -> SimpleDocTemplate:
    """A document template writing into `buffer`; `doc.width` is the width of the text frame."""
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin_x,
        rightMargin=margin_x,
        topMargin=margin_top,
        bottomMargin=margin_bottom,
        title=title,
        author=author,
        subject=subject,
    )
