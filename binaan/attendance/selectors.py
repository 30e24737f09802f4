"""Reads of the attendance app: rosters, registers, today's sessions, history, printables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from binaan.accounts.models import User
from binaan.attendance.models import (
    PRESENT_CODE,
    Attendance,
    AttendanceChange,
    AttendanceReason,
    SessionRegister,
)
from binaan.core import dates
from binaan.core.documents import made_by_line, place_and_date
from binaan.facilities.models import Facility
from binaan.programs.eligibility import eligibility_failures
from binaan.programs.models import (
    Enrollment,
    Session,
    SessionFacilitator,
)
from binaan.programs.selectors import enrolled_on_q, session_local_date, session_roster
from binaan.residents.models import Resident, ResidentState


def _enrolled_on(day: date, program_ref: OuterRef | int) -> QuerySet[Enrollment]:
    # The one roster rule lives in programs.selectors.enrolled_on_q (DESIGN.md: enrolled on
    # that date, never a waitlist row, a place that ended on or before the day no longer counts).
    return Enrollment.objects.filter(enrolled_on_q(day), program=program_ref)


def roster_for_session(session: Session) -> QuerySet[Resident]:
    return session_roster(session)


def reasons_for(facility: Facility, *, active_only: bool = True) -> list[AttendanceReason]:
    reasons = AttendanceReason.objects.filter(Q(facility__isnull=True) | Q(facility=facility))
    if active_only:
        reasons = reasons.filter(is_active=True)
    return list(reasons.order_by("order", "pk"))


# --- the register --------------------------------------------------------------------------


@dataclass
class RegisterRow:
    resident: Resident
    enrolled: bool
    mark: Attendance | None = None

    @property
    def is_walk_in(self) -> bool:
        return not self.enrolled


@dataclass
class Register:
    session: Session
    day: date
    rows: list[RegisterRow]
    reasons: list[AttendanceReason]
    register: SessionRegister | None

    @property
    def version(self) -> int:
        return self.register.version if self.register else 0

    @property
    def marked_count(self) -> int:
        return sum(1 for row in self.rows if row.mark is not None)

    @property
    def is_saved(self) -> bool:
        return self.version > 0

    def counts(self) -> dict[str, int]:
        result = {reason.code: 0 for reason in self.reasons}
        for row in self.rows:
            if row.mark is not None:
                result[row.mark.reason.code] = result.get(row.mark.reason.code, 0) + 1
        return result


def session_register(session: Session) -> Register:
    """Roster plus saved marks (walk-ins included) in a constant number of queries."""
    roster = list(roster_for_session(session))
    marks = {
        mark.resident_id: mark
        for mark in Attendance.objects.filter(session=session).select_related(
            "resident__block", "reason"
        )
    }
    rows = [RegisterRow(resident=r, enrolled=True, mark=marks.pop(r.pk, None)) for r in roster]
    rows += [RegisterRow(resident=m.resident, enrolled=False, mark=m) for m in marks.values()]
    rows.sort(key=lambda row: (row.resident.full_name, row.resident.registration_number))
    return Register(
        session=session,
        day=session_local_date(session),
        rows=rows,
        reasons=reasons_for(session.facility),
        register=SessionRegister.objects.filter(session=session).select_related("saved_by").first(),
    )


def walk_in_candidates(session: Session, query: str, *, limit: int = 10) -> list[Resident]:
    """Active residents of the facility matching `query` who are not on the session's roster."""
    from binaan.residents.models import fold

    text = query.strip()
    if len(text) < 2:
        return []
    day = session_local_date(session)
    enrolled = _enrolled_on(day, session.program_id).filter(resident=OuterRef("pk"))
    marked = Attendance.objects.filter(session=session, resident=OuterRef("pk"))
    return list(
        Resident.objects.filter(facility_id=session.facility_id, state=ResidentState.ACTIVE)
        .filter(Q(search_name__contains=fold(text)) | Q(registration_number__iexact=text))
        .exclude(Exists(enrolled))
        .exclude(Exists(marked))
        .select_related("block")
        .order_by("full_name")[:limit]
    )


# --- today -------------------------------------------------------------------------------


class MarkingState:
    NOT_STARTED = "not_started"
    PARTIAL = "partial"
    COMPLETE = "complete"


@dataclass
class TodaySession:
    session: Session
    roster_count: int
    marked_count: int
    can_mark: bool

    @property
    def is_not_started(self) -> bool:
        return self.state == MarkingState.NOT_STARTED

    @property
    def is_partial(self) -> bool:
        return self.state == MarkingState.PARTIAL

    @property
    def is_complete(self) -> bool:
        return self.state == MarkingState.COMPLETE

    @property
    def state(self) -> str:
        if self.marked_count == 0:
            return MarkingState.NOT_STARTED
        if self.marked_count < self.roster_count:
            return MarkingState.PARTIAL
        return MarkingState.COMPLETE


def sessions_on_day(
    *, sessions: QuerySet[Session], facility: Facility, day: date, markable_ids: set[int] | None
) -> list[TodaySession]:
    start, end = dates.local_day_bounds(facility, day)
    roster_count = (
        _enrolled_on(day, OuterRef("program"))
        .order_by()
        .values("program")
        .annotate(n=Count("resident", distinct=True))
        .values("n")
    )
    marked_count = (
        Attendance.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        sessions.filter(facility=facility, starts_at__gte=start, starts_at__lt=end)
        .annotate(
            roster_n=Coalesce(Subquery(roster_count, output_field=IntegerField()), 0),
            marked_n=Coalesce(Subquery(marked_count, output_field=IntegerField()), 0),
        )
        .order_by("starts_at", "pk")
    )
    return [
        TodaySession(
            session=s,
            roster_count=s.roster_n,
            marked_count=s.marked_n,
            can_mark=markable_ids is None or s.pk in markable_ids,
        )
        for s in rows
    ]


