from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from binaan.residents.models import Resident
from tests.factories import ResidentFactory
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


def test_list_search_and_detail(
    officer_client: Client, resident: Resident, facility: Facility
) -> None:
    ResidentFactory(facility=facility, full_name="Budi Santoso")
    data = officer_client.get(reverse("api:resident_list"), {"q": "AMINAH"}).json()
    assert data["count"] == 1 and data["results"][0]["registration_number"] == "BI 0777/2025"
    assert data["results"][0]["block"] == "Blok Wanita"
    detail = officer_client.get(reverse("api:resident_detail", args=[resident.pk])).json()
    assert detail["key_dates"]["expiry"] == "2028-08-01"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(resident.pk)).exists()


def test_wrong_role_and_method(
    role_client: Callable[[str], Client], officer_client: Client, resident: Resident
) -> None:
    for url in (
        reverse("api:resident_list"),
        reverse("api:resident_detail", args=[resident.pk]),
    ):
        assert role_client(Role.HUMAS).get(url).status_code == 403
        assert officer_client.post(url).status_code == 405


def test_list_queries_do_not_grow(officer_client: Client, facility: Facility) -> None:
    ResidentFactory.create_batch(3, facility=facility, full_name="Ani")
    assert_flat_queries(
        requesting(officer_client, reverse("api:resident_list"), {"q": "a"}),
        grow=lambda: ResidentFactory.create_batch(60, facility=facility, full_name="Ana"),
        # 6 for the list, plus the read's audit row: 1 insert on SQLite, and on PostgreSQL also
        # the chain's advisory lock and the read of the last row.
        ceiling=9,
    )


def test_detail_shows_changes_of_sentence_revocations_and_age(
    officer_client: Client, resident: Resident
) -> None:
    from datetime import date

    from binaan.residents import services

    remission = services.remission_add(
        resident=resident, kind="umum", days=30, decree_date=date(2025, 8, 17)
    )
    services.remission_revoke(remission=remission, on=date(2025, 9, 1), reason="Register F")
    services.sentence_change_record(
        resident=resident,
        kind="grasi",
        decree_number="Keppres 2/G/2026",
        decree_date=date(2026, 1, 5),
        new_kind="penjara",
        new_years=3,
    )
    detail = officer_client.get(reverse("api:resident_detail", args=[resident.pk])).json()
    # 3 years from 2025-01-01, the revoked remission no longer counts: 2028-01-01.
    assert detail["key_dates"]["expiry"] == "2028-01-01"
    assert detail["remissions"][0]["revocation_reason"] == "Register F"
    change = detail["sentence_changes"][0]
    assert (change["previous_years"], change["previous_months"], change["new_years"]) == (3, 7, 3)
    assert detail["sentence_kind"] == "penjara" and detail["is_child"] is False
