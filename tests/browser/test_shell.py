"""The shell every page shares: login, facility switch, language switch, accessibility."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Membership, Role, User
from binaan.facilities.models import Facility
from tests.browser.conftest import assert_accessible, open_user_menu, screenshot
from tests.factories import LocationFactory, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_indonesian_and_accessible(page: Any) -> None:
    page.goto("/")
    assert "/accounts/login/" in page.url
    expect(page.get_by_role("heading", name="Masuk ke Binaan")).to_be_visible()
    assert_accessible(page)


def test_dashboard_switch_facility_and_language(
    page: Any, login: Callable[[User], Any], facility: Facility, other_facility: Facility
) -> None:
    LocationFactory(facility=facility, name="Masjid Blok Wanita")
    user = user_with_roles(facility, Role.ADMIN, Role.HEAD)
    Membership.objects.create(user=user, facility=other_facility, role=Role.ADMIN)
    login(user)

    assert page.get_by_test_id("facility-name").inner_text() == facility.name
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()
    assert "WITA" in page.locator(".topbar").inner_text()
    assert_accessible(page)
    screenshot(page, "dashboard-shell-id")

    page.get_by_label("Ganti UPT").select_option(str(other_facility.pk))
    page.get_by_role("button", name="Ganti", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_test_id("facility-name").inner_text() == other_facility.name
    assert "WIT" in page.locator(".badge.zone").inner_text()

    # The other facility's locations are not listed after the switch.
    # Locations is an administration page: under the menu's "Lainnya".
    page.get_by_role("navigation").get_by_text("Lainnya").click()
    page.get_by_role("link", name="Lokasi").click()
    expect(page.get_by_role("heading", name="Lokasi")).to_be_visible()
    assert "Masjid Blok Wanita" not in page.content()

    open_user_menu(page)
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ubah").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Locations")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_failed_login_shows_indonesian_error(page: Any, officer: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Nama pengguna").fill(officer.username)
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert "/accounts/login/" in page.url
