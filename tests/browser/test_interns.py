"""An intern checks in, completes the logbook pre-filled from the Qonita session and submits it;
the mentor verifies it. The monthly export and the certificate are rendered to PNG for the docs
(PDFium through pypdfium2, no viewer to wait for)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from binaan.interns import selectors, services
from binaan.interns.certificates import certificate_code
from binaan.interns.documents import render_certificate_pdf, render_month_pdf
from binaan.interns.models import LogbookEntry, LogbookState, PresenceDay
from binaan.interns.views import certificate_data
from binaan.programs.models import SessionIntern
from tests.browser.conftest import assert_accessible, pdf_page_to_png, screenshot
from tests.factories import intern_placement, intern_program, intern_session, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LETTERHEAD = (
    "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA\n"
    "KANTOR WILAYAH DITJENPAS KALIMANTAN TIMUR\n"
    "RUMAH TAHANAN NEGARA KELAS IIA BALIKPAPAN"
)


def _facility(facility: Facility) -> Facility:
    facility.letterhead_lines = LETTERHEAD
    facility.address = "Jl. Jenderal Sudirman, Balikpapan, Kalimantan Timur"
    facility.head_name = "Kepala Rutan (demo)"
    facility.head_nip = "197001012000031001"
    facility.save()
    return facility


def test_intern_logbook_submitted_and_verified(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    facility = _facility(facility)
    zone = facility.tzinfo
    today = timezone.localtime(timezone.now(), zone).date()
    mentor = user_with_roles(facility, Role.OFFICER, full_name="Rahmawati Petugas")
    intern = user_with_roles(facility, Role.INTERN, full_name="Nur Aisyah Magang")
    placement = intern_placement(
        facility,
        intern=intern,
        mentor=mentor,
        start=today - timedelta(days=60),
        end=today + timedelta(days=120),
        unit="Seksi Pelayanan Tahanan",
    )
    program = intern_program(facility, "Pengajian Rutin Qonita")
    session = intern_session(
        facility, program=program, starts_at=datetime.combine(today, time(9), zone)
    )
    SessionIntern.objects.create(session=session, user=intern, task="pendamping")

    login(intern)
    page.get_by_role("link", name="Magang saya").first.click()
    page.get_by_role("button", name="Presensi masuk").click()
    page.wait_for_load_state()
    assert "Presensi masuk tercatat" in page.locator(".messages").inner_text()
    assert PresenceDay.objects.get(placement=placement).check_in is not None

    page.get_by_role("link", name="Logbook hari ini").click()
    expected = "09.00–11.00 WITA · Pengajian Rutin Qonita · Pendamping"  # the label, not the code
    assert page.get_by_test_id("prefill").inner_text().strip() == expected
    activities = page.get_by_role("textbox", name="Kegiatan", exact=True)
    assert activities.input_value() == expected
    activities.fill(expected + "\nMenyiapkan ruang dan daftar hadir")
    page.get_by_label("Yang saya pelajari").fill(
        "Susunan acara pengajian: tilawah, tausiyah, diskusi"
    )
    assert_accessible(page)
    screenshot(page, "interns-logbook-prefilled")
    page.get_by_role("button", name="Ajukan ke mentor").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("entry-state").inner_text() == "Diajukan"
    assert LogbookEntry.objects.get(placement=placement).state == LogbookState.SUBMITTED

    page.context.clear_cookies()
    login(mentor)
    page.get_by_role("link", name="Pembimbingan magang").first.click()
    assert_accessible(page)
    screenshot(page, "interns-mentor-awaiting")
    page.locator("table").get_by_role("link").first.click()
    page.get_by_label("Komentar untuk peserta magang").fill("Bagus, lanjutkan.")
    assert_accessible(page)
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    page.wait_for_load_state()
    assert "Entri telah diverifikasi" in page.locator(".messages").inner_text()
    entry = LogbookEntry.objects.get(placement=placement)
    assert entry.state == LogbookState.VERIFIED and entry.verified_by == mentor


def test_month_export_and_certificate_rendered_to_png(facility: Facility) -> None:
    facility = _facility(facility)
    zone = facility.tzinfo
    mentor = user_with_roles(
        facility, Role.OFFICER, full_name="Rahmawati Petugas", nip="198503122010012001"
    )
    intern = user_with_roles(facility, Role.INTERN, full_name="Nur Aisyah Magang")
    placement = intern_placement(
        facility,
        intern=intern,
        mentor=mentor,
        unit="Seksi Pelayanan Tahanan",
        study_programme="Psikologi",
    )
    services.competencies_update(
        placement=placement,
        names=["Mendampingi kegiatan pembinaan kepribadian", "Dokumentasi dan pelaporan"],
    )
    qonita = intern_program(facility, "Pengajian Rutin Qonita")
    april_6 = intern_session(
        facility, program=qonita, starts_at=datetime(2026, 4, 6, 9, tzinfo=zone)
    )
    SessionIntern.objects.create(session=april_6, user=intern, task="pendamping")
    for day in range(1, 11):
        current = date(2026, 4, day)
        if current.weekday() >= 5:
            continue
        PresenceDay.objects.create(
            facility=facility,
            placement=placement,
            date=current,
            check_in=datetime.combine(current, time(7, 45), zone),
            check_out=datetime.combine(current, time(11 if day == 9 else 16, 5), zone),
        )
        lines = selectors.logbook_prefill(placement=placement, day=current) or [
            "Membantu administrasi registrasi kegiatan pembinaan"
        ]
        LogbookEntry.objects.create(
            facility=facility,
            placement=placement,
            date=current,
            activities="\n".join(lines),
            hours=Decimal("3.0") if day == 9 else Decimal("7.5"),
            state=LogbookState.VERIFIED if day < 8 else LogbookState.SUBMITTED,
        )
    report = selectors.month_report(placement=placement, month=date(2026, 4, 1))
    report.generated = "Jumat, 10 April 2026, 16.30 WITA"
    report.generated_by = str(mentor)
    month_png = pdf_page_to_png(render_month_pdf(report), "interns-month-export", width=1200)
    assert month_png.stat().st_size > 10_000

    code = certificate_code(placement.pk, placement.start_date, placement.end_date)
    data = certificate_data(placement, f"https://binaan.rutan-bpn.example/verify/{code}/")
    certificate_png = pdf_page_to_png(
        render_certificate_pdf(data), "interns-certificate", width=1200
    )
    assert certificate_png.stat().st_size > 10_000
