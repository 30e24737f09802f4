"""The one way to write the audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from binaan.core.auditchain import (
    GENESIS,
    Break,
    ChainContent,
    ChainWalker,
    json_normalised,
    row_hash,
)
from binaan.core.context import current_actor
from binaan.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User
    from django.http import HttpRequest

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
    event = AuditEvent(
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
    audit_chain_append([event])
    return event


def _plain(value: Any) -> Any:
    """A filter value as the audit keeps it: a chosen row by its id, never its text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset, models.QuerySet)):
        return [_plain(item) for item in value]
    return value


def read_record(
    request: HttpRequest,
    *,
    what: str,
    count: int,
    filters: Mapping[str, Any] | None = None,
    obj: models.Model | None = None,
) -> AuditEvent | None:
    """The one `view` event of a request that shows residents (UU 27/2022 Pasal 16: reads of
    personal data are processing, and accountable): which page (`what`, e.g.
    "residents.list"), with which filters, how many rows it showed; never the rows or names.
    `obj` is the one resident a page is about (photo, calendar), so that "who looked at this
    person" finds it. At most one row per request: a page built from several reads counts once.
    """
    if getattr(request, "_binaan_read_recorded", False):
        return None
    request._binaan_read_recorded = True  # type: ignore[attr-defined]
    workplace = getattr(request, "workplace", None)
    facility = getattr(workplace, "facility", None)
    if obj is not None and facility is None:
        facility = getattr(obj, "facility", None)
    details: dict[str, Any] = {"view": what, "count": count}
    if filters:
        details["filters"] = {key: _plain(value) for key, value in sorted(filters.items())}
    return audit_record(
        action=AuditAction.VIEW,
        obj=obj,
        facility=facility,
        object_type="" if obj is not None else "read",
        object_repr="" if obj is not None else what,
        after=json.loads(json.dumps(details, cls=DjangoJSONEncoder)),
    )


# Any constant shared by every writer: the key of the PostgreSQL advisory lock of the chain.
CHAIN_LOCK_KEY = 0x62696E61616E  # "binaan"


def chain_content(event: AuditEvent) -> ChainContent:
    """What the row's hash covers, from a row read back or about to be written."""
    return ChainContent(
        sequence=event.sequence,
        actor_id=event.actor_id,
        actor_username=event.actor_username,
        facility_id=event.facility_id,
        action=str(event.action),
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        before=event.before,
        after=event.after,
        ip_address=event.ip_address,
        created_at=event.created_at,
    )


def audit_chain_append(events: list[AuditEvent]) -> None:
    """Number, hash and insert unsaved events at the end of the chain, in order.

    The chain is one line: two writers reading the same last row would fork it. On PostgreSQL a
    transaction-scoped advisory lock serialises appends until the surrounding transaction
    commits (a lock released earlier would let the next writer read a last row that is not yet
    committed, or not see it); SQLite's write lock, taken at BEGIN (IMMEDIATE), already does.
    The unique `sequence` is the last line of defence: a fork fails instead of being stored.
    """
    ip_field = AuditEvent._meta.get_field("ip_address")
    # No savepoint of its own: a failed append must fail the caller's transaction anyway.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "row_hash").first()
        sequence, prev_hash = last if last is not None else (0, GENESIS)
        now = timezone.now()
        for event in events:
            sequence += 1
            event.sequence = sequence
            event.created_at = now
            # Stored as the database will give them back, so the verifier hashes the same text.
            event.before = json_normalised(event.before)
            event.after = json_normalised(event.after)
            event.object_repr = event.object_repr[:255]
            event.ip_address = ip_field.to_python(event.ip_address) or None
            event.prev_hash = prev_hash
            event.row_hash = prev_hash = row_hash(prev_hash, chain_content(event))
        AuditEvent.objects.bulk_create(events, batch_size=1000)


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


@dataclass(frozen=True)
class ChainReport:
    count: int
    broken: Break | None
    head_sequence: int
    head_hash: str


def audit_chain_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walks the whole trail in sequence order, a chunk at a time (bounded memory on millions of
    rows), and stops at the first broken link."""
    walker = ChainWalker()
    rows = AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size)
    for event in rows:
        broken = walker.check(event.pk, event.prev_hash, event.row_hash, chain_content(event))
        if broken is not None:
            return ChainReport(walker.count, broken, walker.expected_sequence - 1, walker.prev_hash)
    return ChainReport(walker.count, None, walker.expected_sequence - 1, walker.prev_hash)
