"""Pages for changes of sentence, revocations and the 18th-birthday list; the profile's flags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role
from binaan.core.dates import facility_today
from binaan.facilities.models import Facility, FacilityType, Location
from binaan.residents import services
from binaan.residents.models import CustodyStatus, Resident, SentenceKind
from tests.factories import make_resident
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


def _born(facility: Facility, *, years: int, days: int = 0) -> date:
    """A birth date `years` years and `days` days before the facility's today."""
    return facility_today(facility) - relativedelta(years=years, days=days)


def _html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_revoke_a_remission_through_the_page(officer_client: Client, resident: Resident) -> None:
    remission = services.remission_add(
        resident=resident, kind="umum", days=60, decree_date=date(2025, 8, 17), decree_number="R1"
    )
    url = reverse("residents:remission_revoke", args=[remission.pk])
    assert officer_client.get(url).status_code == 200
    refused = officer_client.post(url, {"on": "2026-03-02", "reason": ""})
    assert refused.status_code == 400 and "Alasan" in _html(refused)
    response = officer_client.post(url, {"on": "2026-03-02", "reason": "Register F: berkelahi"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.remission_days_total == 0
    profile = _html(officer_client.get(resident.get_absolute_url()))
    assert "Dicabut pada" in profile and "Register F: berkelahi" in profile


def test_revoke_page_of_another_facility_is_404(
    role_client: Callable[[str], Client], other_facility: Facility
) -> None:
    foreign = make_resident(other_facility, sentence_start=date(2025, 1, 1), sentence_years=2)
    remission = services.remission_add(
        resident=foreign, kind="umum", days=30, decree_date=date(2025, 8, 17)
    )
    url = reverse("residents:remission_revoke", args=[remission.pk])
    assert role_client(Role.OFFICER).get(url).status_code == 404
    assert role_client(Role.PARTNER).get(url).status_code == 403


def test_record_a_change_of_sentence_through_the_page(
    officer_client: Client, facility: Facility
) -> None:
    resident = services.resident_create(
        facility=facility,
        data={
            "registration_number": "BI 9/2008",
            "register_code": "B.I",
            "custody_status": CustodyStatus.NARAPIDANA,
            "full_name": "Yohanes Seumur",
            "sex": "L",
            "sentence_kind": SentenceKind.SEUMUR_HIDUP,
            "sentence_start": date(2008, 5, 12),
        },
    )
    profile = _html(officer_client.get(resident.get_absolute_url()))
    assert "Tanpa tanggal akhir" in profile and "Tahap dan tanggal penting" not in profile
    url = reverse("residents:sentence_change_add", args=[resident.pk])
    data = {
        "kind": "seumur_hidup_ke_sementara",
        "decree_number": "Keppres 7/G/2026",
        "decree_date": "2026-03-02",
        "new_kind": "penjara",
        "new_years": 20,
        "new_months": 0,
        "new_days": 0,
    }
    assert officer_client.post(url, data).status_code == 302
    resident.refresh_from_db()
    assert resident.expiry_date == date(2028, 5, 12)
    profile = _html(officer_client.get(resident.get_absolute_url()))
    assert "Keppres 7/G/2026" in profile and "Pidana penjara seumur hidup" in profile
    # The same change again is refused at its field, in Indonesian: the sentence is no longer life.
    again = officer_client.post(url, data)
    assert again.status_code == 400 and "bukan seumur hidup" in _html(again)


def test_register_code_refused_in_the_form(officer_client: Client, block: Location) -> None:
    data = {
        "registration_number": "BI 5/2026",
        "full_name": "Rahmat Hidayat",
        "custody_status": "narapidana",
        "register_code": "B.I",
        "sex": "L",
        "nationality": "Indonesia",
        "block": block.pk,
        "sentence_start": "2026-01-05",
        "sentence_years": 0,
        "sentence_months": 2,
        "sentence_days": 0,
    }
    response = officer_client.post(reverse("residents:create"), data)
    html = _html(response)
    assert response.status_code == 200
    assert "Register B.I tidak sesuai dengan pidana ini" in html and "B.IIb" in html
    assert not Resident.objects.filter(registration_number="BI 5/2026").exists()


def test_profile_flags_the_18th_birthday(officer_client: Client, facility: Facility) -> None:
    facility.type = FacilityType.LPKA
    facility.save()
    # 18 years less 25 days ago: 17 today, 18 in 25 days (within the 90 days' notice).
    soon = make_resident(
        facility,
        custody_status=CustodyStatus.TAHANAN,
        register_code="A.III",
        birth_date=_born(facility, years=18, days=-25),
    )
    html = _html(officer_client.get(soon.get_absolute_url()))
    assert "Anak (UU 11/2012)" in html and "17 tahun" in html
    assert "Berumur 18 tahun pada" in html and "LPKA wajib meninjau" in html
    # Turned 18 three months ago while serving a sentence for an offence at 16.
    born = _born(facility, years=18, days=90)
    turned = make_resident(
        facility,
        birth_date=born,
        offence_date=born + relativedelta(years=16),
        sentence_start=born + relativedelta(years=16, months=3),
        sentence_years=3,
    )
    html = _html(officer_client.get(turned.get_absolute_url()))
    assert "Telah berumur 18 tahun pada" in html and "Anak (UU 11/2012)" not in html


def test_age_review_list(officer_client: Client, facility: Facility) -> None:
    facility.type = FacilityType.LPKA
    facility.save()
    make_resident(facility, full_name="Anak Lima Belas", birth_date=_born(facility, years=15))
    make_resident(facility, full_name="Anak Segera", birth_date=_born(facility, years=18, days=-30))
    make_resident(
        facility, full_name="Pemuda Delapan Belas", birth_date=_born(facility, years=18, days=120)
    )
    make_resident(facility, full_name="Tanpa Tanggal", declared_child=True)
    make_resident(facility, full_name="Orang Dewasa Lama", birth_date=_born(facility, years=46))
    html = _html(officer_client.get(reverse("residents:age_review")))
    # At an LPKA every adult needs a placement review, so the older adult is listed too.
    for name in ("Anak Lima Belas", "Anak Segera", "Pemuda Delapan Belas", "Tanpa Tanggal"):
        assert name in html
    assert "Orang Dewasa Lama" in html
    assert "Sudah 18 tahun: tinjau penempatan" in html
    assert "Segera 18 tahun: siapkan peninjauan" in html
    assert (
        html.index("Pemuda Delapan Belas")
        < html.index("Anak Segera")
        < html.index("Anak Lima Belas")
    )


def test_age_review_outside_an_lpka_lists_children_only(
    officer_client: Client, facility: Facility
) -> None:
    make_resident(facility, full_name="Anak Tahanan", birth_date=_born(facility, years=16))
    make_resident(facility, full_name="Dewasa Biasa", birth_date=_born(facility, years=26))
    html = _html(officer_client.get(reverse("residents:age_review")))
    assert "Anak Tahanan" in html and "Dewasa Biasa" not in html


def test_age_review_is_for_staff_only(role_client: Callable[[str], Client]) -> None:
    url = reverse("residents:age_review")
    assert role_client(Role.PARTNER).get(url).status_code == 403
    assert role_client(Role.INTERN).get(url).status_code == 403
    assert role_client(Role.CASEWORKER).get(url).status_code == 200


def test_age_review_queries_do_not_grow(officer_client: Client, facility: Facility) -> None:
    make_resident(facility, birth_date=_born(facility, years=15))

    def grow() -> None:
        for n in range(30):
            make_resident(facility, birth_date=_born(facility, years=16, days=n))

    assert_flat_queries(
        requesting(officer_client, reverse("residents:age_review")), grow=grow, ceiling=12
    )


def test_list_filter_children_by_age(officer_client: Client, facility: Facility) -> None:
    make_resident(
        facility,
        full_name="Anak Ditahan",
        custody_status=CustodyStatus.TAHANAN,
        birth_date=_born(facility, years=16),
    )
    make_resident(facility, full_name="Dewasa Ditahan", custody_status=CustodyStatus.TAHANAN)
    html = _html(officer_client.get(reverse("residents:list"), {"custody_status": "anak"}))
    assert "Anak Ditahan" in html and "Dewasa Ditahan" not in html
    # A detained child is a tahanan as well.
    html = _html(officer_client.get(reverse("residents:list"), {"custody_status": "tahanan"}))
    assert "Anak Ditahan" in html and "Dewasa Ditahan" in html
