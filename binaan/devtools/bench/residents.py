"""Timings for `manage.py benchmark`: the 3,000-row import, and list/search/profile pages.

`benchmark()` returns (label, seconds, queries) rows that also read as `.label`, `.seconds` and
`.queries`, the shape the benchmark command prints. It builds a facility of its own (BENCH-RES);
the command rolls everything back afterwards.
"""

from __future__ import annotations

import io

from django.test import Client

from binaan.accounts.models import Membership, Role, User
from binaan.devtools.benchmarking import BenchResult, measure
from binaan.devtools.samples import sample_rows, to_xlsx
from binaan.facilities.models import Facility, FacilityType, Location, LocationKind, RegionalOffice
from binaan.residents import services
from binaan.residents.models import Resident

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


def benchmark() -> list[BenchResult]:
    facility = _facility()
    data = to_xlsx(sample_rows(3000, blocks=["Blok A", "Blok B", "Blok Wanita"], prefix="BENCH"))

    def run(dry_run: bool) -> None:
        result = services.resident_import(
            facility=facility, file=io.BytesIO(data), filename="bench.xlsx", dry_run=dry_run
        )
        assert result.ok, result.errors[:3]  # noqa: S101 - generated data must be valid

    rows = [
        measure("residents: import 3,000 rows (dry run)", lambda: run(True), repeat=1),
        measure("residents: import 3,000 rows", lambda: run(False), repeat=1),
        measure("residents: re-import 3,000 unchanged rows", lambda: run(False), repeat=1),
    ]
    user, _ = User.objects.get_or_create(username="bench-residents")
    Membership.objects.get_or_create(user=user, facility=facility, role=Role.OFFICER)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    resident = Resident.objects.filter(facility=facility).first()
    assert resident is not None  # noqa: S101 - imported above
    rows += [
        measure("residents: list page 1 (3,000)", lambda: client.get("/residents/")),
        measure(
            "residents: search 'ani' + stage filter",
            lambda: client.get("/residents/?q=ani&stage=awal"),
        ),
        measure("residents: profile", lambda: client.get(f"/residents/{resident.pk}/")),
        measure("residents: API list", lambda: client.get("/api/v1/residents/?q=ani")),
    ]
    return rows
