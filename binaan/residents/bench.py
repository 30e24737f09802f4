"""Timings for `manage.py benchmark`: the 3,000-row import and the list/search reads.

Works in a facility of its own (code BENCH-RES), so the demo data is left alone; running it
again exercises the update path of the import (same numbers, nothing new).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from binaan.facilities.models import Facility, FacilityType, Location, LocationKind, RegionalOffice
from binaan.residents import selectors, services
from binaan.residents.sample import sample_rows, to_xlsx

BENCH_CODE = "BENCH-RES"


def _facility() -> Facility:
    office, _ = RegionalOffice.objects.get_or_create(
        code="KANWIL-BENCH", defaults={"name": "Kanwil Benchmark", "province": "-"}
    )
    facility, _ = Facility.objects.get_or_create(
        code=BENCH_CODE,
        defaults={
            "regional_office": office,
            "type": FacilityType.RUTAN,
            "name": "Rutan Benchmark",
            "time_zone": "Asia/Makassar",
        },
    )
    for name in ("Blok A", "Blok B", "Blok Wanita"):
        Location.objects.get_or_create(
            facility=facility, name=name, defaults={"kind": LocationKind.BLOCK}
        )
    return facility


def _measure(label: str, work: Callable[[], Any]) -> tuple[str, float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
    return label, seconds, len(queries)


def benchmark() -> list[tuple[str, float, int]]:
    facility = _facility()
    data = to_xlsx(sample_rows(3000, blocks=["Blok A", "Blok B", "Blok Wanita"], prefix="BENCH"))

    def run(dry_run: bool) -> None:
        result = services.resident_import(
            facility=facility, file=io.BytesIO(data), filename="bench.xlsx", dry_run=dry_run
        )
        assert result.ok, result.errors[:3]  # noqa: S101 - generated data must be valid

    from binaan.core.selectors import today_in

    today = today_in(facility)
    return [
        _measure("residents: import 3,000 rows (dry run)", lambda: run(True)),
        _measure("residents: import 3,000 rows", lambda: run(False)),
        _measure(
            "residents: list page 1",
            lambda: list(selectors.resident_list(facility=facility, today=today)[:50]),
        ),
        _measure(
            "residents: search 'ani' + stage filter",
            lambda: list(
                selectors.resident_list(facility=facility, today=today, q="ani", stage="awal")[:50]
            ),
        ),
    ]
