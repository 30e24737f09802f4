"""Pure rules of the internship (Program Magang Nasional): no Django import, tested with
hypothesis. Dates are the facility's local dates; datetimes are aware."""

from __future__ import annotations

import calendar
from collections.abc import Container, Iterable
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

AKAN_DATANG = "akan_datang"
AKTIF = "aktif"
SELESAI = "selesai"
DIHENTIKAN = "dihentikan"

# A day worked for less than this is a half day. The national platform counts a working day of
# about 8 hours; under half of it the mentor must have assigned the short day, or it is flagged.
HALF_DAY = timedelta(hours=4)
# The mentor verifies the activity reports at least twice a month (DESIGN.md, interns).
MIN_VERIFICATION_ROUNDS = 2


# How long a placement may last, by programme. Program Magang Nasional (Kemnaker, for graduates:
# Permenaker No. 8 Tahun 2025, Pedoman Pemberian Bantuan Pemerintah Program Pemagangan Lulusan
# Perguruan Tinggi) runs six months, e.g. batch I from 20 October 2025 to 19 April 2026. Any
# other apprenticeship is capped at one year by Permenaker No. 6 Tahun 2020 (Penyelenggaraan
# Pemagangan di Dalam Negeri: "jangka waktu pemagangan paling lama 1 (satu) tahun").
MAGANG_NASIONAL = "Program Magang Nasional (Kemnaker)"
MAGANG_NASIONAL_MONTHS = 6
APPRENTICESHIP_MAX_MONTHS = 12


def max_months(source_programme: str) -> int:
    """The longest placement the programme allows, in months."""
    if "magang nasional" in source_programme.casefold():
        return MAGANG_NASIONAL_MONTHS
    return APPRENTICESHIP_MAX_MONTHS


def last_allowed_day(start: date, months: int) -> date:
    """The last day of a placement of `months` months from `start`: 20 October 2025 + 6 months
    ends on 19 April 2026 (the day before the same date `months` later; month ends clamp)."""
    return start + relativedelta(months=months) - timedelta(days=1)


def placement_state(start: date, end: date, stopped_on: date | None, today: date) -> str:
    """The state follows from the dates and a stop, so it never needs a nightly job to move."""
    if stopped_on is not None and stopped_on <= today:
        return DIHENTIKAN
    if today < start:
        return AKAN_DATANG
    if today <= end:
        return AKTIF
    return SELESAI


def worked(check_in: datetime | None, check_out: datetime | None) -> timedelta | None:
    if check_in is None or check_out is None:
        return None
    return check_out - check_in


def is_half_day(check_in: datetime | None, check_out: datetime | None) -> bool:
    duration = worked(check_in, check_out)
    return duration is not None and duration < HALF_DAY


def verification_rounds(verified_dates: Iterable[date]) -> int:
    """A round is a distinct local date on which the mentor verified at least one entry: verifying
    twenty entries in one sitting is one round, the platform wants the mentor twice a month."""
    return len(set(verified_dates))


def needs_more_rounds(rounds: int) -> bool:
    return rounds < MIN_VERIFICATION_ROUNDS


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def evaluation_due(month: date) -> date:
    """The monthly evaluation is due by the 1st of the next month."""
    return next_month(month_start(month))


def evaluation_overdue(month: date, today: date) -> bool:
    """Overdue from the day after the due date: on the 1st it is still on time."""
    return today > evaluation_due(month)


def months_of(start: date, end: date) -> list[date]:
    """First days of every month the period touches, in order."""
    months: list[date] = []
    current = month_start(start)
    while current <= end:
        months.append(current)
        current = next_month(current)
    return months


def is_working_day(day: date, holidays: Container[date] = ()) -> bool:
    """Monday to Friday and not a holiday (national, cuti bersama or the facility's own)."""
    return day.weekday() < 5 and day not in holidays


def working_days(start: date, end: date, holidays: Iterable[date] = ()) -> list[date]:
    """Monday to Friday, without the given public holidays."""
    skip = set(holidays)
    days: list[date] = []
    current = start
    while current <= end:
        if is_working_day(current, skip):
            days.append(current)
        current += timedelta(days=1)
    return days


def prefill_line(start: time, end: time, zone: str, program: str, task: str) -> str:
    """'09.00–11.00 WITA · Pengajian Rutin Qonita · Pendamping' (times in the facility zone)."""
    return f"{start:%H.%M}–{end:%H.%M} {zone} · {program} · {task}"
