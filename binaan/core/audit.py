"""The one way to write the audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from binaan.core.context import current_actor
from binaan.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User

    # Core imports no app above it: a facility is any model row (facilities.Facility).
    Facility = models.Model


def model_snapshot(obj: models.Model, *, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Plain JSON-safe values of a model's concrete fields (foreign keys as ids, files by their
    stored name: the audit keeps which file, never its content)."""
    names = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if names is not None and field.name not in names:
            continue
        if field.name in {"created_at", "updated_at", "password"}:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField):
            value = value.name or ""
        elif isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            # 7.5 from a form and 7.50 from the database are the same value, not a change.
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        data[field.attname] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(key for key in after if before.get(key) != after.get(key))


def audit_record(
    *,
    action: AuditAction | str,
    obj: models.Model | None = None,
    facility: Facility | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: User | None = None,
    object_type: str = "",
    object_repr: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    context = current_actor()
    if actor is None and context is not None:
        actor = context.user
    if ip_address is None and context is not None:
        ip_address = context.ip_address
    if facility is None and obj is not None:
        facility = getattr(obj, "facility", None)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)[:255]
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.pk else None,
        actor_username=actor.get_username() if actor is not None else "",
        facility_id=facility.pk if facility is not None else None,
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr[:255],
        before=before,
        after=after,
        ip_address=ip_address,
    )


def export_record(
    *,
    fmt: str,
    details: dict[str, Any],
    obj: models.Model | None = None,
    facility: Facility | None = None,
    actor: User | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """The one `export` event of a download (XLSX, CSV, PDF, JSON): what was exported, in which
    format, by whom and when; never the content (UU 27/2022 Pasal 16: processing of personal
    data, aggregates and documents included, must be accountable)."""
    return audit_record(
        action=AuditAction.EXPORT,
        obj=obj,
        facility=facility,
        actor=actor,
        object_type=object_type,
        object_repr=object_repr,
        after={**details, "format": fmt},
    )
