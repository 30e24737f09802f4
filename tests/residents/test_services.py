from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility, LocationKind
from binaan.residents import services
from binaan.residents.models import (
    CustodyStatus,
    MovementKind,
    Resident,
    ResidentState,
    Sex,
)
from tests.factories import LocationFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def _data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "registration_number": "BI 0001/2026",
        "register_code": "B.I",
        "custody_status": CustodyStatus.NARAPIDANA,
        "full_name": "Siti Aminah",
        "sex": Sex.FEMALE,
        "admission_date": date(2026, 1, 1),
        "sentence_start": date(2026, 1, 1),
        "sentence_years": 3,
    }
    data.update(overrides)
    return data


def test_create_stores_key_dates_admission_and_audit(facility: Facility) -> None:
    block = LocationFactory(facility=facility, name="Blok Wanita")
    resident = services.resident_create(facility=facility, data=_data(block=block))
    # Worked example of tests/residents/test_stages.py: 3 years from 2026-01-01.
    assert resident.expiry_date == date(2029, 1, 1)
    assert resident.one_third_date == date(2027, 1, 2)
    assert resident.half_date == date(2027, 7, 3)
    assert resident.two_thirds_date == date(2028, 1, 2)
    assert resident.search_name == "siti aminah"
    movement = resident.movements.get()
    assert (movement.kind, movement.date, movement.to_block) == (
        MovementKind.ADMISSION,
        date(2026, 1, 1),
        block,
    )
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(resident.pk)).exists()


def test_create_rejects_block_of_another_facility(
    facility: Facility, other_facility: Facility
) -> None:
    foreign = LocationFactory(facility=other_facility)
    with pytest.raises(ValidationError):
        services.resident_create(facility=facility, data=_data(block=foreign))
    assert not Resident.objects.exists()


def test_tahanan_has_no_key_dates(facility: Facility) -> None:
    resident = services.resident_create(
        facility=facility,
        data=_data(custody_status=CustodyStatus.TAHANAN, register_code="A.II"),
    )
    assert resident.expiry_date is None and resident.key_dates() is None


