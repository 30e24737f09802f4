"""Interns' working days, the programme's length and the evaluation's due date, with dates
derived by hand from the 2026 calendar (SKB 3 Menteri: cuti bersama; the `holidays` package)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from binaan.accounts.models import User
from binaan.facilities.models import Facility
from binaan.interns import rules, selectors, services
from binaan.programs.models import HolidayChange, HolidayOverride

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), WITA)


# --- the programme's length ---------------------------------------------------------------------


def test_magang_nasional_lasts_six_months_other_apprenticeships_a_year() -> None:
    assert rules.max_months("Program Magang Nasional (Kemnaker)") == 6
    assert rules.max_months("program magang nasional batch II") == 6
    assert rules.max_months("Magang mandiri (kerja sama kampus)") == 12
    # Kemnaker's batch I: 20 October 2025 to 19 April 2026.
    assert rules.last_allowed_day(date(2025, 10, 20), 6) == date(2026, 4, 19)
    assert rules.last_allowed_day(date(2026, 1, 1), 12) == date(2026, 12, 31)


def test_a_placement_longer_than_the_programme_is_refused(
    facility: Facility, intern: User, mentor: User
) -> None:
    common: dict[str, Any] = {
        "facility": facility,
        "intern": intern,
        "mentor": mentor,
        "batch": "Batch 2",
    }
    with pytest.raises(ValidationError) as refused:
        services.placement_create(
            start_date=date(2025, 11, 24), end_date=date(2026, 5, 24), **common
        )
    assert "end_date" in refused.value.message_dict
    assert "at most 6 months" in refused.value.message_dict["end_date"][0]
    assert "23 May 2026" in refused.value.message_dict["end_date"][0]
    placement = services.placement_create(
        start_date=date(2025, 11, 24), end_date=date(2026, 5, 23), **common
    )
    # Lengthening it later is refused the same way.
    with pytest.raises(ValidationError):
        services.placement_update(placement=placement, data={"end_date": date(2026, 6, 30)})
    # A year is the ceiling of any other apprenticeship (Permenaker 6/2020).
    other = {**common, "source_programme": "Magang mandiri kampus"}
    services.placement_create(start_date=date(2026, 6, 1), end_date=date(2027, 5, 31), **other)
    with pytest.raises(ValidationError):
        services.placement_create(start_date=date(2027, 6, 1), end_date=date(2028, 6, 1), **other)


# --- the monthly evaluation --------------------------------------------------------------------


def test_the_evaluation_is_overdue_the_day_after_it_is_due(
    facility: Facility, placement: Any, mentor: User
) -> None:
    march = date(2026, 3, 1)
    assert rules.evaluation_due(march) == date(2026, 4, 1)
    assert not rules.evaluation_overdue(march, date(2026, 4, 1))
    assert rules.evaluation_overdue(march, date(2026, 4, 2))

    def overdue_on(today: date) -> bool:
        reminders = selectors.mentor_reminders(facility=facility, user=mentor, today=today)
        return next(r for r in reminders if r.month == march).overdue

    assert overdue_on(date(2026, 4, 1)) is False
    assert overdue_on(date(2026, 4, 2)) is True


# --- holidays are not working days --------------------------------------------------------------


def test_month_report_leaves_out_holidays_and_cuti_bersama(
    facility: Facility, placement: Any
) -> None:
    # March 2026 has 22 weekdays; Nyepi's cuti bersama (Wed 18), Nyepi (Thu 19), the cuti
    # bersama around Idul Fitri (Fri 20, Mon 23, Tue 24) fall on five of them: 17 working days.
    report = selectors.month_report(placement=placement, month=date(2026, 3, 1))
    days = [row.date for row in report.rows]
    assert len(days) == 17
    assert not {date(2026, 3, d) for d in (18, 19, 20, 23, 24)} & set(days)
    # The facility's own holiday (Wed 25 March) is left out as well.
    HolidayOverride.objects.create(
        facility=facility, date=date(2026, 3, 25), change=HolidayChange.ADD, name="Hari Jadi Kota"
    )
    report = selectors.month_report(placement=placement, month=date(2026, 3, 1))
    assert len(report.rows) == 16
    assert date(2026, 3, 25) not in {row.date for row in report.rows}


def test_no_presence_or_hours_on_a_holiday(
    facility: Facility, placement: Any, intern: User, mentor: User
) -> None:
    cuti_bersama = date(2026, 3, 23)  # Monday, cuti bersama Idul Fitri
    with pytest.raises(ValidationError, match="holiday"):
        services.presence_check_in(placement=placement, by=intern, at=at(cuti_bersama))
    with pytest.raises(ValidationError, match="Cuti Bersama"):
        services.presence_absence(placement=placement, by=mentor, day=cuti_bersama, reason="sakit")
    with pytest.raises(ValidationError) as refused:
        services.logbook_save(
            placement=placement,
            by=intern,
            day=date(2026, 4, 3),  # Good Friday
            activities="Mendampingi kegiatan",
            hours=Decimal("4"),
        )
    assert "date" in refused.value.message_dict
    # The day after is an ordinary Wednesday.
    services.presence_check_in(placement=placement, by=intern, at=at(date(2026, 3, 25)))


def test_a_removed_national_date_is_a_working_day_again(
    facility: Facility, placement: Any, intern: User
) -> None:
    HolidayOverride.objects.create(
        facility=facility,
        date=date(2026, 3, 24),
        change=HolidayChange.REMOVE,
        name="Cuti Bersama Hari Raya Idul Fitri",
    )
    services.presence_check_in(placement=placement, by=intern, at=at(date(2026, 3, 24)))
    report = selectors.month_report(placement=placement, month=date(2026, 3, 1))
    assert date(2026, 3, 24) in {row.date for row in report.rows}
    assert len(report.rows) == 18


def test_a_kanwil_holiday_applies_to_every_facility_of_the_region(
    facility: Facility, other_facility: Facility, placement: Any, intern: User
) -> None:
    # Entered by another facility of the same Kanwil, for the whole Kanwil.
    other_facility.regional_office = facility.regional_office
    other_facility.save()
    HolidayOverride.objects.create(
        facility=other_facility,
        regional_office=facility.regional_office,
        date=date(2026, 3, 26),
        change=HolidayChange.ADD,
        name="Hari Jadi Provinsi",
    )
    with pytest.raises(ValidationError, match="Hari Jadi Provinsi"):
        services.presence_check_in(placement=placement, by=intern, at=at(date(2026, 3, 26)))
