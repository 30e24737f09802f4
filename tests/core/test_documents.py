"""The PDF building blocks. The PDFs are written uncompressed (rl_config.pageCompression = 0),
so the text drawn on a page can be found in the bytes; ASCII text only, as ReportLab encodes the
rest."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from reportlab import rl_config
from reportlab.platypus import Paragraph, Spacer

from binaan.attendance.pdf import render_attendance_sheet
from binaan.attendance.selectors import AttendanceSheet, SheetRow
from binaan.core import documents
from binaan.interns.documents import CertificateData, render_certificate_pdf
from tests.factories import FacilityFactory

LETTERHEAD = ["KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN", "RUTAN KELAS IIB BALIKPAPAN"]


@pytest.fixture(autouse=True)
def uncompressed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "pageCompression", 0)


def _build(story: list[object], footer_text: str = "") -> bytes:
    buffer = BytesIO()
    doc = documents.pdf_document(buffer, title="Test")
    if footer_text:
        footer = documents.page_footer(footer_text)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    else:
        doc.build(story)
    return buffer.getvalue()


def _lines(pdf: bytes) -> list[str]:
    """The text drawn on the pages, one line per text line: ReportLab writes a line as one or
    more `(string) Tj` operations (a new one at every change of font or mark-up), `T*` between
    lines and `ET` at the end of a paragraph."""
    text = []
    for token in re.finditer(rb"\(((?:\\.|[^\\)])*)\) Tj|T\*|ET", pdf):
        if token.group(1) is None:
            text.append("\n")
        else:
            raw = re.sub(rb"\\(.)", rb"\1", token.group(1))
            text.append(raw.decode("latin-1"))
    return [line for line in "".join(text).splitlines() if line]


def _pages(pdf: bytes) -> int:
    match = re.search(rb"/Count (\d+)", pdf)
    assert match is not None
    return int(match.group(1))


def test_letterhead_lines_are_printed() -> None:
    buffer = BytesIO()
    doc = documents.pdf_document(buffer, title="Test")
    doc.build([*documents.letterhead(LETTERHEAD, doc.width)])
    pdf = buffer.getvalue()
    assert pdf.startswith(b"%PDF")
    lines = _lines(pdf)
    for line in LETTERHEAD:
        assert line in lines


def test_letterhead_escapes_mark_up() -> None:
    buffer = BytesIO()
    doc = documents.pdf_document(buffer, title="Test")
    doc.build([*documents.letterhead(["Rutan <Uji> & Co"], doc.width)])
    assert "Rutan <Uji> & Co" in _lines(buffer.getvalue())


def test_signature_block_shows_role_name_nip_and_place() -> None:
    block = documents.signature_block(
        role="Kepala Rutan", name="Budi Santoso", nip="198001012005011001",
        place_date="Balikpapan, 6 April 2026",
    )  # fmt: skip
    lines = _lines(_build([documents.signature_row(None, block)]))
    for text in ("Kepala Rutan", "Budi Santoso", "NIP. 198001012005011001",
                 "Balikpapan, 6 April 2026"):  # fmt: skip
        assert text in lines


def test_signature_block_without_name_or_nip_leaves_room_to_fill_in() -> None:
    left = documents.signature_block(role="Fasilitator", name="")
    right = documents.signature_block(
        role="Pembimbing", name="Sari", detail="Universitas Mulawarman"
    )
    lines = _lines(_build([documents.signature_row(left, right)]))
    assert documents.UNSIGNED_NAME in lines and not any("NIP" in line for line in lines)
    assert "Universitas Mulawarman" in lines


def test_place_and_date_uses_the_city_in_the_facility_name() -> None:
    facility = FacilityFactory.build(name="Rutan Kelas IIB Balikpapan")
    assert documents.place_and_date(facility, date(2026, 4, 6)) == "Balikpapan, 6 April 2026"
    assert documents.place_and_date(facility, date(2026, 5, 1)) == "Balikpapan, 1 Mei 2026"


def test_place_and_date_without_a_name_is_the_date_alone() -> None:
    facility = FacilityFactory.build(name="")
    assert documents.place_and_date(facility, date(2026, 8, 17)) == "17 Agustus 2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;"),
        ("line one\nline two", "line one<br/>line two"),
        ("plain", "plain"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert documents.escape(text) == expected


def test_escaped_text_renders_literally() -> None:
    pdf = _build([Paragraph(documents.escape("A <b> & C (d)"), documents.NORMAL)])
    assert _lines(pdf) == ["A <b> & C (d)"]


def test_footer_text_and_page_number_on_every_page() -> None:
    story: list[object] = []
    for n in range(60):
        story += [Paragraph(f"Paragraph {n}", documents.NORMAL), Spacer(1, 12)]
    pdf = _build(story, footer_text="Made by Test User")
    pages = _pages(pdf)
    assert pages >= 2
    lines = _lines(pdf)
    assert lines.count("Made by Test User") == pages
    # The page number follows the footer text on each page.
    numbers = [lines[i + 1] for i, line in enumerate(lines) if line == "Made by Test User"]
    assert numbers == [str(page) for page in range(1, pages + 1)]


def test_attendance_sheet_has_the_shared_letterhead_and_signatures() -> None:
    sheet = AttendanceSheet(
        letterhead=LETTERHEAD,
        title="DAFTAR HADIR",
        program="Pramuka",
        when="Senin, 6 April 2026, 09.00 WITA",
        location="Aula",
        place_and_date="Balikpapan, 6 April 2026",
        rows=[SheetRow(number=1, name="Andi <Si> & Kawan", registration_number="B1", block="A")],
        facilitators=["Pak Guru"],
        officer_name="Rina",
        officer_nip="199001012015012001",
    )
    lines = _lines(render_attendance_sheet(sheet))
    for text in [*LETTERHEAD, "Balikpapan, 6 April 2026", "NIP. 199001012015012001",
                 "Andi <Si> & Kawan", "Pak Guru"]:  # fmt: skip
        assert text in lines


def test_certificate_has_the_shared_letterhead_and_signatures() -> None:
    data = CertificateData(
        letterhead=LETTERHEAD, intern_name="Dewi", university="Universitas Balikpapan",
        study_programme="Psikologi", source_programme="Magang", batch="2026-1",
        facility_name="Rutan Kelas IIB Balikpapan", unit="Pembinaan", period="1 - 30 April 2026",
        competencies=["Konseling"], code="ABC-123", verify_url="https://example.test/v/ABC-123",
        place_and_date="Balikpapan, 30 April 2026", head_name="Budi", head_nip="198001012005011001",
        mentor_name="Sari", issued_on=date(2026, 4, 30),
    )  # fmt: skip
    pdf = render_certificate_pdf(data)
    lines = _lines(pdf)
    for text in [*LETTERHEAD, "Balikpapan, 30 April 2026", "NIP. 198001012005011001", "Sari"]:
        assert text in lines
    assert _pages(pdf) == 1


def test_made_by_line_names_who_and_when_in_the_facility_zone() -> None:
    from datetime import UTC, datetime

    at = datetime(2026, 4, 6, 1, 0, tzinfo=UTC)
    line = documents.made_by_line("Rina", at, "Asia/Makassar")
    assert "Rina" in line and "Senin, 6 April 2026, 09.00 WITA" in line


def test_printables_say_who_made_them() -> None:
    from binaan.attendance.pdf import render_id_cards
    from binaan.attendance.selectors import IdCard

    sheet = AttendanceSheet(
        letterhead=LETTERHEAD,
        title="DAFTAR HADIR",
        program="Pramuka",
        when="Senin, 6 April 2026, 09.00 WITA",
        location="Aula",
        place_and_date="Balikpapan, 6 April 2026",
        rows=[],
        facilitators=[],
        officer_name="Rina",
        officer_nip="",
        made_by="Dibuat oleh Rina pada Senin, 6 April 2026, 09.00 WITA",
    )
    assert sheet.made_by in _lines(render_attendance_sheet(sheet))
    card = IdCard(facility="Rutan", name="Siti", registration_number="B1", block="A")
    cards = render_id_cards([card] * 11, made_by="Dibuat oleh Rina pada Senin")
    assert _pages(cards) == 2
    assert _lines(cards).count("Dibuat oleh Rina pada Senin") == 2
