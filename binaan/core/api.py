from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from binaan.core.audit import read_record
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


class ReadAuditedListMixin:
    """For list endpoints that show residents: one `view` audit row per request with the count
    and the filters, never the rows (binaan.core.audit.read_record, as the pages do)."""

    read_audit_what: str = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        data = response.data
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        read_record(
            request._request,
            what=self.read_audit_what,
            count=len(rows),
            filters=dict(request.query_params.items()),
        )
        return response
