from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from binaan.core.permissions import allows, get_rule
from binaan.core.scoping import workplace_of


class RegistryPermission(BasePermission):
    """The API's check: the view's `permission_name` from the registry in the active facility
    (else 403). Object rules are the selectors' business: a row the user may not see is a 404."""

    def has_permission(self, request: Request, view: Any) -> bool:
        name = getattr(view, "permission_name", None)
        if not name:
            raise ImproperlyConfigured(f"{type(view).__name__} names no permission_name")
        get_rule(name)
        if not (request.user and request.user.is_authenticated):
            return False
        return allows(workplace_of(request), name)
