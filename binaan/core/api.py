from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

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


# --- Query parameters ------------------------------------------------------------------------
# Bounds for what a query may name: dates a facility's calendar can hold and integers the
# database can compare (ids are BigAutoField, 64-bit signed).
QUERY_DATE_MIN = date(2000, 1, 1)
QUERY_DATE_MAX = date(2100, 12, 31)
DB_ID_MAX = 2**63 - 1
DB_INT_MAX = 2**31 - 1  # IntegerField / PositiveIntegerField on PostgreSQL


class BoundedDateField(serializers.DateField):
    """A `YYYY-MM-DD` query date between QUERY_DATE_MIN and QUERY_DATE_MAX (a 400, never an
    overflow further down)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["iso-8601"])
        kwargs.setdefault(
            "help_text", f"YYYY-MM-DD, from {QUERY_DATE_MIN.isoformat()} to {QUERY_DATE_MAX}."
        )
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> date:
        day: date = super().to_internal_value(value)
        if not QUERY_DATE_MIN <= day <= QUERY_DATE_MAX:
            raise serializers.ValidationError(
                _("Give a date from %(min)s to %(max)s.")
                % {"min": QUERY_DATE_MIN.isoformat(), "max": QUERY_DATE_MAX.isoformat()},
                code="out_of_range",
            )
        return day


class IdField(serializers.IntegerField):
    """An object id in a query: a positive integer the database can hold."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", DB_ID_MAX)
        super().__init__(**kwargs)


def query_params(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    """The request's query parameters validated by `serializer_class` (else a 400 naming the
    parameter at fault)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Errors ----------------------------------------------------------------------------------
# Every API error has this shape (README, "API errors"):
#   {"code": "<stable code>", "message": "<first message, in the request's language>",
#    "field": "<parameter or field at fault, or null>", "errors": {"<field>": ["<message>"]}}
# 500 and 503 come from binaan.core.faults with the same keys.
NON_FIELD = "non_field_errors"


class ErrorSerializer(serializers.Serializer):
    """The body of every API error."""

    code = serializers.CharField(
        help_text="Stable code: invalid, parse_error, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, not_acceptable, "
        "unsupported_media_type, throttled, stale_version, server_error, database_unavailable."
    )
    message = serializers.CharField(help_text="The first message, in the request's language.")
    field = serializers.CharField(
        allow_null=True, help_text="The parameter or field at fault, or null."
    )
    # A field named like Serializer.errors: the metaclass moves it into the declared fields.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Every message by field (dotted paths for nested fields; "
        "non_field_errors for the request as a whole).",
    )


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key == NON_FIELD and not prefix else f"{prefix}{key}"
            flat.update(_flatten(value, f"{name}."))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}{index}."))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix.rstrip(".") or NON_FIELD: [str(item) for item in items]}


def error_body(code: str, errors: dict[str, list[str]] | str, **extra: Any) -> dict[str, Any]:
    """The error shape from `errors` (by field) or one message for the request as a whole."""
    if isinstance(errors, str):
        errors = {NON_FIELD: [errors]}
    errors = {name: messages for name, messages in errors.items() if messages}
    field, messages = next(iter(errors.items()), (NON_FIELD, [""]))
    return {
        "code": code,
        "message": messages[0],
        "field": None if field == NON_FIELD else field,
        "errors": errors,
        **extra,
    }


def error_response(
    status: int, code: str, errors: dict[str, list[str]] | str, **extra: Any
) -> Response:
    return Response(error_body(code, errors, **extra), status=status)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every APIException (and Django's Http404 and
    PermissionDenied) as the error shape. Anything else is re-raised to Django's handler500
    (binaan.core.faults), which logs it and answers JSON `server_error` without a trace."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", _flatten(exc.detail))
    else:
        code = exc.default_code if isinstance(exc.default_code, str) else "error"
        response.data = error_body(code, _flatten(exc.detail))
    return response


# --- Schema ----------------------------------------------------------------------------------
ERROR_STATUSES = ("400", "403", "404")
# A local wall-clock time ("09:00:00", in the facility's zone): not RFC 3339's full-time, which
# needs an offset, so it is documented by a pattern instead of `format: time`.
LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"


class ApiAutoSchema(AutoSchema):
    """DEFAULT_SCHEMA_CLASS: every operation also documents its 400/403/404 with the error
    shape (an operation adds others, e.g. 409, with `extend_schema(responses=...)`)."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in ERROR_STATUSES:
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    ErrorSerializer, status, direction=direction
                )
                responses[status]["description"] = ERROR_DESCRIPTIONS[status]
        return responses

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema and schema.get("format") == "time":
            del schema["format"]
            schema["pattern"] = LOCAL_TIME_PATTERN
            schema.setdefault("example", "09:00:00")
        return schema


ERROR_DESCRIPTIONS = {
    "400": "A query parameter or field is not valid (`code` invalid or parse_error).",
    "403": "Not signed in, or the role may not do this (`code` not_authenticated or "
    "permission_denied).",
    "404": "No such object in the active facility, or not one this user may see "
    "(`code` not_found).",
}
