"""Writes of the programs app: programs, enrolments with capacity and waitlist, sessions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from binaan.accounts.models import Membership, User
from binaan.core.audit import audit_record
from binaan.core.dates import facility_today, local_date, local_day_bounds
from binaan.core.models import AuditAction
from binaan.core.permissions import roles_with
from binaan.core.writes import audited_create, audited_update
from binaan.facilities.models import Facility, Location
from binaan.partners.models import Facilitator
from binaan.programs import schedule
from binaan.programs.eligibility import eligibility_failures, eligible_filter
from binaan.programs.models import (
    AgendaItem,
    AgendaKind,
    EndReason,
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCategory,
    ProgramSlot,
    ProgramStatus,
    Session,
    SessionFacilitator,
    SessionIntern,
    SessionOrigin,
    SessionStatus,
)
from binaan.programs.selectors import clash_warnings, enrollment_clash_warnings
from binaan.residents.models import Resident

PROGRAM_FIELDS = [
    "name",
    "category",
    "description",
    "default_location",
    "capacity",
    "sexes",
    "religions",
    "custody_statuses",
    "start_date",
    "end_date",
    "rrule",
    "rrule_start_time",
    "duration_minutes",
    "runs_on_holidays",
    "agenda_template",
    "min_attendance_rate",
]
PROGRAM_M2M = ["partners", "facilitators", "blocks"]


# --- programs ----------------------------------------------------------------------------------


def _set_slots(program: Program, slots: Sequence[schedule.WeeklySlot]) -> None:
    program.slots.all().delete()
    rows = [
        ProgramSlot(program=program, weekday=s.weekday, start_time=s.start, end_time=s.end)
        for s in slots
    ]
    for row in rows:
        row.full_clean(exclude=["program"])
    ProgramSlot.objects.bulk_create(rows)


def _check_schedule(program: Program, slots: Sequence[schedule.WeeklySlot] | None) -> None:
    if not program.rrule and not slots:
        raise ValidationError(_("Give at least one weekly slot or a recurrence rule (RRULE)."))


def _m2m_snapshot(program: Program) -> dict[str, Any]:
    """The partners, facilitators, blocks and weekly slots: part of a program's audit trail."""
    data: dict[str, Any] = {
        name: sorted(getattr(program, name).values_list("pk", flat=True)) for name in PROGRAM_M2M
    }
    data["slots"] = [str(s) for s in program.slots.all()]
    return data


def _program_writes(
    data: dict[str, Any], slots: Sequence[schedule.WeeklySlot] | None
) -> dict[str, Any]:
    """The hooks of `audited_create`/`audited_update` that make a program more than its row."""

    def check(program: Program) -> None:
        _check_schedule(program, slots if slots is not None else _slots_of(program))

    def write_relations(program: Program) -> None:
        for name in PROGRAM_M2M:
            if name in data:
                getattr(program, name).set(data[name])
        if slots is not None:
            _set_slots(program, slots)

    return {
        "data": data,
        "fields": PROGRAM_FIELDS,
        "clean": check,
        "after_save": write_relations,
        "extra_snapshot": _m2m_snapshot,
    }


@transaction.atomic
def program_create(
    *, facility: Facility, data: dict[str, Any], slots: Sequence[schedule.WeeklySlot] = ()
) -> Program:
    return audited_create(Program(facility=facility), **_program_writes(data, slots))


@transaction.atomic
def program_update(
    *,
    program: Program,
    data: dict[str, Any],
    slots: Sequence[schedule.WeeklySlot] | None = None,
) -> Program:
    audited_update(program, **_program_writes(data, slots))
    return program


