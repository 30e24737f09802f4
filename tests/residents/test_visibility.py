"""Partner and intern never see case data: not in pages, not in the API, not through filters."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from binaan.programs.models import SessionIntern
from binaan.residents.models import Movement, MovementKind, Remission, Resident
from tests.factories import FacilitatorFactory, make_enrollment, make_session
from tests.residents.conftest import CASE_ROLES, LIMITED_ROLES

pytestmark = pytest.mark.django_db

# Values only case data would put on a page: the charge, the register code, the sentence,
# the religion (Katolik), a remission's decree and a movement's note.
CASE_VALUES = [
    "Pasal 378 KUHP",
    "B.I",
    "3 tahun 7 bulan",
    "Katolik",
    "katolik",
    "PAS-777",
    "Pindah blok",
    "catatan-mutasi",
    "Tahap",
    "Remisi",
    "Narapidana",
    "narapidana",
]
CASE_KEYS = {
    "charge",
    "register_code",
    "religion",
    "sentence_start",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "remissions",
    "remission_days_total",
    "movements",
    "key_dates",
    "custody_status",
    "court_dates",
}


@pytest.fixture
def full_record(resident: Resident) -> Resident:
    Remission.objects.create(
        resident=resident, kind="umum", days=30, decree_date="2025-08-17", decree_number="PAS-777"
    )
    Movement.objects.create(
        resident=resident, kind=MovementKind.BLOCK_CHANGE, date="2025-02-01", note="catatan-mutasi"
    )
    return resident


def _pages(client: Client, resident: Resident) -> dict[str, str]:
    urls = {
        "list": reverse("residents:list"),
        "search": reverse("residents:list") + "?q=siti",
        "htmx": reverse("residents:list"),
        "detail": reverse("residents:detail", args=[resident.pk]),
    }
    pages = {}
    for name, url in urls.items():
        extra = {"HTTP_HX_REQUEST": "true"} if name == "htmx" else {}
        response = client.get(url, **extra)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


@pytest.mark.parametrize("role", LIMITED_ROLES)
def test_limited_roles_cannot_browse_the_register(
    role: str, role_client: Callable[[str], Client], full_record: Resident
) -> None:
    # A partner or an intern meets residents only on the rosters of their own sessions; the
    # register, its search, its filters and its API are staff-only.
    client = role_client(role)
    urls = [
        reverse("residents:list"),
        reverse("residents:list") + "?stage=awal",
        reverse("residents:detail", args=[full_record.pk]),
        reverse("api:resident_list"),
        reverse("api:resident_detail", args=[full_record.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        body = response.content.decode()
        assert not [value for value in CASE_VALUES if value in body], url
        assert "Siti Ãminah" not in body, url


@pytest.mark.parametrize("role", LIMITED_ROLES)
def test_limited_roles_see_photos_of_their_rosters_only(
    role: str,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    full_record: Resident,
    facility: Facility,
) -> None:
    user = make_user(role)
    client = client_for(user)
    url = reverse("residents:photo", args=[full_record.pk])
    assert client.get(url).status_code == 404
    session = make_session(facility)
    make_enrollment(facility, program=session.program, resident=full_record)
    if role == Role.PARTNER:
        facilitator = FacilitatorFactory(facility=facility, user=user)
        session.program.facilitators.add(facilitator)
    else:
        SessionIntern.objects.create(session=session, user=user, task="pendamping")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


@pytest.mark.parametrize("role", CASE_ROLES)
def test_case_roles_see_case_data(
    role: str, role_client: Callable[[str], Client], full_record: Resident
) -> None:
    client = role_client(role)
    detail = _pages(client, full_record)["detail"]
    for value in (
        "Pasal 378 KUHP",
        "B.I",
        "3 tahun 7 bulan",
        "Katolik",
        "PAS-777",
        "catatan-mutasi",
    ):
        assert value in detail, value
    data = client.get(reverse("api:resident_detail", args=[full_record.pk])).json()
    assert CASE_KEYS <= set(data)
    assert data["charge"] == "Pasal 378 KUHP penipuan"
    assert data["remissions"][0]["decree_number"] == "PAS-777"


def test_partner_with_a_staff_role_too_sees_case_data(
    make_user: Callable[..., object], client_for: Callable[[object], Client], full_record: Resident
) -> None:
    client = client_for(make_user(Role.PARTNER, Role.OFFICER))
    html = client.get(reverse("residents:detail", args=[full_record.pk])).content.decode()
    assert "Pasal 378 KUHP" in html
