"""The menu's two tiers: the daily pages in the row, the administration pages under "Lainnya"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role, User
from binaan.accounts.navigation import NAV_ITEMS, nav_for
from binaan.accounts.workplace import load_workplace
from binaan.facilities.models import Facility

pytestmark = pytest.mark.django_db

# Setting up the facility, its partners and its accounts: opened now and then, not every day.
SECONDARY = {
    "partners:partner_list",
    "facilities:location_list",
    "accounts:user_list",
    "programs:category_list",
    "programs:holidays",
    "facilities:settings",
    "core:audit_list",
}


def test_the_administration_pages_are_the_secondary_entries() -> None:
    assert {item.url_name for item in NAV_ITEMS if item.secondary} == SECONDARY


def test_the_admins_row_holds_the_daily_pages_only(
    facility: Facility, make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN, Role.HEAD)
    items = nav_for(load_workplace(admin, facility.pk), "/")
    row = [item for item in items if not item["secondary"]]
    more = [item for item in items if item["secondary"]]
    # 16 entries used to wrap onto two rows at 1280 px; the row now has at most 9.
    assert len(row) <= 9 and len(more) == len(SECONDARY)
    assert len(row) + len(more) == len(items)


def test_more_is_marked_current_on_an_administration_page(
    make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_user(Role.ADMIN))
    page = client.get(reverse("facilities:location_list")).content.decode()
    nav = page.split('id="site-nav"')[1].split("</nav>")[0]
    assert '<summary class="current">Lainnya</summary>' in nav
    assert f'href="{reverse("facilities:location_list")}" aria-current="page"' in nav
    home = client.get(reverse("dashboard")).content.decode().split('id="site-nav"')[1]
    assert "<summary>Lainnya</summary>" in home.split("</nav>")[0]


def test_an_intern_without_administration_pages_has_no_more(
    make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    # An intern's menu is a few own pages: no empty "Lainnya" disclosure.
    page = client_for(make_user(Role.INTERN)).get(reverse("dashboard")).content.decode()
    assert "Lainnya" not in page and "data-menu-toggle" in page
