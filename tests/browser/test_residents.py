"""Residents: import a file with an error, fix it, import, find the resident, open the profile."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.devtools.samples import to_csv
from binaan.facilities.models import Facility
from binaan.residents.importing import HEADERS
from binaan.residents.models import Resident
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import LocationFactory, ResidentFactory, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(number: str, name: str, block: str, sex: str = "P") -> list[str]:
    values = {
        "No. Registrasi": number,
        "Nama Lengkap": name,
        "Status": "narapidana",
        "Kode Register": "B.I",
        "Jenis Kelamin": sex,
        "Agama": "Islam",
        "Blok": block,
        "Tanggal Masuk": "02-01-2025",
        "Perkara / Pasal": "Pasal 363 KUHP",
        "Mulai Pidana": "01-10-2025",
        "Pidana Tahun": "2",
        "Pidana Bulan": "6",
    }
    return [values.get(h, "") for h in HEADERS]


def test_import_fix_find_and_profile(
    page: Any,
    login: Callable[[User], Any],
    facility: Facility,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    wanita = LocationFactory(facility=facility, name="Blok Wanita")
    LocationFactory(facility=facility, name="Blok A")
    for n, name in enumerate(["Rina Marlina", "Dewi Lestari", "Sri Wahyuni", "Nur Aisyah"]):
        ResidentFactory(
            facility=facility,
            full_name=name,
            sex="P",
            block=wanita,
            registration_number=f"BI {n:03d}/2025",
        )
    officer = user_with_roles(facility, Role.OFFICER)
    login(officer)

    page.get_by_role("link", name="Penghuni").first.click()
    page.get_by_role("link", name="Impor dari berkas").click()
    expect(page.get_by_role("heading", name="Impor penghuni")).to_be_visible()

    rows = [
        _row("BI 0901/2025", "Siti Nurhaliza Ãzzahra", "Blok Wanita"),
        _row("BI 0902/2025", "Budi Santoso", "Blok Z", sex="L"),
    ]
    bad = to_csv(rows, delimiter=";")
    page.get_by_label("Berkas (XLSX atau CSV)").set_input_files(
        files=[{"name": "penghuni.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    error = page.get_by_text("Baris 3, kolom “Blok”, nilai “Blok Z”")
    error.wait_for()
    expect(page.get_by_role("heading", name="Berkas tidak dapat diimpor")).to_be_visible()
    expect(page.get_by_role("button", name="Impor sekarang")).to_have_count(0)
    assert_accessible(page)
    assert not Resident.objects.filter(registration_number="BI 0901/2025").exists()

    rows[1] = _row("BI 0902/2025", "Budi Santoso", "Blok A", sex="L")
    page.get_by_label("Berkas (XLSX atau CSV)").set_input_files(
        files=[{"name": "penghuni.csv", "mimeType": "text/csv", "buffer": to_csv(rows)}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    page.get_by_role("button", name="Impor sekarang").wait_for()
    assert page.get_by_test_id("count-created").inner_text() == "2"
    assert page.get_by_test_id("count-rejected").inner_text() == "0"
    page.get_by_role("button", name="Impor sekarang").click()
    page.wait_for_url("**/residents/")
    expect(page.get_by_text("Impor selesai: 2 ditambahkan, 0 diperbarui.")).to_be_visible()

    # Find her without the accent and in capitals; the results update in place (htmx).
    page.get_by_label("Nama atau nomor").fill("AZZAHRA")
    page.get_by_role("main").get_by_role("button", name="Cari").click()
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"^1 "))
    expect(page.get_by_role("link", name="Siti Nurhaliza Ãzzahra")).to_be_visible()
    page.get_by_label("Nama atau nomor").fill("")
    page.get_by_role("main").get_by_role("button", name="Cari").click()
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"^6 "))
    assert_accessible(page)
    screenshot(page, "residents-list")

    page.get_by_role("link", name="Siti Nurhaliza Ãzzahra").click()
    expect(page.get_by_role("heading", name="Siti Nurhaliza Ãzzahra")).to_be_visible()
    assert page.get_by_test_id("registration-number").inner_text() == "BI 0901/2025"
    resident = Resident.objects.get(registration_number="BI 0901/2025")
    expected = resident.key_dates(on=date.today())  # noqa: DTZ011 - compared with a date
    assert expected is not None
    assert page.get_by_test_id("stage").inner_text().startswith("Tahap")
    expect(page.get_by_role("heading", name="Tahap dan tanggal penting")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "resident-profile")


def test_partner_cannot_browse_the_register(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    block = LocationFactory(facility=facility, name="Blok Wanita")
    ResidentFactory(facility=facility, full_name="Siti Aminah", block=block, charge="Pasal 378")
    login(user_with_roles(facility, Role.PARTNER))
    expect(page.get_by_role("link", name="Penghuni")).to_have_count(0)
    response = page.goto("/residents/")
    assert response is not None and response.status == 403
    assert "Siti Aminah" not in page.content() and "Pasal 378" not in page.content()
