"""Participation figures, all from the one rate definition in `rates.py`.

Counting happens in SQL (conditional COUNT grouped by session, resident, program or month), so
every figure costs a constant number of queries whatever the number of marks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from binaan.attendance import rates
from binaan.attendance.models import Attendance
from binaan.facilities.models import Facility
from binaan.programs.models import Enrollment, EnrollmentStatus, Program, Session, SessionStatus
from binaan.residents.models import Resident

TALLY = {
    "marked": Count("pk"),
    "present": Count("pk", filter=Q(reason__counts_present=True)),
    "excused": Count("pk", filter=Q(reason__excused=True)),
}


def _tally(row: Mapping[str, Any]) -> rates.Tally:
    return rates.Tally(marked=row["marked"], present=row["present"], excused=row["excused"])


def session_tally(session: Session) -> rates.Tally:
    return _tally(Attendance.objects.filter(session=session).aggregate(**TALLY))


@dataclass
class ProgramFigure:
    program_id: int
    program: str
    tally: rates.Tally
    enrollment_status: str = ""


@dataclass
class ResidentFigures:
    programs: list[ProgramFigure]
    overall: rates.Tally
    recent: list[Attendance]


def resident_figures(resident: Resident, *, recent: int = 10) -> ResidentFigures:
    """Per program and overall, for the resident profile's Programs and Attendance section."""
    rows = (
        Attendance.objects.filter(facility_id=resident.facility_id, resident=resident)
        .order_by()
        .values("session__program_id", "session__program__name")
        .annotate(**TALLY)
        .order_by("session__program__name")
    )
    statuses = {
        e["program_id"]: e["status"]
        for e in Enrollment.objects.filter(resident=resident)
        .order_by("enrolled_on")
        .values("program_id", "status")
    }
    programs = [
        ProgramFigure(
            program_id=row["session__program_id"],
            program=row["session__program__name"],
            tally=_tally(row),
            enrollment_status=statuses.get(row["session__program_id"], ""),
        )
        for row in rows
    ]
    overall = sum((p.tally for p in programs), rates.Tally())
    latest = list(
        Attendance.objects.filter(facility_id=resident.facility_id, resident=resident)
        .select_related("session__program", "reason")
        .order_by("-session__starts_at")[:recent]
    )
    return ResidentFigures(programs=programs, overall=overall, recent=latest)


@dataclass
class MonthFigure:
    program_id: int
    program: str
    month: date
    sessions: int
    tally: rates.Tally


def program_months(
    *, facility: Facility, program: Program | None = None, start: datetime | None = None
) -> list[MonthFigure]:
    """Per program per month (months in the facility's zone)."""
    marks = Attendance.objects.filter(facility=facility)
    if program is not None:
        marks = marks.filter(session__program=program)
    if start is not None:
        marks = marks.filter(session__starts_at__gte=start)
    rows = (
        marks.order_by()
        .annotate(month=TruncMonth("session__starts_at", tzinfo=facility.tzinfo))
        .values("session__program_id", "session__program__name", "month")
        .annotate(sessions=Count("session", distinct=True), **TALLY)
        .order_by("session__program__name", "month")
    )
    return [
        MonthFigure(
            program_id=row["session__program_id"],
            program=row["session__program__name"],
            month=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            sessions=row["sessions"],
            tally=_tally(row),
        )
        for row in rows
    ]


@dataclass
class Participant:
    resident: Resident
    status: str
    tally: rates.Tally
    longest_unexcused: int
    minimum_percent: int
    # The resident's latest place in the program (the program page's "since" and "end").
    enrollment: Enrollment | None = None

    @property
    def is_current(self) -> bool:
        return self.status == EnrollmentStatus.ENROLLED

    @property
    def streak_flag(self) -> bool:
        return self.longest_unexcused >= rates.UNEXCUSED_STREAK

    @property
    def below_minimum(self) -> bool:
        """Under the program's certificate minimum (Program.min_attendance_rate)."""
        value = self.tally.percent
        return value is not None and value < self.minimum_percent


@dataclass
class ProgramParticipation:
    participants: list[Participant]
    unmarked_sessions: list[Session] = field(default_factory=list)
    overall: rates.Tally = field(default_factory=rates.Tally)


def past_sessions_without_marks(program: Program, *, now: datetime | None = None) -> list[Session]:
    """Scheduled sessions that ended and have no mark at all: "no attendance taken"."""
    now = now or timezone.now()
    return list(
        Session.objects.filter(program=program, status=SessionStatus.SCHEDULED, ends_at__lt=now)
        .exclude(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .select_related("location")
        .order_by("-starts_at")
    )


def program_participation(program: Program, *, now: datetime | None = None) -> ProgramParticipation:
    """Each participant's rate and flags for the program page, in three queries."""
    enrollments: QuerySet[Enrollment] = (
        # Everyone who ever held a place (programs.selectors.enrolled_on_q's rule, any day).
        Enrollment.objects.filter(program=program, waitlist_position__isnull=True)
        .exclude(status=EnrollmentStatus.WAITLISTED)
        .select_related("resident__block")
        .order_by("resident__full_name", "-enrolled_on")
    )
    residents: dict[int, Enrollment] = {}
    for enrollment in enrollments:
        residents.setdefault(enrollment.resident_id, enrollment)
    sequences: dict[int, list[rates.MarkKind]] = defaultdict(list)
    for resident_id, present, excused in (
        Attendance.objects.filter(session__program=program)
        .order_by("session__starts_at", "session_id")
        .values_list("resident_id", "reason__counts_present", "reason__excused")
    ):
        sequences[resident_id].append(rates.classify(counts_present=present, excused=excused))
    participants = [
        Participant(
            resident=enrollment.resident,
            status=enrollment.status,
            tally=rates.tally(sequences.get(pk, [])),
            longest_unexcused=rates.longest_unexcused_run(sequences.get(pk, [])),
            minimum_percent=program.min_attendance_rate,
            enrollment=enrollment,
        )
        for pk, enrollment in residents.items()
    ]
    overall = sum((p.tally for p in participants), rates.Tally())
    return ProgramParticipation(
        participants=participants,
        unmarked_sessions=past_sessions_without_marks(program, now=now),
        overall=overall,
    )
