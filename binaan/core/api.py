from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from binaan.core.scoping import workplace_of


class FacilityRolePermission(BasePermission):
    """The API's role check: the view's `allowed_roles` in the active facility (else 403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return workplace_of(request).has_role(*getattr(view, "allowed_roles", ()))
