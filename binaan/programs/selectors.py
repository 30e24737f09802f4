"""Reads of the programs app shared by pages, API, commands and other apps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from binaan.core.dates import facility_today, format_datetime, local_date, local_day_bounds
from binaan.core.permissions import permitted
from binaan.programs.eligibility import eligible_filter
from binaan.programs.models import (
    AgendaItem,
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramStatus,
    Session,
    SessionFacilitator,
    SessionIntern,
    SessionStatus,
)
from binaan.residents.models import CourtDate, CustodyStatus, Resident

if TYPE_CHECKING:
    from binaan.accounts.workplace import Workplace
    from binaan.facilities.models import Facility, Location

MAX_WARNINGS = 25


# --- who sees what -----------------------------------------------------------------------------


# The rules are the registry's (binaan.core.permissions); these apply them to the active
# facility. Programs, attendance, interns, residents and reports all fetch sessions through
# `visible_sessions` and `markable_sessions`, so the three apps cannot drift apart.


def visible_programs(workplace: Workplace) -> QuerySet[Program]:
    """Programs of the active facility the user may see (`programs.view`): staff all, a
    partner's facilitator login those they facilitate, an intern none (interns see sessions)."""
    return permitted(
        workplace, "programs.view", Program.objects.filter(facility=workplace.facility)
    )


def allowed_sessions(workplace: Workplace, permission: str) -> QuerySet[Session]:
    """Sessions of the active facility for which the user holds `permission`."""
    sessions = Session.objects.filter(facility=workplace.facility).select_related(
        "program", "location", "facility"
    )
    return permitted(workplace, permission, sessions)


def visible_sessions(workplace: Workplace) -> QuerySet[Session]:
    """Sessions the user may see (`sessions.view`): staff all; a partner those of the programs
    they facilitate or where they are assigned; an intern those they are assigned to."""
    return allowed_sessions(workplace, "sessions.view")


def markable_sessions(workplace: Workplace) -> QuerySet[Session]:
    """Sessions the user may mark (`attendance.mark`): admin, head and officer all; a partner
    those they lead; nobody else any (interns never mark)."""
    return allowed_sessions(workplace, "attendance.mark")


# --- lists and details -------------------------------------------------------------------------


def program_list(programs: QuerySet[Program]) -> QuerySet[Program]:
    return (
        programs.select_related("category", "default_location", "facility")
        .prefetch_related("slots", "partners")
        .annotate(
            enrolled_count=Count(
                "enrollments",
                filter=Q(enrollments__status=EnrollmentStatus.ENROLLED),
                distinct=True,
            ),
            waitlist_count=Count(
                "enrollments",
                filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED),
                distinct=True,
            ),
        )
        .order_by("status", "name")
    )


def program_detail(programs: QuerySet[Program]) -> QuerySet[Program]:
    return programs.select_related("category", "default_location", "facility").prefetch_related(
        "slots", "partners", "facilitators", "blocks"
    )


def enrollment_candidates(
    program: Program, *, q: str = "", block: Location | None = None
) -> QuerySet[Resident]:
    """The residents who may join the program and hold no place nor waitlist row in it yet,
    optionally filtered by a name or registration number and a block; in name order."""
    block_ids = {b.pk for b in program.blocks.all()}
    residents = (
        Resident.objects.filter(eligible_filter(program, block_ids))
        .exclude(
            pk__in=Enrollment.objects.filter(
                program=program,
                status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED],
            ).values("resident_id")
        )
        .select_related("block")
        .order_by("full_name", "registration_number", "pk")
    )
    if q:
        residents = residents.filter(
            Q(full_name__icontains=q) | Q(registration_number__icontains=q)
        )
    if block is not None:
        residents = residents.filter(block=block)
    return residents


def enrollments_of(program: Program) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(program=program)
        .select_related("resident__block")
        .order_by("status", "waitlist_position", "resident__full_name", "pk")
    )


# --- session lists -----------------------------------------------------------------------------


