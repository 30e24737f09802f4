"""Indonesian whatever the browser says; English only by the user's own choice, kept on the
account (issue 13): an office PC with an English browser still shows Indonesian."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_browser(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
        base_url=live_server.url,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


def _log_in(page: Any, user: User, *, username: str, password: str, button: str) -> None:
    page.get_by_label(username).fill(user.username)
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url("**/")


def _account_menu(page: Any) -> None:
    """Reach the account's own controls (language, log out): where the header folds them into
    the user's menu, a click on the user's name opens it; where they sit in the header itself,
    the click on the name does nothing."""
    page.locator(".user-box .user-name").click()


def test_an_english_browser_gets_indonesian_until_the_user_chooses_english(
    english_browser: Any, facility: Facility
) -> None:
    page = english_browser
    user = user_with_roles(facility, Role.OFFICER)

    page.goto("/")
    expect(page.get_by_role("heading", name="Masuk ke Binaan")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "id"
    assert_accessible(page)
    _log_in(page, user, username="Nama pengguna", password="Kata sandi", button="Masuk")
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "id"

    # The user picks English: kept on the account.
    _account_menu(page)
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ubah").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    user.refresh_from_db()
    assert user.language == "en"

    # Logging out and in again (with the browser's cookies gone: not the switcher's cookie, the
    # account) keeps English; the login page itself, before anyone is known, is Indonesian.
    _account_menu(page)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Masuk ke Binaan")).to_be_visible()
    _log_in(page, user, username="Nama pengguna", password="Kata sandi", button="Masuk")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    _account_menu(page)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(page)
