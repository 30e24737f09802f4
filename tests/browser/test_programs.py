"""The seed story in a browser: create Pengajian Rutin Qonita, enrol the eligible women, generate
the sessions, see them in the calendar, move one and cancel one with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility, LocationKind
from binaan.programs.models import Enrollment, Session, SessionStatus
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import LocationFactory, make_resident, program_category, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_qonita_story(page: Any, login: Callable[[User], Any], facility: Facility) -> None:
    category = program_category()  # transactional tests may start without the migration's rows
    block = LocationFactory(facility=facility, name="Blok Wanita", kind=LocationKind.BLOCK)
    LocationFactory(facility=facility, name="Masjid Blok Wanita", kind=LocationKind.MOSQUE)
    women = [make_resident(facility, full_name=f"Siti Warga {n}", block=block) for n in range(1, 6)]
    make_resident(facility, full_name="Budi Warga", sex="L")
    make_resident(facility, full_name="Maria Warga", religion="kristen", block=block)
    officer = user_with_roles(facility, Role.OFFICER)
    login(officer)

    # Create the program.
    page.goto("/programs/new/")
    assert_accessible(page)
    page.get_by_label("Nama").fill("Pengajian Rutin Qonita")
    page.get_by_label("Kategori").select_option(str(category.pk))
    page.get_by_label("Tempat utama").select_option(label="Masjid Blok Wanita")
    page.get_by_role("group", name="Hanya untuk jenis kelamin").get_by_label("Perempuan").check()
    page.get_by_role("group", name="Hanya untuk agama").get_by_label("Islam").check()
    page.get_by_label("Tanggal mulai").fill("2026-03-02")
    page.get_by_label("Susunan acara baku").fill("tilawah | Tilawah\ntausiyah | Tausiyah\ndiskusi")
    page.get_by_label("Jadwal 1: hari").select_option(label="Senin")
    page.get_by_label("Jadwal 1: mulai").fill("09:00")
    page.get_by_label("Jadwal 1: selesai").fill("11:00")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name="Pengajian Rutin Qonita").wait_for()

    # Bulk-enrol the eligible women: five Muslim women, not the man, not the Christian woman.
    page.get_by_role("link", name="Daftarkan peserta").click()
    summary = page.get_by_test_id("bulk-summary").inner_text()
    assert "5 memenuhi syarat, 5 mendapat tempat, 0 masuk daftar tunggu" in summary
    assert_accessible(page)
    page.get_by_role("button", name="Daftarkan semua yang memenuhi syarat").click()
    page.get_by_test_id("enrolled-count").wait_for()
    assert page.get_by_test_id("enrolled-count").inner_text().startswith("5")
    assert {e.resident_id for e in Enrollment.objects.all()} == {w.pk for w in women}

    # Generate the sessions.
    page.get_by_role("button", name="Buat jadwal kegiatan").click()
    page.get_by_text("kegiatan dibuat").wait_for()
    assert Session.objects.count() > 8
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
