"""Attendance in the browser: a 40-person register in a few taps, scan mode, printables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from faker import Faker
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.attendance import pdf, selectors
from binaan.attendance.models import Attendance
from binaan.facilities.models import Facility, LocationKind
from binaan.partners.models import Facilitator
from binaan.programs.models import Session, SessionFacilitator
from tests.browser.conftest import assert_accessible, pdf_page_to_png, screenshot
from tests.factories import (
    AttEnrollmentFactory,
    AttProgramFactory,
    AttResidentFactory,
    AttSessionFactory,
    LocationFactory,
    user_with_roles,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reasons(builtin_reasons: None) -> None:
    """Every test here marks attendance (tests/conftest.py `builtin_reasons`)."""


def qonita(facility: Facility, size: int, **session_fields: Any) -> Session:
    """Pengajian Rutin Qonita with `size` women enrolled, in the mosque, started an hour ago."""
    fake = Faker("id_ID")
    fake.seed_instance(2026)
    facility.letterhead_lines = (
        "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA\n"
        "KANTOR WILAYAH DITJENPAS KALIMANTAN TIMUR\n"
        "RUMAH TAHANAN NEGARA KELAS IIA BALIKPAPAN"
    )
    facility.save()
    mosque = LocationFactory(facility=facility, name="Masjid At-Taubah", kind=LocationKind.MOSQUE)
    blocks = [LocationFactory(facility=facility, name=f"Blok Wanita {n}") for n in ("A", "B")]
    program = AttProgramFactory(facility=facility, name="Pengajian Rutin Qonita")
    session = AttSessionFactory(
        facility=facility, program=program, location=mosque, **session_fields
    )
    for i in range(size):
        resident = AttResidentFactory(
            facility=facility,
            full_name=fake.name_female(),
            registration_number=f"BI.{1001 + i}/2026",
            block=blocks[i % 2],
        )
        AttEnrollmentFactory(program=program, resident=resident)
    facilitator = Facilitator.objects.create(facility=facility, name="Ustadzah Hj. Aminah")
    SessionFacilitator.objects.create(session=session, facilitator=facilitator)
    return session


def test_register_40_people_two_exceptions_in_three_actions(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    officer = user_with_roles(facility, Role.OFFICER, full_name="Siti Rahmawati")
    session = qonita(facility, 40)
    roster = list(selectors.roster_for_session(session))
    login(officer)

    # Opening: dashboard card → Today → the session's register.
    page.get_by_test_id("today-attendance").click()
    page.get_by_role("link", name="Pengajian Rutin Qonita").first.click()
    page.wait_for_url(f"**/attendance/sessions/{session.pk}/")
    expect(page.locator("input[type=radio]:checked")).to_have_count(40)  # everyone starts present
    assert_accessible(page)
    screenshot(page, "attendance-register-tablet", full_page=False)

    # Three taps: everyone starts present, so each exception is one tap on its reason, and the
    # save bar stays on screen however far down the 40 rows the officer has scrolled.
    assert page.evaluate("document.documentElement.scrollHeight") > 800  # the list scrolls
    save = page.get_by_role("button", name="Simpan kehadiran")
    a, b = roster[3], roster[17]
    for resident, code in ((a, "izin"), (b, "sakit")):
        page.locator(f"label:has(#m{resident.pk}-{code})").click()
        assert page.locator(f"#m{resident.pk}-{code}").is_checked()
        box = save.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 800, box
    expect(page.locator("input[value=hadir]:checked")).to_have_count(38)
    with page.expect_navigation():
        save.click()

    expect(page.locator(".message").first).to_be_visible()
    marks = dict(
        Attendance.objects.filter(session=session).values_list("resident_id", "reason__code")
    )
    assert len(marks) == 40
    assert marks[a.pk] == "izin" and marks[b.pk] == "sakit"
    assert sum(code == "hadir" for code in marks.values()) == 38
    assert_accessible(page)


def test_register_works_with_the_keyboard_alone(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    officer = user_with_roles(facility, Role.OFFICER)
    session = qonita(facility, 5)
    first = selectors.roster_for_session(session).first()
    assert first is not None
    login(officer)
    page.goto(f"/attendance/sessions/{session.pk}/")
    # Tab from the top of the page until the first row's reason group has the focus.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == f"m-{first.pk}":
            break
    assert page.evaluate("document.activeElement.name") == f"m-{first.pk}"
    page.keyboard.press("ArrowRight")  # hadir → terlambat
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form
    assert Attendance.objects.get(resident=first).reason.code == "terlambat"


def test_scan_mode_for_five_residents(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    officer = user_with_roles(facility, Role.OFFICER)
    session = qonita(facility, 8)
    roster = list(selectors.roster_for_session(session))
    login(officer)
    page.goto(f"/attendance/sessions/{session.pk}/scan/")
    expect(page.get_by_label("Nomor registrasi atau kartu")).to_be_visible()
    # Locator assertions wait without evaluating strings in the page (the CSP forbids eval).
    expect(page.locator("#scan-code")).to_be_focused()

    for count, resident in enumerate(roster[:5], start=1):
        # A USB/Bluetooth scanner types the card's payload and presses Enter.
        page.keyboard.type(resident.registration_number)
        page.keyboard.press("Enter")
        expect(page.locator("#scan-log li")).to_have_count(count)
        latest = page.locator("#scan-log li").first
        assert "scan-ok" in latest.get_attribute("class"), latest.inner_text()
        assert resident.full_name in latest.inner_text()
        # Ready for the next card: the input is empty and focused again.
        expect(page.locator("#scan-code")).to_be_focused()
        expect(page.locator("#scan-code")).to_have_value("")

    page.keyboard.type("ZZ.999/2026")
    page.keyboard.press("Enter")
    expect(page.locator("#scan-log li")).to_have_count(6)
    error = page.locator("#scan-log li").first
    assert "scan-error" in error.get_attribute("class") and "ZZ.999/2026" in error.inner_text()
    assert_accessible(page)
    screenshot(page, "attendance-scan-mode")

    marked = set(Attendance.objects.filter(session=session).values_list("resident_id", flat=True))
    assert marked == {r.pk for r in roster[:5]}


def test_today_page(page: Any, login: Callable[[User], Any], facility: Facility) -> None:
    officer = user_with_roles(facility, Role.OFFICER)
    qonita(facility, 3)
    login(officer)
    page.get_by_role("link", name="Hari ini").first.click()
    page.wait_for_url("**/today/")
    expect(page.get_by_text("Belum diisi")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "attendance-today")


def test_printables_rendered_to_png(facility: Facility) -> None:
    officer = user_with_roles(
        facility, Role.OFFICER, full_name="Siti Rahmawati", nip="198805122010122001"
    )
    session = qonita(facility, 14, starts_at=timezone.now() - timedelta(hours=1))
    sheet = pdf.render_attendance_sheet(selectors.attendance_sheet(session, officer=officer))
    cards = pdf.render_id_cards(selectors.id_cards(selectors.roster_for_session(session), facility))
    for path in (
        pdf_page_to_png(sheet, "attendance-sheet"),
        pdf_page_to_png(cards, "id-cards"),
    ):
        assert path.stat().st_size > 20_000


def test_walk_in_added_with_a_warning(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    officer = user_with_roles(facility, Role.OFFICER)
    session = qonita(facility, 3)
    visitor = AttResidentFactory(facility=facility, full_name="Rina Tamu")
    login(officer)
    page.goto(f"/attendance/sessions/{session.pk}/")
    page.get_by_label("Tambah peserta tambahan (nama atau nomor registrasi)").fill("rina")
    page.get_by_role("link", name="Tambah Rina Tamu").click()
    row = page.locator(f"#row-{visitor.pk}")
    row.wait_for()
    assert "tidak terdaftar" in row.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan kehadiran").click()
    assert Attendance.objects.get(resident=visitor).is_walk_in
    assert Attendance.objects.filter(session=session).count() == 4
