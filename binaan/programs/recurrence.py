"""A program's schedule as a person chooses it, and in words.

The programs form never shows nor asks for an RRULE: a person picks *weekly* (days of the week,
every week or every few weeks) or *monthly* (the first, second, third, fourth or last weekday of
the month), a start time and a duration. `to_storage` turns that choice into what the Program
row stores (weekly slots, or an RRULE with a start time); `from_stored` reads a stored schedule
back into the choice, or None when the choices cannot express it (a rule typed in earlier, slots
at different times), which the form then keeps as it is. `describe` says any stored schedule in
the UI language: "Setiap Rabu pertama tiap bulan, 09.00–11.00 WITA", never `FREQ=...`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binaan.programs.models import Weekday
from binaan.programs.schedule import WeeklySlot

if TYPE_CHECKING:
    from binaan.programs.models import Program

# RFC 5545 day codes in date.weekday() order (Monday is 0).
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_INTERVAL_WEEKS = 4
MAX_DURATION_MINUTES = 12 * 60


class Pattern(models.TextChoices):
    WEEKLY = "weekly", gettext_lazy("On chosen days of the week")
    MONTHLY = "monthly", gettext_lazy("Once a month, e.g. the first Wednesday")
    KEEP = "keep", gettext_lazy("Keep the current schedule")


class MonthWeek(models.IntegerChoices):
    FIRST = 1, gettext_lazy("first")
    SECOND = 2, gettext_lazy("second")
    THIRD = 3, gettext_lazy("third")
    FOURTH = 4, gettext_lazy("fourth")
    LAST = -1, gettext_lazy("last")


def interval_choices() -> list[tuple[int, str]]:
    """ "Every week", "Every 2 weeks", … in the active language (built per request)."""
    return [
        (n, _("Every %(n)s weeks") % {"n": n} if n > 1 else _("Every week"))
        for n in range(1, MAX_INTERVAL_WEEKS + 1)
    ]


@dataclass(frozen=True)
class Recurrence:
    """What the form offers: `weekdays` are date.weekday() numbers (one for a monthly rule)."""

    pattern: str  # Pattern.WEEKLY or Pattern.MONTHLY
    weekdays: tuple[int, ...]
    start: time
    duration: int  # minutes
    interval: int = 1  # weeks, weekly only
    month_week: int = 1  # MonthWeek, monthly only

    @property
    def end(self) -> time:
        return _plus(self.start, self.duration)


def _plus(start: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


@dataclass(frozen=True)
class Stored:
    """The schedule columns of a Program, as `to_storage` writes them."""

    rrule: str
    rrule_start_time: time | None
    duration_minutes: int
    slots: tuple[WeeklySlot, ...]


def to_storage(choice: Recurrence) -> Stored:
    """Every week → weekly slots (the simplest row); every N weeks or monthly → an RRULE."""
    days = tuple(sorted(set(choice.weekdays)))
    if choice.pattern == Pattern.WEEKLY and choice.interval == 1:
        slots = tuple(WeeklySlot(day, choice.start, choice.end) for day in days)
        return Stored("", None, choice.duration, slots)
    if choice.pattern == Pattern.WEEKLY:
        byday = ",".join(DAY_CODES[day] for day in days)
        rule = f"FREQ=WEEKLY;INTERVAL={choice.interval};BYDAY={byday}"
    else:
        ordinal = f"{choice.month_week:+d}"
        rule = f"FREQ=MONTHLY;BYDAY={ordinal}{DAY_CODES[days[0]]}"
    return Stored(rule, choice.start, choice.duration, ())


def _minutes(start: time, end: time) -> int:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + 24 * 60


def _rule_parts(rule: str) -> dict[str, str] | None:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        key, sep, value = piece.partition("=")
        if not sep or not key.strip() or key.strip().upper() in parts:
            return None
        parts[key.strip().upper()] = value.strip().upper()
    return parts if "FREQ" in parts else None


def _by_day(value: str) -> list[tuple[int | None, int]] | None:
    """ "+1WE,-1FR" → [(1, 2), (-1, 4)]; None when a part is not a day."""
    found: list[tuple[int | None, int]] = []
    for item in value.split(","):
        code, number = item[-2:], item[:-2]
        if code not in DAY_CODES:
            return None
        try:
            ordinal = int(number) if number not in ("", "+") else None
        except ValueError:
            return None
        found.append((ordinal, DAY_CODES.index(code)))
    return found


def from_stored(
    *,
    rrule: str,
    rrule_start_time: time | None,
    duration_minutes: int,
    slots: Sequence[WeeklySlot],
) -> Recurrence | None:
    """The form's choice for a stored schedule, or None when the choices cannot express it."""
    if not rrule:
        if not slots or len({(s.start, s.end) for s in slots}) != 1:
            return None
        first = slots[0]
        on = tuple(sorted({s.weekday for s in slots}))
        return Recurrence(Pattern.WEEKLY, on, first.start, _minutes(first.start, first.end))
    parts = _rule_parts(rrule)
    if parts is None or rrule_start_time is None or set(parts) - {"FREQ", "INTERVAL", "BYDAY"}:
        return None
    days = _by_day(parts.get("BYDAY", ""))
    if not days:
        return None
    try:
        interval = int(parts.get("INTERVAL", "1"))
    except ValueError:
        return None
    if parts["FREQ"] == "WEEKLY" and all(o is None for o, _d in days):
        if not 1 <= interval <= MAX_INTERVAL_WEEKS:
            return None
        weekdays = tuple(sorted({d for _o, d in days}))
        return Recurrence(
            Pattern.WEEKLY, weekdays, rrule_start_time, duration_minutes, interval=interval
        )
    if parts["FREQ"] == "MONTHLY" and interval == 1 and len(days) == 1:
        ordinal, day = days[0]
        if ordinal is not None and ordinal in MonthWeek.values:
            return Recurrence(
                Pattern.MONTHLY, (day,), rrule_start_time, duration_minutes, month_week=ordinal
            )
    return None


