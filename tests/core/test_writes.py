"""The one audited create and update (binaan/core/writes.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from binaan.core.models import AuditAction, AuditEvent
from binaan.core.writes import audited_create, audited_update
from binaan.facilities.models import Facility, Location, LocationKind
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db

FIELDS = ["name", "kind", "parent", "capacity", "is_active"]


def test_update_audits_the_stored_row_not_the_instance(facility: Facility) -> None:
    location = LocationFactory(facility=facility, name="Aula", capacity=40)
    # What a ModelForm does while cleaning: the new values are already on the instance.
    location.name = "Aula Utama"
    change = audited_update(location, data={"name": "Aula Utama"}, fields=FIELDS)
    assert change.before == {"name": "Aula"} and change.after == {"name": "Aula Utama"}
    event = AuditEvent.objects.get()
    assert (event.action, event.before, event.after) == (
        AuditAction.UPDATE,
        {"name": "Aula"},
        {"name": "Aula Utama"},
    )
    location.refresh_from_db()
    assert location.name == "Aula Utama"


def test_update_saves_only_what_changed(facility: Facility) -> None:
    location = LocationFactory(facility=facility, name="Aula", capacity=40)
    # Another editor changed the capacity since this instance was read: it is not overwritten.
    Location.objects.filter(pk=location.pk).update(capacity=80)
    with CaptureQueriesContext(connection) as queries:
        audited_update(location, data={"name": "Aula Utama"}, fields=FIELDS)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "capacity" not in updates[0]
    location.refresh_from_db()
    assert (location.name, location.capacity) == ("Aula Utama", 80)


def test_update_without_change_saves_and_audits_nothing(facility: Facility) -> None:
    location = LocationFactory(facility=facility, name="Aula")
    stamp = location.updated_at
    with CaptureQueriesContext(connection) as queries:
        change = audited_update(location, data={"name": "Aula", "capacity": None}, fields=FIELDS)
    assert not change and change.changed == []
    assert not any(q["sql"].startswith(("UPDATE", "INSERT")) for q in queries.captured_queries)
    location.refresh_from_db()
    assert location.updated_at == stamp and not AuditEvent.objects.exists()


def test_update_refused_by_validation_saves_nothing(facility: Facility) -> None:
    location = LocationFactory(facility=facility, name="Aula")

    def refuse(row: Location) -> None:
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        audited_update(location, data={"name": "Aula Utama"}, fields=FIELDS, validate=refuse)
    with pytest.raises(ValidationError):
        audited_update(location, data={"kind": "not-a-kind"}, fields=FIELDS)
    location.refresh_from_db()
    assert (location.name, location.kind) == ("Aula", LocationKind.BLOCK)
    assert not AuditEvent.objects.exists()


def test_update_ignores_data_outside_fields(facility: Facility, other_facility: Facility) -> None:
    location = LocationFactory(facility=facility, name="Aula")
    audited_update(location, data={"name": "Aula 2", "facility": other_facility}, fields=["name"])
    location.refresh_from_db()
    assert location.facility_id == facility.pk


def test_update_hooks_derived_marks_and_extra_snapshot(facility: Facility) -> None:
    location = LocationFactory(facility=facility, name="Aula", capacity=10)
    calls: list[str] = []

    def derive(row: Location) -> None:
        row.capacity = len(row.name) * 10

    change = audited_update(
        location,
        data={"name": "Aula Utama"},
        fields=["name"],
        derived=["capacity"],
        mark_changed={"is_active": False},
        clean=derive,
        after_save=lambda row: calls.append("after_save"),
        extra_snapshot=lambda row: {"children": len(calls)},
        audit_extra={"reason": "renamed"},
    )
    assert calls == ["after_save"]
    assert change.before == {"capacity": 10, "children": 0, "is_active": True, "name": "Aula"}
    assert change.after == {
        "capacity": 100,
        "children": 1,
        "is_active": False,
        "name": "Aula Utama",
    }
    event = AuditEvent.objects.get()
    assert event.after == change.after | {"reason": "renamed"}
    # Nothing changed: the mark is not set either.
    location.is_active = True
    location.save()
    assert not audited_update(
        location, data={"name": "Aula Utama"}, fields=["name"], mark_changed={"is_active": False}
    )
    location.refresh_from_db()
    assert location.is_active


def test_create_validates_saves_and_audits(facility: Facility) -> None:
    with pytest.raises(ValidationError):
        audited_create(Location(facility=facility), data={"name": "Aula"}, fields=FIELDS)
    assert not Location.objects.exists() and not AuditEvent.objects.exists()
    location = audited_create(
        Location(facility=facility),
        data={"name": "Aula", "kind": LocationKind.HALL, "capacity": 5},
        fields=FIELDS,
        extra_snapshot=lambda row: {"note": "x"},
    )
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CREATE and event.facility_id == facility.pk
    assert event.object_id == str(location.pk)
    assert event.after is not None
    assert (event.after["name"], event.after["capacity"], event.after["note"]) == ("Aula", 5, "x")
