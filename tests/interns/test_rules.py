from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from binaan.interns import rules

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def test_states_over_a_placement() -> None:
    start, end = date(2025, 11, 24), date(2026, 5, 23)
    assert rules.placement_state(start, end, None, date(2025, 11, 23)) == rules.AKAN_DATANG
    assert rules.placement_state(start, end, None, start) == rules.AKTIF
    assert rules.placement_state(start, end, None, end) == rules.AKTIF
    assert rules.placement_state(start, end, None, date(2026, 5, 24)) == rules.SELESAI
    assert rules.placement_state(start, end, date(2026, 2, 1), date(2026, 1, 31)) == rules.AKTIF
    assert rules.placement_state(start, end, date(2026, 2, 1), date(2026, 2, 1)) == rules.DIHENTIKAN


@given(start=dates, length=st.integers(0, 400), today=dates)
def test_state_is_always_one_of_four(start: date, length: int, today: date) -> None:
    end = start + timedelta(days=length)
    state = rules.placement_state(start, end, None, today)
    assert state in {rules.AKAN_DATANG, rules.AKTIF, rules.SELESAI}
    assert (state == rules.AKTIF) == (start <= today <= end)


def test_half_day_is_under_four_hours() -> None:
    at = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)
    assert rules.is_half_day(at, at + timedelta(hours=3, minutes=59))
    assert not rules.is_half_day(at, at + timedelta(hours=4))
    assert not rules.is_half_day(at, None)


def test_rounds_are_distinct_dates() -> None:
    assert rules.verification_rounds([date(2026, 4, 10)] * 20) == 1
    assert rules.needs_more_rounds(1)
    assert not rules.needs_more_rounds(
        rules.verification_rounds([date(2026, 4, 10), date(2026, 4, 24)])
    )


@given(day=dates)
def test_evaluation_due_is_first_of_next_month(day: date) -> None:
    due = rules.evaluation_due(day)
    assert due.day == 1
    assert due > day
    assert (due - timedelta(days=1)).month == day.month


@given(start=dates, length=st.integers(0, 500))
def test_months_cover_the_period(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    months = rules.months_of(start, end)
    assert months[0] == start.replace(day=1)
    assert months[-1] == end.replace(day=1)
    assert all(b == rules.next_month(a) for a, b in zip(months, months[1:], strict=False))


@given(start=dates, length=st.integers(0, 60))
def test_working_days_are_weekdays(start: date, length: int) -> None:
    days = rules.working_days(start, start + timedelta(days=length))
    assert all(d.weekday() < 5 for d in days)
    assert len(days) <= length + 1


def test_prefill_line_reads_like_the_platform() -> None:
    line = rules.prefill_line(time(9), time(11), "WITA", "Pengajian Rutin Qonita", "Pendamping")
    assert line == "09.00–11.00 WITA · Pengajian Rutin Qonita · Pendamping"
