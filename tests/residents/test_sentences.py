"""Sentence kinds, subsider, changes of sentence, remissions and register codes (services).

The worked examples are derived by hand; the arithmetic is in the comments.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from binaan.residents import services
from binaan.residents.models import (
    CustodyStatus,
    Remission,
    Resident,
    SentenceChange,
    SentenceChangeKind,
    SentenceKind,
    Sex,
)
from binaan.residents.registers import expected_sentence_code, register_code_error
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "registration_number": "BI 0001/2026",
        "register_code": "B.I",
        "custody_status": CustodyStatus.NARAPIDANA,
        "full_name": "Rahmat Hidayat",
        "sex": Sex.MALE,
        "admission_date": date(2026, 1, 1),
        "sentence_start": date(2026, 1, 1),
        "sentence_years": 3,
    }
    data.update(overrides)
    return data


# --- life sentence changed to 20 years --------------------------------------------------


def test_life_sentence_has_no_expiry_until_changed_to_twenty_years(facility: Facility) -> None:
    resident = services.resident_create(
        facility=facility,
        data=_data(
            sentence_kind=SentenceKind.SEUMUR_HIDUP,
            sentence_start=date(2008, 5, 12),
            sentence_years=0,
        ),
    )
    assert resident.is_open_ended and resident.key_dates() is None
    assert resident.expiry_date is None and resident.two_thirds_date is None

    change = services.sentence_change_record(
        resident=resident,
        kind=SentenceChangeKind.LIFE_TO_TERM,
        decree_number="Keppres 7/G/2026",
        decree_date=date(2026, 3, 2),
        new_kind=SentenceKind.PENJARA,
        new_years=20,
    )
    resident.refresh_from_db()
    # 20 years counted from the original start 2008-05-12 (time served counts):
    # expiry 2028-05-12. T = 20 x 365 + the 29 Februaries of 2012, 2016, 2020, 2024 and 2028
    # (2008's is before the start) = 7300 + 5 = 7305 days.
    # 1/2: ceil(7305/2) = 3653 = 10 years (3650 + 2012, 2016 = 3652) + 1 -> 2018-05-13.
    # 2/3: ceil(14610/3) = 4870 = 13 years (4745 + 2012, 2016, 2020 = 4748) + 122 from
    #      2021-05-12: May 31 (19), Jun 30 (49), Jul 31 (80), Aug 31 (111), + 11 -> 2021-09-11.
    assert resident.sentence_kind == SentenceKind.PENJARA
    assert (resident.sentence_years, resident.sentence_start) == (20, date(2008, 5, 12))
    assert resident.expiry_date == date(2028, 5, 12)
    assert resident.half_date == date(2018, 5, 13)
    assert resident.two_thirds_date == date(2021, 9, 11)
    assert resident.register_code == "B.I"
    # The sentence before the change is kept on the change row and in the audit trail.
    assert (change.previous_kind, change.previous_years, change.previous_start) == (
        SentenceKind.SEUMUR_HIDUP,
        0,
        date(2008, 5, 12),
    )
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_type__endswith="sentencechange"
    )
    assert event.before is not None and event.before["sentence_kind"] == "seumur_hidup"
    assert event.after is not None and event.after["expiry_date"] == "2028-05-12"


def test_life_sentence_refuses_a_length_and_a_remission(facility: Facility) -> None:
    with pytest.raises(ValidationError) as error:
        services.resident_create(
            facility=facility,
            data=_data(sentence_kind=SentenceKind.SEUMUR_HIDUP, sentence_years=20),
        )
    assert "sentence_years" in error.value.message_dict
    resident = services.resident_create(
        facility=facility, data=_data(sentence_kind=SentenceKind.MATI, sentence_years=0)
    )
    with pytest.raises(ValidationError, match="seumur hidup"):
        services.remission_add(
            resident=resident, kind="umum", days=30, decree_date=date(2026, 8, 17)
        )


def test_change_kinds_must_fit_the_sentence(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    with pytest.raises(ValidationError) as error:
        services.sentence_change_record(
            resident=resident,
            kind=SentenceChangeKind.LIFE_TO_TERM,
            decree_number="Keppres 1/G/2026",
            decree_date=date(2026, 3, 2),
            new_kind=SentenceKind.PENJARA,
            new_years=20,
        )
    assert "kind" in error.value.message_dict
    assert not SentenceChange.objects.exists()


def test_death_sentence_changed_to_life_still_has_no_dates(facility: Facility) -> None:
    resident = services.resident_create(
        facility=facility, data=_data(sentence_kind=SentenceKind.MATI, sentence_years=0)
    )
    services.sentence_change_record(
        resident=resident,
        kind=SentenceChangeKind.DEATH_TO_LIFE,
        decree_number="Keppres 3/2036",
        decree_date=date(2026, 3, 2),
        new_kind=SentenceKind.SEUMUR_HIDUP,
    )
    resident.refresh_from_db()
    assert resident.sentence_kind == SentenceKind.SEUMUR_HIDUP and resident.expiry_date is None


def test_grasi_shortening_moves_the_register_code(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    services.sentence_change_record(
        resident=resident,
        kind=SentenceChangeKind.GRASI,
        decree_number="Keppres 9/G/2026",
        decree_date=date(2026, 3, 2),
        new_kind=SentenceKind.PENJARA,
        new_months=10,
    )
    resident.refresh_from_db()
    # 10 months from 2026-01-01 -> 2026-11-01; 10 months is "more than 3 months up to 1 year".
    assert resident.expiry_date == date(2026, 11, 1)
    assert resident.register_code == "B.IIa"


def test_tahanan_sentence_cannot_be_changed(facility: Facility) -> None:
    resident = services.resident_create(
        facility=facility,
        data=_data(custody_status=CustodyStatus.TAHANAN, register_code="A.III"),
    )
    with pytest.raises(ValidationError):
        services.sentence_change_record(
            resident=resident,
            kind=SentenceChangeKind.GRASI,
            decree_number="x",
            decree_date=date(2026, 3, 2),
            new_kind=SentenceKind.PENJARA,
            new_years=1,
        )


# --- subsider --------------------------------------------------------------------------


def test_subsider_added_to_the_expiry_when_the_fine_is_unpaid(facility: Facility) -> None:
    # 1 year 6 months from 2025-01-15 (B.I) with 90 days of kurungan in lieu of the fine.
    # Prison sentence ends 2026-07-15; + 90 days: Jul 31 (16), Aug 31 (47), Sep 30 (77),
    # + 13 -> 2026-10-13. Paid fine (flag off): the expiry stays 2026-07-15.
    resident = services.resident_create(
        facility=facility,
        data=_data(
            sentence_start=date(2025, 1, 15),
            sentence_years=1,
            sentence_months=6,
            fine_unpaid=True,
            subsider_days=90,
        ),
    )
    assert resident.expiry_date == date(2026, 10, 13)
    services.resident_update(resident=resident, data={"fine_unpaid": False})
    resident.refresh_from_db()
    assert resident.expiry_date == date(2026, 7, 15)


def test_unpaid_fine_needs_its_days(facility: Facility) -> None:
    with pytest.raises(ValidationError) as error:
        services.resident_create(facility=facility, data=_data(fine_unpaid=True))
    assert "subsider_days" in error.value.message_dict


# --- remissions ------------------------------------------------------------------------


def test_revoked_remission_moves_the_dates_back(facility: Facility) -> None:
    # 3 years from 2026-01-01 -> 2029-01-01 (T = 1096, see test_stages).
    # Remissions 30 + 15 = 45 days -> 2029-01-01 - 45 = 2028-11-17.
    # Revoking the 15 days leaves 30: 2029-01-01 - 30 = 2028-12-02 (1 Dec is 31 days back).
    # T = 1096 - 30 = 1066; 2/3 = ceil(2132/3) = 711 = 365 + 346 -> 2027-01-01 + 346;
    # 2027's 1 Dec is +334, so +346 = 2027-12-13.
    resident = services.resident_create(facility=facility, data=_data())
    services.remission_add(
        resident=resident, kind="umum", days=30, decree_date=date(2026, 8, 17), decree_number="A"
    )
    khusus = services.remission_add(
        resident=resident, kind="khusus", days=15, decree_date=date(2026, 9, 1), decree_number="B"
    )
    resident.refresh_from_db()
    assert resident.expiry_date == date(2028, 11, 17)

    services.remission_revoke(
        remission=khusus, on=date(2026, 10, 1), reason="Pelanggaran tata tertib (register F)"
    )
    resident.refresh_from_db()
    khusus.refresh_from_db()
    assert resident.remission_days_total == 30
    assert resident.expiry_date == date(2028, 12, 2)
    assert resident.two_thirds_date == date(2027, 12, 13)
    assert khusus.is_revoked and khusus.revocation_reason.startswith("Pelanggaran")
    assert Remission.objects.count() == 2  # kept on record
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).latest("pk")
    assert event.after is not None and event.after["remission_days_total"] == 30
    assert event.before is not None and event.before["expiry_date"] == "2028-11-17"


def test_revocation_needs_a_reason_and_happens_once(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    remission = services.remission_add(
        resident=resident, kind="umum", days=30, decree_date=date(2026, 8, 17)
    )
    with pytest.raises(ValidationError) as error:
        services.remission_revoke(remission=remission, on=date(2026, 9, 1), reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.remission_revoke(remission=remission, on=date(2026, 8, 1), reason="x")
    services.remission_revoke(remission=remission, on=date(2026, 9, 1), reason="x")
    with pytest.raises(ValidationError, match="sudah dicabut"):
        services.remission_revoke(remission=remission, on=date(2026, 9, 2), reason="x")


def test_remission_refused_for_tahanan(facility: Facility) -> None:
    resident = services.resident_create(
        facility=facility,
        data=_data(custody_status=CustodyStatus.TAHANAN, register_code="A.II"),
    )
    with pytest.raises(ValidationError, match="narapidana"):
        services.remission_add(
            resident=resident, kind="umum", days=30, decree_date=date(2026, 8, 17)
        )
    assert not Remission.objects.exists()


@pytest.mark.parametrize("kind", ["kemanusiaan", "dasawarsa", "tambahan"])
def test_remission_kinds(facility: Facility, kind: str) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    services.remission_add(resident=resident, kind=kind, days=10, decree_date=date(2026, 8, 17))
    assert resident.remissions.get().kind == kind


def test_legacy_other_kind_not_offered(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    with pytest.raises(ValidationError):
        services.remission_add(
            resident=resident, kind="lainnya", days=10, decree_date=date(2026, 8, 17)
        )


# --- register codes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "years", "months", "days", "code"),
    [
        (SentenceKind.PENJARA, 1, 0, 1, "B.I"),
        (SentenceKind.PENJARA, 1, 0, 0, "B.IIa"),  # exactly 1 year: not "more than 1 year"
        (SentenceKind.PENJARA, 0, 3, 1, "B.IIa"),
        (SentenceKind.PENJARA, 0, 3, 0, "B.IIb"),  # exactly 3 months
        (SentenceKind.PENJARA, 0, 0, 20, "B.IIb"),
        (SentenceKind.KURUNGAN, 0, 6, 0, "B.III"),
        (SentenceKind.SEUMUR_HIDUP, 0, 0, 0, "B.I"),
        (SentenceKind.MATI, 0, 0, 0, "B.I"),
        (SentenceKind.PENJARA, 0, 0, 0, None),
    ],
)
def test_expected_sentence_code(
    kind: str, years: int, months: int, days: int, code: str | None
) -> None:
    assert expected_sentence_code(kind, years, months, days) == code


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"custody_status": "tahanan", "register_code": "B.I"}, "A.I–A.V"),
        ({"register_code": "A.II"}, "B.I, B.IIa, B.IIb"),
        ({"sentence_years": 1, "register_code": "B.I"}, "B.IIa"),
        ({"sentence_years": 0, "sentence_months": 3, "register_code": "B.IIa"}, "B.IIb"),
        ({"sentence_kind": "kurungan", "sentence_years": 0, "sentence_months": 6}, "B.III"),
    ],
)
def test_register_code_mismatch_refused_with_the_rule(
    facility: Facility, overrides: dict[str, object], words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.resident_create(facility=facility, data=_data(**overrides))
    assert words in error.value.message_dict["register_code"][0]
    assert not Resident.objects.exists()


def test_register_code_messages_are_indonesian() -> None:
    from django.utils import translation

    with translation.override("id"):
        message = register_code_error(
            code="B.I", custody_status="narapidana", kind="penjara", years=1, months=0, days=0
        )
    assert message is not None and "B.IIa" in message and "tidak" in message.lower()


def test_empty_register_code_allowed(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data(register_code=""))
    assert resident.register_code == ""


# --- children ---------------------------------------------------------------------------


def test_child_pb_date_on_the_resident(facility: Facility) -> None:
    # Born 2008-09-20, offence 2025-06-01 (16 years old): an Anak's sentence (UU 11/2012).
    # 8 months from 2025-07-01 -> 2026-03-01. T = 31+31+30+31+30+31+31+28 = 243 (Jul..Feb).
    # 1/2: ceil(243/2) = 122 -> Jul 31 (30), Aug 31 (61), Sep 30 (91), Oct 31 (122) = 2025-10-31.
    # An adult with the same sentence has no PB: 2/3 (2025-10-31 + 40 = 2025-12-10) is less
    # than 9 months after the start (2026-04-01).
    resident = services.resident_create(
        facility=facility,
        data=_data(
            register_code="B.IIa",
            birth_date=date(2008, 9, 20),
            offence_date=date(2025, 6, 1),
            sentence_start=date(2025, 7, 1),
            sentence_years=0,
            sentence_months=8,
        ),
    )
    assert resident.sentenced_as_child
    dates = resident.key_dates()
    assert dates is not None and dates.pb_from == date(2025, 10, 31)
    assert dates.two_thirds == date(2025, 12, 10)
    # Still a child's sentence after the 18th birthday (2026-09-20): the offence date decides.
    assert not resident.is_child_on(date(2026, 9, 20)) and resident.is_child_on(date(2026, 9, 19))
    assert resident.age_on(date(2026, 4, 6)) == 17
    adult = services.resident_create(
        facility=facility,
        data=_data(
            registration_number="BIIa 2/2025",
            register_code="B.IIa",
            birth_date=date(1990, 1, 1),
            sentence_start=date(2025, 7, 1),
            sentence_years=0,
            sentence_months=8,
        ),
    )
    adult_dates = adult.key_dates()
    assert adult_dates is not None and adult_dates.pb_from is None


def test_child_without_birth_date_is_declared(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data(declared_child=True))
    assert resident.is_child_on(date(2030, 1, 1)) and resident.sentenced_as_child
    assert resident.age_on(date(2026, 1, 1)) is None


def test_data_migration_splits_anak_into_status_and_age(facility: Facility) -> None:
    from importlib import import_module

    migration = import_module("binaan.residents.migrations.0005_sentences_children_remissions")
    detained = make_resident(facility, register_code="A.III", birth_date=date(2010, 1, 1))
    sentenced = make_resident(facility, register_code="B.I")
    adult = make_resident(facility, custody_status=CustodyStatus.TAHANAN)
    Resident.objects.filter(pk__in=[detained.pk, sentenced.pk]).update(custody_status="anak")
    migration.split_anak(apps, None)
    detained.refresh_from_db()
    sentenced.refresh_from_db()
    adult.refresh_from_db()
    assert (detained.custody_status, detained.declared_child) == ("tahanan", False)
    assert (sentenced.custody_status, sentenced.declared_child) == ("narapidana", True)
    assert (adult.custody_status, adult.declared_child) == ("tahanan", False)