# --- history ------------------------------------------------------------------------------


@dataclass
class HistoryVersion:
    version: int
    changed_by: str
    changed_at: datetime
    amend_reason: str
    total: int
    # The rows worth reading: every change of an existing mark, every first mark that is not
    # "present" and every walk-in marked with a reason; the many first "present" marks are only
    # counted.
    rows: list[AttendanceChange] = field(default_factory=list)


def register_history(session: Session, *, since_version: int = 0) -> list[HistoryVersion]:
    changes = AttendanceChange.objects.filter(session=session, version__gt=since_version)
    versions: dict[int, HistoryVersion] = {}
    for entry in (
        changes.order_by("-version")
        .values("version", "changed_by__full_name", "changed_by__username", "changed_at")
        .annotate(total=Count("pk"))
        .values(
            "version",
            "changed_by__full_name",
            "changed_by__username",
            "changed_at",
            "amend_reason",
            "total",
        )
    ):
        version = versions.get(entry["version"])
        if version is None:
            versions[entry["version"]] = HistoryVersion(
                version=entry["version"],
                changed_by=entry["changed_by__full_name"] or entry["changed_by__username"] or "",
                changed_at=entry["changed_at"],
                amend_reason=entry["amend_reason"],
                total=entry["total"],
            )
        else:
            version.total += entry["total"]
            version.amend_reason = version.amend_reason or entry["amend_reason"]
    notable = (
        changes.filter(
            Q(old_reason__isnull=False) | ~Q(new_reason__code=PRESENT_CODE) | ~Q(walk_in_reason="")
        )
        .select_related("resident", "old_reason", "new_reason")
        .order_by("-version", "resident__full_name")
    )
    for change in notable:
        if change.version in versions:
            versions[change.version].rows.append(change)
    return sorted(versions.values(), key=lambda v: -v.version)


# --- printables: plain rows for the PDF renderer ------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int
    name: str
    registration_number: str
    block: str


@dataclass(frozen=True)
class AttendanceSheet:
    letterhead: list[str]
    title: str
    program: str
    when: str
    location: str
    place_and_date: str
    rows: list[SheetRow]
    facilitators: list[str]
    officer_name: str
    officer_nip: str
    made_by: str = ""


def attendance_sheet(session: Session, *, officer: User, language: str = "id") -> AttendanceSheet:
    register = session_register(session)
    facility = session.facility
    zone = facility.tzinfo
    facilitators = [
        a.facilitator.name
        for a in SessionFacilitator.objects.filter(session=session).select_related("facilitator")
    ] or [f.name for f in session.program.facilitators.all()]
    end = timezone.localtime(session.ends_at, zone)
    return AttendanceSheet(
        letterhead=facility.letterhead,
        title="DAFTAR HADIR",
        program=session.program.name,
        when=(
            f"{dates.format_datetime(session.starts_at, zone, language=language)}"
            f"–{dates.format_time(end, zone, language=language)}"
        ),
        location=str(session.location or ""),
        place_and_date=place_and_date(facility, dates.facility_today(facility)),
        rows=[
            SheetRow(
                number=i,
                name=row.resident.full_name,
                registration_number=row.resident.registration_number,
                block=str(row.resident.block or ""),
            )
            for i, row in enumerate(register.rows, start=1)
        ],
        facilitators=facilitators,
        officer_name=officer.display_name,
        officer_nip=officer.nip,
        made_by=made_by_line(officer.display_name, timezone.now(), zone),
    )


@dataclass(frozen=True)
class IdCard:
    name: str
    registration_number: str
    block: str
    facility: str


def id_cards(residents: Iterable[Resident], facility: Facility) -> list[IdCard]:
    return [
        IdCard(
            name=r.full_name,
            registration_number=r.registration_number,
            block=str(r.block or ""),
            facility=facility.name,
        )
        for r in residents
    ]


def residents_for_cards(
    *, facility: Facility, block_id: int | None = None, resident_ids: list[int] | None = None
) -> QuerySet[Resident]:
    residents = Resident.objects.filter(facility=facility, state=ResidentState.ACTIVE)
    if block_id:
        residents = residents.filter(block_id=block_id)
    if resident_ids:
        residents = residents.filter(pk__in=resident_ids)
    return residents.select_related("block").order_by("block__name", "full_name")


def walk_in_candidates_by_id(session: Session, resident_ids: Iterable[int]) -> list[Resident]:
    """The given residents, if they are active residents of the session's facility."""
    ids = list(resident_ids)
    if not ids:
        return []
    roster_or_marked = Q(
        Exists(Attendance.objects.filter(session=session, resident=OuterRef("pk")))
    )
    return list(
        Resident.objects.filter(
            facility_id=session.facility_id, state=ResidentState.ACTIVE, pk__in=ids
        )
        .exclude(roster_or_marked)
        .exclude(pk__in=roster_for_session(session).values("pk"))
        .select_related("block")
        .order_by("full_name")
    )


def walk_in_failures(session: Session, residents: Iterable[Resident]) -> dict[int, list[str]]:
    """The program's eligibility rules each walk-in fails (only those who fail one), in one
    query whatever the number of residents (the program's blocks)."""
    people = list(residents)
    if not people:
        return {}
    program = session.program
    block_ids = set(program.blocks.values_list("pk", flat=True))
    found = {r.pk: eligibility_failures(program, r, block_ids) for r in people}
    return {pk: rules for pk, rules in found.items() if rules}
