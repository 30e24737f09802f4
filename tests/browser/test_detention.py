"""The dashboard warns of a detention order ending in 3 days, and the profile shows the chain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.core.dates import facility_today
from binaan.facilities.models import Facility
from binaan.residents.detention import DetentionAuthority, OrderIssuer, OrderKind
from binaan.residents.detention_services import detention_order_add
from binaan.residents.models import CustodyStatus
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import make_resident, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_warns_of_an_order_ending_in_three_days(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    today = facility_today(facility)
    resident = make_resident(
        facility, custody_status=CustodyStatus.TAHANAN, full_name="Andi Saputra"
    )
    # 30 days ending 3 days from today: from today - 26 to today + 3.
    detention_order_add(
        resident=resident,
        authority=DetentionAuthority.HAKIM_PN,
        kind=OrderKind.ORDER,
        issuer=OrderIssuer.HAKIM_PN,
        number="123/Pen.Pid/2026/PN Bpp",
        start=today - timedelta(days=26),
        days=30,
    )
    login(user_with_roles(facility, Role.OFFICER))
    panel = page.get_by_test_id("detention-warnings")
    expect(panel).to_be_visible()
    warning = panel.get_by_test_id("detention-warning")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("Andi Saputra")
    expect(warning).to_contain_text("3 hari lagi")
    assert_accessible(page)
    screenshot(page, "dashboard-detention-warning-id")

    warning.get_by_role("link", name="Andi Saputra").click()
    chain = page.get_by_test_id("detention-chain")
    expect(chain).to_be_visible()
    expect(chain).to_contain_text("123/Pen.Pid/2026/PN Bpp")
    expect(page.get_by_test_id("detention-expiry")).to_contain_text(
        str((today + timedelta(days=3)).year)
    )
    assert_accessible(page)