@transaction.atomic
def program_archive(*, program: Program) -> int:
    """Archive the program: no more generation or enrolment. Future sessions nobody edited are
    removed; edited or past ones stay as the record. Returns the number removed."""
    program.status = ProgramStatus.ARCHIVED
    program.save(update_fields=["status", "updated_at"])
    removed, _details = Session.objects.filter(
        program=program,
        origin=SessionOrigin.GENERATED,
        is_modified=False,
        starts_at__gt=timezone.now(),
    ).delete()
    audit_record(
        action=AuditAction.UPDATE,
        obj=program,
        before={"status": ProgramStatus.ACTIVE},
        after={"status": ProgramStatus.ARCHIVED, "future_sessions_removed": removed},
    )
    return removed


CATEGORY_FIELDS = ["name", "code", "group", "order", "is_active"]


@transaction.atomic
def category_save(*, category: ProgramCategory | None, data: dict[str, Any]) -> ProgramCategory:
    """Create or edit a program category (reference data shared by all facilities)."""
    if category is None:
        return audited_create(ProgramCategory(), data=data, fields=CATEGORY_FIELDS)
    audited_update(category, data=data, fields=CATEGORY_FIELDS)
    return category


# --- enrolments --------------------------------------------------------------------------------


@dataclass
class EnrollResult:
    enrollment: Enrollment
    warnings: list[str] = field(default_factory=list)

    @property
    def waitlisted(self) -> bool:
        return self.enrollment.status == EnrollmentStatus.WAITLISTED


def _lock_program(program: Program) -> Program:
    # Every change of a program's places takes this row lock first, so two officers enrolling
    # at the same moment are serialised and the count below is never stale (PostgreSQL row lock;
    # SQLite serialises writers anyway).
    return Program.objects.select_for_update().get(pk=program.pk)


def _places_taken(program: Program) -> int:
    return Enrollment.objects.filter(program=program, status=EnrollmentStatus.ENROLLED).count()


def _next_waitlist_position(program: Program) -> int:
    # Only the open waitlist counts: an ended waitlist row keeps its old number (the roster
    # relies on it: a row with a number never had a place), and the open rows run 1..n.
    top = Enrollment.objects.filter(program=program, status=EnrollmentStatus.WAITLISTED).aggregate(
        top=Max("waitlist_position")
    )["top"]
    return (top or 0) + 1


def _renumber_waitlist(program: Program) -> dict[int, int]:
    """Number the open waitlist 1..n without gaps, in its order. Returns {enrolment id: new
    position} for the rows whose number changed."""
    rows = list(
        Enrollment.objects.filter(program=program, status=EnrollmentStatus.WAITLISTED).order_by(
            "waitlist_position", "pk"
        )
    )
    changed: list[Enrollment] = []
    numbers: dict[int, int] = {}
    for position, row in enumerate(rows, start=1):
        if row.waitlist_position != position:
            row.waitlist_position = position
            changed.append(row)
            numbers[row.pk] = position
    Enrollment.objects.bulk_update(changed, ["waitlist_position"])
    return numbers


def _check_open(program: Program) -> None:
    if program.status != ProgramStatus.ACTIVE:
        raise ValidationError(_("The program is archived; it takes no new participants."))


@transaction.atomic
def enrollment_add(
    *, program: Program, resident: Resident, on: date | None = None, note: str = ""
) -> EnrollResult:
    """Give the resident a place, or a waitlist row when the program is full.

    Refuses (ValidationError) an ineligible resident with the rules they fail, or one who already
    holds a place or a waitlist row.
    """
    locked = _lock_program(program)
    _check_open(locked)
    block_ids = set(locked.blocks.values_list("pk", flat=True))
    failures = eligibility_failures(locked, resident, block_ids)
    if failures:
        raise ValidationError(failures)
    if Enrollment.objects.filter(
        program=locked,
        resident=resident,
        status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED],
    ).exists():
        raise ValidationError(
            _("%(resident)s is already enrolled or waitlisted in this program.")
            % {"resident": resident}
        )
    on = on or facility_today(locked.facility)
    enrollment = Enrollment(
        facility_id=locked.facility_id, program=locked, resident=resident, enrolled_on=on, note=note
    )
    if locked.capacity is None or _places_taken(locked) < locked.capacity:
        enrollment.status = EnrollmentStatus.ENROLLED
    else:
        enrollment.status = EnrollmentStatus.WAITLISTED
        enrollment.waitlist_position = _next_waitlist_position(locked)
    audited_create(enrollment)
    warnings: list[str] = []
    if enrollment.status == EnrollmentStatus.ENROLLED:
        warnings = enrollment_clash_warnings(program=locked, resident_ids=[resident.pk], on=on)
    return EnrollResult(enrollment, warnings)


