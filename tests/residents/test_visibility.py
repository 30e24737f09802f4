"""Partner and intern never see case data: not in pages, not in the API, not through filters."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role
from binaan.facilities.models import Facility
from binaan.residents.models import Movement, MovementKind, Remission, Resident
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
def test_limited_roles_see_name_number_block_photo_only(
    role: str, role_client: Callable[[str], Client], full_record: Resident
) -> None:
    client = role_client(role)
    for name, html in _pages(client, full_record).items():
        assert "Siti Ãminah" in html and "BI 0777/2025" in html and "Blok Wanita" in html, name
        leaked = [value for value in CASE_VALUES if value in html]
        assert not leaked, f"{role} sees {leaked} on {name}"
    detail = _pages(client, full_record)["detail"]
    assert reverse("residents:photo", args=[full_record.pk]) in detail


@pytest.mark.parametrize("role", LIMITED_ROLES)
def test_limited_roles_have_no_case_filters(
    role: str, role_client: Callable[[str], Client], full_record: Resident, facility: Facility
) -> None:
    client = role_client(role)
    html = client.get(reverse("residents:list")).content.decode()
    for field in ("religion", "stage", "custody_status", "state"):
        assert f'name="{field}"' not in html
    # A filter is a disclosure too: the parameters are ignored, not applied.
    for params in ({"religion": "islam"}, {"stage": "awal"}, {"custody_status": "tahanan"}):
        found = client.get(reverse("residents:list"), params).content.decode()
        assert "Siti Ãminah" in found, params
        api = client.get(reverse("api:resident_list"), params).json()
        assert [r["full_name"] for r in api["results"]] == ["Siti Ãminah"], params


@pytest.mark.parametrize("role", LIMITED_ROLES)
def test_limited_roles_api_omits_case_fields(
    role: str, role_client: Callable[[str], Client], full_record: Resident
) -> None:
    client = role_client(role)
    listing = client.get(reverse("api:resident_list"), {"q": "siti"}).json()
    detail = client.get(reverse("api:resident_detail", args=[full_record.pk])).json()
    for data in (listing["results"][0], detail):
        assert set(data) == {"id", "registration_number", "full_name", "block"}
    text = json.dumps([listing, detail])
    assert not [v for v in CASE_VALUES if v in text]


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
