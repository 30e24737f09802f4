from __future__ import annotations

import pytest
from django.db import connection

from binaan.devtools.bench.attendance import benchmark

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_reports_constant_queries() -> None:
    rows = {row.label: row for row in benchmark()}
    assert rows["attendance: register page, 40 (not yet saved)"].queries == 11
    assert rows["attendance: register page, 300 (not yet saved)"].queries == 11
    assert rows["attendance: register page, 300 (saved, with history)"].queries == 11
    assert rows["attendance: scan_mark one resident"].queries == 19
    assert rows["attendance: register save (POST), 40, first save"].queries == 18
    # Django splits bulk inserts on SQLite (at most 999 parameters a statement): 300 marks and
    # 300 history rows take 3 statements more each there, one each on PostgreSQL.
    first_save = 25 if connection.vendor == "sqlite" else 19
    assert rows["attendance: register save (POST), 300, first save"].queries == first_save
    assert rows["attendance: register_save (service), 300, 2 changed"].queries == 13
    assert rows["attendance: Today page"].queries == 4
    assert rows["attendance: daftar hadir PDF, 300"].queries == 13
    assert rows["attendance: ID cards PDF, 300"].queries == 6
    assert all(row.seconds > 0 for row in rows.values())
