from __future__ import annotations

from typing import Any

from django.db import transaction

from binaan.core.audit import audit_record, changed_fields, model_snapshot
from binaan.core.models import AuditAction
from binaan.facilities.models import Facility, Location

FACILITY_EDITABLE_FIELDS = [
    "name",
    "facility_class",
    "address",
    "phone",
    "email",
    "time_zone",
    "head_name",
    "head_nip",
    "letterhead_lines",
    "attendance_lock_days",
    "schedule_horizon_weeks",
]


@transaction.atomic
def facility_update(*, facility: Facility, data: dict[str, Any]) -> Facility:
    before = model_snapshot(facility, fields=FACILITY_EDITABLE_FIELDS)
    for name in FACILITY_EDITABLE_FIELDS:
        if name in data:
            setattr(facility, name, data[name])
    facility.full_clean()
    after = model_snapshot(facility, fields=FACILITY_EDITABLE_FIELDS)
    changed = changed_fields(before, after)
    if changed:
        facility.save(update_fields=changed)
        audit_record(
            action=AuditAction.UPDATE,
            obj=facility,
            facility=facility,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return facility


@transaction.atomic
def location_create(
    *,
    facility: Facility,
    name: str,
    kind: str,
    parent: Location | None = None,
    capacity: int | None = None,
) -> Location:
    location = Location(facility=facility, name=name, kind=kind, parent=parent, capacity=capacity)
    location.full_clean()
    location.save()
    audit_record(action=AuditAction.CREATE, obj=location, after=model_snapshot(location))
    return location


LOCATION_EDITABLE_FIELDS = ["name", "kind", "parent", "capacity", "is_active"]


@transaction.atomic
def location_update(*, location: Location, data: dict[str, Any]) -> Location:
    before = model_snapshot(location, fields=LOCATION_EDITABLE_FIELDS)
    for name in LOCATION_EDITABLE_FIELDS:
        if name in data:
            setattr(location, name, data[name])
    location.full_clean()
    after = model_snapshot(location, fields=LOCATION_EDITABLE_FIELDS)
    changed = changed_fields(before, after)
    if changed:
        # snapshot keys are attnames (parent_id); save() wants field names.
        location.save(update_fields=[c.removesuffix("_id") for c in changed] + ["updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            obj=location,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return location
