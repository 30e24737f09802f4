"""One rounding rule and Indonesian figures on the page, in the PDF, the XLSX and the CSV.

Derived by hand (April 2026, one session each, eight residents enrolled in both programs):
  Program "Tujuh"  7 hadir, 1 alpa  → 7 ÷ 8 = 0,875 → 87,5 %  (whole: 88 %)
  Program "Satu"   1 hadir, 7 alpa  → 1 ÷ 8 = 0,125 → 12,5 %  (whole: 13 %, half up; a banker's
                                                                round would show 12 %)
  Both             8 of 16          → 50,0 %
An intern with 2,5 hours in the month is "2,5" in the PDF and the CSV and 2.5 in the XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import cast

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from binaan.accounts.models import Role, User
from binaan.attendance.models import Attendance, AttendanceReason
from binaan.core import numbers
from binaan.facilities.models import Facility
from binaan.programs.models import Program
from binaan.reports import exports, pdf, selectors
from binaan.reports.selectors import Involvement, Month
from binaan.residents.models import Resident
from tests.factories import ProgramFactory, make_enrollment, make_resident, make_session

pytestmark = pytest.mark.django_db
APRIL = {"month": "2026-04"}


def _reason(code: str) -> AttendanceReason:
    reason, _ = AttendanceReason.objects.get_or_create(
        facility=None,
        code=code,
        defaults={"label": code, "counts_present": code == "hadir", "excused": False},
    )
    return reason


def _program(facility: Facility, name: str, present: int, residents: list[Resident]) -> Program:
    program = cast(Program, ProgramFactory(facility=facility, name=name))
    session = make_session(
        facility,
        program=program,
        starts_at=datetime(2026, 4, 6, 1, tzinfo=UTC),
        ends_at=datetime(2026, 4, 6, 3, tzinfo=UTC),
    )
    hadir, alpa = _reason("hadir"), _reason("alpa")
    for index, resident in enumerate(residents):
        make_enrollment(facility, program=program, resident=resident)
        Attendance.objects.create(
            facility=facility,
            session=session,
            resident=resident,
            reason=hadir if index < present else alpa,
            marked_at=session.ends_at,
        )
    return program


@pytest.fixture
def two_programs(facility: Facility) -> tuple[Program, Program]:
    residents = [make_resident(facility) for _ in range(8)]
    return (
        _program(facility, "Program Tujuh", 7, residents),
        _program(facility, "Program Satu", 1, residents),
    )


def _pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_helper_formats_the_indonesian_way() -> None:
    assert numbers.format_number(1234, language="id") == "1.234"
    assert numbers.format_number(1234567, language="id") == "1.234.567"
    assert numbers.format_number(Decimal("2.5"), language="id") == "2,5"
    assert numbers.format_number(2.5, language="id") == "2,5"
    assert numbers.format_number(Decimal("1234.25"), 1, language="id") == "1.234,3"  # half up
    assert numbers.format_number(-1500, language="id") == "-1.500"
    assert numbers.format_number(1234.5, language="en") == "1,234.5"
    assert numbers.format_percent(Decimal("87.5"), language="id") == "87,5%"
    assert numbers.format_percent(None) == "—"
    assert numbers.percent(1, 8) == 13 and numbers.percent(1, 8, places=1) == Decimal("12.5")
    assert numbers.percent(5, 0) is None


def test_the_same_figures_on_the_page_pdf_xlsx_and_csv(
    facility: Facility,
    two_programs: tuple[Program, Program],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    seven, one = two_programs
    head = make_user(Role.HEAD)
    client = client_for(head)
    url = reverse("reports:facility", kwargs={"facility_id": facility.pk})

    html = client.get(url, APRIL).content.decode()
    for name, shown in ((seven.name, "87,5%"), (one.name, "12,5%")):
        row = html.split(f'<tr data-key="{name}">', 1)[1].split("</tr>", 1)[0]
        assert f">{shown}</td>" in row, name
    assert "50,0%" in html and "87.5" not in html.replace('data-value="87.5"', "")

    pdf_text = _pdf_text(client.get(url, {**APRIL, "export": "pdf"}).content)
    assert "87,5%" in pdf_text and "12,5%" in pdf_text and "50,0%" in pdf_text
    assert "87.5" not in pdf_text and "12.5" not in pdf_text

    book = load_workbook(io.BytesIO(client.get(url, {**APRIL, "export": "xlsx"}).content))
    with translation.override("id"):
        sheet = book[exports.sheet_title(str(translation.gettext("By program")))]
    rates = {line[0].value: line[-1] for line in sheet.iter_rows(min_row=2) if line[0].value}
    assert rates[seven.name].value == 0.875 and rates[one.name].value == 0.125
    assert rates[seven.name].number_format == "0.0%"  # shown 87,5% on an Indonesian desktop
    assert isinstance(sheet.cell(2, 2).value, int)  # counts stay numbers

    body = client.get(url, {**APRIL, "export": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert ["program", seven.name, "rate", "87,5%"] in rows
    assert ["program", one.name, "rate", "12,5%"] in rows
    assert ["total", "total", "rate", "50,0%"] in rows

    # Where whole percentages are shown (the program page), 12,5 rounds half up to 13.
    page = client_for(make_user(Role.OFFICER)).get(
        reverse("programs:detail", kwargs={"program_id": one.pk})
    )
    text = page.content.decode()
    assert "13%" in text and "12%" not in text
    seven_page = client_for(make_user(Role.OFFICER)).get(
        reverse("programs:detail", kwargs={"program_id": seven.pk})
    )
    assert "88%" in seven_page.content.decode()


def test_hours_are_shown_with_a_decimal_comma(
    facility: Facility, two_programs: tuple[Program, Program]
) -> None:
    with translation.override("id"):
        report = selectors.monthly_report(facility=facility, month=Month(2026, 4))
        report.interns = [
            Involvement(key="i", name="Magang Satu", detail="", sessions=3, hours=Decimal("2.5"))
        ]
        text = _pdf_text(pdf.render_monthly_pdf(report, user_name="Kepala"))
        rows = list(
            csv.reader(
                io.StringIO(exports.monthly_csv(report, user_name="Kepala").decode("utf-8-sig"))
            )
        )
        book = load_workbook(io.BytesIO(exports.monthly_xlsx(report, user_name="Kepala")))
    assert "2,5" in text and "2.5" not in text
    assert ["intern", "Magang Satu", "hours", "2,5"] in rows
    people = book[exports.sheet_title("Mitra dan magang")]
    hours = [line[4] for line in people.iter_rows(min_row=2) if line[1].value == "Magang Satu"]
    assert hours and hours[0].value == 2.5 and hours[0].number_format == "#,##0.0"
