from __future__ import annotations

import pytest

from binaan.devtools.bench.residents import benchmark

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_reports_constant_page_queries() -> None:
    rows = {row.label: row for row in benchmark()}
    assert rows["residents: import 3,000 rows"].queries < 300
    assert rows["residents: re-import 3,000 unchanged rows"].queries < 20
    assert rows["residents: list page 1 (3,000)"].queries <= 8
    # 10 for the record itself, 3 for its programs-and-attendance section.
    assert rows["residents: profile"].queries <= 14
    assert all(row.seconds > 0 for row in rows.values())
