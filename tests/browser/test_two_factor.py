"""Two-factor login in the browser: enrolment from the page's QR code and secret, then the code
after the password. The harness fails the test on any CSP violation (the QR code is inline SVG)."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from binaan.accounts.models import Role
from binaan.facilities.models import Facility
from tests.browser.conftest import assert_accessible, open_user_menu, screenshot
from tests.factories import PASSWORD, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret: bytes, *, steps_ahead: int = 0) -> str:
    return str(totp(secret, t0=-30 * steps_ahead)).zfill(6)


def test_enrol_then_log_in_with_a_code(page: Any, facility: Facility) -> None:
    head = user_with_roles(facility, Role.HEAD)
    page.goto("/accounts/login/")
    page.get_by_label("Nama pengguna").fill(head.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/")

    open_user_menu(page)
    page.get_by_role("link", name="Verifikasi dua langkah").click()
    page.get_by_role("button", name="Siapkan verifikasi dua langkah").click()
    expect(page.locator("svg.qr-code")).to_be_visible()
    text = page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    secret = b32decode(text + "=" * (-len(text) % 8))
    assert_accessible(page)
    screenshot(page, "two-factor-enrol")
    page.get_by_label("Kode dari aplikasi autentikator").fill(_code(secret))
    page.get_by_role("button", name="Aktifkan", exact=True).click()
    page.wait_for_url("**/")
    assert "Verifikasi dua langkah diaktifkan." in page.content()

    open_user_menu(page)
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Nama pengguna").fill(head.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/accounts/two-factor/verify/**")
    expect(page.get_by_role("heading", name="Kode masuk")).to_be_visible()
    assert_accessible(page)
    # Another page is not reachable with the password alone.
    page.goto("/residents/")
    assert "/accounts/two-factor/verify/" in page.url

    page.get_by_label("Kode dari aplikasi autentikator").fill("000000")
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_text("Kode salah atau sudah pernah dipakai.", exact=True)).to_be_visible()
    # The error summary at the top links to the field (GOV.UK pattern).
    expect(page.get_by_test_id("error-summary").get_by_role("link").first).to_be_visible()
    # The enrolment's code is spent; the app's next one passes (within the one-step tolerance).
    page.get_by_label("Kode dari aplikasi autentikator").fill(_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Lanjutkan").click()
    page.wait_for_url("**/residents/")
    expect(page.get_by_role("heading", name="Penghuni").first).to_be_visible()
