"""Holiday corrections (`HolidayOverride`): the rows a facility and its Kanwil add to or take
out of the `holidays` package, what a change would do to the sessions, and the change itself.

A change is shown before it is made: `holiday_change_preview` lists, for every program whose
sessions the change touches (in every facility it applies to), the sessions that would be
removed, the ones that would appear and the ones generation leaves alone because a person edited
or cancelled them. `holiday_override_add` writes the row (`holiday_override_delete` deletes it)
and regenerates exactly those programs, in one transaction; both audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from binaan.core.audit import audit_record
from binaan.core.dates import facility_today, local_date
from binaan.core.models import AuditAction
from binaan.core.writes import audited_create
from binaan.facilities.models import Facility
from binaan.programs import schedule
from binaan.programs.models import (
    HolidayChange,
    HolidayOverride,
    Program,
    ProgramStatus,
    Session,
)


def overrides_applying(facility: Facility) -> QuerySet[HolidayOverride]:
    """The corrections that apply to `facility`: its own and its Kanwil's."""
    return HolidayOverride.objects.filter(
        Q(facility=facility, regional_office__isnull=True)
        | Q(regional_office_id=facility.regional_office_id)
    )


def _ordered(rows: Sequence[HolidayOverride]) -> list[schedule.HolidayCorrection]:
    # The Kanwil's rows first, the facility's own after them: the nearer decision wins.
    ordered = sorted(rows, key=lambda r: (r.regional_office_id is None, r.date, r.pk or 0))
    return [
        schedule.HolidayCorrection(day=r.date, name=r.name, remove=r.is_removal) for r in ordered
    ]


def corrections_for(
    facility: Facility,
    start: date,
    end: date,
    *,
    adding: HolidayOverride | None = None,
    removing: HolidayOverride | None = None,
) -> list[schedule.HolidayCorrection]:
    """The facility's corrections between two dates, in the order they apply (one query);
    with `adding`/`removing`, as they would be after that change."""
    rows = list(overrides_applying(facility).filter(date__range=(start, end)))
    if removing is not None:
        rows = [r for r in rows if r.pk != removing.pk]
    if adding is not None and start <= adding.date <= end:
        applies = adding.regional_office_id is None and adding.facility_id == facility.pk
        applies = applies or adding.regional_office_id == facility.regional_office_id
        if applies:
            rows.append(adding)
    return _ordered(rows)


def facilities_concerned(row: HolidayOverride) -> list[Facility]:
    if row.regional_office_id is None:
        return [row.facility]
    return list(
        Facility.objects.filter(regional_office_id=row.regional_office_id)
        .select_related("regional_office")
        .order_by("name")
    )


@dataclass(frozen=True)
class SessionChange:
    session_id: int | None
    starts_at: datetime
    program: str
    facility: str


@dataclass
class ProgramChanges:
    program: Program
    removed: list[SessionChange] = field(default_factory=list)
    appearing: list[SessionChange] = field(default_factory=list)
    left_alone: list[SessionChange] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.removed or self.appearing)


@dataclass
class HolidayPreview:
    row: HolidayOverride
    deleting: bool
    programs: list[ProgramChanges]

    def _all(self, kind: str) -> list[SessionChange]:
        return [change for p in self.programs for change in getattr(p, kind)]

    @property
    def removed(self) -> list[SessionChange]:
        return self._all("removed")

    @property
    def appearing(self) -> list[SessionChange]:
        return self._all("appearing")

    @property
    def left_alone(self) -> list[SessionChange]:
        return self._all("left_alone")


