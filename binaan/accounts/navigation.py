"""The navigation: each entry names the permission of the page it opens, the same one the view
requires, so the menu never offers a page that would answer 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from binaan.accounts.workplace import Workplace
from binaan.core.permissions import PUBLIC, allows


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    permission: str


NAV_ITEMS: list[NavItem] = [
    NavItem("dashboard", _("Dashboard"), PUBLIC),
    NavItem("programs:list", _("Programs"), "programs.view"),
    NavItem("programs:calendar", _("Calendar"), "sessions.view"),
    NavItem("partners:partner_list", _("Partners"), "partners.manage"),
    NavItem("residents:list", _("Residents"), "residents.view"),
    NavItem("residents:detention", _("Detention orders"), "residents.view_detention"),
    NavItem("attendance:today", _("Today"), "attendance.mark"),
    NavItem("facilities:location_list", _("Locations"), "locations.view"),
    NavItem("reports:index", _("Reports"), "reports.view"),
    NavItem("accounts:user_list", _("Users"), "users.view"),
    NavItem("programs:category_list", _("Program categories"), "programs.manage_categories"),
    NavItem("programs:holidays", _("Holidays"), "programs.manage_holidays"),
    NavItem("interns:placement_list", _("Interns"), "interns.manage"),
    NavItem("interns:mentor_home", _("Mentoring"), "interns.mentor"),
    NavItem("interns:intern_home", _("My internship"), "interns.own_placement"),
    NavItem("interns:portal", _("My sessions"), "sessions.facilitate"),
    NavItem("facilities:settings", _("Facility"), "facilities.configure"),
    NavItem("core:audit_list", _("Audit trail"), "audit.view"),
]


def nav_for(workplace: Workplace, current_path: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for item in NAV_ITEMS:
        if item.permission == PUBLIC or allows(workplace, item.permission):
            url = reverse(item.url_name)
            active = current_path == url or (url != "/" and current_path.startswith(url))
            items.append({"url": url, "label": item.label, "active": active})
    return items
