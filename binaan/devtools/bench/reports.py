"""Benchmarks of the reports: the monthly report of a generated facility (1,000 residents,
30 programs, one month of sessions with marks) and the regional report of 10 such facilities."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from binaan.accounts.models import Membership, Role, User
from binaan.attendance.models import Attendance, AttendanceReason
from binaan.devtools.benchmarking import BenchResult, measure, page_client
from binaan.facilities.models import Facility, Location, LocationKind, RegionalOffice
from binaan.programs.models import Program, ProgramCategory, Session, SessionStatus
from binaan.reports.selectors import Month, consolidation, monthly_report
from binaan.residents.models import Resident

MONTH = Month(2026, 3)


def _facility(office: RegionalOffice, number: int, *, residents: int, programs: int) -> Facility:
    """A facility with `residents` residents in 10 blocks and `programs` weekly programs of 25
    participants each, marked for every session of MONTH (one in 20 sessions cancelled)."""
    rng = random.Random(number)  # noqa: S311 - test data, not security
    facility = Facility.objects.create(
        regional_office=office, type="lapas", name=f"Bench Lapas {number}", code=f"BENCH-LP{number}"
    )
    blocks = Location.objects.bulk_create(
        Location(facility=facility, name=f"Blok {i}", kind=LocationKind.BLOCK) for i in range(10)
    )
    people = Resident.objects.bulk_create(
        Resident(
            facility=facility,
            registration_number=f"B{number}-{i:05d}",
            full_name=f"Bench {i}",
            search_name=f"bench {i}",
            sex="L" if i % 3 else "P",
            custody_status="narapidana" if i % 4 else "tahanan",
            religion=["islam", "kristen", "katolik", "hindu", "buddha"][i % 5],
            block=blocks[i % 10],
        )  # fmt: skip
        for i in range(residents)
    )
    categories = list(ProgramCategory.objects.all())
    reasons = list(AttendanceReason.objects.filter(facility__isnull=True))
    weights = [8 if r.counts_present else 1 for r in reasons]
    programs_made = Program.objects.bulk_create(
        Program(
            facility=facility,
            name=f"Program {i}",
            category=categories[i % len(categories)],
            start_date=date(2026, 1, 1),
        )  # fmt: skip
        for i in range(programs)
    )
    sessions = []
    for index, program in enumerate(programs_made):
        for day in range(1 + index % 7, 32, 7):
            start = datetime.combine(date(2026, 3, day), time(9), tzinfo=facility.tzinfo)
            cancelled = rng.random() < 0.05
            sessions.append(
                Session(
                    facility=facility,
                    program=program,
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    status=SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED,
                )  # fmt: skip
            )
    Session.objects.bulk_create(sessions)
    marks = []
    for session in sessions:
        if session.status == SessionStatus.CANCELLED:
            continue
        offset = (session.program_id * 25) % residents
        for resident in people[offset : offset + 25]:
            marks.append(
                Attendance(
                    facility=facility,
                    session=session,
                    resident=resident,
                    reason=rng.choices(reasons, weights)[0],
                    marked_at=session.starts_at,
                )  # fmt: skip
            )
    Attendance.objects.bulk_create(marks, batch_size=2000)
    return facility


def benchmark() -> list[BenchResult]:
    office = RegionalOffice.objects.create(
        name="Bench Kanwil Reports", code="BENCH-RKW", province="-"
    )
    facilities = [_facility(office, 0, residents=1000, programs=30)]
    facilities += [_facility(office, n, residents=300, programs=10) for n in range(1, 10)]
    facility = facilities[0]
    head = User.objects.create(username="bench-report-head")
    Membership.objects.create(user=head, facility=facility, role=Role.HEAD)
    kanwil = User.objects.create(username="bench-report-kanwil")
    Membership.objects.create(user=kanwil, role=Role.REGIONAL, regional_office=office)
    head_client, kanwil_client = page_client(head), page_client(kanwil)
    marks = Attendance.objects.filter(facility=facility).count()
    url = f"/reports/facilities/{facility.pk}/?month={MONTH}"
    regional_url = f"/reports/regions/{office.pk}/?month={MONTH}"
    return [
        measure(
            f"reports: monthly selectors, 1,000 residents, {marks:,} marks",
            lambda: monthly_report(facility=facility, month=MONTH),
        ),
        measure("reports: monthly report page", lambda: head_client.get(url)),
        measure("reports: monthly report XLSX", lambda: head_client.get(url + "&export=xlsx")),
        measure("reports: monthly report PDF", lambda: head_client.get(url + "&export=pdf")),
        measure(
            "reports: regional selectors, 10 facilities",
            lambda: consolidation(facilities=facilities, month=MONTH, title="Bench"),
        ),
        measure(
            "reports: regional report page, 10 facilities", lambda: kanwil_client.get(regional_url)
        ),
        measure("reports: dashboard of the head", lambda: head_client.get("/")),
    ]
