"""The report's interns section and the dashboard's logbook count read the interns app."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from binaan.facilities.models import Facility
from binaan.interns.models import PresenceDay
from binaan.reports import selectors
from binaan.reports.selectors import Month
from tests.factories import intern_entry, intern_placement

pytestmark = pytest.mark.django_db


def _day(facility: Facility, placement: object, day: date, start: time, end: time | None) -> None:
    zone = ZoneInfo(facility.time_zone)
    PresenceDay.objects.create(
        facility=facility,
        placement=placement,
        date=day,
        check_in=datetime.combine(day, start, zone),
        check_out=datetime.combine(day, end, zone) if end else None,
    )


def test_hours_per_intern_in_the_month(facility: Facility, other_facility: Facility) -> None:
    placement = intern_placement(facility)
    # 6 April: 08.00–16.00 = 8 h; 7 April: 08.00–11.30 = 3.5 h; 8 April: no check-out = 0 h
    # and not counted as present; 31 March belongs to the month before.
    _day(facility, placement, date(2026, 4, 6), time(8), time(16))
    _day(facility, placement, date(2026, 4, 7), time(8), time(11, 30))
    _day(facility, placement, date(2026, 4, 8), time(8), None)
    _day(facility, placement, date(2026, 3, 31), time(8), time(16))
    other = intern_placement(other_facility)
    _day(other_facility, other, date(2026, 4, 6), time(8), time(16))

    report = selectors.monthly_report(facility=facility, month=Month(2026, 4))
    assert len(report.interns) == 1
    (row,) = report.interns
    assert row.hours == Decimal("11.50")
    assert row.sessions == 2
    assert row.name == (placement.intern.full_name or placement.intern.username)


def test_dashboard_counts_logbooks_awaiting_verification(facility: Facility) -> None:
    placement = intern_placement(facility)
    intern_entry(facility, placement=placement, day=date(2026, 4, 6), state="submitted")
    intern_entry(facility, placement=placement, day=date(2026, 4, 7), state="submitted")
    intern_entry(facility, placement=placement, day=date(2026, 4, 8), state="verified")
    intern_entry(facility, placement=placement, day=date(2026, 4, 9), state="draft")
    assert selectors.logbooks_awaiting(facility=facility) == 2
