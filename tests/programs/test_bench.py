from __future__ import annotations

import pytest

from binaan.devtools.bench.programs import benchmark

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_reports_constant_queries() -> None:
    rows = {row.label: row for row in benchmark()}
    # 16 a program: savepoint, lock, facility, slots, existing rows, sessions, facilitators,
    # agenda, assignments, audit, release and 5 reads of the clash check (the 300 enrolled of
    # program 00 are on a roster near every program's sessions). Regeneration: 7 a program.
    assert rows["programs: generate 12 weeks, 30 programs"].queries == 480
    assert rows["programs: regenerate 12 weeks, 30 programs (nothing new)"].queries == 210
    assert rows["programs: list page, 30 programs"].queries == 6
    assert rows["programs: detail page, 300 enrolled"].queries == 13
    assert rows["programs: calendar month page"].queries == 6
    assert rows["programs: bulk-enrol preview, 300 eligible (service)"].queries == 4
    assert rows["programs: enrol page with preview, 300 eligible"].queries == 10
    assert all(row.seconds > 0 for row in rows.values())
