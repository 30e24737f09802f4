from typing import Any

from django.conf import settings
from django.http import HttpRequest

from binaan.accounts.navigation import nav_for
from binaan.accounts.workplace import Workplace
from binaan.core.permissions import Can, actor_anywhere


def binaan(request: HttpRequest) -> dict[str, Any]:
    workplace: Workplace = getattr(request, "workplace", None) or Workplace()
    nav_items = nav_for(workplace, request.path) if workplace.memberships else []
    return {
        "workplace": workplace,
        # `{% if can.users.manage %}`: templates ask the registry, never a role name.
        "can": Can(workplace),
        # Rights of the account itself, held through a role at any facility (two-factor login).
        "account_can": Can(actor_anywhere(workplace)),
        "nav_items": nav_items,
        # The entries under the menu's "More" disclosure (base.html lists the others in the row).
        "nav_secondary": [item for item in nav_items if item["secondary"]],
        "nav_secondary_active": any(item["secondary"] and item["active"] for item in nav_items),
        "LANGUAGES": settings.LANGUAGES,
    }
