"""Timings for `manage.py benchmark`: the 3,000-row import, and list/search/profile pages.

`benchmark()` returns (label, seconds, queries) rows that also read as `.label`, `.seconds` and
`.queries`, the shape the benchmark command prints. It builds a facility of its own (BENCH-RES);
the command rolls everything back afterwards.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from binaan.accounts.models import Membership, Role, User
from binaan.devtools.samples import sample_rows, to_xlsx
from binaan.facilities.models import Facility, FacilityType, Location, LocationKind, RegionalOffice
from binaan.residents import services
from binaan.residents.models import Resident

BENCH_CODE = "BENCH-RES"


class BenchRow(NamedTuple):
    label: str
    seconds: float
    queries: int


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


def _measure(label: str, work: Callable[[], Any], repeat: int = 1) -> BenchRow:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - started)
        count = len(queries)
    return BenchRow(label, best, count)


def benchmark() -> list[BenchRow]:
    facility = _facility()
    data = to_xlsx(sample_rows(3000, blocks=["Blok A", "Blok B", "Blok Wanita"], prefix="BENCH"))

    def run(dry_run: bool) -> None:
        result = services.resident_import(
            facility=facility, file=io.BytesIO(data), filename="bench.xlsx", dry_run=dry_run
        )
        assert result.ok, result.errors[:3]  # noqa: S101 - generated data must be valid

    rows = [
        _measure("residents: import 3,000 rows (dry run)", lambda: run(True)),
        _measure("residents: import 3,000 rows", lambda: run(False)),
        _measure("residents: re-import 3,000 unchanged rows", lambda: run(False)),
    ]
    user, _ = User.objects.get_or_create(username="bench-residents")
    Membership.objects.get_or_create(user=user, facility=facility, role=Role.OFFICER)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    resident = Resident.objects.filter(facility=facility).first()
    assert resident is not None  # noqa: S101 - imported above
    rows += [
        _measure("residents: list page 1 (3,000)", lambda: client.get("/residents/"), 3),
        _measure(
            "residents: search 'ani' + stage filter",
            lambda: client.get("/residents/?q=ani&stage=awal"),
            3,
        ),
        _measure("residents: profile", lambda: client.get(f"/residents/{resident.pk}/"), 3),
        _measure("residents: API list", lambda: client.get("/api/v1/residents/?q=ani"), 3),
    ]
    return rows
