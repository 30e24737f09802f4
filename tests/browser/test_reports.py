"""The head's dashboard and the monthly report in the browser (axe), with screenshots; the PDF's
first two pages rendered to PNG by PDFium (pypdfium2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from binaan.reports.pdf import render_monthly_pdf
from binaan.reports.selectors import monthly_report
from tests.browser.conftest import assert_accessible, pdf_page_to_png, screenshot
from tests.core.test_dashboard import build
from tests.factories import user_with_roles
from tests.reports.conftest import MARCH, NOW, build_small_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dress(facility: Facility) -> None:
    facility.head_name = "Dra. Siti Rahmawati, M.H."
    facility.head_nip = "197203151998032001"
    facility.letterhead_lines = (
        "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA\n"
        "KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN KALIMANTAN TIMUR\n"
        "RUMAH TAHANAN NEGARA KELAS IIA BALIKPAPAN"
    )
    facility.save()


def test_dashboard_of_the_head(page: Any, login: Callable[[User], Any], facility: Facility) -> None:
    _dress(facility)
    build(facility)
    head = user_with_roles(facility, Role.HEAD)
    login(head)
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()
    assert page.get_by_test_id("dash-week-rate").inner_text() == "75%"
    assert "Menjahit" in page.get_by_test_id("dash-falling").inner_text()
    expect(page.get_by_role("navigation").get_by_role("link", name="Laporan")).to_be_visible()
    # Figures, not a second menu: no tiles repeat the menu's pages.
    expect(page.locator("main .card")).to_have_count(0)
    expect(page.get_by_test_id("dash-today-sessions")).to_contain_text("Pengajian")
    assert_accessible(page)
    screenshot(page, "dashboard-head-id")


def test_monthly_report_page_and_pdf(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    _dress(facility)
    build_small_month(facility)
    login(user_with_roles(facility, Role.HEAD))
    page.get_by_role("link", name="Laporan").first.click()
    page.get_by_label("Bulan", exact=True).fill("2026-03")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-month").inner_text() == "Maret 2026"
    assert "Pengajian Rutin Qonita" in page.content()
    assert_accessible(page)
    screenshot(page, "report-monthly-id")

    report = monthly_report(facility=facility, month=MARCH, now=NOW)
    pdf = render_monthly_pdf(report, user_name=head_name())
    for number in (1, 2):
        path = pdf_page_to_png(pdf, f"report-pdf-page-{number}", page_number=number, width=900)
        assert path.stat().st_size > 10_000


def head_name() -> str:
    return "Petugas Pembinaan"
