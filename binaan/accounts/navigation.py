"""The navigation: each entry names the roles that may open it, so the menu never offers a page
that would answer 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from binaan.accounts.workplace import Workplace
from binaan.core.permissions import Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[str]


ALL_FACILITY = frozenset(
    {Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER, Role.HUMAS, Role.PARTNER, Role.INTERN}
)
MANAGERS = frozenset({Role.ADMIN, Role.HEAD})

PROGRAM_VIEWERS = frozenset(
    {Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER, Role.HUMAS, Role.PARTNER}
)
PROGRAM_MANAGERS = frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER})

NAV_ITEMS: list[NavItem] = [
    NavItem("dashboard", _("Dashboard"), ALL_FACILITY | {Role.REGIONAL, Role.NATIONAL}),
    NavItem("programs:list", _("Programs"), PROGRAM_VIEWERS),
    NavItem("programs:calendar", _("Calendar"), ALL_FACILITY),
    NavItem("partners:partner_list", _("Partners"), PROGRAM_MANAGERS),
    NavItem(
        "residents:list",
        _("Residents"),
        frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER}),
    ),
    NavItem(
        "attendance:today",
        _("Today"),
        frozenset({Role.OFFICER, Role.HEAD, Role.ADMIN, Role.PARTNER}),
    ),
    NavItem(
        "facilities:location_list", _("Locations"), frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER})
    ),
    NavItem(
        "reports:index",
        _("Reports"),
        frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER, Role.REGIONAL, Role.NATIONAL}),
    ),
    NavItem("accounts:user_list", _("Users"), MANAGERS),
    NavItem("programs:category_list", _("Program categories"), frozenset({Role.ADMIN})),
    NavItem(
        "interns:placement_list", _("Interns"), frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER})
    ),
    NavItem(
        "interns:mentor_home",
        _("Mentoring"),
        frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER}),
    ),
    NavItem("interns:intern_home", _("My internship"), frozenset({Role.INTERN})),
    NavItem("interns:portal", _("My sessions"), frozenset({Role.PARTNER})),
    NavItem("facilities:settings", _("Facility"), frozenset({Role.ADMIN})),
    NavItem("core:audit_list", _("Audit trail"), MANAGERS),
]


def nav_for(workplace: Workplace, current_path: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for item in NAV_ITEMS:
        if workplace.has_role(*item.roles):
            url = reverse(item.url_name)
            active = current_path == url or (url != "/" and current_path.startswith(url))
            items.append({"url": url, "label": item.label, "active": active})
    return items