def test_update_refreshes_key_dates(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    services.resident_update(
        resident=resident,
        data={"sentence_years": 1, "register_code": "B.IIa", "full_name": "Siti A"},
    )
    resident.refresh_from_db()
    assert resident.expiry_date == date(2027, 1, 1)
    assert resident.search_name == "siti a"
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert event.after is not None and event.after["sentence_years"] == 1


def test_remission_moves_dates_earlier(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    before = resident.expiry_date
    services.remission_add(
        resident=resident, kind="umum", days=30, decree_date=date(2026, 8, 17), decree_number="X"
    )
    services.remission_add(resident=resident, kind="khusus", days=15, decree_date=date(2026, 9, 1))
    resident.refresh_from_db()
    assert resident.remission_days_total == 45
    assert before is not None and resident.expiry_date == date(2028, 11, 17)
    assert resident.two_thirds_date is not None and resident.two_thirds_date < date(2028, 1, 2)


def test_remission_longer_than_sentence_is_refused(facility: Facility) -> None:
    resident = services.resident_create(
        facility=facility, data=_data(sentence_years=0, sentence_months=2, register_code="B.IIb")
    )
    with pytest.raises(ValidationError):
        services.remission_add(
            resident=resident, kind="umum", days=90, decree_date=date(2026, 3, 1)
        )
    resident.refresh_from_db()
    assert resident.remission_days_total == 0 and not resident.remissions.exists()


def test_move_block_keeps_history(facility: Facility) -> None:
    a = LocationFactory(facility=facility, name="Blok A")
    b = LocationFactory(facility=facility, name="Blok B")
    resident = services.resident_create(facility=facility, data=_data(block=a))
    services.resident_move_block(resident=resident, block=b, on=date(2026, 2, 1))
    resident.refresh_from_db()
    assert resident.block == b
    kinds = list(resident.movements.values_list("kind", "from_block", "to_block"))
    assert kinds == [(MovementKind.ADMISSION, None, a.pk), (MovementKind.BLOCK_CHANGE, a.pk, b.pk)]


def test_move_to_a_room_kind_is_refused(facility: Facility) -> None:
    room = LocationFactory(facility=facility, name="Kamar 1", kind=LocationKind.ROOM)
    resident = services.resident_create(facility=facility, data=_data())
    with pytest.raises(ValidationError):
        services.resident_move_block(resident=resident, block=room, on=date(2026, 2, 1))


def test_transfer_moves_row_with_history(facility: Facility, other_facility: Facility) -> None:
    block = LocationFactory(facility=facility)
    resident = services.resident_create(facility=facility, data=_data(block=block))
    services.remission_add(resident=resident, kind="umum", days=30, decree_date=date(2026, 8, 17))
    services.resident_transfer(resident=resident, to_facility=other_facility, on=date(2026, 9, 1))
    resident.refresh_from_db()
    assert resident.facility == other_facility
    assert resident.block is None and resident.state == ResidentState.ACTIVE
    assert resident.remissions.count() == 1
    kinds = list(resident.movements.values_list("kind", flat=True))
    assert kinds == [MovementKind.ADMISSION, MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN]
    out = resident.movements.get(kind=MovementKind.TRANSFER_OUT)
    assert (out.from_facility, out.to_facility, out.from_block) == (facility, other_facility, block)
    facilities = set(
        AuditEvent.objects.filter(
            object_id=str(resident.pk), action=AuditAction.UPDATE
        ).values_list("facility", flat=True)
    )
    assert facilities == {facility.pk, other_facility.pk}


def test_transfer_refuses_a_number_taken_at_the_destination(
    facility: Facility, other_facility: Facility
) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    ResidentFactory(facility=other_facility, registration_number=resident.registration_number)
    with pytest.raises(ValidationError):
        services.resident_transfer(
            resident=resident, to_facility=other_facility, on=date(2026, 9, 1)
        )
    resident.refresh_from_db()
    assert resident.facility == facility and resident.movements.count() == 1
    services.resident_transfer(
        resident=resident,
        to_facility=other_facility,
        on=date(2026, 9, 1),
        registration_number="JYP 1/2026",
    )
    resident.refresh_from_db()
    assert resident.registration_number == "JYP 1/2026"


def test_release(facility: Facility) -> None:
    resident = services.resident_create(facility=facility, data=_data())
    services.resident_release(resident=resident, on=date(2029, 1, 1))
    resident.refresh_from_db()
    assert resident.state == ResidentState.RELEASED
    assert resident.movements.last().kind == MovementKind.RELEASE  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        services.resident_release(resident=resident, on=date(2029, 1, 2))


@pytest.mark.skipif(
    not apps.is_installed("binaan.programs"), reason="binaan.programs is not installed yet"
)
def test_transfer_and_release_end_enrolments(
    facility: Facility, other_facility: Facility, monkeypatch: pytest.MonkeyPatch
) -> None:
    from binaan.programs import services as program_services

    calls: list[tuple[int, str, date]] = []

    def fake_end(*, resident: Resident, reason: str, on: date) -> int:
        calls.append((resident.pk, reason, on))
        return 1

    monkeypatch.setattr(program_services, "enrollment_end_all_for_resident", fake_end)
    moved = services.resident_create(facility=facility, data=_data())
    freed = services.resident_create(facility=facility, data=_data(registration_number="X 2"))
    services.resident_transfer(resident=moved, to_facility=other_facility, on=date(2026, 9, 1))
    services.resident_release(resident=freed, on=date(2026, 9, 2))
    assert calls == [
        (moved.pk, "dipindah", date(2026, 9, 1)),
        (freed.pk, "bebas", date(2026, 9, 2)),
    ]


def test_death_is_recorded_and_ends_enrolments(facility: Facility) -> None:
    from binaan.programs.models import EndReason, EnrollmentStatus
    from tests.factories import make_enrollment

    resident = services.resident_create(facility=facility, data=_data())
    enrollment = make_enrollment(facility, resident=resident)
    services.resident_record_death(resident=resident, on=date(2026, 9, 3), note="RSUD")
    resident.refresh_from_db()
    enrollment.refresh_from_db()
    assert resident.state == ResidentState.DECEASED
    movement = resident.movements.last()
    assert movement is not None and (movement.kind, movement.note) == (MovementKind.DEATH, "RSUD")
    assert (enrollment.status, enrollment.end_reason, enrollment.ended_on) == (
        EnrollmentStatus.ENDED,
        EndReason.OTHER,
        date(2026, 9, 3),
    )
    with pytest.raises(ValidationError):
        services.resident_record_death(resident=resident, on=date(2026, 9, 4))


def test_release_ends_real_enrolments(facility: Facility) -> None:
    from binaan.programs.models import EndReason, EnrollmentStatus
    from tests.factories import make_enrollment

    resident = services.resident_create(facility=facility, data=_data())
    enrollment = make_enrollment(facility, resident=resident)
    services.resident_release(resident=resident, on=date(2026, 9, 2))
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.end_reason) == (
        EnrollmentStatus.ENDED,
        EndReason.RELEASED,
    )
