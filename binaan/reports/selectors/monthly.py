"""The facility's monthly report and its 12-month trend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from binaan.attendance.models import Attendance
from binaan.core.dates import month_name
from binaan.facilities.models import Facility
from binaan.partners.models import PartnerKind
from binaan.programs.models import CategoryGroup, Session, SessionFacilitator, SessionStatus
from binaan.reports.selectors.common import (
    MARKS,
    Breakdown,
    Involvement,
    Month,
    MonthlyReport,
    Row,
    TrendPoint,
)
from binaan.residents.models import CustodyStatus, Religion, Sex

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
                label=f"{month_name(month.month, language='id')[:3]} {month.year % 100:02d}",
                marked=data.get("marked", 0),
                present=data.get("present", 0),
                excused=data.get("excused", 0),
            )
        )
    return points
