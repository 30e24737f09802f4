"""Schedule expansion: a program's weekly slots or RRULE → UTC (start, end) pairs.

Pure module (no Django import at module level). Wall-clock times are in the facility's zone;
results are UTC. Indonesian public holidays and cuti bersama come from the `holidays` package
(country ID, categories "public" and "government": the government category holds the joint leave
days, cuti bersama, set each year by SKB Menteri Agama, Menteri Ketenagakerjaan and MenPAN-RB).
Given a facility, `holiday_dates` merges the facility's and its Kanwil's corrections
(`HolidayOverride`: a regional holiday added, a national date removed after the sidang isbat).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import holidays as holidays_lib
from dateutil.rrule import rrulestr

HOLIDAY_CATEGORIES = ("public", "government")


@dataclass(frozen=True)
class WeeklySlot:
    weekday: int  # date.weekday(): Monday is 0
    start: time
    end: time


@dataclass(frozen=True, order=True)
class Occurrence:
    starts_at: datetime  # aware, UTC
    ends_at: datetime  # aware, UTC


@dataclass(frozen=True)
class HolidayCorrection:
    """One correction of the package's calendar: `day` becomes a holiday named `name`, or
    (`remove`) is no longer one."""

    day: date
    name: str = ""
    remove: bool = False


def holiday_dates(
    start: date,
    end: date,
    language: str | None = None,
    *,
    facility: Any = None,
    corrections: Iterable[HolidayCorrection] | None = None,
) -> dict[date, str]:
    """Indonesian public holidays and cuti bersama between two dates (inclusive), with names
    (in `language`: "id" or "en_US"; the package's default otherwise), corrected for `facility`
    (its own and its Kanwil's `HolidayOverride` rows) or by the `corrections` given, applied in
    order (a later one wins)."""
    years = range(start.year, end.year + 1)
    calendar = holidays_lib.country_holidays(
        "ID", years=years, categories=HOLIDAY_CATEGORIES, language=language
    )
    found = {day: str(name) for day, name in calendar.items() if start <= day <= end}
    if corrections is None and facility is not None:
        # The one Django read of this module, only when a facility is given.
        from binaan.programs.holidays import corrections_for

        corrections = corrections_for(facility, start, end)
    for correction in corrections or ():
        if not start <= correction.day <= end:
            continue
        if correction.remove:
            found.pop(correction.day, None)
        else:
            found[correction.day] = correction.name
    return dict(sorted(found.items()))


def _to_utc(day: date, at: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC)


def _days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def parse_rrule(rule: str, *, start: date, at: time) -> object:
    """The dateutil rule for an RRULE text, anchored at `start` `at` (naive local time).

    Raises ValueError for text dateutil cannot read.
    """
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text or "DTSTART" in text.upper():
        raise ValueError("empty rule or DTSTART given; the program's start date is used")
    return rrulestr(text, dtstart=datetime.combine(start, at))


def expand(
    *,
    start: date,
    end: date,
    zone: tzinfo,
    slots: Sequence[WeeklySlot] = (),
    rrule: str = "",
    rrule_start: time | None = None,
    duration: timedelta = timedelta(hours=2),
    skip_holidays: bool = True,
    holidays: Container[date] | None = None,
    anchor: date | None = None,
) -> list[Occurrence]:
    """Every occurrence whose local start date lies in [start, end], sorted, without duplicates.

    With `rrule` the weekly slots are ignored. The rule counts from `anchor` (the program's start
    date; default `start`), so "every 2 weeks" keeps its weeks whatever window is expanded.
    `holidays` overrides the package's list (tests).
    """
    if end < start:
        return []
    skip: Container[date] = frozenset()
    if skip_holidays:
        skip = holidays if holidays is not None else holiday_dates(start, end)
    # Keyed by start: two slots starting at the same moment are one session (the first wins).
    found: dict[datetime, Occurrence] = {}
    if rrule:
        at = rrule_start or time(9, 0)
        rule = parse_rrule(rrule, start=min(anchor or start, start), at=at)
        window_end = datetime.combine(end, time.max)
        for local in rule.between(datetime.combine(start, time.min), window_end, inc=True):  # type: ignore[attr-defined]
            if local.date() in skip:
                continue
            begins = _to_utc(local.date(), local.time(), zone)
            found.setdefault(begins, Occurrence(begins, begins + duration))
    else:
        by_weekday: dict[int, list[WeeklySlot]] = {}
        for slot in slots:
            by_weekday.setdefault(slot.weekday, []).append(slot)
        for day in _days(start, end):
            if day in skip:
                continue
            for slot in by_weekday.get(day.weekday(), []):
                begins = _to_utc(day, slot.start, zone)
                # An end at or before the start means the slot runs past midnight.
                end_day = day if slot.end > slot.start else day + timedelta(days=1)
                found.setdefault(begins, Occurrence(begins, _to_utc(end_day, slot.end, zone)))
    return sorted(found.values())
