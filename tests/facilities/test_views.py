from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role, User
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility, Location, LocationKind
from tests.factories import LocationFactory
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


def test_admin_adds_and_edits_a_location(
    client_for: Callable[[User], Client], admin_user: User, facility: Facility
) -> None:
    client = client_for(admin_user)
    block = LocationFactory(facility=facility, name="Blok Wanita")
    response = client.post(
        reverse("facilities:location_create"),
        {"name": "Masjid Blok Wanita", "kind": LocationKind.MOSQUE, "parent": block.pk},
    )
    assert response.status_code == 302
    mosque = Location.objects.get(name="Masjid Blok Wanita")
    assert mosque.facility == facility and mosque.parent == block
    url = reverse("facilities:location_edit", kwargs={"location_id": mosque.pk})
    response = client.post(url, {"name": "Masjid", "kind": LocationKind.MOSQUE, "capacity": "60"})
    assert response.status_code == 302
    mosque.refresh_from_db()
    assert (mosque.name, mosque.capacity, mosque.is_active) == ("Masjid", 60, False)
    assert AuditEvent.objects.filter(object_type="facilities.location").count() == 2


def test_duplicate_name_is_refused_with_indonesian_message(
    client_for: Callable[[User], Client], admin_user: User, facility: Facility
) -> None:
    LocationFactory(facility=facility, name="Aula")
    response = client_for(admin_user).post(
        reverse("facilities:location_create"), {"name": "aula", "kind": LocationKind.HALL}
    )
    assert response.status_code == 200
    assert "Lokasi bernama “aula” sudah ada." in response.content.decode()
    assert Location.objects.count() == 1


def test_parent_from_another_facility_is_refused(
    client_for: Callable[[User], Client], admin_user: User, other_facility: Facility
) -> None:
    foreign = LocationFactory(facility=other_facility)
    response = client_for(admin_user).post(
        reverse("facilities:location_create"),
        {"name": "Kamar 1", "kind": LocationKind.ROOM, "parent": foreign.pk},
    )
    assert response.status_code == 200
    assert not Location.objects.filter(name="Kamar 1").exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.HEAD, Role.PARTNER, Role.INTERN])
def test_only_admin_edits_locations(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    role: str,
    facility: Facility,
) -> None:
    location = LocationFactory(facility=facility)
    client = client_for(make_user(role))
    assert client.get(reverse("facilities:location_create")).status_code == 403
    url = reverse("facilities:location_edit", kwargs={"location_id": location.pk})
    assert client.post(url, {"name": "x", "kind": "blok"}).status_code == 403


@pytest.mark.parametrize("role", [Role.PARTNER, Role.INTERN, Role.HUMAS, Role.CASEWORKER])
def test_location_list_roles(
    client_for: Callable[[User], Client], make_user: Callable[..., User], role: str
) -> None:
    assert client_for(make_user(role)).get(reverse("facilities:location_list")).status_code == 403


def test_location_list_wrong_method(client_for: Callable[[User], Client], officer: User) -> None:
    assert client_for(officer).post(reverse("facilities:location_list")).status_code == 405


def test_location_list_queries_constant(
    client_for: Callable[[User], Client], officer: User, facility: Facility
) -> None:
    client = client_for(officer)
    LocationFactory.create_batch(3, facility=facility)

    def sixty_children() -> None:
        parent = LocationFactory(facility=facility)
        LocationFactory.create_batch(60, facility=facility, parent=parent)

    assert_flat_queries(
        requesting(client, reverse("facilities:location_list")), grow=sixty_children, ceiling=6
    )


def test_admin_edits_facility_settings(
    client_for: Callable[[User], Client], admin_user: User, facility: Facility
) -> None:
    client = client_for(admin_user)
    data = {
        "name": facility.name,
        "facility_class": "Kelas IIA",
        "time_zone": "Asia/Makassar",
        "head_name": "Kepala Uji",
        "head_nip": "19700101200003100",  # 17 digits: refused
        "attendance_lock_days": 7,
        "schedule_horizon_weeks": 12,
        "letterhead_lines": "A\nB",
    }
    response = client.post(reverse("facilities:settings"), data)
    assert response.status_code == 200
    assert "NIP terdiri dari 18 angka." in response.content.decode()
    facility.refresh_from_db()
    assert facility.head_name == ""
    data["head_nip"] = "197001012000031001"
    assert client.post(reverse("facilities:settings"), data).status_code == 302
    facility.refresh_from_db()
    assert facility.head_name == "Kepala Uji" and facility.letterhead == ["A", "B"]
    event = AuditEvent.objects.get(object_type="facilities.facility")
    assert event.after is not None and event.after["head_name"] == "Kepala Uji"


def test_facility_settings_is_admin_only(
    client_for: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    assert client_for(make_user(Role.HEAD)).get(reverse("facilities:settings")).status_code == 403


class TestLocationApi:
    def test_lists_own_facility_only(
        self,
        client_for: Callable[[User], Client],
        officer: User,
        facility: Facility,
        other_facility: Facility,
    ) -> None:
        LocationFactory(facility=facility, name="Aula")
        LocationFactory(facility=other_facility, name="Aula Lain")
        data = client_for(officer).get(reverse("api:location_list")).json()
        assert [row["name"] for row in data["results"]] == ["Aula"]

    def test_partner_is_refused(
        self, client_for: Callable[[User], Client], make_user: Callable[..., User]
    ) -> None:
        assert (
            client_for(make_user(Role.PARTNER)).get(reverse("api:location_list")).status_code == 403
        )

    def test_anonymous_is_refused(self, client: Client) -> None:
        assert client.get(reverse("api:location_list")).status_code in {401, 403}

    def test_schema_is_served(self, client_for: Callable[[User], Client], officer: User) -> None:
        response = client_for(officer).get(reverse("api_schema"))
        assert response.status_code == 200
        assert b"/api/v1/locations/" in response.content