class SessionWhen(TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    PAST = "past", _("Past")
    ALL = "all", _("All")


class SessionState(TextChoices):
    """What a session's row says: a partition of the sessions at a moment `now`. Not stored:
    "held" and "not filled" follow from the marks, as on the dashboard (a session that ended,
    not cancelled, without a single mark: no attendance taken)."""

    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_FILLED = "not_filled", _("Not filled")


def with_marks(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """`sessions` annotated with `has_marks` (at least one attendance mark), which
    `session_state_filter` and `session_rows` read."""
    from binaan.attendance.models import Attendance  # attendance builds on programs

    return sessions.annotate(has_marks=Exists(Attendance.objects.filter(session=OuterRef("pk"))))


def session_state_filter(state: str, now: datetime) -> Q:
    """The one rule of a session's state at `now` as a filter on `with_marks` rows: the session
    lists and the dashboard's "no attendance taken" both ask it."""
    held = Q(has_marks=True)
    if state == SessionState.CANCELLED:
        return Q(status=SessionStatus.CANCELLED)
    active = Q(status=SessionStatus.SCHEDULED)
    if state == SessionState.HELD:
        return active & held
    if state == SessionState.NOT_FILLED:
        return active & ~held & Q(ends_at__lt=now)
    if state == SessionState.SCHEDULED:
        return active & ~held & Q(ends_at__gte=now)
    return Q()


@dataclass(frozen=True)
class SessionRow:
    session: Session
    state: str
    label: str

    @property
    def needs_attention(self) -> bool:
        return self.state in (SessionState.CANCELLED, SessionState.NOT_FILLED)


def session_list(
    sessions: QuerySet[Session],
    *,
    facility: Facility,
    when: str = SessionWhen.UPCOMING,
    state: str = "",
    start: date | None = None,
    end: date | None = None,
    program: Program | None = None,
    now: datetime | None = None,
) -> QuerySet[Session]:
    """`sessions` filtered for a list: upcoming (from the start of the facility's today, soonest
    first), past (before today, latest first) or all (in time order); a state; a range of local
    days; a program. Each row carries `has_marks` for `session_rows`."""
    now = now or timezone.now()
    today_starts = local_day_bounds(facility, facility_today(facility))[0]
    rows = with_marks(sessions).select_related("program", "location")
    if when == SessionWhen.PAST:
        rows = rows.filter(starts_at__lt=today_starts)
    elif when != SessionWhen.ALL:
        rows = rows.filter(starts_at__gte=today_starts)
    if start is not None:
        rows = rows.filter(starts_at__gte=local_day_bounds(facility, start)[0])
    if end is not None:
        rows = rows.filter(starts_at__lt=local_day_bounds(facility, end)[1])
    if program is not None:
        rows = rows.filter(program=program)
    if state:
        rows = rows.filter(session_state_filter(state, now))
    if when == SessionWhen.PAST:
        return rows.order_by("-starts_at", "-pk")
    return rows.order_by("starts_at", "pk")


def session_rows(sessions: Sequence[Session], *, now: datetime | None = None) -> list[SessionRow]:
    """The state of each session of a page of `session_list` (annotated with `has_marks`)."""
    now = now or timezone.now()
    labels = dict(SessionState.choices)
    rows = []
    for session in sessions:
        if session.status == SessionStatus.CANCELLED:
            state = SessionState.CANCELLED
        elif getattr(session, "has_marks", False):
            state = SessionState.HELD
        elif session.ends_at < now:
            state = SessionState.NOT_FILLED
        else:
            state = SessionState.SCHEDULED
        rows.append(SessionRow(session=session, state=state, label=str(labels[state])))
    return rows


def session_detail(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.select_related("program__category", "location").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("facilitator")),
        Prefetch(
            "facilitator_assignments",
            queryset=SessionFacilitator.objects.select_related("facilitator"),
        ),
        Prefetch("intern_assignments", queryset=SessionIntern.objects.select_related("user")),
    )


# --- rosters -----------------------------------------------------------------------------------


def enrolled_on_q(day: date, prefix: str = "") -> Q:
    """Enrolment rows that give a place on `day`. A waitlist row never does, even once ended:
    only rows that once had a place have no waitlist position."""
    return (
        Q(
            **{
                f"{prefix}enrolled_on__lte": day,
                f"{prefix}waitlist_position__isnull": True,
            }
        )
        & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day}))
        & ~Q(**{f"{prefix}status": EnrollmentStatus.WAITLISTED})
    )


