"""An officer's whole loop at the three sizes officers use — a 1280-pixel PC, a 10-inch tablet
upright (800 × 1280) and a phone (390 × 844): set up a program with the guided form, generate its
sessions from today after the check page, enrol the eligible residents after the check page, take
today's attendance, and read the month's report and its PDF. axe checks every step.

Also here: the report's month survives the export redirect (`/reports/?month=2026-04&export=pdf`
answers April's PDF, not the page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pypdfium2
import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.attendance.models import Attendance
from binaan.core.dates import facility_today, local_date
from binaan.facilities.models import Facility, LocationKind
from binaan.programs.models import Enrollment, Program, Session
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import LocationFactory, make_resident, program_category, user_with_roles
from tests.reports.conftest import build_small_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = pytest.mark.parametrize(
    "size", [(1280, 800), (800, 1280), (390, 844)], ids=["1280x800", "800x1280", "390x844"]
)
WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _reasons(builtin_reasons: None) -> None:
    """The journey marks attendance (tests/conftest.py `builtin_reasons`)."""


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


@SIZES
def test_set_up_generate_enrol_mark_and_report(
    page: Any,
    login: Callable[[User], Any],
    facility: Facility,
    live_server: Any,
    size: tuple[int, int],
) -> None:
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    category = program_category()
    block = LocationFactory(facility=facility, name="Blok Wanita", kind=LocationKind.BLOCK)
    LocationFactory(facility=facility, name="Aula Pembinaan", kind=LocationKind.HALL)
    women = [make_resident(facility, full_name=f"Nur Warga {n}", block=block) for n in range(4)]
    make_resident(facility, full_name="Agus Warga", sex="L")
    officer = user_with_roles(facility, Role.OFFICER, Role.HEAD, full_name="Siti Rahmawati")
    today = facility_today(facility)
    login(officer)

    # 1. Set-up: who, when, where — the weekday of today, from midnight, so that today's session
    # has started whatever the hour the suite runs at.
    page.goto(live_server.url + "/programs/new/")
    page.get_by_label("Nama").fill("Keterampilan Menjahit")
    page.get_by_label("Kategori").select_option(str(category.pk))
    page.get_by_role("group", name="Hanya untuk jenis kelamin").get_by_label("Perempuan").check()
    page.get_by_label("Tanggal mulai").fill(date(today.year, 1, 1).isoformat())
    page.get_by_label("Pada hari-hari tertentu setiap minggu").check()
    days = page.get_by_role("group", name="Hari dalam seminggu")
    days.get_by_label(WEEKDAYS[today.weekday()]).check()
    page.get_by_label("Jam mulai").fill("00:00")
    page.get_by_label("Lama (menit)").fill("60")
    page.get_by_label("Tetap berjalan pada hari libur nasional").check()
    page.get_by_label("Tempat utama").select_option(label="Aula Pembinaan")
    page.get_by_label("Kapasitas").fill("3")
    assert_accessible(page)
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name="Keterampilan Menjahit").wait_for()
    program = Program.objects.get(name="Keterampilan Menjahit")
    program_url = f"{live_server.url}/programs/{program.pk}/"

    # 2. Sessions: the check page starts today, lists, and writes nothing before the confirmation.
    page.goto(program_url + "generate/")
    expect(page.get_by_label("Dari")).to_have_value(today.isoformat())
    expect(page.get_by_test_id("planned-session").first).to_be_visible()
    assert not Session.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Konfirmasi dan buat kegiatan").click()
    page.get_by_text("kegiatan dibuat").wait_for()
    starts = [local_date(s.starts_at, facility) for s in Session.objects.filter(program=program)]
    assert starts and min(starts) == today

    # 3. Enrolment: three places for four eligible women, the man not among them; confirmed.
    page.goto(program_url + "enrol/all/")
    expect(page.get_by_test_id("will-enrol").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("will-wait").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("will-enrol")).not_to_contain_text("Agus Warga")
    assert not Enrollment.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Konfirmasi dan daftarkan").click()
    expect(page.get_by_test_id("enrolled-count")).to_contain_text("3 / 3")

    # 4. Attendance: today's register, one resident sick, saved.
    (session,) = [
        s
        for s in Session.objects.filter(program=program)
        if local_date(s.starts_at, facility) == today
    ]
    page.goto(f"{live_server.url}/attendance/sessions/{session.pk}/")
    rows = page.locator("#mark-list .mark-row")
    expect(rows).to_have_count(3)
    enrolled = [w for w in women if Enrollment.objects.filter(resident=w, status="enrolled")]
    sick = enrolled[0]
    page.locator(f"label:has(#m{sick.pk}-sakit)").click()
    assert_accessible(page)
    screenshot(page, f"journey-register-{width}x{height}", full_page=False)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan kehadiran").click()
    marks = dict(
        Attendance.objects.filter(session=session).values_list("resident_id", "reason__code")
    )
    assert len(marks) == 3 and marks[sick.pk] == "sakit"

    # 5. The month's report shows the program; its PDF is the same month's.
    month = f"{today.year:04d}-{today.month:02d}"
    page.goto(f"{live_server.url}/reports/?month={month}")
    expect(page.get_by_test_id("report-month")).to_have_text(
        f"{MONTHS[today.month - 1]} {today.year}"
    )
    expect(page.locator("main")).to_contain_text("Keterampilan Menjahit")
    assert_accessible(page)
    response = page.request.get(f"{live_server.url}/reports/?month={month}&export=pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "Keterampilan Menjahit" in text
    assert f"{MONTHS[today.month - 1]} {today.year}" in text


def test_the_report_month_survives_the_export_redirect(
    page: Any, login: Callable[[User], Any], facility: Facility, live_server: Any
) -> None:
    build_small_month(facility)  # March 2026 figures; April has none
    login(user_with_roles(facility, Role.HEAD))
    response = page.request.get(f"{live_server.url}/reports/?month=2026-04&export=pdf")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "April 2026" in text
    # The page itself for the same month stays on April too.
    page.goto(f"{live_server.url}/reports/?month=2026-04")
    expect(page.get_by_test_id("report-month")).to_have_text("April 2026")
