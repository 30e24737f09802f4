from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from binaan.core.models import AuditEvent
from binaan.core.types import FacilityLike as Facility


def audit_events(
    *,
    facility: Facility,
    action: str = "",
    object_type: str = "",
    username: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(facility_id=facility.pk).select_related("actor")
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if username:
        events = events.filter(actor_username__icontains=username)
    zone = facility.tzinfo
    # The dates a person picks are the facility's days, not UTC days.
    if date_from:
        events = events.filter(created_at__gte=datetime.combine(date_from, time.min, zone))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, zone)
        events = events.filter(created_at__lt=end)
    return events.order_by("-created_at", "-id")


def audit_object_types(*, facility: Facility) -> list[str]:
    return sorted(
        set(
            AuditEvent.objects.filter(facility_id=facility.pk)
            .exclude(object_type="")
            .values_list("object_type", flat=True)
            .distinct()
        )
    )
