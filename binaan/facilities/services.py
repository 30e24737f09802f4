from __future__ import annotations

from typing import Any

from django.db import transaction

from binaan.core.writes import audited_create, audited_update
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
    audited_update(facility, data=data, fields=FACILITY_EDITABLE_FIELDS, facility=facility)
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
    return audited_create(location)


LOCATION_EDITABLE_FIELDS = ["name", "kind", "parent", "capacity", "is_active"]


@transaction.atomic
def location_update(*, location: Location, data: dict[str, Any]) -> Location:
    audited_update(location, data=data, fields=LOCATION_EDITABLE_FIELDS)
    return location