@dataclass
class BulkPreview:
    eligible: list[Resident]
    fit: list[Resident]
    waitlisted: list[Resident]
    already: int

    @property
    def summary(self) -> str:
        return _("%(eligible)s eligible, %(fit)s fit, %(wait)s go to the waitlist") % {
            "eligible": len(self.eligible),
            "fit": len(self.fit),
            "wait": len(self.waitlisted),
        }


def _eligible_not_enrolled(program: Program) -> tuple[list[Resident], int]:
    block_ids = set(program.blocks.values_list("pk", flat=True))
    eligible = Resident.objects.filter(eligible_filter(program, block_ids)).select_related("block")
    open_ids = set(
        Enrollment.objects.filter(
            program=program,
            status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED],
        ).values_list("resident_id", flat=True)
    )
    candidates = [r for r in eligible.order_by("full_name", "registration_number")]
    fresh = [r for r in candidates if r.pk not in open_ids]
    return fresh, len(candidates) - len(fresh)


def enrollment_bulk_preview(*, program: Program) -> BulkPreview:
    """What a bulk enrolment would do now: eligible residents without a place, how many fit."""
    fresh, already = _eligible_not_enrolled(program)
    free = (
        len(fresh)
        if program.capacity is None
        else max(program.capacity - _places_taken(program), 0)
    )
    return BulkPreview(eligible=fresh, fit=fresh[:free], waitlisted=fresh[free:], already=already)


@transaction.atomic
def enrollment_bulk_add(
    *, program: Program, resident_ids: Iterable[int] | None = None, on: date | None = None
) -> tuple[BulkPreview, list[str]]:
    """Enrol every eligible resident (or the chosen ones among them), filling the free places in
    name order and waitlisting the rest; all or nothing."""
    locked = _lock_program(program)
    _check_open(locked)
    preview = enrollment_bulk_preview(program=locked)
    chosen = preview.eligible
    if resident_ids is not None:
        wanted = set(resident_ids)
        chosen = [r for r in chosen if r.pk in wanted]
    on = on or facility_today(locked.facility)
    free = (
        len(chosen) if locked.capacity is None else max(locked.capacity - _places_taken(locked), 0)
    )
    position = _next_waitlist_position(locked)
    rows: list[Enrollment] = []
    for index, resident in enumerate(chosen):
        row = Enrollment(
            facility_id=locked.facility_id, program=locked, resident=resident, enrolled_on=on
        )
        if index < free:
            row.status = EnrollmentStatus.ENROLLED
        else:
            row.status = EnrollmentStatus.WAITLISTED
            row.waitlist_position = position
            position += 1
        rows.append(row)
    Enrollment.objects.bulk_create(rows)
    result = BulkPreview(
        eligible=chosen,
        fit=[r.resident for r in rows if r.status == EnrollmentStatus.ENROLLED],
        waitlisted=[r.resident for r in rows if r.status == EnrollmentStatus.WAITLISTED],
        already=preview.already,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=locked,
        object_type="programs.enrollment",
        after={
            "enrolled": [r.pk for r in result.fit],
            "waitlisted": [r.pk for r in result.waitlisted],
        },
    )
    warnings = enrollment_clash_warnings(
        program=locked, resident_ids=[r.pk for r in result.fit], on=on
    )
    return result, warnings


