"""Programs for children: "anak" is an age on the day of the check, apart from the legal status."""

from __future__ import annotations

from datetime import date
from typing import cast

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from binaan.core.dates import facility_today
from binaan.facilities.models import Facility
from binaan.programs import services
from binaan.programs.eligibility import eligibility_failures, eligible_filter
from binaan.programs.models import Program
from binaan.residents.models import CustodyStatus, Resident, ResidentGroup
from tests.factories import ProgramFactory, make_resident

pytestmark = pytest.mark.django_db


def _program(facility: Facility, groups: list[str]) -> Program:
    return cast(Program, ProgramFactory(facility=facility, custody_statuses=groups))


def test_a_detained_child_fits_programs_for_tahanan_and_for_children(facility: Facility) -> None:
    today = facility_today(facility)
    child = make_resident(
        facility,
        custody_status=CustodyStatus.TAHANAN,
        birth_date=today - relativedelta(years=16),
    )
    adult = make_resident(
        facility,
        custody_status=CustodyStatus.TAHANAN,
        birth_date=today - relativedelta(years=30),
    )
    for_children = _program(facility, [ResidentGroup.ANAK])
    for_tahanan = _program(facility, [ResidentGroup.TAHANAN])
    assert eligibility_failures(for_children, child, set()) == []
    assert eligibility_failures(for_tahanan, child, set()) == []
    failures = eligibility_failures(for_children, adult, set())
    assert len(failures) == 1 and "bukan anak" in failures[0]
    # The SQL rule agrees with the per-resident one.
    assert set(Resident.objects.filter(eligible_filter(for_children, set()))) == {child}
    assert set(Resident.objects.filter(eligible_filter(for_tahanan, set()))) == {child, adult}
    with pytest.raises(ValidationError):
        services.enrollment_add(program=for_children, resident=adult)
    assert services.enrollment_add(program=for_children, resident=child).enrollment.pk


def test_the_day_of_the_check_decides(facility: Facility) -> None:
    # Born 2008-02-29: a child on 2026-02-28, an adult on 2026-03-01 (stages.adult_on).
    resident = make_resident(facility, birth_date=date(2008, 2, 29))
    program = _program(facility, [ResidentGroup.ANAK])
    assert eligibility_failures(program, resident, set(), on=date(2026, 2, 28)) == []
    assert eligibility_failures(program, resident, set(), on=date(2026, 3, 1))
    on_28 = Resident.objects.filter(eligible_filter(program, set(), on=date(2026, 2, 28)))
    on_1 = Resident.objects.filter(eligible_filter(program, set(), on=date(2026, 3, 1)))
    assert list(on_28) == [resident] and not on_1.exists()


def test_a_declared_child_without_birth_date(facility: Facility) -> None:
    resident = make_resident(facility, declared_child=True)
    program = _program(facility, [ResidentGroup.ANAK])
    assert eligibility_failures(program, resident, set()) == []
    assert list(Resident.objects.filter(eligible_filter(program, set()))) == [resident]


def test_program_rule_accepts_anak_and_refuses_unknown(facility: Facility) -> None:
    program = _program(facility, ["anak", "narapidana"])
    program.full_clean()
    program.custody_statuses = ["remaja"]
    with pytest.raises(ValidationError):
        program.full_clean()
