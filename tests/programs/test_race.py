"""Two (or eight) officers enrolling at the same moment never over-fill a program.

Runs real threads, each with its own database connection, against PostgreSQL; the row lock on
the program (select_for_update in enrollment_add) is what serialises them. SQLite has no row
locks and serialises writers on its own, so the test would prove nothing there.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from binaan.facilities.models import Facility
from binaan.programs import services
from binaan.programs.models import Enrollment, EnrollmentStatus, Program
from tests.factories import ProgramFactory, make_resident

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race test needs PostgreSQL row locks (run with DATABASE_URL=postgres://…)",
    ),
]

THREADS = 8
CAPACITY = 3


def _enrol_all_at_once(program: Program, resident_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(resident_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(resident_id: int) -> None:
        from binaan.residents.models import Resident

        try:
            resident = Resident.objects.get(pk=resident_id)
            barrier.wait(timeout=10)
            result = services.enrollment_add(
                program=Program.objects.get(pk=program.pk), resident=resident, on=date(2026, 3, 2)
            )
            outcome = result.enrollment.status
        except ValidationError as error:  # pragma: no cover - reported below
            outcome = f"refused: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in resident_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_enrolments_never_exceed_capacity(facility: Facility, round_: int) -> None:
    program = ProgramFactory(facility=facility, capacity=CAPACITY)
    residents = [make_resident(facility).pk for _ in range(THREADS)]

    outcomes = _enrol_all_at_once(program, residents)

    assert sorted(outcomes) == sorted(
        [EnrollmentStatus.ENROLLED] * CAPACITY
        + [EnrollmentStatus.WAITLISTED] * (THREADS - CAPACITY)
    )
    rows = Enrollment.objects.filter(program=program)
    assert rows.filter(status=EnrollmentStatus.ENROLLED).count() == CAPACITY
    positions = sorted(
        rows.filter(status=EnrollmentStatus.WAITLISTED).values_list("waitlist_position", flat=True)
    )
    assert positions == list(range(1, THREADS - CAPACITY + 1))  # no two share a place in line
