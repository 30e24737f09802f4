"""Benchmarks of attendance: a session with a 40-person roster and one with 300, both started
within the last hour of the facility's today (marks are refused before a session starts and
locked a week after it), on a facility of 400 residents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from binaan.accounts.models import Role
from binaan.attendance import selectors, services
from binaan.attendance.models import PRESENT_CODE, Attendance
from binaan.core.dates import facility_today, local_day_bounds
from binaan.devtools.bench.programs import bench_facility, bench_residents, bench_user, ok
from binaan.devtools.benchmarking import BenchResult, measure, page_client
from binaan.facilities.models import Facility
from binaan.programs.models import (
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCategory,
    Session,
)
from binaan.residents.models import Resident

SMALL, LARGE = 40, 300


def _started_recently(facility: Facility) -> datetime:
    """An hour ago, but never before the facility's local midnight: the session is "today"."""
    now = timezone.now().replace(microsecond=0)
    midnight, _end = local_day_bounds(facility, facility_today(facility, now=now))
    return max(now - timedelta(hours=1), midnight)


def _session(facility: Facility, name: str, roster: list[Resident]) -> Session:
    today = facility_today(facility)
    program = Program.objects.create(
        facility=facility,
        name=name,
        category=ProgramCategory.objects.filter(is_active=True).order_by("pk")[0],
        start_date=today - timedelta(days=60),
    )
    Enrollment.objects.bulk_create(
        Enrollment(
            facility=facility,
            program=program,
            resident=resident,
            status=EnrollmentStatus.ENROLLED,
            enrolled_on=today - timedelta(days=30),
        )
        for resident in roster
    )
    starts_at = _started_recently(facility)
    return Session.objects.create(
        facility=facility,
        program=program,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )


def _post(session: Session, roster: list[Resident], version: int) -> dict[str, Any]:
    """The register form as the page posts it: everyone present but two exceptions."""
    data: dict[str, Any] = {"version": version}
    for resident in roster:
        data[f"m-{resident.pk}"] = PRESENT_CODE
        data[f"n-{resident.pk}"] = ""
    data[f"m-{roster[0].pk}"] = "sakit"
    data[f"m-{roster[1].pk}"] = "izin"
    return data


def benchmark() -> list[BenchResult]:
    facility = bench_facility("BENCH-AT", "Bench Attendance")
    residents = bench_residents(facility, SMALL + LARGE + 60, prefix="BAT")
    small = _session(facility, "Pengajian Rutin Bench", residents[:SMALL])
    large = _session(facility, "Pelatihan Kerja Bench", residents[SMALL : SMALL + LARGE])
    small_roster, large_roster = residents[:SMALL], residents[SMALL : SMALL + LARGE]
    officer = bench_user(facility, "bench-attendance-officer", Role.OFFICER)
    client = page_client(officer)

    def page(url: str) -> Any:
        return lambda: ok(client.get(url))

    rows = [
        measure(
            "attendance: register page, 40 (not yet saved)",
            page(f"/attendance/sessions/{small.pk}/"),
        ),
        measure(
            "attendance: register page, 300 (not yet saved)",
            page(f"/attendance/sessions/{large.pk}/"),
        ),
    ]

    # Three scans of three residents: every run marks a new resident present, as at the door.
    scanned: Iterator[Resident] = iter(small_roster[-3:])

    def scan() -> None:
        resident = next(scanned)
        result = services.scan_mark(session=small, code=resident.registration_number, user=officer)
        assert result.ok and not result.already, result.message  # noqa: S101

    rows.append(measure("attendance: scan_mark one resident", scan))

    small_url = f"/attendance/sessions/{small.pk}/"
    large_url = f"/attendance/sessions/{large.pk}/"
    # After the scans (three, or one under `benchmark --repeat 1`).
    small_data = _post(small, small_roster, version=selectors.session_register(small).version)
    large_data = _post(large, large_roster, version=0)
    rows += [
        measure(
            "attendance: register save (POST), 40, first save",
            lambda: ok(client.post(small_url, small_data), 302),
            repeat=1,
        ),
        measure(
            "attendance: register save (POST), 300, first save",
            lambda: ok(client.post(large_url, large_data), 302),
            repeat=1,
        ),
    ]
    assert Attendance.objects.filter(session=large).count() == LARGE  # noqa: S101

    # Re-saves of the whole register where two marks change each time (sick ↔ excused).
    state = {"version": 1, "flip": False}

    def resave() -> None:
        state["flip"] = not state["flip"]
        first, second = ("izin", "sakit") if state["flip"] else ("sakit", "izin")
        marks = {r.pk: (PRESENT_CODE, "") for r in large_roster}
        marks[large_roster[0].pk] = (first, "")
        marks[large_roster[1].pk] = (second, "")
        result = services.register_save(
            session=large, marks=marks, expected_version=int(state["version"]), user=officer
        )
        assert result.updated == 2 and result.unchanged == LARGE - 2  # noqa: S101
        state["version"] = result.version

    rows += [
        measure("attendance: register_save (service), 300, 2 changed", resave),
        measure("attendance: register page, 300 (saved, with history)", page(large_url)),
        measure("attendance: Today page", page("/today/")),
        measure(
            "attendance: daftar hadir PDF, 300",
            page(f"/attendance/sessions/{large.pk}/daftar-hadir.pdf"),
        ),
        measure(
            "attendance: ID cards PDF, 300", page(f"/attendance/sessions/{large.pk}/cards.pdf")
        ),
    ]
    return rows