def session_local_date(session: Session) -> date:
    """The session's day in its facility's zone: the day the roster and the lock are about."""
    return local_date(session.starts_at, session.facility)


def session_roster(session: Session) -> QuerySet[Resident]:
    """The residents enrolled in the session's program on the session's (local) date."""
    day = session_local_date(session)
    enrolled = Enrollment.objects.filter(enrolled_on_q(day), program_id=session.program_id)
    return (
        Resident.objects.filter(pk__in=enrolled.values("resident_id"))
        .select_related("block")
        .order_by("full_name", "registration_number")
    )


# --- calendar ----------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    holiday: str
    sessions: list[Session] = field(default_factory=list)


def calendar_sessions(sessions: QuerySet[Session], lo: datetime, hi: datetime) -> list[Session]:
    return list(
        sessions.filter(starts_at__gte=lo, starts_at__lt=hi)
        .select_related("program", "location")
        .order_by("starts_at", "pk")
    )


def calendar_days(
    sessions: list[Session], start: date, end: date, *, month: int | None, facility: Facility
) -> list[CalendarDay]:
    from binaan.programs.schedule import holiday_dates

    language = "en_US" if (get_language() or "id").startswith("en") else "id"
    holidays = holiday_dates(start, end, language, facility=facility)
    today = facility_today(facility)
    days: dict[date, CalendarDay] = {}
    current = start
    while current <= end:
        days[current] = CalendarDay(
            day=current,
            in_month=month is None or current.month == month,
            is_today=current == today,
            holiday=holidays.get(current, ""),
        )
        current += timedelta(days=1)
    for session in sessions:
        local = local_date(session.starts_at, facility)
        if local in days:
            days[local].sessions.append(session)
    return list(days.values())


def resident_sessions(resident: Resident, lo: datetime, hi: datetime) -> list[Session]:
    """A resident's own schedule: sessions of programs where they had a place that day."""
    spans = list(
        Enrollment.objects.filter(resident=resident, waitlist_position__isnull=True)
        .exclude(status=EnrollmentStatus.WAITLISTED)
        .values_list("program_id", "enrolled_on", "ended_on")
    )
    if not spans:
        return []
    sessions = calendar_sessions(
        Session.objects.filter(
            facility_id=resident.facility_id, program_id__in={s[0] for s in spans}
        ),
        lo,
        hi,
    )
    zone = resident.facility.tzinfo
    result = []
    for session in sessions:
        day = local_date(session.starts_at, zone)
        if any(
            p == session.program_id and start <= day and (end is None or end > day)
            for p, start, end in spans
        ):
            result.append(session)
    return result


# --- clash warnings ----------------------------------------------------------------------------


def _overlaps(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _roster_map(
    program_ids: set[int], lo_day: date, hi_day: date
) -> dict[int, list[tuple[int, date, date | None]]]:
    rows = (
        Enrollment.objects.filter(
            program_id__in=program_ids, waitlist_position__isnull=True, enrolled_on__lte=hi_day
        )
        .exclude(status=EnrollmentStatus.WAITLISTED)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=lo_day))
        .values_list("program_id", "resident_id", "enrolled_on", "ended_on")
    )
    spans: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for program_id, resident_id, start, end in rows:
        spans[program_id].append((resident_id, start, end))
    return spans


def _on_roster(
    spans: dict[int, list[tuple[int, date, date | None]]], program_id: int, day: date
) -> set[int]:
    return {
        resident
        for resident, start, end in spans.get(program_id, [])
        if start <= day and (end is None or end > day)
    }


def _finish(messages: list[str]) -> list[str]:
    unique = list(dict.fromkeys(messages))
    if len(unique) > MAX_WARNINGS:
        rest = len(unique) - MAX_WARNINGS
        unique = unique[:MAX_WARNINGS] + [_("… and %(count)s more warnings.") % {"count": rest}]
    return unique


