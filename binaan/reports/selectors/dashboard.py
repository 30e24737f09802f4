"""The figures of the start page: this week, falling programs, sessions without attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from binaan.attendance import rates
from binaan.attendance.models import Attendance
from binaan.core.dates import local_day_bounds
from binaan.facilities.models import Facility
from binaan.partners.models import Partner
from binaan.programs.models import Session, SessionStatus
from binaan.programs.selectors import SessionState, session_state_filter, with_marks
from binaan.reports.selectors.common import MARKS, TrendPoint

# --- dashboard -------------------------------------------------------------------------------

# Falling attendance: the last 4 weeks at least this many points below the 4 weeks before, with
# at least FALLING_MIN_MARKS marks in each window (fewer marks make a few absences look like a
# collapse).
FALLING_POINTS = 10
FALLING_MIN_MARKS = 10
TREND_WEEKS = 12


@dataclass
class FallingProgram:
    program_id: int
    name: str
    before: rates.Tally
    recent: rates.Tally

    @property
    def drop(self) -> int:
        return (self.before.percent or 0) - (self.recent.percent or 0)


@dataclass
class Dashboard:
    week: rates.Tally
    last_week: rates.Tally
    weeks: list[TrendPoint]
    falling: list[FallingProgram]
    not_taken: list[Session]
    not_taken_count: int
    agreements: list[Partner]
    logbooks_awaiting: int


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_trend(*, facility: Facility, today: date, weeks: int = TREND_WEEKS) -> list[TrendPoint]:
    """Marks per week (Monday to Sunday, the facility's days) for the last `weeks` weeks."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    start, _end = local_day_bounds(facility, first)
    rows: dict[Any, dict[str, Any]] = {
        (r["week"].date() if isinstance(r["week"], datetime) else r["week"]): dict(r)
        for r in Attendance.objects.filter(
            facility=facility, session__facility=facility, session__starts_at__gte=start
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by()
        .annotate(week=TruncWeek("session__starts_at", tzinfo=facility.tzinfo))
        .values("week")
        .annotate(**MARKS)
    }
    points = []
    for offset in range(weeks):
        monday = first + timedelta(weeks=offset)
        data: dict[str, Any] = rows.get(monday) or {}
        points.append(
            TrendPoint(
                start=monday,
                label=f"{monday.day}/{monday.month}",
                marked=data.get("marked", 0),
                present=data.get("present", 0),
                excused=data.get("excused", 0),
            )
        )
    return points


def falling_programs(*, facility: Facility, now: datetime | None = None) -> list[FallingProgram]:
    now = now or timezone.now()
    middle = now - timedelta(weeks=4)
    start = now - timedelta(weeks=8)
    recent = Q(session__starts_at__gte=middle)
    before = Q(session__starts_at__lt=middle)
    rows = (
        Attendance.objects.filter(
            facility=facility,
            session__facility=facility,
            session__starts_at__gte=start,
            session__starts_at__lt=now,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by()
        .values("session__program_id", "session__program__name")
        .annotate(
            recent_marked=Count("pk", filter=recent),
            recent_present=Count("pk", filter=recent & Q(reason__counts_present=True)),
            recent_excused=Count("pk", filter=recent & Q(reason__excused=True)),
            before_marked=Count("pk", filter=before),
            before_present=Count("pk", filter=before & Q(reason__counts_present=True)),
            before_excused=Count("pk", filter=before & Q(reason__excused=True)),
        )
    )
    result = []
    for r in rows:
        older = rates.Tally(r["before_marked"], r["before_present"], r["before_excused"])
        newer = rates.Tally(r["recent_marked"], r["recent_present"], r["recent_excused"])
        if min(older.marked, newer.marked) < FALLING_MIN_MARKS:
            continue
        if older.rate is None or newer.rate is None:
            continue
        if (older.rate - newer.rate) * 100 >= FALLING_POINTS:
            result.append(
                FallingProgram(
                    program_id=r["session__program_id"],
                    name=r["session__program__name"],
                    before=older,
                    recent=newer,
                )
            )
    return sorted(result, key=lambda p: -p.drop)


def sessions_without_attendance(
    *, facility: Facility, now: datetime | None = None, limit: int = 10
) -> QuerySet[Session]:
    """Past sessions, not cancelled, that ended without a single mark: "no attendance taken"."""
    now = now or timezone.now()
    return (
        with_marks(Session.objects.filter(facility=facility))
        .filter(session_state_filter(SessionState.NOT_FILLED, now))
        .select_related("program")
        .order_by("-starts_at")
    )


def logbooks_awaiting(*, facility: Facility) -> int:
    """Interns' logbook entries submitted and not yet verified."""
    from binaan.interns.models import LogbookEntry, LogbookState

    entries = LogbookEntry.objects.filter(
        placement__facility=facility, state=LogbookState.SUBMITTED
    )
    return int(entries.count())


def dashboard(*, facility: Facility, today: date, now: datetime | None = None) -> Dashboard:
    from binaan.partners.selectors import agreements_expiring

    now = now or timezone.now()
    weeks = weekly_trend(facility=facility, today=today)
    unmarked = sessions_without_attendance(facility=facility, now=now)
    return Dashboard(
        week=weeks[-1].tally,
        last_week=weeks[-2].tally,
        weeks=weeks,
        falling=falling_programs(facility=facility, now=now),
        not_taken=list(unmarked[:10]),
        not_taken_count=unmarked.count(),
        agreements=list(agreements_expiring(facility, today=today)),
        logbooks_awaiting=logbooks_awaiting(facility=facility),
    )
