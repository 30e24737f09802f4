"""Reads of the internship app shared by pages, API and documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone, translation

from binaan.accounts.models import User
from binaan.core.dates import format_date, format_month, format_time, local_date, local_day_bounds
from binaan.facilities.models import Facility
from binaan.interns import rules
from binaan.interns.models import (
    Evaluation,
    LogbookEntry,
    LogbookState,
    Placement,
    PresenceDay,
)
from binaan.programs import selectors as programs_selectors
from binaan.programs.models import (
    Session,
    SessionIntern,
    SessionStatus,
)
from binaan.programs.schedule import holiday_dates


def placements(facility: Facility | None = None) -> QuerySet[Placement]:
    queryset = Placement.objects.select_related("intern", "mentor", "facility__regional_office")
    return queryset.filter(facility=facility) if facility is not None else queryset


def placement_list(*, facility: Facility) -> QuerySet[Placement]:
    return placements(facility).order_by("-start_date", "intern__full_name", "pk")


def placements_of_intern(*, facility: Facility, user: User) -> QuerySet[Placement]:
    return placements(facility).filter(intern=user).order_by("-start_date")


def current_placement(*, facility: Facility, user: User, today: date) -> Placement | None:
    """The intern's placement that is active today, else the most recent one."""
    mine = list(placements_of_intern(facility=facility, user=user))
    for placement in mine:
        if placement.state_on(today) == rules.AKTIF:
            return placement
    return mine[0] if mine else None


