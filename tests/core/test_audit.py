from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.core.audit import audit_record
from binaan.core.context import acting_as
from binaan.core.models import AppendOnlyError, AuditAction, AuditEvent
from binaan.facilities import services
from binaan.facilities.models import Facility, LocationKind
from tests.factories import LocationFactory
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


def test_service_writes_who_what_before_after_ip(facility: Facility, officer: User) -> None:
    with acting_as(officer, "192.168.10.5"):
        location = services.location_create(facility=facility, name="Aula", kind=LocationKind.HALL)
        services.location_update(location=location, data={"name": "Aula Utama", "capacity": 80})
    created, updated = AuditEvent.objects.order_by("id")
    assert (created.action, created.actor, created.facility) == ("create", officer, facility)
    assert created.after is not None and created.after["name"] == "Aula"
    assert updated.before == {"name": "Aula", "capacity": None}
    assert updated.after == {"name": "Aula Utama", "capacity": 80}
    assert updated.ip_address == "192.168.10.5"
    assert updated.object_type == "facilities.location"
    assert updated.object_id == str(location.pk)


def test_unchanged_update_writes_nothing(facility: Facility) -> None:
    location = LocationFactory(facility=facility)
    services.location_update(location=location, data={"name": location.name})
    assert not AuditEvent.objects.exists()


def test_reads_can_be_recorded(facility: Facility, officer: User) -> None:
    location = LocationFactory(facility=facility)
    event = audit_record(action=AuditAction.VIEW, obj=location, actor=officer)
    assert event.action == "view" and event.facility == facility


def test_append_only_in_python(facility: Facility) -> None:
    event = audit_record(action=AuditAction.VIEW, facility=facility, object_repr="x")
    event.object_repr = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger is PostgreSQL's")
def test_append_only_in_postgresql(facility: Facility) -> None:
    event = audit_record(action=AuditAction.VIEW, facility=facility, object_repr="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET object_repr = 'y' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


class TestAuditPage:
    def test_head_browses_and_filters(
        self,
        client_for: Callable[[User], Client],
        make_user: Callable[..., User],
        facility: Facility,
    ) -> None:
        head = make_user(Role.HEAD)
        location = LocationFactory(facility=facility, name="Masjid Blok Wanita")
        audit_record(action=AuditAction.CREATE, obj=location, actor=head)
        audit_record(action=AuditAction.VIEW, facility=facility, object_repr="Penghuni Uji")
        client = client_for(head)
        page = client.get(reverse("core:audit_list")).content.decode()
        assert "Masjid Blok Wanita" in page and "Penghuni Uji" in page
        filtered = client.get(reverse("core:audit_list"), {"action": "create"}).content.decode()
        assert "Masjid Blok Wanita" in filtered and "Penghuni Uji" not in filtered

    def test_date_filter_uses_the_facility_day(
        self, client_for: Callable[[User], Client], admin_user: User, facility: Facility
    ) -> None:
        audit_record(action=AuditAction.VIEW, facility=facility, object_repr="hari ini")
        today = timezone.localtime(timezone.now(), facility.tzinfo).date()
        client = client_for(admin_user)
        url = reverse("core:audit_list")
        assert "hari ini" in client.get(url, {"date_from": today}).content.decode()
        tomorrow = today + timedelta(days=1)
        assert "hari ini" not in client.get(url, {"date_from": tomorrow}).content.decode()
        bad = client.get(url, {"date_from": tomorrow, "date_to": today}).content.decode()
        assert "Tanggal akhir sebelum tanggal mulai." in bad

    def test_htmx_gets_the_rows_fragment(
        self, client_for: Callable[[User], Client], admin_user: User
    ) -> None:
        response = client_for(admin_user).get(reverse("core:audit_list"), HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<table" in html and "<html" not in html

    def test_other_facility_events_are_invisible(
        self,
        client_for: Callable[[User], Client],
        admin_user: User,
        other_facility: Facility,
    ) -> None:
        audit_record(action=AuditAction.VIEW, facility=other_facility, object_repr="rahasia")
        assert (
            "rahasia" not in client_for(admin_user).get(reverse("core:audit_list")).content.decode()
        )

    @pytest.mark.parametrize(
        "role", [Role.OFFICER, Role.CASEWORKER, Role.HUMAS, Role.PARTNER, Role.INTERN]
    )
    def test_other_roles_are_refused(
        self, client_for: Callable[[User], Client], make_user: Callable[..., User], role: str
    ) -> None:
        assert client_for(make_user(role)).get(reverse("core:audit_list")).status_code == 403

    def test_wrong_method(self, client_for: Callable[[User], Client], admin_user: User) -> None:
        assert client_for(admin_user).post(reverse("core:audit_list")).status_code == 405

    def test_queries_do_not_grow(
        self,
        client_for: Callable[[User], Client],
        admin_user: User,
        make_user: Callable[..., User],
        facility: Facility,
    ) -> None:
        client = client_for(admin_user)
        audit_record(action=AuditAction.VIEW, facility=facility, actor=admin_user)

        def many_actors() -> None:
            # Different people, so a per-row lookup of the actor would show.
            actors = [make_user(Role.OFFICER) for _ in range(12)]
            for i in range(120):
                audit_record(
                    action=AuditAction.VIEW,
                    facility=facility,
                    actor=actors[i % 12],
                    object_repr=f"{i}",
                )

        assert_flat_queries(
            requesting(client, reverse("core:audit_list")), grow=many_actors, ceiling=8
        )