def clash_warnings(*, sessions: Sequence[Session]) -> list[str]:
    """Warnings (never errors) for scheduled sessions just saved: a location or facilitator
    double-booked, a resident on two rosters at the same time, a tahanan with a court date that
    day. A constant number of queries, whatever the number of sessions."""
    mine = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    if not mine:
        return []
    facility = mine[0].facility
    zone = facility.tzinfo
    lo = min(s.starts_at for s in mine)
    hi = max(s.ends_at for s in mine)
    nearby = list(
        Session.objects.filter(
            facility=facility, status=SessionStatus.SCHEDULED, starts_at__lt=hi, ends_at__gt=lo
        ).select_related("program", "location")
    )
    all_ids = {s.pk for s in nearby} | {s.pk for s in mine}
    facilitators: dict[int, dict[int, str]] = defaultdict(dict)
    for session_id, facilitator_id, name in SessionFacilitator.objects.filter(
        session_id__in=all_ids
    ).values_list("session_id", "facilitator_id", "facilitator__name"):
        facilitators[session_id][facilitator_id] = name
    days = [local_date(s.starts_at, zone) for s in mine]
    lo_day, hi_day = min(days), max(days)
    spans = _roster_map(
        {s.program_id for s in nearby} | {s.program_id for s in mine}, lo_day, hi_day
    )
    resident_ids = {r for rows in spans.values() for r, _s, _e in rows}
    names = dict(Resident.objects.filter(pk__in=resident_ids).values_list("pk", "full_name"))
    court = set(
        CourtDate.objects.filter(
            resident_id__in=resident_ids,
            resident__custody_status=CustodyStatus.TAHANAN,
            date__range=(lo_day, hi_day),
        ).values_list("resident_id", "date")
    )

    messages: list[str] = []
    seen_pairs: set[frozenset[int]] = set()
    for session, day in zip(mine, days, strict=True):
        when = format_datetime(session.starts_at, zone)
        roster = _on_roster(spans, session.program_id, day)
        for other in nearby:
            if other.pk == session.pk or not _overlaps(session, other):
                continue
            pair = frozenset({session.pk, other.pk})
            if pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            if session.location_id and session.location_id == other.location_id:
                messages.append(
                    _("%(when)s: %(place)s is also booked for %(other)s.")
                    % {"when": when, "place": other.location, "other": other.program}
                )
            for facilitator_id, name in facilitators[session.pk].items():
                if facilitator_id in facilitators[other.pk]:
                    messages.append(
                        _("%(when)s: %(facilitator)s also leads %(other)s at that time.")
                        % {"when": when, "facilitator": name, "other": other.program}
                    )
            if other.program_id != session.program_id:
                other_day = local_date(other.starts_at, zone)
                for resident_id in sorted(roster & _on_roster(spans, other.program_id, other_day)):
                    messages.append(
                        _("%(when)s: %(resident)s is also enrolled in %(other)s at that time.")
                        % {"when": when, "resident": names.get(resident_id), "other": other.program}
                    )
        for resident_id in sorted(roster):
            if (resident_id, day) in court:
                messages.append(
                    _("%(when)s: %(resident)s (tahanan) has a court date that day.")
                    % {"when": when, "resident": names.get(resident_id)}
                )
    return _finish(messages)


def enrollment_clash_warnings(*, program: Program, resident_ids: list[int], on: date) -> list[str]:
    """After enrolling: upcoming sessions (from `on`, within the horizon already generated) of
    this program that clash for the new participants."""
    if not resident_ids:
        return []
    sessions = list(
        Session.objects.filter(
            program=program,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=local_day_bounds(program.facility, on)[0],
        ).select_related("facility", "program", "location")[:60]
    )
    if not sessions:
        return []
    wanted = {
        str(name)
        for name in Resident.objects.filter(pk__in=resident_ids).values_list("full_name", flat=True)
    }
    # Only resident-related warnings concern an enrolment.
    return [m for m in clash_warnings(sessions=sessions) if any(name in m for name in wanted)]


def program_is_active(program: Program) -> bool:
    return program.status == ProgramStatus.ACTIVE