def logbook_prefill(*, placement: Placement, day: date) -> list[str]:
    """One line per session the intern was assigned to on the facility's local `day`:
    '09.00–11.00 WITA · Pengajian Rutin Qonita · Pendamping' (the task's label, in Indonesian: the
    logbook goes to the national platform as written)."""
    facility = placement.facility
    start, end = local_day_bounds(facility, day)
    assignments = (
        SessionIntern.objects.filter(
            user_id=placement.intern_id,
            session__facility=facility,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__program")
        .order_by("session__starts_at", "pk")
    )
    zone = facility.tzinfo
    with translation.override("id"):
        return [
            rules.prefill_line(
                timezone.localtime(a.session.starts_at, zone).time(),
                timezone.localtime(a.session.ends_at, zone).time(),
                facility.zone_abbreviation,
                a.session.program.name,
                str(a.get_task_display()),
            )
            for a in assignments
        ]


def prefill_hours(*, placement: Placement, day: date) -> Decimal:
    start, end = local_day_bounds(placement.facility, day)
    sessions = Session.objects.filter(
        intern_assignments__user_id=placement.intern_id,
        facility=placement.facility,
        starts_at__gte=start,
        starts_at__lt=end,
    ).exclude(status=SessionStatus.CANCELLED)
    seconds = sum((s.ends_at - s.starts_at).total_seconds() for s in sessions)
    return Decimal(round(seconds / 3600 * 2) / 2).quantize(Decimal("0.1"))


# --- the month: presence and logbook as plain rows ---------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    date: date
    date_label: str
    check_in: str
    check_out: str
    hours: Decimal | None
    activity: str
    learned: str
    status: str
    status_label: str
    absence: str
    half_day_flag: str
    presence_id: int | None
    entry_id: int | None
    # The holiday's name when the day is a public holiday, cuti bersama or a facility holiday.
    holiday: str = ""

    @property
    def awaits_review(self) -> bool:
        return self.status == LogbookState.SUBMITTED


@dataclass
class MonthReport:
    placement_id: int
    month: date
    month_label: str
    facility_name: str
    letterhead: list[str]
    intern_name: str
    university: str
    study_programme: str
    source_programme: str
    batch: str
    unit: str
    mentor_name: str
    mentor_nip: str
    rows: list[MonthRow] = field(default_factory=list)
    generated: str = ""
    generated_by: str = ""

    @property
    def days_present(self) -> int:
        return sum(1 for r in self.rows if r.check_in)

    @property
    def total_hours(self) -> Decimal:
        return sum((r.hours for r in self.rows if r.hours is not None), Decimal(0))


def month_report(*, placement: Placement, month: date) -> MonthReport:
    """Three queries whatever the month: presence days, logbook entries and the facility's
    holiday corrections. Holidays are not working days: they are not listed unless something
    was recorded on them."""
    from django.utils.translation import gettext as _

    first = rules.month_start(month)
    last = rules.month_end(first)
    lo, hi = max(first, placement.start_date), min(last, placement.last_day)
    presence = {
        p.date: p
        for p in PresenceDay.objects.filter(placement=placement, date__range=(first, last))
    }
    entries = {
        e.date: e
        for e in LogbookEntry.objects.filter(placement=placement, date__range=(first, last))
    }
    holidays = holiday_dates(first, last, "id", facility=placement.facility)
    days = set(rules.working_days(lo, hi, holidays)) if lo <= hi else set()
    days |= set(presence) | set(entries)
    zone = placement.facility.tzinfo
    labels = {
        "": _("Not written"),
        LogbookState.DRAFT: _("Draft"),
        LogbookState.SUBMITTED: _("Submitted"),
        LogbookState.VERIFIED: _("Verified"),
        LogbookState.RETURNED: _("Returned"),
    }
    rows: list[MonthRow] = []
    for day in sorted(days):
        p = presence.get(day)
        e = entries.get(day)
        flag = ""
        if p is not None and p.is_half_day:
            flag = _("Half day (assigned)") if p.half_day_assigned else _("Half day, not assigned")
        rows.append(
            MonthRow(
                date=day,
                date_label=format_date(day),
                check_in=format_time(p.check_in, zone) if p and p.check_in else "",
                check_out=format_time(p.check_out, zone) if p and p.check_out else "",
                hours=e.hours if e else None,
                activity=e.activities if e else "",
                learned=e.learned if e else "",
                status=e.state if e else "",
                status_label=str(labels[e.state if e else ""]),
                absence=p.get_absence_reason_display() if p and p.absence_reason else "",
                half_day_flag=str(flag),
                presence_id=p.pk if p else None,
                entry_id=e.pk if e else None,
                holiday=holidays.get(day, ""),
            )
        )
    return MonthReport(
        placement_id=placement.pk,
        month=first,
        month_label=format_month(first.year, first.month),
        facility_name=placement.facility.name,
        letterhead=placement.facility.letterhead,
        intern_name=str(placement.intern),
        university=placement.university,
        study_programme=placement.study_programme,
        source_programme=placement.source_programme,
        batch=placement.batch,
        unit=placement.unit,
        mentor_name=str(placement.mentor),
        mentor_nip=placement.mentor.nip,
        rows=rows,
    )


# --- the mentor ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundCount:
    placement: Placement
    month: date
    month_label: str
    rounds: int
    closed: bool

    @property
    def warn(self) -> bool:
        return self.closed and rules.needs_more_rounds(self.rounds)


@dataclass(frozen=True)
class EvaluationReminder:
    placement: Placement
    month: date
    month_label: str
    due: date
    overdue: bool
    started: bool


@dataclass
class MentorOverview:
    placements: list[Placement]
    awaiting: list[LogbookEntry]
    rounds: list[RoundCount]
    reminders: list[EvaluationReminder]

    @property
    def warnings(self) -> list[RoundCount]:
        return [r for r in self.rounds if r.warn]


def mentor_placements(*, facility: Facility, user: User) -> QuerySet[Placement]:
    return placements(facility).filter(mentor=user).order_by("intern__full_name", "pk")


def _evaluation_reminders(mentored: list[Placement], today: date) -> list[EvaluationReminder]:
    submitted: dict[int, dict[date, bool]] = defaultdict(dict)
    for row in Evaluation.objects.filter(placement__in=mentored).values(
        "placement_id", "month", "submitted_at"
    ):
        submitted[row["placement_id"]][row["month"]] = row["submitted_at"] is not None
    reminders: list[EvaluationReminder] = []
    for placement in mentored:
        if placement.start_date > today:
            continue
        for month in rules.months_of(placement.start_date, min(placement.last_day, today)):
            due = rules.evaluation_due(month)
            # A month is evaluated once it is over (or the placement ended within it); the
            # reminder appears from the last week of the month.
            if today < due - timedelta(days=7) and placement.last_day >= rules.month_end(month):
                continue
            state = submitted[placement.pk].get(month)
            if state:
                continue
            reminders.append(
                EvaluationReminder(
                    placement=placement,
                    month=month,
                    month_label=format_month(month.year, month.month),
                    due=due,
                    overdue=rules.evaluation_overdue(month, today),
                    started=state is not None,
                )
            )
    return reminders


def mentor_overview(*, facility: Facility, user: User, today: date) -> MentorOverview:
    """Constant query count: placements, awaiting entries, verified dates, evaluations."""
    mentored = list(mentor_placements(facility=facility, user=user))
    awaiting = list(
        LogbookEntry.objects.filter(placement__in=mentored, state=LogbookState.SUBMITTED)
        .select_related("placement__intern")
        .order_by("date", "pk")
    )
    zone = facility.tzinfo
    verified: dict[tuple[int, date], set[date]] = defaultdict(set)
    for placement_id, verified_at in LogbookEntry.objects.filter(
        placement__in=mentored, verified_at__isnull=False
    ).values_list("placement_id", "verified_at"):
        if verified_at is None:  # excluded by the filter; spelled out for the type checker
            continue
        local = local_date(verified_at, zone)
        verified[(placement_id, rules.month_start(local))].add(local)
    rounds: list[RoundCount] = []
    for placement in mentored:
        if placement.start_date > today:
            continue
        for month in rules.months_of(placement.start_date, min(placement.last_day, today)):
            rounds.append(
                RoundCount(
                    placement=placement,
                    month=month,
                    month_label=format_month(month.year, month.month),
                    rounds=rules.verification_rounds(verified[(placement.pk, month)]),
                    # A month is judged once it is over; the running month only shows its count.
                    closed=rules.month_end(month) < today,
                )
            )
    return MentorOverview(
        placements=mentored,
        awaiting=awaiting,
        rounds=rounds,
        reminders=_evaluation_reminders(mentored, today),
    )


def mentor_reminders(*, facility: Facility, user: User, today: date) -> list[EvaluationReminder]:
    mentored = list(mentor_placements(facility=facility, user=user))
    return _evaluation_reminders(mentored, today) if mentored else []


# --- sessions of partners and interns ------------------------------------------------------------


def intern_sessions(*, facility: Facility, user: User) -> QuerySet[SessionIntern]:
    return (
        SessionIntern.objects.filter(user=user, session__facility=facility)
        .select_related("session__program", "session__location")
        .order_by("session__starts_at", "pk")
    )


@dataclass(frozen=True)
class RosterRow:
    """What a partner or an intern may see of a resident: name, number and block only."""

    name: str
    registration_number: str
    block: str


def session_roster(*, session: Session) -> list[RosterRow]:
    """The session's roster (the one rule in programs.selectors). Only three columns leave the
    database, so no case data can reach a partner's or intern's page by accident."""
    rows = programs_selectors.session_roster(session).values_list(
        "full_name", "registration_number", "block__name"
    )
    return [RosterRow(name, number, block or "") for name, number, block in rows]
