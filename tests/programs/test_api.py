from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from binaan.programs import services
from binaan.programs.models import Program, Session
from tests.factories import FacilitatorFactory, ProgramFactory, make_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(qonita: Program) -> Program:
    services.sessions_generate(program=qonita, until=date(2026, 4, 27))
    return qonita


def test_program_list_and_detail(
    officer: User, client_for: Callable[[User], Client], generated: Program
) -> None:
    client = client_for(officer)
    data = client.get(reverse("api:program_list")).json()["results"]
    assert [p["name"] for p in data] == ["Pengajian Rutin Qonita"]
    detail = client.get(reverse("api:program_detail", args=[generated.pk])).json()
    assert detail["slots"] == [{"weekday": 0, "start_time": "09:00:00", "end_time": "11:00:00"}]
    assert detail["sexes"] == ["P"] and detail["min_attendance_rate"] == 75


def test_sessions_by_date_range(
    officer: User, client_for: Callable[[User], Client], generated: Program
) -> None:
    client = client_for(officer)
    data = client.get(
        reverse("api:session_list"), {"start": "2026-03-01", "end": "2026-03-31"}
    ).json()["results"]
    assert [s["starts_at"] for s in data] == [
        "2026-03-02T09:00:00+08:00",
        "2026-03-09T09:00:00+08:00",
        "2026-03-16T09:00:00+08:00",
        "2026-03-30T09:00:00+08:00",
    ]
    assert client.get(reverse("api:session_list"), {"start": "x"}).status_code == 400
    session = Session.objects.filter(program=generated).first()
    assert session is not None
    detail = client.get(reverse("api:session_detail", args=[session.pk])).json()
    assert [a["kind"] for a in detail["agenda"]] == ["tilawah", "tausiyah", "diskusi"]


def test_enrollments_expose_no_case_data(
    facility: Facility,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    generated: Program,
) -> None:
    partner = make_user(Role.PARTNER)
    FacilitatorFactory(facility=facility, user=partner).programs.add(generated)
    services.enrollment_add(
        program=generated, resident=make_resident(facility, charge="Pasal 363"), on=date(2026, 3, 2)
    )
    response = client_for(partner).get(reverse("api:program_enrollments", args=[generated.pk]))
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert set(row) == {
        "id",
        "resident",
        "resident_name",
        "registration_number",
        "block",
        "status",
        "waitlist_position",
        "enrolled_on",
        "ended_on",
        "end_reason",
    }
    other = ProgramFactory(facility=facility)
    assert (
        client_for(partner).get(reverse("api:program_detail", args=[other.pk])).status_code == 404
    )


def test_roles(
    make_user: Callable[..., User], client_for: Callable[[User], Client], generated: Program
) -> None:
    intern = client_for(make_user(Role.INTERN))
    assert intern.get(reverse("api:program_list")).status_code == 403
    assert (
        intern.get(
            reverse("api:session_list"), {"start": "2026-03-01", "end": "2026-03-31"}
        ).json()["results"]
        == []
    )
    assert client_for(make_user(Role.OFFICER)).post(reverse("api:program_list")).status_code == 405
