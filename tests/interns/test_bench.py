from __future__ import annotations

import pytest

from binaan.devtools.bench.interns import benchmark

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_reports_constant_queries() -> None:
    rows = {row.label: row for row in benchmark()}
    assert rows["interns: month page, 6-month placement"].queries == 6
    assert rows["interns: month XLSX"].queries == 7
    assert rows["interns: month PDF"].queries == 7
    assert rows["interns: mentor page, 20 interns"].queries == 7
    assert rows["interns: logbook prefill, 3 sessions (selectors)"].queries == 2
    assert rows["interns: logbook page with prefill, 3 sessions"].queries == 7
    assert all(row.seconds > 0 for row in rows.values())