@dataclass
class Promotion:
    """What a freed place did: who was promoted (if anyone), who was skipped and why."""

    promoted: Enrollment | None = None
    skipped: list[tuple[Enrollment, list[str]]] = field(default_factory=list)
    renumbered: dict[int, int] = field(default_factory=dict)


def _promote_first_waitlisted(program: Program, freed_on: date, today: date) -> Promotion:
    """Give the freed place to the first waitlisted resident who is still eligible.

    Eligibility is checked again: a waitlisted resident who no longer passes the program's rules
    keeps their row but is skipped, the rules they fail recorded on it, and the next one is
    promoted. The place starts on the promotion day, never earlier: a release recorded with a
    past date must not put the promoted resident on past (or locked) rosters.
    """
    result = Promotion()
    if program.capacity is not None and _places_taken(program) >= program.capacity:
        return result
    starts = max(freed_on, today)
    block_ids = set(program.blocks.values_list("pk", flat=True))
    waiting = (
        Enrollment.objects.filter(program=program, status=EnrollmentStatus.WAITLISTED)
        .select_related("resident__block")
        .order_by("waitlist_position", "pk")
    )
    for row in waiting:
        failures = eligibility_failures(program, row.resident, block_ids)
        if failures:
            reason = " ".join(failures)[:300]
            Enrollment.objects.filter(pk=row.pk).update(skip_reason=reason)
            audit_record(
                action=AuditAction.UPDATE,
                obj=row,
                before={"skip_reason": row.skip_reason},
                after={"skip_reason": reason, "skipped_on": starts.isoformat()},
            )
            row.skip_reason = reason
            result.skipped.append((row, failures))
            continue
        row.status = EnrollmentStatus.ENROLLED
        # A row that once had a place has no waitlist position: the roster relies on it.
        row.waitlist_position = None
        row.enrolled_on = starts
        row.skip_reason = ""
        row.save(
            update_fields=[
                "status",
                "waitlist_position",
                "enrolled_on",
                "skip_reason",
                "updated_at",
            ]
        )
        audit_record(
            action=AuditAction.UPDATE,
            obj=row,
            before={"status": EnrollmentStatus.WAITLISTED},
            after={"status": EnrollmentStatus.ENROLLED, "enrolled_on": starts.isoformat()},
        )
        result.promoted = row
        break
    return result