# --- in words ----------------------------------------------------------------------------------


def _day_name(day: int) -> str:
    return str(Weekday(day).label)


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _hours(start: time, end: time, zone: str) -> str:
    return f"{start:%H.%M}–{end:%H.%M} {zone}".strip()


def _ordinal_day(ordinal: int, day: int) -> str:
    if ordinal in MonthWeek.values:
        return _("%(ordinal)s %(weekday)s") % {
            "weekday": _day_name(day),
            "ordinal": MonthWeek(ordinal).label,
        }
    return _("%(weekday)s number %(n)s") % {"weekday": _day_name(day), "n": ordinal}


def _describe_choice(choice: Recurrence, zone: str) -> str:
    hours = _hours(choice.start, choice.end, zone)
    if choice.pattern == Pattern.MONTHLY:
        return _("Every %(day)s of the month, %(hours)s") % {
            "day": _ordinal_day(choice.month_week, choice.weekdays[0]),
            "hours": hours,
        }
    days = _and([_day_name(d) for d in choice.weekdays])
    if choice.interval == 1:
        return _("Every %(days)s, %(hours)s") % {"days": days, "hours": hours}
    return _("Every %(n)s weeks on %(days)s, %(hours)s") % {
        "n": choice.interval,
        "days": days,
        "hours": hours,
    }


def _describe_rule(parts: dict[str, str] | None) -> str:
    """Best effort for a rule the choices cannot express; never the rule's text."""
    # COUNT, UNTIL, BYMONTH, BYSETPOS… change what the words below would say: not guessed at.
    if parts is None or set(parts) - {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "WKST"}:
        return _("A custom repeating schedule")
    try:
        interval = int(parts.get("INTERVAL", "1"))
    except ValueError:
        interval = 1
    days = _by_day(parts["BYDAY"]) if "BYDAY" in parts else []
    freq = parts["FREQ"]
    if freq == "DAILY" and not days:
        return _("Every %(n)s days") % {"n": interval} if interval > 1 else _("Every day")
    if freq == "WEEKLY" and days and all(o is None for o, _d in days):
        names = _and([_day_name(d) for _o, d in days])
        if interval == 1:
            return _("Every %(days)s") % {"days": names}
        return _("Every %(n)s weeks on %(days)s") % {"n": interval, "days": names}
    if freq == "MONTHLY" and days and all(o is not None for o, _d in days) and interval == 1:
        names = _and([_ordinal_day(o or 1, d) for o, d in days])
        return _("Every %(day)s of the month") % {"day": names}
    if freq == "MONTHLY" and "BYMONTHDAY" in parts and not days and interval == 1:
        return _("Every month on day %(days)s") % {"days": parts["BYMONTHDAY"].replace(",", ", ")}
    return _("A custom repeating schedule")


def describe(
    *,
    rrule: str,
    rrule_start_time: time | None,
    duration_minutes: int,
    slots: Sequence[WeeklySlot],
    zone: str = "",
) -> str:
    """The schedule in the UI language, with the facility's zone abbreviation (WIB/WITA/WIT)."""
    choice = from_stored(
        rrule=rrule,
        rrule_start_time=rrule_start_time,
        duration_minutes=duration_minutes,
        slots=slots,
    )
    if choice is not None:
        return _describe_choice(choice, zone)
    if not rrule:
        if not slots:
            return _("No schedule yet")
        # Slots at different times: each day with its hours.
        ordered = sorted(slots, key=lambda s: (s.weekday, s.start))
        each = [f"{_day_name(s.weekday)} {s.start:%H.%M}–{s.end:%H.%M}" for s in ordered]
        return _("Every %(days)s") % {"days": _and(each)} + (f" {zone}" if zone else "")
    words = _describe_rule(_rule_parts(rrule))
    if rrule_start_time is None:
        return words
    end = _plus(rrule_start_time, duration_minutes)
    return f"{words}, {_hours(rrule_start_time, end, zone)}"


def stored_slots(program: Program) -> tuple[WeeklySlot, ...]:
    return tuple(WeeklySlot(s.weekday, s.start_time, s.end_time) for s in program.slots.all())


def recurrence_of(program: Program) -> Recurrence | None:
    return from_stored(
        rrule=program.rrule,
        rrule_start_time=program.rrule_start_time,
        duration_minutes=program.duration_minutes,
        slots=stored_slots(program),
    )


def describe_program(program: Program) -> str:
    """`describe` for a Program (its slots prefetched and facility joined where a page lists
    many)."""
    return describe(
        rrule=program.rrule,
        rrule_start_time=program.rrule_start_time,
        duration_minutes=program.duration_minutes,
        slots=stored_slots(program),
        zone=program.facility.zone_abbreviation,
    )
