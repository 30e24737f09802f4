from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count

from binaan.devtools.demo import facilities as facilities_demo
from binaan.devtools.demo import residents as demo
from binaan.residents.models import CourtDate, CustodyStatus, Movement, Remission, Resident

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_realistic() -> None:
    facilities_demo.seed_facilities()
    demo.seed()
    counts = {"residents": Resident.objects.count(), "remissions": Remission.objects.count()}
    demo.seed()
    assert counts == {
        "residents": Resident.objects.count(),
        "remissions": Remission.objects.count(),
    }

    bpn = Resident.objects.filter(facility__code=facilities_demo.BALIKPAPAN)
    assert bpn.count() == 150
    # 20 drawn at random and the three worked cases of docs/sentences.md.
    assert Resident.objects.filter(facility__code=facilities_demo.JAYAPURA).count() == 23
    women = bpn.filter(block__name="Blok Wanita")
    assert women.count() == 30 and set(women.values_list("sex", flat=True)) == {"P"}
    assert women.filter(religion="islam").count() >= 20
    statuses = dict(bpn.values_list("custody_status").annotate(n=Count("id")))
    assert statuses[CustodyStatus.TAHANAN] >= 30 and statuses[CustodyStatus.NARAPIDANA] >= 60
    assert bpn.values("religion").distinct().count() >= 4
    assert CourtDate.objects.filter(date__year=2026, date__month__in=[3, 4]).exists()
    assert Movement.objects.filter(kind="pindah_blok").exists()
    sentenced = bpn.filter(custody_status=CustodyStatus.NARAPIDANA)
    assert not sentenced.filter(expiry_date__isnull=True).exists()


def test_seed_has_the_worked_sentence_cases() -> None:
    facilities_demo.seed_facilities()
    demo.seed()
    demo.seed()
    jyp = Resident.objects.filter(facility__code=facilities_demo.JAYAPURA)
    child = jyp.get(registration_number="BI 901/2025")
    # 1 year 6 months from 2025-03-03 -> 2026-09-03 (T = 549 days); a child's PB from 1/2:
    # ceil(549/2) = 275 -> 2025-03-03 + 275 = 2025-12-03.
    dates = child.key_dates()
    assert child.sentenced_as_child and dates is not None and dates.pb_from == date(2025, 12, 3)
    subsider = jyp.get(registration_number="BI 902/2023")
    # 6 years from 2023-01-09 -> 2029-01-09, less 30 days in force (2028-12-10), + 90 days of
    # subsider: Dec 31 (21), Jan 31 (52), Feb 28 (80), + 10 -> 2029-03-10.
    assert subsider.remission_days_total == 30 and subsider.expiry_date == date(2029, 3, 10)
    assert subsider.remissions.filter(revoked_on__isnull=False).count() == 1
    life = jyp.get(registration_number="BI 903/2009")
    assert life.sentence_changes.count() == 1 and life.expiry_date == date(2029, 3, 16)


def test_demo_detention_chains_warn_and_are_idempotent() -> None:
    from binaan.core.dates import facility_today
    from binaan.devtools.demo import detention as detention_demo
    from binaan.residents import detention_selectors
    from binaan.residents.models import DetentionOrder

    facilities_demo.seed_facilities()
    detention_demo.seed()
    counts = (Resident.objects.count(), DetentionOrder.objects.count())
    detention_demo.seed()
    assert counts == (Resident.objects.count(), DetentionOrder.objects.count()) == (4, 10)

    bpn = Resident.objects.get(registration_number__startswith="AI 901/").facility
    rows = detention_selectors.warnings(facility=bpn, today=facility_today(bpn))
    assert [r.days_left for r in rows] == [2, 5, 8]
    codes = dict(
        Resident.objects.filter(facility=bpn).values_list("registration_number", "register_code")
    )
    assert sorted(codes.values()) == ["A.I", "A.II", "A.III", "A.IV"]
