"""Reads of residents are audited: one `view` row per request, with the page, its filters and
how many rows it showed, never the names listed (UU 27/2022 Pasal 16)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from tests.factories import make_enrollment, make_resident, make_session

pytestmark = pytest.mark.django_db


def _reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.VIEW).order_by("sequence"))


def test_a_list_of_50_residents_writes_one_row_without_names(
    client_for: Callable[[User], Client], officer: User, facility: Facility
) -> None:
    residents = [make_resident(facility) for _ in range(50)]
    response = client_for(officer).get(reverse("residents:list"))
    assert response.status_code == 200
    (event,) = _reads()
    assert event.after == {
        "view": "residents.list",
        "count": 50,
        "filters": {"page": 1, "state": "aktif"},
    }
    assert (event.actor, event.facility, event.object_repr) == (
        officer,
        facility,
        "residents.list",
    )
    stored = json.dumps([event.after, event.object_repr, event.object_id])
    assert not any(r.full_name in stored or r.registration_number in stored for r in residents)


def test_a_search_keeps_its_filters_and_count(
    client_for: Callable[[User], Client], officer: User, facility: Facility
) -> None:
    make_resident(facility, full_name="Andi Saputra")
    make_resident(facility, full_name="Budi Santoso")
    client_for(officer).get(reverse("residents:list"), {"q": "andi"})
    (event,) = _reads()
    assert event.after is not None
    assert event.after["count"] == 1 and event.after["filters"]["q"] == "andi"


def test_the_photo_and_the_calendar_name_the_resident(
    client_for: Callable[[User], Client], officer: User, facility: Facility
) -> None:
    resident = make_resident(facility)
    client = client_for(officer)
    assert client.get(reverse("residents:photo", args=[resident.pk])).status_code == 200
    calendar = reverse("programs:resident_calendar", args=[resident.pk])
    assert client.get(calendar, {"day": "2026-04-01"}).status_code == 200
    photo, schedule = _reads()
    assert (photo.object_type, photo.object_id) == ("residents.resident", str(resident.pk))
    assert photo.after == {"view": "residents.photo", "count": 1}
    assert schedule.object_id == str(resident.pk)
    assert schedule.after == {
        "view": "programs.resident_calendar",
        "count": 0,
        "filters": {"day": "2026-04-01", "view": "month"},
    }


def test_register_and_roster_pages_write_one_row_each(
    client_for: Callable[[User], Client], admin_user: User, facility: Facility
) -> None:
    session = make_session(facility)
    for _ in range(3):
        make_enrollment(facility, program=session.program)
    client = client_for(admin_user)
    assert client.get(reverse("attendance:register", args=[session.pk])).status_code == 200
    assert client.get(reverse("programs:session_detail", args=[session.pk])).status_code == 200
    register, detail = _reads()
    assert register.after == {
        "view": "attendance.register",
        "count": 3,
        "filters": {"session": session.pk},
    }
    assert detail.after == {
        "view": "programs.session_detail",
        "count": 3,
        "filters": {"session": session.pk},
    }


def test_the_api_lists_of_residents_write_one_row_each(
    client_for: Callable[[User], Client], admin_user: User, facility: Facility
) -> None:
    session = make_session(facility)
    enrolled = [make_enrollment(facility, program=session.program) for _ in range(3)]
    client = client_for(admin_user)
    assert client.get("/api/v1/residents/", {"q": "Warga"}).status_code == 200
    assert client.get(f"/api/v1/programs/{session.program.pk}/enrollments/").status_code == 200
    assert client.get(f"/api/v1/sessions/{session.pk}/attendance/").status_code == 200
    residents, enrollments, register = _reads()
    assert residents.after == {"view": "api.residents.list", "count": 3, "filters": {"q": "Warga"}}
    assert enrollments.after == {"view": "api.programs.enrollments", "count": 3}
    assert register.after == {
        "view": "api.attendance.register",
        "count": 3,
        "filters": {"session": session.pk},
    }
    stored = json.dumps([e.after for e in (residents, enrollments, register)])
    assert not any(e.resident.full_name in stored for e in enrolled)
