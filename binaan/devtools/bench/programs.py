"""Benchmarks of the programs app on a generated facility: 1,000 residents, 30 weekly programs,
300 enrolments in one of them.

Dates are relative to the facility's today, so the figures mean the same whenever the command
runs: programs start today, generation fills the 12 weeks ahead, and the calendar month shown
lies wholly inside those 12 weeks.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.http.response import HttpResponseBase

from binaan.accounts.models import Membership, Role, User
from binaan.core.dates import facility_today
from binaan.devtools.benchmarking import BenchResult, measure, page_client
from binaan.facilities.models import Facility, Location, LocationKind, RegionalOffice
from binaan.partners.models import Facilitator
from binaan.programs import services
from binaan.programs.models import (
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCategory,
    ProgramSlot,
    Session,
)
from binaan.residents.models import Resident

PROGRAMS = 30
RESIDENTS = 1000
ENROLLED = 300
AGENDA = [
    {"kind": "tilawah", "topic": "Tilawah"},
    {"kind": "tausiyah", "topic": "Tausiyah"},
    {"kind": "diskusi", "topic": "Diskusi"},
]


def ok(response: HttpResponseBase, status: int = 200) -> HttpResponseBase:
    """A timing of an error page would mean nothing: every measured request must succeed."""
    assert response.status_code == status, (response.status_code, status)  # noqa: S101
    return response


def bench_facility(code: str, name: str) -> Facility:
    office = RegionalOffice.objects.create(name=f"Kanwil {name}", code=f"{code}-KW", province="-")
    return Facility.objects.create(
        regional_office=office,
        type="lapas",
        name=f"Lapas {name} Balikpapan",
        code=code,
        time_zone="Asia/Makassar",
    )


def bench_residents(facility: Facility, count: int, *, prefix: str) -> list[Resident]:
    """`count` active residents in 10 blocks; three in ten are women, every fifth is Christian."""
    blocks = Location.objects.bulk_create(
        Location(facility=facility, name=f"Blok {i}", kind=LocationKind.BLOCK) for i in range(10)
    )
    return Resident.objects.bulk_create(
        Resident(
            facility=facility,
            registration_number=f"{prefix}-{i:05d}",
            full_name=f"Warga Binaan {i:05d}",
            search_name=f"warga binaan {i:05d}",
            sex="P" if i % 10 < 3 else "L",
            custody_status="narapidana" if i % 4 else "tahanan",
            religion="kristen" if i % 5 == 0 else "islam",
            block=blocks[i % 10],
        )
        for i in range(count)
    )


def bench_user(facility: Facility, username: str, *roles: str) -> User:
    user = User.objects.create(username=username, full_name=username.replace("-", " ").title())
    Membership.objects.bulk_create(
        Membership(user=user, facility=facility, role=role) for role in roles
    )
    return user


def _programs(facility: Facility, today: date) -> list[Program]:
    categories = list(ProgramCategory.objects.filter(is_active=True))
    hall = Location.objects.create(facility=facility, name="Aula", kind=LocationKind.HALL)
    programs = Program.objects.bulk_create(
        Program(
            facility=facility,
            name=f"Program {i:02d}",
            category=categories[i % len(categories)],
            default_location=hall,
            start_date=today,
            agenda_template=AGENDA,
            # Program 01 is for women only and has room for 200: the bulk-enrol preview then
            # has 300 eligible residents, 200 who fit and 100 for the waitlist.
            sexes=["P"] if i == 1 else [],
            capacity=200 if i == 1 else None,
        )
        for i in range(PROGRAMS)
    )
    # One weekly slot each, spread over the week and the day (clashes of location included).
    ProgramSlot.objects.bulk_create(
        ProgramSlot(
            program=program,
            weekday=i % 7,
            start_time=time(8 + (i // 7) * 2),
            end_time=time(10 + (i // 7) * 2),
        )
        for i, program in enumerate(programs)
    )
    facilitators = Facilitator.objects.bulk_create(
        Facilitator(facility=facility, name=f"Narasumber {i}") for i in range(10)
    )
    through = Program.facilitators.through
    through.objects.bulk_create(
        through(program_id=program.pk, facilitator_id=facilitators[i % 10].pk)
        for i, program in enumerate(programs)
    )
    return programs


def benchmark() -> list[BenchResult]:
    facility = bench_facility("BENCH-PG", "Bench Programs")
    today = facility_today(facility)
    residents = bench_residents(facility, RESIDENTS, prefix="BPG")
    programs = _programs(facility, today)
    big, women_only = programs[0], programs[1]
    Enrollment.objects.bulk_create(
        Enrollment(
            facility=facility,
            program=big,
            resident=resident,
            status=EnrollmentStatus.ENROLLED,
            enrolled_on=today,
        )
        for resident in residents[:ENROLLED]
    )
    officer = bench_user(facility, "bench-programs-officer", Role.OFFICER)
    client = page_client(officer)

    def generate_all() -> None:
        for program in programs:
            services.sessions_generate(program=program, weeks=12, today=today)

    rows = [measure("programs: generate 12 weeks, 30 programs", generate_all, repeat=1)]
    sessions = Session.objects.filter(facility=facility).count()

    def regenerate_all() -> None:
        for program in programs:
            result = services.sessions_generate(program=program, weeks=12, today=today)
            assert result.created == 0 and result.removed == 0  # noqa: S101 - idempotent

    rows.append(measure("programs: regenerate 12 weeks, 30 programs (nothing new)", regenerate_all))
    assert Session.objects.filter(facility=facility).count() == sessions  # noqa: S101
    # Wholly inside the generated weeks: its first day is at least 4 days after today.
    month_day = (today + timedelta(days=35)).isoformat()

    def page(url: str) -> Any:
        return lambda: ok(client.get(url))

    def preview() -> None:
        result = services.enrollment_bulk_preview(program=women_only)
        assert len(result.eligible) == ENROLLED and len(result.fit) == 200  # noqa: S101

    rows += [
        measure("programs: list page, 30 programs", page("/programs/")),
        measure("programs: detail page, 300 enrolled", page(f"/programs/{big.pk}/")),
        measure("programs: calendar month page", page(f"/programs/calendar/?day={month_day}")),
        measure("programs: bulk-enrol preview, 300 eligible (service)", preview),
        measure(
            "programs: enrol page with preview, 300 eligible",
            page(f"/programs/{women_only.pk}/enrol/"),
        ),
    ]
    return rows