@transaction.atomic
def enrollment_end(
    *,
    enrollment: Enrollment,
    reason: str,
    on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> Enrollment | None:
    """End a place (or a waitlist row) with a reason; the first waitlisted resident who is still
    eligible takes a freed place (from today at the earliest), and the waitlist is numbered
    1..n again. Returns the promoted enrolment, if any (`enrollment_end_promotion` tells more)."""
    return enrollment_end_promotion(
        enrollment=enrollment, reason=reason, on=on, note=note, today=today
    ).promoted


@transaction.atomic
def enrollment_end_promotion(
    *,
    enrollment: Enrollment,
    reason: str,
    on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> Promotion:
    """`enrollment_end`, returning who was promoted, who was skipped and the new numbers.
    `today` is the facility's today (given by tests)."""
    program = _lock_program(enrollment.program)
    enrollment.refresh_from_db()
    if enrollment.status == EnrollmentStatus.ENDED:
        raise ValidationError(_("This enrolment has already ended."))
    if reason not in EndReason.values:
        raise ValidationError(_("Unknown reason “%(reason)s”.") % {"reason": reason})
    today = today or facility_today(program.facility)
    on = on or today
    if on < enrollment.enrolled_on:
        raise ValidationError(
            _("The end date cannot be before the enrolment date (%(date)s).")
            % {"date": enrollment.enrolled_on}
        )
    had_place = enrollment.status == EnrollmentStatus.ENROLLED
    before = {"status": enrollment.status}
    enrollment.status = EnrollmentStatus.ENDED
    enrollment.ended_on = on
    enrollment.end_reason = reason
    if note:
        enrollment.note = note
    enrollment.full_clean()
    enrollment.save(update_fields=["status", "ended_on", "end_reason", "note", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=enrollment,
        before=before,
        after={"status": enrollment.status, "ended_on": on.isoformat(), "end_reason": reason},
    )
    promotion = _promote_first_waitlisted(program, on, today) if had_place else Promotion()
    promotion.renumbered = _renumber_waitlist(program)
    if promotion.renumbered:
        audit_record(
            action=AuditAction.UPDATE,
            obj=program,
            object_type="programs.enrollment",
            after={"waitlist_renumbered": {str(k): v for k, v in promotion.renumbered.items()}},
        )
    return promotion


@transaction.atomic
def enrollment_end_all_for_resident(
    *, resident: Resident, reason: str, on: date, today: date | None = None
) -> int:
    """End every open enrolment and waitlist row of a resident (release: "bebas", transfer:
    "dipindah"); freed places go to the waitlists. Returns how many were ended."""
    open_rows = list(
        Enrollment.objects.filter(
            resident=resident,
            status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED],
        )
        .select_related("program")
        .order_by("program_id")
    )
    for row in open_rows:
        enrollment_end(enrollment=row, reason=reason, on=max(on, row.enrolled_on), today=today)
    return len(open_rows)


# --- sessions ----------------------------------------------------------------------------------


@dataclass
class GenerateResult:
    created: int
    kept: int
    removed: int
    warnings: list[str] = field(default_factory=list)
    start: date | None = None
    until: date | None = None
    # Filled by a generation (real or dry run): the sessions created and the stale ones removed.
    sessions: list[Session] = field(default_factory=list)
    removed_sessions: list[Session] = field(default_factory=list)


def _slots_of(program: Program) -> list[schedule.WeeklySlot]:
    return [schedule.WeeklySlot(s.weekday, s.start_time, s.end_time) for s in program.slots.all()]


def program_occurrences(
    program: Program,
    *,
    start: date,
    end: date,
    corrections: Sequence[schedule.HolidayCorrection] | None = None,
) -> list[schedule.Occurrence]:
    """The pattern's occurrences; holidays are the facility's (package plus its corrections),
    or those `corrections` instead of the stored ones (the preview of a holiday change)."""
    skip = not program.runs_on_holidays
    holidays = (
        schedule.holiday_dates(start, end, facility=program.facility, corrections=corrections)
        if skip
        else None
    )
    return schedule.expand(
        start=start,
        end=end,
        zone=program.facility.tzinfo,
        slots=_slots_of(program),
        rrule=program.rrule,
        rrule_start=program.rrule_start_time,
        duration=timedelta(minutes=program.duration_minutes),
        skip_holidays=skip,
        holidays=holidays,
        anchor=program.start_date,
    )


def skipped_holidays(program: Program, *, start: date, end: date) -> list[tuple[date, str]]:
    """The days in [start, end] the pattern falls on that generation skips as public holidays or
    cuti bersama (none for a program that runs on holidays), with the holiday's name."""
    if program.runs_on_holidays or end < start:
        return []
    every = schedule.expand(
        start=start,
        end=end,
        zone=program.facility.tzinfo,
        slots=_slots_of(program),
        rrule=program.rrule,
        rrule_start=program.rrule_start_time,
        duration=timedelta(minutes=program.duration_minutes),
        skip_holidays=False,
        anchor=program.start_date,
    )
    language = "en_US" if (get_language() or "id").startswith("en") else "id"
    names = schedule.holiday_dates(start, end, language)
    days = sorted({local_date(o.starts_at, program.facility) for o in every})
    return [(day, names[day]) for day in days if day in names]


def _agenda_rows(program: Program, session: Session) -> list[AgendaItem]:
    rows = []
    for order, item in enumerate(program.agenda_template or [], start=1):
        kind = item.get("kind") if isinstance(item, dict) else None
        rows.append(
            AgendaItem(
                session=session,
                order=order,
                kind=kind if kind in AgendaKind.values else AgendaKind.LAINNYA,
                topic=str(item.get("topic", "")) if isinstance(item, dict) else str(item),
            )
        )
    return rows


def _fill_new_sessions(program: Program, sessions: list[Session]) -> None:
    """Agenda from the program's template and the program's facilitators as speakers."""
    agenda: list[AgendaItem] = []
    assignments: list[SessionFacilitator] = []
    facilitator_ids = list(program.facilitators.values_list("pk", flat=True))
    for session in sessions:
        agenda.extend(_agenda_rows(program, session))
        assignments.extend(
            SessionFacilitator(session=session, facilitator_id=pk) for pk in facilitator_ids
        )
    AgendaItem.objects.bulk_create(agenda)
    SessionFacilitator.objects.bulk_create(assignments)


@dataclass
class GenerationPlan:
    """What generating a program's sessions would do, before anything is written."""

    start: date
    until: date
    occurrences: list[schedule.Occurrence]
    new: list[Session]
    stale: list[Session]
    # Rows on a date the pattern no longer has that generation leaves alone (edited, cancelled
    # or past): a person decides about them.
    untouched: list[Session]


def generation_horizon(program: Program, today: date, weeks: int | None = None) -> date:
    until = today + timedelta(weeks=weeks or program.facility.schedule_horizon_weeks)
    return min(until, program.end_date) if program.end_date is not None else until


def generation_plan(
    program: Program,
    *,
    until: date,
    start: date | None = None,
    corrections: Sequence[schedule.HolidayCorrection] | None = None,
    now: datetime | None = None,
) -> GenerationPlan:
    """The sessions to create and to remove for the program from `start` (default: its start
    date; never before it) up to `until` (see `sessions_generate`); `corrections` replaces the
    facility's holiday corrections."""
    facility = program.facility
    start = max(start or program.start_date, program.start_date)
    occurrences = program_occurrences(program, start=start, end=until, corrections=corrections)
    existing = {
        s.planned_start: s
        for s in Session.objects.filter(program=program, planned_start__isnull=False)
        if s.planned_start is not None  # the filter's promise, spelled out for the type checker
    }
    planned = {o.starts_at for o in occurrences}
    new = [
        Session(
            facility=facility,
            program=program,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            planned_start=o.starts_at,
            location_id=program.default_location_id,
            origin=SessionOrigin.GENERATED,
        )
        for o in occurrences
        if o.starts_at not in existing
    ]
    now = now or timezone.now()
    stale: list[Session] = []
    untouched: list[Session] = []
    for planned_start, s in existing.items():
        if planned_start in planned:
            continue
        if not start <= local_date(planned_start, facility) <= until:
            continue
        if not s.is_modified and s.status == SessionStatus.SCHEDULED and s.starts_at > now:
            stale.append(s)
        else:
            untouched.append(s)
    return GenerationPlan(start, until, occurrences, new, stale, untouched)


@transaction.atomic
def sessions_generate(
    *,
    program: Program,
    start: date | None = None,
    until: date | None = None,
    weeks: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> GenerateResult:
    """Create the program's sessions from `start` (default: its start date; the program page and
    the cron command pass today) up to the horizon (default: the facility's
    `schedule_horizon_weeks` from today). Never before the program's start date. Idempotent: an
    occurrence that already has a row (even moved, edited or cancelled) is kept as it is. Future
    sessions nobody touched whose time is no longer in the pattern (the schedule or the holidays
    changed) are removed."""
    program = _lock_program(program)
    facility = program.facility
    if program.status != ProgramStatus.ACTIVE:
        return GenerateResult(0, 0, 0)
    today = today or facility_today(facility)
    if until is None:
        until = generation_horizon(program, today, weeks)
    elif program.end_date is not None:
        until = min(until, program.end_date)
    plan = generation_plan(program, until=until, start=start, now=now)
    new = plan.new
    stale = plan.stale
    if stale:
        Session.objects.filter(pk__in=[s.pk for s in stale]).delete()
    Session.objects.bulk_create(new)
    _fill_new_sessions(program, new)
    result = GenerateResult(
        created=len(new),
        kept=len(plan.occurrences) - len(new),
        removed=len(stale),
        start=plan.start,
        until=until,
        sessions=new,
        removed_sessions=sorted(stale, key=lambda s: s.starts_at),
    )
    if new or stale:
        audit_record(
            action=AuditAction.CREATE,
            obj=program,
            object_type="programs.session",
            after={
                "created": result.created,
                "removed": result.removed,
                "start": plan.start.isoformat(),
                "until": until.isoformat(),
            },
        )
    result.warnings = clash_warnings(sessions=new)
    return result


class _DryRun(Exception):  # noqa: N818 - a control-flow signal, not an error
    def __init__(self, result: GenerateResult) -> None:
        super().__init__()
        self.result = result


def sessions_generate_preview(
    *, program: Program, start: date | None = None, until: date | None = None
) -> GenerateResult:
    """What `sessions_generate` with the same arguments would do, written nothing: it runs in a
    transaction that is rolled back, so the sessions listed and the clash warnings are exactly
    those the confirmation will produce (if nothing changes in between)."""
    try:
        with transaction.atomic():
            raise _DryRun(sessions_generate(program=program, start=start, until=until))
    except _DryRun as dry_run:
        return dry_run.result


@dataclass
class SessionResult:
    session: Session
    warnings: list[str] = field(default_factory=list)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(_("The session must end after it starts."))


@transaction.atomic
def session_create_one_off(
    *,
    program: Program,
    starts_at: datetime,
    ends_at: datetime,
    location: Location | None = None,
    notes: str = "",
) -> SessionResult:
    _check_open(program)
    _check_times(starts_at, ends_at)
    session = Session(
        facility_id=program.facility_id,
        program=program,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location if location is not None else program.default_location,
        origin=SessionOrigin.ONE_OFF,
        is_modified=True,
        notes=notes,
    )
    audited_create(session, after_save=lambda row: _fill_new_sessions(program, [row]))
    return SessionResult(session, clash_warnings(sessions=[session]))


SESSION_TRACKED = ["starts_at", "ends_at", "location", "status", "cancel_reason", "notes"]


def _session_update(session: Session, data: dict[str, Any]) -> None:
    # A session someone changed is marked, so regenerating the series never overwrites it.
    audited_update(session, data=data, fields=SESSION_TRACKED, mark_changed={"is_modified": True})


@transaction.atomic
def session_edit(
    *,
    session: Session,
    starts_at: datetime,
    ends_at: datetime,
    location: Location | None,
    notes: str,
) -> SessionResult:
    """Move one session (date, time, place) without touching the series, and edit its notes:
    one save and one audit row, so the move and the notes are kept or refused together."""
    _check_times(starts_at, ends_at)
    data = {"starts_at": starts_at, "ends_at": ends_at, "location": location, "notes": notes}
    _session_update(session, data)
    return SessionResult(session, clash_warnings(sessions=[session]))


@transaction.atomic
def session_move(
    *,
    session: Session,
    starts_at: datetime,
    ends_at: datetime,
    location: Location | None,
) -> SessionResult:
    """Move one session (date, time, place) without touching the series."""
    _check_times(starts_at, ends_at)
    _session_update(session, {"starts_at": starts_at, "ends_at": ends_at, "location": location})
    return SessionResult(session, clash_warnings(sessions=[session]))


@transaction.atomic
def session_update_notes(*, session: Session, notes: str) -> Session:
    _session_update(session, {"notes": notes})
    return session


@transaction.atomic
def session_cancel(*, session: Session, reason: str) -> Session:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for cancelling."))
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session is already cancelled."))
    _session_update(session, {"status": SessionStatus.CANCELLED, "cancel_reason": reason})
    return session


@transaction.atomic
def sessions_cancel_range(*, program: Program, start: date, end: date, reason: str) -> int:
    """Cancel every scheduled session of the program whose local date is in [start, end], e.g.
    while the facilitator is away. Returns how many were cancelled."""
    if end < start:
        raise ValidationError(_("The last day cannot be before the first day."))
    lo, hi = local_day_bounds(program.facility, start, through=end)
    sessions = list(
        Session.objects.filter(
            program=program, status=SessionStatus.SCHEDULED, starts_at__gte=lo, starts_at__lt=hi
        )
    )
    for session in sessions:
        session_cancel(session=session, reason=reason)
    return len(sessions)


@transaction.atomic
def session_restore(*, session: Session) -> SessionResult:
    if session.status != SessionStatus.CANCELLED:
        raise ValidationError(_("Only a cancelled session can be restored."))
    _session_update(session, {"status": SessionStatus.SCHEDULED, "cancel_reason": ""})
    return SessionResult(session, clash_warnings(sessions=[session]))


@transaction.atomic
def agenda_replace(*, session: Session, items: Sequence[dict[str, Any]]) -> list[AgendaItem]:
    """Replace the session's agenda with `items` (kind, topic, speaker, facilitator) in order."""
    before = [str(i) for i in session.agenda_items.all()]
    session.agenda_items.all().delete()
    rows = []
    for order, item in enumerate(items, start=1):
        row = AgendaItem(
            session=session,
            order=order,
            kind=item.get("kind") or AgendaKind.LAINNYA,
            topic=item.get("topic", ""),
            speaker=item.get("speaker", ""),
            facilitator=item.get("facilitator"),
        )
        if row.facilitator is not None and row.facilitator.facility_id != session.facility_id:
            raise ValidationError(_("The facilitator belongs to another facility."))
        row.full_clean(exclude=["session"])
        rows.append(row)
    AgendaItem.objects.bulk_create(rows)
    Session.objects.filter(pk=session.pk).update(is_modified=True)
    audit_record(
        action=AuditAction.UPDATE,
        obj=session,
        object_type="programs.agendaitem",
        before={"agenda": before},
        after={"agenda": [str(r) for r in rows]},
    )
    return rows


@transaction.atomic
def session_facilitator_assign(
    *, session: Session, facilitator: Facilitator, task: str
) -> SessionResult:
    if facilitator.facility_id != session.facility_id:
        raise ValidationError(_("The facilitator belongs to another facility."))
    row, _created = SessionFacilitator.objects.update_or_create(
        session=session, facilitator=facilitator, defaults={"task": task}
    )
    row.full_clean()
    audit_record(action=AuditAction.CREATE, obj=row, facility=session.facility)
    return SessionResult(session, clash_warnings(sessions=[session]))


@transaction.atomic
def session_facilitator_remove(*, session: Session, facilitator_id: int) -> None:
    rows = SessionFacilitator.objects.filter(session=session, facilitator_id=facilitator_id)
    for row in rows:
        audit_record(action=AuditAction.DELETE, obj=row, facility=session.facility)
    rows.delete()


@transaction.atomic
def session_intern_assign(*, session: Session, user: User, task: str) -> SessionIntern:
    """Assign an intern (a user who may assist at sessions of the session's facility)."""
    if not Membership.objects.filter(
        user=user, facility_id=session.facility_id, role__in=roles_with("sessions.assist")
    ).exists():
        raise ValidationError(
            _("%(user)s is not an intern at this facility.") % {"user": user.display_name}
        )
    row, _created = SessionIntern.objects.update_or_create(
        session=session, user=user, defaults={"task": task}
    )
    row.full_clean()
    audit_record(action=AuditAction.CREATE, obj=row, facility=session.facility)
    return row


@transaction.atomic
def session_intern_remove(*, session: Session, user_id: int) -> None:
    rows = SessionIntern.objects.filter(session=session, user_id=user_id)
    for row in rows:
        audit_record(action=AuditAction.DELETE, obj=row, facility=session.facility)
    rows.delete()
