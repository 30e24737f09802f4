"""Formula injection: no text a user typed becomes a live formula in any XLSX or CSV export.

The sweep puts hostile values into every free-text field that reaches an export (facility,
regional office, program, category, block, partner, facilitator, cancellation reason, intern,
mentor, placement, logbook line, letterhead) and reads every cell of every sheet back.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from binaan.attendance.models import Attendance
from binaan.core.spreadsheets import (
    FORMULA_STARTS,
    csv_safe,
    csv_writer,
    is_formula_like,
    write_cell,
    write_row,
)
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.interns import documents as intern_documents
from binaan.interns import selectors as intern_selectors
from binaan.interns.models import LogbookEntry
from binaan.partners.models import Facilitator, Partner, PartnerKind
from binaan.programs.models import (
    Program,
    ProgramCategory,
    Session,
    SessionFacilitator,
    SessionStatus,
)
from binaan.reports import exports
from binaan.reports.selectors import Month, consolidation, monthly_report
from binaan.residents.importing import template_xlsx
from tests.factories import (
    FacilityFactory,
    intern_placement,
    intern_presence,
    make_resident,
    user_with_roles,
)
from tests.reports.conftest import _reason, wita

HOSTILE = ['=HYPERLINK("http://x","y")', "=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
MARCH = Month(2026, 3)
NOW = datetime(2026, 4, 10, 12, tzinfo=UTC)


# --- the functions ------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE + ["-", "=", "@"])
def test_formula_like_text_is_escaped(value: str) -> None:
    assert is_formula_like(value)
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [-1, -1.5, 0, Decimal("-2.5"), date(2026, 3, 1), datetime(2026, 3, 1, 9, tzinfo=UTC), None, "",
     "Siti Aminah", " =1", "1+1", "'=1", "a=b"],
)  # fmt: skip
def test_numbers_dates_and_plain_text_stay_as_they_are(value: Any) -> None:
    assert not is_formula_like(value)
    assert csv_safe(value) is value


def test_write_row_and_write_cell_keep_the_text_and_the_numbers() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    write_row(sheet, ["=1+1", -1, -1.5, date(2026, 3, 1), "- dash list line"])
    sheet.append([])  # a blank line keeps its place: write_row appends after it
    write_row(sheet, ["@SUM(A1)"])
    write_cell(sheet, 5, 2, '=HYPERLINK("http://x","y")')
    buffer = io.BytesIO()
    book.save(buffer)
    back = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = back.active
    assert sheet is not None
    first = [cell.value for cell in sheet[1]]
    assert first[:3] == ["=1+1", -1, -1.5] and first[4] == "- dash list line"
    assert isinstance(first[3], datetime)  # a real date, not text
    assert sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    assert sheet["B1"].data_type == "n" and not sheet["B1"].quotePrefix
    assert sheet["A3"].value == "@SUM(A1)" and sheet["A3"].quotePrefix
    assert sheet["B5"].value == '=HYPERLINK("http://x","y")' and sheet["B5"].data_type == "s"
    assert b"<f>" not in zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")


def test_csv_writer_escapes_text_only() -> None:
    buffer = io.StringIO()
    csv_writer(buffer, delimiter=";").writerows([["=1+1", -1, "x"], ["+1", 2.5]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == [
        ["'=1+1", "-1", "x"],
        ["'+1", "2.5"],
    ]


# --- the sweep ----------------------------------------------------------------------------


def _assert_no_formula(data: bytes) -> set[str]:
    """Every cell of every sheet: never a formula; formula-like text is a quote-prefixed string.
    Returns the formula-like texts found, so the caller can check its values arrived."""
    found: set[str] = set()
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.value)
                    found.add(str(cell.value))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
    return found


def _arrived(found: set[str], values: list[str]) -> None:
    # XML keeps a carriage return as a newline unless escaped; either way it arrived as text.
    texts = " | ".join(found).replace("\r", "\n")
    for value in values:
        assert value.replace("\r", "\n").strip("\n") in texts, (value, found)


@pytest.fixture
def hostile_month(db: None) -> Facility:
    """A month where every free text that reaches a report is hostile."""
    facility = FacilityFactory(name=HOSTILE[0], code="RUTAN-H")
    facility.regional_office.name = HOSTILE[1]
    facility.regional_office.save()
    present = _reason("hadir")
    intern = user_with_roles(facility, "intern", full_name=HOSTILE[2])
    placement = intern_placement(facility, intern=intern, start=date(2026, 1, 1))
    intern_presence(facility, placement=placement, day=date(2026, 3, 2))
    for number, value in enumerate(HOSTILE):
        block = Location.objects.create(facility=facility, name=value, kind=LocationKind.BLOCK)
        resident = make_resident(facility, full_name=value, block=block)
        category = ProgramCategory.objects.create(
            code=f"hostile-{number}", name=value, group="kepribadian"
        )
        program = Program.objects.create(
            facility=facility, name=value, category=category, start_date=date(2026, 1, 1)
        )
        partner = Partner.objects.create(
            facility=facility, name=value, kind=PartnerKind.MAJELIS_TAKLIM
        )
        program.partners.add(partner)
        facilitator = Facilitator.objects.create(facility=facility, name=value, partner=partner)
        start = wita(date(2026, 3, 2 + number), 9)
        held = Session.objects.create(
            facility=facility, program=program, starts_at=start, ends_at=start + timedelta(hours=2)
        )
        SessionFacilitator.objects.create(session=held, facilitator=facilitator)
        Attendance.objects.create(
            facility=facility, session=held, resident=resident, reason=present, marked_at=start
        )
        later = wita(date(2026, 3, 20 + number), 9)
        Session.objects.create(
            facility=facility,
            program=program,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            status=SessionStatus.CANCELLED,
            cancel_reason=value,
        )
    return facility


def test_monthly_report_xlsx_csv_json_carry_no_formula(hostile_month: Facility) -> None:
    report = monthly_report(facility=hostile_month, month=MARCH, now=NOW)
    found = _assert_no_formula(exports.monthly_xlsx(report, user_name=HOSTILE[3]))
    _arrived(found, HOSTILE)

    text = exports.monthly_csv(report, user_name=HOSTILE[3]).decode("utf-8-sig")
    fields = [field for row in csv.reader(io.StringIO(text)) for field in row]
    dangerous = [f for f in fields if f.startswith(FORMULA_STARTS)]
    assert not dangerous
    for value in HOSTILE:
        assert "'" + value in fields, value  # as text, apostrophe first

    # The JSON is data for programs: names exactly as entered, never altered.
    data = json.loads(exports.monthly_json(report, user_name=HOSTILE[3]))
    assert {p["name"] for p in data["partners"]} == set(HOSTILE)
    assert {f["name"] for f in data["facilitators"]} == set(HOSTILE)
    assert data["made_by"] == HOSTILE[3]


def test_regional_and_national_xlsx_carry_no_formula(hostile_month: Facility) -> None:
    report = consolidation(
        facilities=Facility.objects.all(), month=MARCH, title=HOSTILE[5], now=NOW
    )
    found = _assert_no_formula(exports.consolidation_xlsx(report, user_name=HOSTILE[4]))
    _arrived(found, [HOSTILE[0], HOSTILE[1]])


def test_intern_month_xlsx_carries_no_formula(db: None) -> None:
    facility = FacilityFactory(letterhead_lines="\n".join(HOSTILE))
    mentor = user_with_roles(facility, "officer", full_name=HOSTILE[1])
    intern = user_with_roles(facility, "intern", full_name=HOSTILE[0])
    placement = intern_placement(
        facility,
        intern=intern,
        mentor=mentor,
        start=date(2026, 4, 1),
        university=HOSTILE[2],
        unit=HOSTILE[3],
        batch=HOSTILE[4],
        source_programme=HOSTILE[5],
    )
    for day, value in enumerate(HOSTILE, start=1):
        LogbookEntry.objects.create(
            facility=facility,
            placement=placement,
            date=date(2026, 4, day),
            activities=value,
            hours=Decimal("7.5"),
            state="submitted",
        )
    report = intern_selectors.month_report(placement=placement, month=date(2026, 4, 1))
    report.generated_by = HOSTILE[6]
    found = _assert_no_formula(intern_documents.render_month_xlsx(report))
    _arrived(found, HOSTILE[:5])


def test_residents_import_template_carries_no_formula() -> None:
    _assert_no_formula(template_xlsx())
