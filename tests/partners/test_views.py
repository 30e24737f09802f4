from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from binaan.partners.models import Facilitator, Partner
from binaan.partners.selectors import agreements_expiring
from tests.factories import FacilitatorFactory, PartnerFactory
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


def test_agreement_warning_on_list_detail_and_selector(
    facility: Facility, officer: User, client_for: Callable[[User], Client]
) -> None:
    today = timezone.localdate(timezone=facility.tzinfo)
    soon = PartnerFactory(
        facility=facility, name="FH Uniba", agreement_end=today + timedelta(days=20)
    )
    PartnerFactory(facility=facility, name="BLK", agreement_end=today + timedelta(days=90))
    client = client_for(officer)
    listing = client.get(reverse("partners:partner_list")).content.decode()
    assert listing.count('data-testid="agreement-expiring"') == 1
    detail = client.get(reverse("partners:partner_detail", args=[soon.pk])).content.decode()
    assert 'data-testid="agreement-expiring"' in detail
    assert list(agreements_expiring(facility)) == [soon]
    assert list(agreements_expiring(facility, within_days=100)) == [
        soon,
        Partner.objects.get(name="BLK"),
    ]


def test_create_and_edit_partner(officer: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(officer)
    response = client.post(
        reverse("partners:partner_create"),
        {
            "name": "Majelis Taklim Nurul Qonita",
            "kind": "majelis_taklim",
            "agreement_number": "PKS/1",
            "agreement_start": "2026-01-01",
            "agreement_end": "2025-01-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # end before start is refused
    response = client.post(
        reverse("partners:partner_create"),
        {"name": "Majelis Taklim Nurul Qonita", "kind": "majelis_taklim", "is_active": "on"},
    )
    partner = Partner.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("partners:partner_edit", args=[partner.pk]),
        {"name": "MT Nurul Qonita", "kind": "majelis_taklim", "is_active": "on"},
    )
    partner.refresh_from_db()
    assert partner.name == "MT Nurul Qonita"


def test_facilitator_with_partner_login(
    facility: Facility,
    officer: User,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    partner = PartnerFactory(facility=facility)
    mitra = make_user(Role.PARTNER)
    not_partner = make_user(Role.HUMAS)
    client = client_for(officer)
    url = reverse("partners:facilitator_create")
    assert client.get(url).status_code == 200
    refused = client.post(
        url, {"name": "Ustadzah Aminah", "user": not_partner.pk, "is_active": "on"}
    )
    assert refused.status_code == 200
    response = client.post(
        url,
        {
            "name": "Ustadzah Aminah",
            "partner": partner.pk,
            "user": mitra.pk,
            "teaches": "Tilawah",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    facilitator = Facilitator.objects.get()
    assert facilitator.user == mitra
    edit = reverse("partners:facilitator_edit", args=[facilitator.pk])
    client.post(edit, {"name": "Ustadzah Siti Aminah", "partner": partner.pk, "is_active": "on"})
    facilitator.refresh_from_db()
    assert facilitator.name == "Ustadzah Siti Aminah" and facilitator.user is None


@pytest.mark.parametrize("role", [Role.HUMAS, Role.CASEWORKER, Role.PARTNER, Role.INTERN])
def test_other_roles_get_403(
    role: str,
    facility: Facility,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(role))
    partner = PartnerFactory(facility=facility)
    for url in [
        reverse("partners:partner_list"),
        reverse("partners:partner_create"),
        reverse("partners:partner_detail", args=[partner.pk]),
        reverse("partners:facilitator_list"),
    ]:
        assert client.get(url).status_code == 403


def test_wrong_method(officer: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(officer)
    assert client.post(reverse("partners:partner_list")).status_code == 405
    assert client.delete(reverse("partners:partner_create")).status_code == 405


def test_lists_cost_constant_queries(
    facility: Facility, officer: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(officer)
    PartnerFactory(facility=facility)
    FacilitatorFactory(facility=facility)

    def ten_more() -> None:
        for _ in range(10):
            FacilitatorFactory(facility=facility, partner=PartnerFactory(facility=facility))

    lists = ("partners:partner_list", "partners:facilitator_list")
    assert_flat_queries(
        {name: requesting(client, reverse(name)) for name in lists}, grow=ten_more, ceiling=6
    )
