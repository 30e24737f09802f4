from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from binaan.programs.schedule import WeeklySlot, expand, holiday_dates

WITA = ZoneInfo("Asia/Makassar")
MONDAY_MORNING = [WeeklySlot(0, time(9), time(11))]


def test_qonita_mondays_march_to_april_2026_give_eight_sessions_at_one_utc() -> None:
    sessions = expand(
        start=date(2026, 3, 2), end=date(2026, 4, 27), zone=WITA, slots=MONDAY_MORNING
    )

    assert len(sessions) == 8
    days = [s.starts_at.date() for s in sessions]
    # 23 March 2026 is cuti bersama Idul Fitri (government category of the holidays package).
    assert date(2026, 3, 23) not in days
    assert days[0] == date(2026, 3, 2) and days[-1] == date(2026, 4, 27)
    for s in sessions:
        assert s.starts_at.tzinfo == UTC
        assert (s.starts_at.hour, s.starts_at.minute) == (1, 0)
        assert (s.ends_at.hour, s.ends_at.minute) == (3, 0)


def test_package_lists_23_march_2026_as_joint_holiday() -> None:
    holidays = holiday_dates(date(2026, 3, 16), date(2026, 3, 31))
    assert "Joint Holiday" in holidays[date(2026, 3, 23)]


def test_pancasila_day_and_independence_day_are_skipped() -> None:
    sessions = expand(
        start=date(2026, 6, 1), end=date(2026, 8, 31), zone=WITA, slots=MONDAY_MORNING
    )
    days = {s.starts_at.date() for s in sessions}
    assert date(2026, 6, 1) not in days  # Hari Lahir Pancasila, a Monday
    assert date(2026, 8, 17) not in days  # Hari Kemerdekaan, a Monday
    assert date(2026, 6, 8) in days and date(2026, 8, 24) in days


def test_runs_on_holidays_keeps_them() -> None:
    sessions = expand(
        start=date(2026, 3, 2),
        end=date(2026, 4, 27),
        zone=WITA,
        slots=MONDAY_MORNING,
        skip_holidays=False,
    )
    assert len(sessions) == 9


def test_several_slots_and_other_zones() -> None:
    slots = [WeeklySlot(1, time(13), time(15)), WeeklySlot(3, time(13), time(15))]
    sessions = expand(
        start=date(2026, 4, 6), end=date(2026, 4, 12), zone=ZoneInfo("Asia/Jayapura"), slots=slots
    )
    assert [s.starts_at for s in sessions] == [
        datetime(2026, 4, 7, 4, tzinfo=UTC),  # 13.00 WIT is 04.00 UTC
        datetime(2026, 4, 9, 4, tzinfo=UTC),
    ]


def test_monthly_rrule_first_wednesday() -> None:
    sessions = expand(
        start=date(2026, 3, 2),
        end=date(2026, 6, 30),
        zone=WITA,
        rrule="RRULE:FREQ=MONTHLY;BYDAY=+1WE",
        rrule_start=time(10),
        duration=timedelta(minutes=90),
    )
    assert [s.starts_at for s in sessions] == [
        datetime(2026, 3, 4, 2, tzinfo=UTC),
        datetime(2026, 4, 1, 2, tzinfo=UTC),
        datetime(2026, 5, 6, 2, tzinfo=UTC),
        datetime(2026, 6, 3, 2, tzinfo=UTC),
    ]
    assert all(s.ends_at - s.starts_at == timedelta(minutes=90) for s in sessions)


def test_rrule_skips_holidays_too() -> None:
    # Every day of 16–25 March 2026 at 10.00: Nyepi, Idul Fitri and their joint days drop out.
    sessions = expand(
        start=date(2026, 3, 16),
        end=date(2026, 3, 25),
        zone=WITA,
        rrule="FREQ=DAILY",
        rrule_start=time(10),
    )
    days = {s.starts_at.astimezone(WITA).date() for s in sessions}
    assert days == {date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 25)}


def test_empty_range() -> None:
    assert (
        expand(start=date(2026, 3, 9), end=date(2026, 3, 2), zone=WITA, slots=MONDAY_MORNING) == []
    )


slot_strategy = st.builds(
    lambda weekday, hour, length: WeeklySlot(weekday, time(hour), time(min(hour + length, 23), 30)),
    st.integers(0, 6),
    st.integers(6, 20),
    st.integers(1, 3),
)


@settings(max_examples=60, deadline=None)
@given(
    slots=st.lists(slot_strategy, min_size=1, max_size=4),
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    span=st.integers(0, 120),
    zone=st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]),
    skip=st.booleans(),
)
def test_expansion_properties(
    slots: list[WeeklySlot], start: date, span: int, zone: str, skip: bool
) -> None:
    tz = ZoneInfo(zone)
    end = start + timedelta(days=span)
    sessions = expand(start=start, end=end, zone=tz, slots=slots, skip_holidays=skip)
    weekdays = {s.weekday for s in slots}
    starts = {(s.weekday, s.start) for s in slots}
    holidays = holiday_dates(start, end)

    assert len({s.starts_at for s in sessions}) == len(sessions)  # no duplicates
    assert sessions == sorted(sessions)
    for s in sessions:
        local = s.starts_at.astimezone(tz)
        assert start <= local.date() <= end  # within the range, in local time
        assert local.weekday() in weekdays  # on a requested weekday
        assert (local.weekday(), local.time()) in starts
        assert s.ends_at > s.starts_at
        if skip:
            assert local.date() not in holidays
    # Nothing is lost: every requested weekday in range (minus holidays) has its slot.
    expected = sum(
        1
        for n in range(span + 1)
        for slot in {(w, t) for w, t in starts}
        if (start + timedelta(days=n)).weekday() == slot[0]
        and not (skip and start + timedelta(days=n) in holidays)
    )
    assert len(sessions) == expected
