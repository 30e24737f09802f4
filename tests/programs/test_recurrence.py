"""The schedule choices of the program form ↔ what the Program row stores ↔ the words people read:
every choice survives the round trip, stored rules the choices cannot express are recognised
(and still described in words), and no description ever shows a rule's text."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from binaan.programs.recurrence import (
    MonthWeek,
    Pattern,
    Recurrence,
    describe,
    from_stored,
    to_storage,
)
from binaan.programs.schedule import WeeklySlot, expand

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def indonesian() -> None:
    translation.activate("id")


def _words(choice: Recurrence, zone: str = "WITA") -> str:
    stored = to_storage(choice)
    return describe(
        rrule=stored.rrule,
        rrule_start_time=stored.rrule_start_time,
        duration_minutes=stored.duration_minutes,
        slots=stored.slots,
        zone=zone,
    )


def _back(choice: Recurrence) -> Recurrence | None:
    stored = to_storage(choice)
    return from_stored(
        rrule=stored.rrule,
        rrule_start_time=stored.rrule_start_time,
        duration_minutes=stored.duration_minutes,
        slots=stored.slots,
    )


def test_first_wednesday_of_the_month() -> None:
    choice = Recurrence(Pattern.MONTHLY, (2,), time(9), 120, month_week=MonthWeek.FIRST)
    stored = to_storage(choice)
    assert (stored.rrule, stored.rrule_start_time, stored.slots) == (
        "FREQ=MONTHLY;BYDAY=+1WE",
        time(9),
        (),
    )
    assert _words(choice) == "Setiap Rabu pertama tiap bulan, 09.00–11.00 WITA"
    assert _back(choice) == choice


def test_last_friday_of_the_month() -> None:
    choice = Recurrence(Pattern.MONTHLY, (4,), time(13, 30), 90, month_week=MonthWeek.LAST)
    assert to_storage(choice).rrule == "FREQ=MONTHLY;BYDAY=-1FR"
    assert _words(choice) == "Setiap Jumat terakhir tiap bulan, 13.30–15.00 WITA"
    assert _back(choice) == choice


def test_every_week_is_stored_as_weekly_slots() -> None:
    choice = Recurrence(Pattern.WEEKLY, (1, 3), time(13), 120)
    stored = to_storage(choice)
    assert stored.rrule == "" and stored.rrule_start_time is None
    assert stored.slots == (WeeklySlot(1, time(13), time(15)), WeeklySlot(3, time(13), time(15)))
    assert _words(choice) == "Setiap Selasa dan Kamis, 13.00–15.00 WITA"
    assert _back(choice) == choice


def test_every_two_weeks_counts_from_the_program_start() -> None:
    choice = Recurrence(Pattern.WEEKLY, (0, 2, 4), time(8), 60, interval=2)
    stored = to_storage(choice)
    assert stored.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR"
    assert (
        _words(choice, "WIB") == "Setiap 2 minggu pada hari Senin, Rabu dan Jumat, 08.00–09.00 WIB"
    )
    assert _back(choice) == choice
    # The weeks are those of the program (anchor 2 March 2026), whatever window is expanded.
    kwargs = {
        "zone": WITA,
        "rrule": stored.rrule,
        "rrule_start": time(8),
        "skip_holidays": False,
        "anchor": date(2026, 3, 2),
    }
    whole = expand(start=date(2026, 3, 2), end=date(2026, 4, 30), **kwargs)  # type: ignore[arg-type]
    later = expand(start=date(2026, 3, 9), end=date(2026, 4, 30), **kwargs)  # type: ignore[arg-type]
    assert [o for o in whole if o.starts_at.date() >= date(2026, 3, 9)] == later
    assert {o.starts_at.date() for o in later} >= {date(2026, 3, 16), date(2026, 3, 18)}
    assert date(2026, 3, 9) not in {o.starts_at.date() for o in later}


def test_a_session_past_midnight_keeps_its_duration() -> None:
    choice = Recurrence(Pattern.WEEKLY, (5,), time(23), 120)
    assert to_storage(choice).slots == (WeeklySlot(5, time(23), time(1)),)
    assert _back(choice) == choice


@given(
    pattern=st.sampled_from([Pattern.WEEKLY, Pattern.MONTHLY]),
    days=st.sets(st.integers(0, 6), min_size=1, max_size=7),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 45]),
    duration=st.integers(15, 720),
    interval=st.integers(1, 4),
    month_week=st.sampled_from(MonthWeek.values),
)
def test_every_choice_survives_the_round_trip_and_reads_without_a_rule(
    pattern: str,
    days: set[int],
    hour: int,
    minute: int,
    duration: int,
    interval: int,
    month_week: int,
) -> None:
    translation.activate("id")
    if pattern == Pattern.MONTHLY:
        choice = Recurrence(
            pattern, (min(days),), time(hour, minute), duration, month_week=month_week
        )
    else:
        choice = Recurrence(pattern, tuple(sorted(days)), time(hour, minute), duration, interval)
    assert _back(choice) == choice
    words = _words(choice)
    assert words.startswith("Setiap ") and "FREQ" not in words and "BYDAY" not in words


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (
            "FREQ=MONTHLY;BYDAY=1WE,3WE",
            "Setiap Rabu pertama dan Rabu ketiga tiap bulan, 09.00–11.00",
        ),
        ("FREQ=DAILY", "Setiap hari, 09.00–11.00"),
        ("FREQ=DAILY;INTERVAL=3", "Setiap 3 hari, 09.00–11.00"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "Setiap bulan pada tanggal 15, 09.00–11.00"),
        ("FREQ=WEEKLY;INTERVAL=6;BYDAY=TU", "Setiap 6 minggu pada hari Selasa, 09.00–11.00"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "Jadwal berulang khusus, 09.00–11.00"),
        ("FREQ=MONTHLY;BYDAY=+1WE;COUNT=5", "Jadwal berulang khusus, 09.00–11.00"),
    ],
)
def test_a_rule_the_choices_cannot_express_is_kept_and_described(rule: str, words: str) -> None:
    assert from_stored(rrule=rule, rrule_start_time=time(9), duration_minutes=120, slots=()) is None
    text = describe(
        rrule=rule, rrule_start_time=time(9), duration_minutes=120, slots=(), zone="WITA"
    )
    assert text == f"{words} WITA"
    assert "FREQ" not in text


def test_slots_at_different_times_are_described_day_by_day() -> None:
    slots = (WeeklySlot(3, time(9), time(11)), WeeklySlot(1, time(13), time(15)))
    assert from_stored(rrule="", rrule_start_time=None, duration_minutes=120, slots=slots) is None
    assert (
        describe(rrule="", rrule_start_time=None, duration_minutes=120, slots=slots, zone="WITA")
        == "Setiap Selasa 13.00–15.00 dan Kamis 09.00–11.00 WITA"
    )


def test_english_reads_in_english() -> None:
    choice = Recurrence(Pattern.MONTHLY, (2,), time(9), 120, month_week=MonthWeek.FIRST)
    with translation.override("en"):
        assert _words(choice) == "Every first Wednesday of the month, 09.00–11.00 WITA"
