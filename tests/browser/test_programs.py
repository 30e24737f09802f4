"""The seed story in a browser: create Pengajian Rutin Qonita, enrol the eligible women, generate
the sessions, see them in the calendar, move one and cancel one with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.core.dates import facility_today, local_date
from binaan.facilities.models import Facility, LocationKind
from binaan.programs.models import Enrollment, Program, Session, SessionStatus
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import (
    LocationFactory,
    ProgramFactory,
    make_resident,
    program_category,
    user_with_roles,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_qonita_story(
    page: Any, login: Callable[[User], Any], facility: Facility, live_server: Any
) -> None:
    category = program_category()  # transactional tests may start without the migration's rows
    block = LocationFactory(facility=facility, name="Blok Wanita", kind=LocationKind.BLOCK)
    LocationFactory(facility=facility, name="Masjid Blok Wanita", kind=LocationKind.MOSQUE)
    women = [make_resident(facility, full_name=f"Siti Warga {n}", block=block) for n in range(1, 6)]
    make_resident(facility, full_name="Budi Warga", sex="L")
    make_resident(facility, full_name="Maria Warga", religion="kristen", block=block)
    officer = user_with_roles(facility, Role.OFFICER)
    login(officer)

    # Create the program with the guided form: who, when, where; never a rule to type.
    page.goto(live_server.url + "/programs/new/")
    expect(page.get_by_text("RRULE")).to_have_count(0)
    page.get_by_label("Nama").fill("Pengajian Rutin Qonita")
    page.get_by_label("Kategori").select_option(str(category.pk))
    page.get_by_role("group", name="Hanya untuk jenis kelamin").get_by_label("Perempuan").check()
    page.get_by_role("group", name="Hanya untuk agama").get_by_label("Islam").check()
    page.get_by_label("Tanggal mulai").fill("2026-03-02")
    # The monthly questions are hidden while "weekly" is chosen, and come back with "monthly".
    monthly = page.get_by_role("group", name="Sebulan sekali", exact=True)
    expect(monthly).to_be_hidden()
    page.get_by_label("Sebulan sekali, mis. Rabu pertama").check()
    expect(monthly).to_be_visible()
    page.get_by_label("Pada hari-hari tertentu setiap minggu").check()
    expect(monthly).to_be_hidden()
    page.get_by_role("group", name="Hari dalam seminggu").get_by_label("Senin").check()
    page.get_by_label("Jam mulai").fill("09:00")
    page.get_by_label("Tempat utama").select_option(label="Masjid Blok Wanita")
    page.get_by_label("Kapasitas").fill("40")
    page.get_by_label("Susunan acara baku").fill("tilawah | Tilawah\ntausiyah | Tausiyah\ndiskusi")
    assert_accessible(page)
    screenshot(page, "programs-guided-form")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name="Pengajian Rutin Qonita").wait_for()
    expect(page.get_by_test_id("schedule")).to_have_text("Setiap Senin, 09.00–11.00 WITA")
    program = Program.objects.get(name="Pengajian Rutin Qonita")
    program_url = f"{live_server.url}/programs/{program.pk}/"

    # Bulk-enrol the eligible women after the check page: five Muslim women, not the man, not
    # the Christian woman; nothing is written before the confirmation.
    page.goto(program_url + "enrol/")
    summary = page.get_by_test_id("bulk-summary")
    expect(summary).to_contain_text("5 memenuhi syarat, 5 mendapat tempat, 0 masuk daftar tunggu")
    assert_accessible(page)
    page.get_by_role("link", name="Periksa lalu daftarkan semua yang memenuhi syarat").click()
    expect(page.get_by_test_id("will-enrol").locator("tbody tr")).to_have_count(5)
    expect(page.get_by_test_id("will-enrol")).to_contain_text("Siti Warga 1")
    expect(page.get_by_test_id("will-enrol")).not_to_contain_text("Budi Warga")
    assert not Enrollment.objects.exists()
    assert_accessible(page)
    screenshot(page, "programs-enrol-check")
    page.get_by_role("button", name="Konfirmasi dan daftarkan").click()
    expect(page.get_by_test_id("enrolled-count")).to_have_text("5 / 40")
    assert {e.resident_id for e in Enrollment.objects.all()} == {w.pk for w in women}

    # Generate the sessions from the program's start (picked on purpose: the default is today),
    # after the check page that lists them and the skipped cuti bersama.
    page.goto(program_url + "generate/")
    page.get_by_label("Dari").fill("2026-03-02")
    page.get_by_label("Sampai").fill("2026-04-27")
    page.get_by_role("button", name="Periksa periode ini").click()
    expect(page.get_by_test_id("planned-session")).to_have_count(8)
    expect(page.get_by_test_id("skipped-holidays")).to_contain_text("23 Maret 2026")
    expect(page.get_by_test_id("before-today")).to_be_visible()
    assert not Session.objects.exists()
    assert_accessible(page)
    screenshot(page, "programs-generate-check")
    page.get_by_role("button", name="Konfirmasi dan buat kegiatan").click()
    page.get_by_text("kegiatan dibuat").wait_for()
    assert Session.objects.count() == 8
    assert_accessible(page)
    screenshot(page, "programs-program-detail")

    # See them in the month calendar (March 2026: 2, 9, 16 and 30 March; 23 March is cuti
    # bersama Idul Fitri).
    page.goto("/programs/calendar/?view=month&day=2026-03-01")
    assert page.get_by_test_id("calendar-heading").inner_text() == "Maret 2026"
    expect(page.get_by_test_id("event")).to_have_count(4)
    assert "Cuti Bersama" in page.locator('td[data-date="2026-03-23"]').inner_text()
    assert_accessible(page)
    screenshot(page, "programs-calendar-month")
    page.get_by_role("link", name="Berikutnya").click()  # htmx swaps the grid
    page.get_by_test_id("calendar-heading").filter(has_text="April 2026").wait_for()
    assert "day=2026-04-01" in page.url

    # Move the 6 April session to 10.00–12.00.
    page.locator('td[data-date="2026-04-06"]').get_by_test_id("event").click()
    page.get_by_role("link", name="Pindah atau ubah").click()
    page.get_by_label("Mulai").fill("10:00")
    page.get_by_label("Selesai").fill("12:00")
    page.get_by_role("button", name="Simpan").click()
    assert "10.00 WITA" in page.get_by_test_id("when").inner_text()
    assert_accessible(page)

    # Cancel the 13 April session with a reason.
    page.goto("/programs/calendar/?view=month&day=2026-04-01")
    page.locator('td[data-date="2026-04-13"]').get_by_test_id("event").click()
    page.get_by_role("link", name="Batalkan kegiatan").click()
    page.get_by_label("Alasan pembatalan").fill("Ustadzah berhalangan")
    page.get_by_role("button", name="Batalkan kegiatan").click()
    assert "Ustadzah berhalangan" in page.get_by_test_id("cancelled").inner_text()
    cancelled = Session.objects.get(status=SessionStatus.CANCELLED)
    assert cancelled.cancel_reason == "Ustadzah berhalangan"
    moved = Session.objects.get(starts_at__date="2026-04-06")
    assert moved.starts_at.hour == 2 and moved.is_modified


def test_no_session_before_today_is_created_by_default(
    page: Any, login: Callable[[User], Any], facility: Facility, live_server: Any
) -> None:
    # A program that started months ago: generating it used to fill those months with sessions
    # that at once raised "no attendance taken".
    program = ProgramFactory(facility=facility, name="Pramuka", start_date=date(2026, 1, 5))
    login(user_with_roles(facility, Role.OFFICER))
    today = facility_today(facility)
    page.goto(f"{live_server.url}/programs/{program.pk}/generate/")
    expect(page.get_by_label("Dari")).to_have_value(today.isoformat())
    expect(page.get_by_test_id("planned-session").first).to_be_visible()
    expect(page.get_by_test_id("before-today")).to_have_count(0)
    assert not Session.objects.exists()
    page.get_by_role("button", name="Konfirmasi dan buat kegiatan").click()
    page.get_by_text("kegiatan dibuat").wait_for()
    days = [local_date(s.starts_at, facility) for s in Session.objects.filter(program=program)]
    assert days and min(days) >= today
    assert len(days) == len({*days})


def test_bulk_enrolment_waits_for_confirmation(
    page: Any, login: Callable[[User], Any], facility: Facility, live_server: Any
) -> None:
    program = ProgramFactory(facility=facility, name="Qonita", sexes=["P"], capacity=2)
    block = LocationFactory(facility=facility, name="Blok Mawar", kind=LocationKind.BLOCK)
    for name in ("Ani", "Beti", "Citra"):
        make_resident(facility, full_name=name, block=block)
    login(user_with_roles(facility, Role.OFFICER))
    page.goto(f"{live_server.url}/programs/{program.pk}/enrol/all/")
    expect(page.get_by_test_id("will-enrol").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("will-wait")).to_contain_text("Citra")
    expect(page.get_by_test_id("will-wait")).to_contain_text("Blok Mawar")
    assert not Enrollment.objects.exists()
    # Leaving the check page writes nothing either.
    page.get_by_role("link", name="Batal").click()
    page.get_by_role("heading", name="Daftarkan peserta: Qonita").wait_for()
    assert not Enrollment.objects.exists()
    page.goto(f"{live_server.url}/programs/{program.pk}/enrol/all/")
    page.get_by_role("button", name="Konfirmasi dan daftarkan").click()
    expect(page.get_by_test_id("enrolled-count")).to_contain_text("2 / 2")
    assert Enrollment.objects.filter(status="enrolled").count() == 2
    assert Enrollment.objects.get(status="waitlisted").resident.full_name == "Citra"


def test_the_enrolment_list_filters_as_one_types(
    page: Any, login: Callable[[User], Any], facility: Facility, live_server: Any
) -> None:
    program = ProgramFactory(facility=facility, name="Menjahit")
    for n in range(30):
        make_resident(facility, full_name=f"Warga Uji {n:02d}")
    make_resident(facility, full_name="Rahmawati Lestari")
    login(user_with_roles(facility, Role.OFFICER))
    page.goto(f"{live_server.url}/programs/{program.pk}/enrol/")
    expect(page.get_by_test_id("candidate")).to_have_count(25)  # one page of 31
    page.get_by_label("Nama atau nomor registrasi").fill("rahma")
    expect(page.get_by_test_id("candidate")).to_have_count(1)  # htmx swapped the list
    assert_accessible(page)
    page.get_by_label("Rahmawati Lestari").check()
    page.get_by_role("button", name="Daftarkan warga binaan yang dicentang").click()
    expect(page.get_by_test_id("enrolled-count")).to_contain_text("1")
    assert [e.resident.full_name for e in Enrollment.objects.all()] == ["Rahmawati Lestari"]