def _check_row(row: HolidayOverride, today: date | None = None) -> None:
    """The rules of a correction: not a past date, a name for an added holiday, a removal only
    of a date the package holds, one correction per date and scope."""
    today = today or facility_today(row.facility)
    errors: dict[str, list[str]] = {}
    if row.date < today:
        errors.setdefault("date", []).append(
            _("A past date cannot be corrected: its sessions are already the record.")
        )
    national = schedule.holiday_dates(row.date, row.date, "id")
    if row.change == HolidayChange.REMOVE and row.date not in national:
        errors.setdefault("date", []).append(
            _("%(date)s is not a national holiday or cuti bersama: there is nothing to remove.")
            % {"date": row.date.isoformat()}
        )
    if row.change == HolidayChange.REMOVE and not row.name:
        row.name = national.get(row.date, "")
    if row.change == HolidayChange.ADD and not row.name.strip():
        errors.setdefault("name", []).append(_("Give the holiday's name."))
    same_scope = HolidayOverride.objects.filter(date=row.date)
    same_scope = (
        same_scope.filter(regional_office_id=row.regional_office_id)
        if row.regional_office_id is not None
        else same_scope.filter(facility_id=row.facility_id, regional_office__isnull=True)
    )
    if same_scope.exclude(pk=row.pk).exists():
        errors.setdefault("date", []).append(
            _("There is already a correction for this date; delete it first.")
        )
    if errors:
        raise ValidationError(errors)


def _programs_of(facility: Facility) -> list[Program]:
    return list(
        Program.objects.filter(
            facility=facility, status=ProgramStatus.ACTIVE, runs_on_holidays=False
        )
        .select_related("facility__regional_office")
        .prefetch_related("slots")
        .order_by("name")
    )


def _on_date(sessions: Sequence[Session], day: date, program: Program) -> list[SessionChange]:
    facility = program.facility
    return [
        SessionChange(s.pk, s.starts_at, program.name, facility.name)
        for s in sessions
        if local_date(s.starts_at, facility) == day
    ]


def holiday_change_preview(
    row: HolidayOverride,
    *,
    deleting: bool = False,
    today: date | None = None,
    now: datetime | None = None,
) -> HolidayPreview:
    """What adding `row` (or, `deleting`, removing the stored row) would do to the sessions of
    every facility it applies to, on its date only. Writes nothing. `today` and `now` are the
    facility's (given by tests)."""
    from binaan.programs.services import generation_horizon, generation_plan

    if deleting:
        _check_not_past(row, today)
    else:
        _check_row(row, today)
    changes: list[ProgramChanges] = []
    for facility in facilities_concerned(row):
        facility_day = today or facility_today(facility)
        for program in _programs_of(facility):
            until = generation_horizon(program, facility_day)
            if row.date > until or row.date < program.start_date:
                continue
            corrections = corrections_for(
                facility,
                program.start_date,
                until,
                adding=None if deleting else row,
                removing=row if deleting else None,
            )
            plan = generation_plan(program, until=until, corrections=corrections, now=now)
            found = ProgramChanges(program)
            found.removed = _on_date(plan.stale, row.date, program)
            found.appearing = _on_date(plan.new, row.date, program)
            found.left_alone = _on_date(plan.untouched, row.date, program)
            if found.any or found.left_alone:
                changes.append(found)
    return HolidayPreview(row=row, deleting=deleting, programs=changes)


def _check_not_past(row: HolidayOverride, today: date | None) -> None:
    if row.date < (today or facility_today(row.facility)):
        raise ValidationError(
            _("A past date cannot be corrected: its sessions are already the record.")
        )


def _regenerate(
    preview: HolidayPreview, today: date | None, now: datetime | None
) -> tuple[int, int]:
    from binaan.programs.services import sessions_generate

    created = removed = 0
    for changes in preview.programs:
        if changes.any:
            result = sessions_generate(program=changes.program, today=today, now=now)
            created += result.created
            removed += result.removed
    return created, removed


@transaction.atomic
def holiday_override_add(
    row: HolidayOverride, *, today: date | None = None, now: datetime | None = None
) -> tuple[HolidayOverride, tuple[int, int]]:
    """Save the correction and regenerate the programs whose sessions it touches. Returns the
    row and (sessions created, sessions removed)."""
    preview = holiday_change_preview(row, today=today, now=now)
    audited_create(row, validate=lambda saved: _check_row(saved, today))
    return row, _regenerate(preview, today, now)


@transaction.atomic
def holiday_override_delete(
    row: HolidayOverride, *, today: date | None = None, now: datetime | None = None
) -> tuple[int, int]:
    """Take the correction out and regenerate the programs whose sessions it touched."""
    preview = holiday_change_preview(row, deleting=True, today=today, now=now)
    audit_record(
        action=AuditAction.DELETE,
        obj=row,
        before={"date": row.date.isoformat(), "change": row.change, "name": row.name},
    )
    row.delete()
    return _regenerate(preview, today, now)
