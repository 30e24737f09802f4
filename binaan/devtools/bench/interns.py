"""Benchmarks of the interns app: 20 interns of one mentor, each placed six months ago (until
two weeks from now) with a presence day and a logbook entry for every working day so far.

Dates are relative to the facility's today: the month measured is the whole month that holds
the day 60 days ago (always inside the placement), and the logbook pre-fill is measured for the
last working day before today, with three sessions and no entry yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from binaan.accounts.models import Membership, Role, User
from binaan.core.dates import facility_today
from binaan.devtools.bench.programs import bench_facility, bench_user, ok
from binaan.devtools.benchmarking import BenchResult, measure, page_client
from binaan.facilities.models import Facility
from binaan.interns import rules, selectors
from binaan.interns.models import (
    LogbookEntry,
    LogbookState,
    Placement,
    PresenceDay,
)
from binaan.programs.models import (
    AssignmentTask,
    Program,
    ProgramCategory,
    Session,
    SessionIntern,
)

INTERNS = 20


def _at(facility: Facility, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), facility.tzinfo)


def _last_working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _placements(facility: Facility, mentor: User, start: date, end: date) -> list[Placement]:
    interns = User.objects.bulk_create(
        User(username=f"bench-intern-{i:02d}", full_name=f"Mahasiswa Magang {i:02d}")
        for i in range(INTERNS)
    )
    Membership.objects.bulk_create(
        Membership(user=user, facility=facility, role=Role.INTERN) for user in interns
    )
    return Placement.objects.bulk_create(
        Placement(
            facility=facility,
            intern=user,
            mentor=mentor,
            university="Universitas Balikpapan",
            batch="Magang Nasional Batch Bench",
            unit="Seksi Bimbingan Kemasyarakatan",
            start_date=start,
            end_date=end,
        )
        for user in interns
    )


def _diaries(
    facility: Facility, placements: list[Placement], mentor: User, days: list[date], skip: date
) -> None:
    """Presence (08.00–16.00) and a logbook entry for every day; entries of the last week are
    awaiting the mentor, older ones verified the Friday of their week. No entry on `skip`."""
    recent = days[-1] - timedelta(days=7)
    presence: list[PresenceDay] = []
    entries: list[LogbookEntry] = []
    for placement in placements:
        for day in days:
            presence.append(
                PresenceDay(
                    facility=facility,
                    placement=placement,
                    date=day,
                    check_in=_at(facility, day, 8),
                    check_out=_at(facility, day, 16),
                )
            )
            if day == skip:
                continue
            verified = day <= recent
            entries.append(
                LogbookEntry(
                    facility=facility,
                    placement=placement,
                    date=day,
                    activities="Mendampingi kegiatan pembinaan dan mencatat kehadiran.",
                    hours=Decimal("7.5"),
                    learned="Prosedur registrasi warga binaan.",
                    state=LogbookState.VERIFIED if verified else LogbookState.SUBMITTED,
                    submitted_at=_at(facility, day, 16, 30),
                    verified_by=mentor if verified else None,
                    verified_at=_at(facility, day + timedelta(days=4 - day.weekday()), 15)
                    if verified
                    else None,
                )
            )
    PresenceDay.objects.bulk_create(presence, batch_size=1000)
    LogbookEntry.objects.bulk_create(entries, batch_size=1000)


def _three_sessions(facility: Facility, intern: User, day: date) -> None:
    program = Program.objects.create(
        facility=facility,
        name="Pengajian Rutin Bench",
        category=ProgramCategory.objects.filter(is_active=True).order_by("pk")[0],
        start_date=day - timedelta(days=365),
    )
    sessions = Session.objects.bulk_create(
        Session(
            facility=facility,
            program=program,
            starts_at=_at(facility, day, hour),
            ends_at=_at(facility, day, hour + 2),
        )
        for hour in (8, 10, 13)
    )
    SessionIntern.objects.bulk_create(
        SessionIntern(session=session, user=intern, task=AssignmentTask.ASSISTANT)
        for session in sessions
    )


def benchmark() -> list[BenchResult]:
    facility = bench_facility("BENCH-MG", "Bench Interns")
    today = facility_today(facility)
    start, end = today - timedelta(days=183), today + timedelta(days=14)
    mentor = bench_user(facility, "bench-interns-mentor", Role.OFFICER)
    mentor.nip = "198001012005011001"
    mentor.save(update_fields=["nip"])
    placements = _placements(facility, mentor, start, end)
    prefill_day = _last_working_day_before(today)
    days = rules.working_days(start, prefill_day)
    _diaries(facility, placements, mentor, days, skip=prefill_day)
    placement = placements[0]
    intern = placement.intern
    _three_sessions(facility, intern, prefill_day)

    client = page_client(mentor)
    intern_client = page_client(intern)
    first = rules.month_start(today - timedelta(days=60))
    report = selectors.month_report(placement=placement, month=first)
    assert report.days_present >= 15 and report.total_hours > 100  # noqa: S101 - a full month
    month = first.strftime("%Y-%m")
    base = f"/interns/{placement.pk}/month/"

    def page(url: str, on: Any = client) -> Any:
        return lambda: ok(on.get(url))

    def prefill() -> None:
        lines = selectors.logbook_prefill(placement=placement, day=prefill_day)
        hours = selectors.prefill_hours(placement=placement, day=prefill_day)
        assert len(lines) == 3 and hours == Decimal("6.0")  # noqa: S101

    logbook_url = f"/interns/{placement.pk}/logbook/?date={prefill_day.isoformat()}"
    return [
        measure("interns: month page, 6-month placement", page(f"{base}?month={month}")),
        measure("interns: month XLSX", page(f"{base}xlsx/?month={month}")),
        measure("interns: month PDF", page(f"{base}pdf/?month={month}")),
        measure("interns: mentor page, 20 interns", page("/interns/mentor/")),
        measure("interns: logbook prefill, 3 sessions (selectors)", prefill),
        measure("interns: logbook page with prefill, 3 sessions", page(logbook_url, intern_client)),
    ]
