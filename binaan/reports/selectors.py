"""The one selector layer of the reports: every figure of the page, the XLSX/PDF/CSV/JSON exports,
the `monthly_report` command, the API and the dashboard comes from here, so they cannot disagree.

Counting happens in SQL (conditional COUNT grouped with values() + annotate); each function costs
a fixed number of queries whatever the number of residents, sessions, marks or facilities.
The month is the facility's calendar month (its own time zone, WIB/WITA/WIT), never a UTC month.

Definitions (docs/reports.md repeats them for readers):
- planned: every session starting in the month, whatever its status;
- cancelled: planned sessions with status cancelled;
- held: not cancelled, started before the month's end (and before now) and has at least one
  attendance mark; a session that ended without any mark is "no attendance taken", not held,
  because nothing shows it took place;
- participations: marks whose reason counts as present (hadir, terlambat);
- unique participants: residents with at least one such mark;
- attendance rate: binaan.attendance.rates (present ÷ (marked − excused)), nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from binaan.accounts.models import Role
from binaan.attendance import rates
from binaan.attendance.models import Attendance
from binaan.core.workplace import Workplace
from binaan.facilities.models import Facility, RegionalOffice
from binaan.partners.models import Partner, PartnerKind
from binaan.programs.models import CategoryGroup, Session, SessionFacilitator, SessionStatus
from binaan.residents.models import CustodyStatus, Religion, Sex

FACILITY_REPORT_ROLES = (Role.ADMIN, Role.HEAD, Role.OFFICER)
AGGREGATE_ROLES = (Role.REGIONAL, Role.NATIONAL)

# Marks of a month: the tally of the one rate definition plus participations and participants.
MARKS = {
    "marked": Count("pk"),
    "present": Count("pk", filter=Q(reason__counts_present=True)),
    "excused": Count("pk", filter=Q(reason__excused=True)),
    "participants": Count("resident", distinct=True, filter=Q(reason__counts_present=True)),
}


# --- months ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2026-03' → Month(2026, 3); ValueError with the offending text otherwise."""
        try:
            year_text, month_text = text.strip().split("-")
            value = cls(int(year_text), int(month_text))
        except ValueError as error:
            raise ValueError(f"Not a month (YYYY-MM): {text!r}") from error
        if not (1 <= value.month <= 12 and 2000 <= value.year <= 2100):
            raise ValueError(f"Not a month (YYYY-MM): {text!r}")
        return value

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def bounds(self, facility: Facility) -> tuple[datetime, datetime]:
        """Start and end (exclusive) of the month in the facility's zone, as aware datetimes."""
        zone = facility.tzinfo
        start = datetime.combine(self.first_day, time.min, tzinfo=zone)
        end = datetime.combine(self.shifted(1).first_day, time.min, tzinfo=zone)
        return start, end


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a breakdown. Session counts are empty (None) for breakdowns by a resident's
    attribute (sex, custody status, religion, block): a session is not of one sex."""

    key: str
    label: str
    marked: int = 0
    present: int = 0
    excused: int = 0
    participants: int = 0
    planned: int | None = None
    held: int | None = None
    cancelled: int | None = None
    not_taken: int | None = None

    @property
    def tally(self) -> rates.Tally:
        return rates.Tally(marked=self.marked, present=self.present, excused=self.excused)

    @property
    def absent(self) -> int:
        return self.tally.absent

    @property
    def participations(self) -> int:
        return self.present

    @property
    def rate(self) -> float | None:
        return self.tally.rate

    @property
    def percent(self) -> int | None:
        return self.tally.percent

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "label": self.label}
        for name in ("planned", "held", "cancelled", "not_taken"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        data.update(
            participants=self.participants,
            participations=self.participations,
            marked=self.marked,
            present=self.present,
            excused=self.excused,
            absent=self.absent,
            rate=None if self.rate is None else round(self.rate, 4),
        )
        return data


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[Row]
    has_sessions: bool


@dataclass
class Involvement:
    """A partner, facilitator or intern and what they did in the month."""

    key: str
    name: str
    detail: str
    sessions: int
    hours: Decimal | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "name": self.name,
            "detail": self.detail,
            "sessions": self.sessions,
        }
        if self.hours is not None:
            data["hours"] = float(self.hours)
        return data


@dataclass
class TrendPoint:
    start: date
    label: str
    marked: int
    present: int
    excused: int

    @property
    def tally(self) -> rates.Tally:
        return rates.Tally(marked=self.marked, present=self.present, excused=self.excused)

    @property
    def percent(self) -> int | None:
        return self.tally.percent


@dataclass
class MonthlyReport:
    facility: Facility
    month: Month
    total: Row
    previous: Row
    breakdowns: list[Breakdown]
    cancel_reasons: list[tuple[str, int]]
    partners: list[Involvement]
    facilitators: list[Involvement]
    interns: list[Involvement]
    trend: list[TrendPoint]
    generated_at: datetime = field(default_factory=timezone.now)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)

    @property
    def interns_installed(self) -> bool:
        return apps.is_installed("binaan.interns")


# --- facility month ----------------------------------------------------------------------------


def _session_rows(
    facility_ids: Sequence[int],
    windows: Mapping[int, tuple[datetime, datetime]],
    group_by: Sequence[str],
    *,
    now: datetime,
) -> list[dict[str, Any]]:
    """Planned/held/cancelled/not-taken counts grouped by `group_by` in one query.

    `windows` maps facility id → month bounds: facilities of several zones get their own months.
    """
    in_month = Q(pk__in=[])
    for facility_id in facility_ids:
        start, end = windows[facility_id]
        in_month |= Q(facility_id=facility_id, starts_at__gte=start, starts_at__lt=end)
    cutoffs = Q(pk__in=[])
    for facility_id in facility_ids:
        _start, end = windows[facility_id]
        cutoffs |= Q(facility_id=facility_id, starts_at__lt=min(end, now))
    cancelled = Q(status=SessionStatus.CANCELLED)
    return list(
        Session.objects.filter(in_month)
        .annotate(has_marks=Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .order_by()
        .values(*group_by)
        .annotate(
            planned=Count("pk"),
            cancelled=Count("pk", filter=cancelled),
            held=Count("pk", filter=~cancelled & cutoffs & Q(has_marks=True)),
            not_taken=Count("pk", filter=~cancelled & Q(ends_at__lt=now) & Q(has_marks=False)),
        )
    )


def _marks(
    facility_ids: Sequence[int], windows: Mapping[int, tuple[datetime, datetime]]
) -> QuerySet[Attendance]:
    in_month = Q(pk__in=[])
    for facility_id in facility_ids:
        start, end = windows[facility_id]
        # facility_id on both tables: the (facility, session) and (facility, starts_at) indexes.
        in_month |= Q(
            facility_id=facility_id,
            session__facility_id=facility_id,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
    return (
        Attendance.objects.filter(in_month)
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by()
    )


def _mark_rows(
    facility_ids: Sequence[int],
    windows: Mapping[int, tuple[datetime, datetime]],
    group_by: Sequence[str],
) -> list[dict[str, Any]]:
    return list(_marks(facility_ids, windows).values(*group_by).annotate(**MARKS))


def _fill(row: Row, data: Mapping[str, Any]) -> Row:
    for name in ("marked", "present", "excused", "participants"):
        if name in data:
            setattr(row, name, data[name])
    for name in ("planned", "held", "cancelled", "not_taken"):
        if name in data:
            setattr(row, name, (getattr(row, name) or 0) + data[name])
    return row


def _add_sessions(target: Row, data: Mapping[str, Any]) -> None:
    for name in ("planned", "held", "cancelled", "not_taken"):
        setattr(target, name, (getattr(target, name) or 0) + data[name])


def _session_breakdowns(
    session_rows: list[dict[str, Any]],
    marks_by: dict[str, dict[Any, dict[str, Any]]],
) -> tuple[Row, list[Breakdown]]:
    """Programs, PP 31/1999 areas and groups from one session query grouped by program, with the
    mark queries grouped by the same keys (participants are distinct per level, never summed)."""
    total = Row(key="total", label=str(_("Total")), planned=0, held=0, cancelled=0, not_taken=0)
    programs: dict[Any, Row] = {}
    areas: dict[Any, Row] = {}
    groups: dict[Any, Row] = {}
    group_labels = dict(CategoryGroup.choices)
    for data in session_rows:
        _add_sessions(total, data)
        for store, key, label in (
            (programs, data["program_id"], data["program__name"]),
            (areas, data["program__category_id"], data["program__category__name"]),
            (
                groups,
                data["program__category__group"],
                str(group_labels.get(data["program__category__group"], "")),
            ),
        ):
            row = store.setdefault(key, Row(key=str(key), label=label))
            _add_sessions(row, data)
    # Programs, areas or groups with marks but no session in the month cannot exist (marks hang
    # on the month's sessions), so the session rows are the complete list.
    for store, marks_key in ((programs, "program"), (areas, "area"), (groups, "group")):
        for key, row in store.items():
            _fill(row, marks_by[marks_key].get(key, {}))
    return total, [
        Breakdown(
            "group",
            str(_("By category group")),
            sorted(groups.values(), key=lambda r: r.key),
            True,
        ),
        Breakdown(
            "area",
            str(_("By area (PP 31/1999)")),
            sorted(areas.values(), key=lambda r: r.label),
            True,
        ),
        Breakdown(
            "program",
            str(_("By program")),
            sorted(programs.values(), key=lambda r: r.label),
            True,
        ),
    ]


RESIDENT_DIMENSIONS: list[tuple[str, str, Any]] = [
    ("sex", "resident__sex", Sex),
    ("custody", "resident__custody_status", CustodyStatus),
    ("religion", "resident__religion", Religion),
    ("block", "resident__block__name", None),
]


def _resident_title(key: str) -> str:
    return {
        "sex": str(_("By sex")),
        "custody": str(_("By custody status")),
        "religion": str(_("By religion")),
        "block": str(_("By block")),
    }[key]


def _resident_breakdown(
    key: str, column: str, choices: Any, rows: list[dict[str, Any]]
) -> Breakdown:
    labels = dict(choices.choices) if choices is not None else {}
    result = []
    for data in rows:
        value = data[column]
        label = str(labels.get(value, value)) if value else str(_("(not recorded)"))
        result.append(_fill(Row(key=value or "", label=label), data))
    result.sort(key=lambda r: (r.key == "", r.label))
    return Breakdown(key, _resident_title(key), result, False)


def _interns(facility: Facility, month: Month) -> list[Involvement]:
    """Interns with presence hours in the month. Empty until the interns app is installed.

    Hours are check_out − check_in of each PresenceDay of the month (the facility's days);
    a day without a check-out counts no hours.
    """
    if not apps.is_installed("binaan.interns"):
        return []
    from binaan.interns.models import PresenceDay

    last_day = month.shifted(1).first_day - timedelta(days=1)
    days = (
        PresenceDay.objects.filter(
            facility=facility,
            date__gte=month.first_day,
            date__lte=last_day,
            check_in__isnull=False,
            check_out__isnull=False,
        )
        .order_by()
        .values_list(
            "placement__intern_id",
            "placement__intern__full_name",
            "placement__intern__username",
            "date",
            "check_in",
            "check_out",
        )
    )
    hours: dict[int, Decimal] = defaultdict(Decimal)
    count: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    for intern_id, full_name, username, _day, check_in, check_out in days:
        names[intern_id] = full_name or username
        # Both are set (filtered above); the database keeps check-out after check-in.
        seconds = (check_out - check_in).total_seconds() if check_in and check_out else 0.0
        hours[intern_id] += Decimal(max(seconds, 0) / 3600).quantize(Decimal("0.01"))
        count[intern_id] += 1
    return sorted(
        (
            Involvement(
                key=str(pk),
                name=names[pk],
                detail=str(_("%(days)s days present") % {"days": count[pk]}),
                sessions=count[pk],
                hours=hours[pk],
            )
            for pk in names
        ),
        key=lambda i: i.name,
    )


def _held_sessions(facility: Facility, month: Month, now: datetime) -> QuerySet[Session]:
    start, end = month.bounds(facility)
    return (
        Session.objects.filter(facility=facility, starts_at__gte=start, starts_at__lt=min(end, now))
        .exclude(status=SessionStatus.CANCELLED)
        .filter(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
    )


def _involvement(facility: Facility, month: Month, now: datetime) -> tuple[list[Involvement], ...]:
    held = _held_sessions(facility, month, now)
    facilitator_rows = (
        SessionFacilitator.objects.filter(session__in=held)
        .order_by()
        .values("facilitator_id", "facilitator__name", "facilitator__partner__name")
        .annotate(sessions=Count("session", distinct=True))
        .order_by("facilitator__name")
    )
    facilitators = [
        Involvement(
            key=str(r["facilitator_id"]),
            name=r["facilitator__name"],
            detail=r["facilitator__partner__name"] or "",
            sessions=r["sessions"],
        )
        for r in facilitator_rows
    ]
    # A partner is involved through its programs' held sessions or its facilitators' sessions;
    # a session counts once per partner even when both paths lead to it. Two queries of
    # (partner, session) pairs: as many rows as held sessions, never one query per partner.
    sessions_of: dict[int, set[int]] = defaultdict(set)
    names: dict[int, tuple[str, str]] = {}
    for partner_id, name, kind, session_id in held.filter(
        program__partners__isnull=False
    ).values_list("program__partners", "program__partners__name", "program__partners__kind", "pk"):
        sessions_of[partner_id].add(session_id)
        names[partner_id] = (name, kind)
    for partner_id, name, kind, session_id in SessionFacilitator.objects.filter(
        session__in=held, facilitator__partner__isnull=False
    ).values_list(
        "facilitator__partner_id",
        "facilitator__partner__name",
        "facilitator__partner__kind",
        "session_id",
    ):
        sessions_of[partner_id].add(session_id)
        names[partner_id] = (name, kind)
    kinds = dict(PartnerKind.choices)
    partners = sorted(
        (
            Involvement(
                key=str(pk),
                name=names[pk][0],
                detail=str(kinds.get(names[pk][1], names[pk][1])),
                sessions=len(sessions_of[pk]),
            )
            for pk in names
        ),
        key=lambda i: i.name,
    )
    return partners, facilitators


def monthly_report(
    *, facility: Facility, month: Month, now: datetime | None = None
) -> MonthlyReport:
    """The facility's Laporan Bulanan Pembinaan dan Pelayanan, in a fixed number of queries."""
    now = now or timezone.now()
    ids = [facility.pk]
    windows = {facility.pk: month.bounds(facility)}
    session_rows = _session_rows(
        ids,
        windows,
        ["program_id", "program__name", "program__category_id", "program__category__name",
         "program__category__group"],
        now=now,
    )  # fmt: skip
    marks_by: dict[str, dict[Any, dict[str, Any]]] = {}
    for key, column in (
        ("program", "session__program_id"),
        ("area", "session__program__category_id"),
        ("group", "session__program__category__group"),
    ):
        marks_by[key] = {r[column]: r for r in _mark_rows(ids, windows, [column])}
    total, breakdowns = _session_breakdowns(session_rows, marks_by)
    overall = _marks(ids, windows).aggregate(**MARKS)
    _fill(total, overall)
    for key, column, choices in RESIDENT_DIMENSIONS:
        breakdowns.append(
            _resident_breakdown(key, column, choices, _mark_rows(ids, windows, [column]))
        )

    previous_month = month.shifted(-1)
    previous_windows = {facility.pk: previous_month.bounds(facility)}
    previous = Row(key=str(previous_month), label=str(previous_month), planned=0, held=0,
                   cancelled=0, not_taken=0)  # fmt: skip
    for data in _session_rows(ids, previous_windows, ["facility_id"], now=now):
        _add_sessions(previous, data)
    _fill(previous, _marks(ids, previous_windows).aggregate(**MARKS))

    start, end = month.bounds(facility)
    cancel_reasons = [
        (r["cancel_reason"] or str(_("(no reason given)")), r["n"])
        for r in Session.objects.filter(
            facility=facility,
            starts_at__gte=start,
            starts_at__lt=end,
            status=SessionStatus.CANCELLED,
        )
        .order_by()
        .values("cancel_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "cancel_reason")
    ]
    partners, facilitators = _involvement(facility, month, now)
    return MonthlyReport(
        facility=facility,
        month=month,
        total=total,
        previous=previous,
        breakdowns=breakdowns,
        cancel_reasons=cancel_reasons,
        partners=partners,
        facilitators=facilitators,
        interns=_interns(facility, month),
        trend=monthly_trend(facility=facility, last=month),
        generated_at=now,
    )


def monthly_trend(*, facility: Facility, last: Month, months: int = 12) -> list[TrendPoint]:
    """Marks per month for the `months` months ending with `last` (empty months included)."""
    from binaan.core.dates import MONTHS

    first = last.shifted(-(months - 1))
    start, _unused = first.bounds(facility)
    _unused2, end = last.bounds(facility)
    rows: dict[Any, dict[str, Any]] = {
        (r["month"].date() if isinstance(r["month"], datetime) else r["month"]): dict(r)
        for r in Attendance.objects.filter(
            facility=facility,
            session__facility=facility,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by()
        .annotate(month=TruncMonth("session__starts_at", tzinfo=facility.tzinfo))
        .values("month")
        .annotate(**MARKS)
    }
    points = []
    for offset in range(months):
        month = first.shifted(offset)
        data: dict[str, Any] = rows.get(month.first_day) or {}
        points.append(
            TrendPoint(
                start=month.first_day,
                label=f"{MONTHS['id'][month.month - 1][:3]} {month.year % 100:02d}",
                marked=data.get("marked", 0),
                present=data.get("present", 0),
                excused=data.get("excused", 0),
            )
        )
    return points


# --- scope of regional and national users --------------------------------------------------------


def facilities_in_scope(workplace: Workplace) -> QuerySet[Facility]:
    """Facilities whose reports the user may open.

    A facility user: the active facility only (switching facility is how they see another one).
    A regional user (Kanwil): every facility of their regional offices. A national user
    (Ditjenpas): every facility. Anyone else: none.
    """
    facilities = Facility.objects.select_related("regional_office")
    if workplace.facility is not None:
        return facilities.filter(pk=workplace.facility.pk)
    if workplace.is_national:
        return facilities.all()
    offices = [office.pk for office in workplace.regional_offices]
    return facilities.filter(regional_office_id__in=offices)


def offices_in_scope(workplace: Workplace) -> QuerySet[RegionalOffice]:
    """Regional offices a user may name in a URL (else 404).

    A facility user may name the offices of their own facilities: the page then refuses them by
    role (403), which says nothing they do not already know; any other office is a 404.
    """
    if workplace.is_national:
        return RegionalOffice.objects.all()
    if workplace.facility is not None:
        return RegionalOffice.objects.filter(
            pk__in=[f.regional_office_id for f in workplace.facilities]
        )
    return RegionalOffice.objects.filter(pk__in=[o.pk for o in workplace.regional_offices])


# --- regional and national consolidation -----------------------------------------------------


@dataclass
class FacilityLine:
    facility_id: int
    name: str
    code: str
    region: str
    row: Row
    rank: int | None = None


@dataclass
class Consolidation:
    month: Month
    title: str
    lines: list[FacilityLine]
    total: Row
    regions: list[Row]
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def ranking(self) -> list[FacilityLine]:
        return sorted(
            (line for line in self.lines if line.rank is not None), key=lambda line: line.rank or 0
        )

    @property
    def without_attendance(self) -> list[FacilityLine]:
        return [line for line in self.lines if line.row.not_taken]


def consolidation(
    *, facilities: Iterable[Facility], month: Month, title: str, now: datetime | None = None
) -> Consolidation:
    """The same figures per facility side by side, totals, per region and a ranking by rate.

    Three queries whatever the number of facilities: the facility list (given), the sessions
    grouped by facility, the marks grouped by facility. Aggregates only: no resident's name.
    """
    now = now or timezone.now()
    facility_list = list(facilities)
    ids = [f.pk for f in facility_list]
    windows = {f.pk: month.bounds(f) for f in facility_list}
    lines: dict[int, FacilityLine] = {
        f.pk: FacilityLine(
            facility_id=f.pk,
            name=f.name,
            code=f.code,
            region=f.regional_office.name,
            row=Row(key=f.code, label=f.name, planned=0, held=0, cancelled=0, not_taken=0),
        )
        for f in facility_list
    }
    if ids:
        for data in _session_rows(ids, windows, ["facility_id"], now=now):
            _add_sessions(lines[data["facility_id"]].row, data)
        for data in _mark_rows(ids, windows, ["facility_id"]):
            _fill(lines[data["facility_id"]].row, data)
    total = Row(key="total", label=str(_("Total")), planned=0, held=0, cancelled=0, not_taken=0)
    regions: dict[str, Row] = {}
    for line in lines.values():
        for target in (
            total,
            regions.setdefault(
                line.region,
                Row(
                    key=line.region, label=line.region, planned=0, held=0, cancelled=0, not_taken=0
                ),  # fmt: skip
            ),
        ):
            _add_sessions(target, line.row.as_dict())
            # Residents belong to one facility, so participants add up across facilities.
            for name in ("marked", "present", "excused", "participants"):
                setattr(target, name, getattr(target, name) + getattr(line.row, name))
    ordered = sorted(lines.values(), key=lambda line: (line.region, line.name))
    rated = sorted(
        (line for line in ordered if line.row.rate is not None),
        key=lambda line: (-(line.row.rate or 0), line.name),
    )
    for position, line in enumerate(rated, start=1):
        line.rank = position
    return Consolidation(
        month=month,
        title=title,
        lines=ordered,
        total=total,
        regions=sorted(regions.values(), key=lambda r: r.label),
        generated_at=now,
    )


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
    logbooks_awaiting: int | None


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_trend(*, facility: Facility, today: date, weeks: int = TREND_WEEKS) -> list[TrendPoint]:
    """Marks per week (Monday to Sunday, the facility's days) for the last `weeks` weeks."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    start = datetime.combine(first, time.min, tzinfo=facility.tzinfo)
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
        Session.objects.filter(facility=facility, ends_at__lt=now)
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .select_related("program")
        .order_by("-starts_at")
    )


def logbooks_awaiting(*, facility: Facility) -> int | None:
    """Interns' logbook entries submitted and not yet verified; None without the interns app."""
    if not apps.is_installed("binaan.interns"):
        return None
    from binaan.interns.models import LogbookEntry

    return int(LogbookEntry.objects.filter(placement__facility=facility, state="submitted").count())


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


def rows_as_long_table(report: MonthlyReport) -> list[tuple[str, str, str, Any]]:
    """(breakdown, key, metric, value): the CSV's one long table and the XLSX/page comparison."""
    table: list[tuple[str, str, str, Any]] = []
    for name, row in (("total", report.total), ("previous_month", report.previous)):
        for metric, value in row.as_dict().items():
            if metric not in {"key", "label"}:
                table.append((name, row.key, metric, value))
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            for metric, value in row.as_dict().items():
                if metric not in {"key", "label"}:
                    table.append((breakdown.key, row.label, metric, value))
    for reason, n in report.cancel_reasons:
        table.append(("cancel_reason", reason, "sessions", n))
    for kind, people in (
        ("partner", report.partners),
        ("facilitator", report.facilitators),
        ("intern", report.interns),
    ):
        for person in people:
            table.append((kind, person.name, "sessions", person.sessions))
            if person.hours is not None:
                table.append((kind, person.name, "hours", float(person.hours)))
    for point in report.trend:
        table.append(("trend", point.start.isoformat(), "marked", point.marked))
        rate = point.tally.rate
        table.append(
            ("trend", point.start.isoformat(), "rate", None if rate is None else round(rate, 4))
        )
    return table


def report_as_dict(report: MonthlyReport) -> dict[str, Any]:
    """The JSON of the command and the API: the same figures as the page."""
    return {
        "facility": {"code": report.facility.code, "name": report.facility.name},
        "month": str(report.month),
        "generated_at": report.generated_at.isoformat(),
        "total": report.total.as_dict(),
        "previous_month": report.previous.as_dict(),
        "breakdowns": {
            b.key: {"title": b.title, "rows": [r.as_dict() for r in b.rows]}
            for b in report.breakdowns
        },
        "cancel_reasons": [{"reason": r, "sessions": n} for r, n in report.cancel_reasons],
        "partners": [p.as_dict() for p in report.partners],
        "facilitators": [f.as_dict() for f in report.facilitators],
        "interns": [i.as_dict() for i in report.interns],
        "trend": [
            {
                "month": p.start.isoformat()[:7],
                "marked": p.marked,
                "present": p.present,
                "excused": p.excused,
                "rate": None if p.tally.rate is None else round(p.tally.rate, 4),
            }
            for p in report.trend
        ],
    }


def consolidation_as_dict(report: Consolidation) -> dict[str, Any]:
    return {
        "title": report.title,
        "month": str(report.month),
        "total": report.total.as_dict(),
        "regions": [r.as_dict() for r in report.regions],
        "facilities": [
            {"code": line.code, "name": line.name, "region": line.region, "rank": line.rank,
             **line.row.as_dict()}
            for line in report.lines
        ],
    }  # fmt: skip
