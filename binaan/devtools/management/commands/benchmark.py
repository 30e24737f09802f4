"""`python manage.py benchmark`: the project's own performance measurement.

Each module of `binaan.devtools.bench` has `benchmark() -> list[BenchResult]` (helpers in
binaan.devtools.benchmarking). They run inside
one transaction that is rolled back, so measuring never changes the database. Timed tests are
not used for performance: this command is run by a person on the machine being judged.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from binaan.devtools import bench, benchmarking
from binaan.devtools.benchmarking import BenchResult


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure timings and query counts of the main pages, services and reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", help="Run the benchmarks of one app, e.g. residents.")
        parser.add_argument(
            "--repeat", type=int, help="At most this many runs of each measurement (smoke test: 1)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Database: {connection.vendor}")
        self.stdout.write(f"{'benchmark':<60} {'seconds':>9} {'queries':>8}")
        results: list[BenchResult] = []
        benchmarking.REPEAT_LIMIT = options["repeat"]
        for info in pkgutil.iter_modules(bench.__path__):
            if options["only"] and info.name != options["only"]:
                continue
            module = importlib.import_module(f"{bench.__name__}.{info.name}")
            try:
                with transaction.atomic():
                    for result in module.benchmark():
                        results.append(result)
                        self.stdout.write(
                            f"{result.label:<60} {result.seconds:>9.3f} {result.queries:>8}"
                        )
                    raise Rollback
            except Rollback:
                pass
        if not results:
            self.stdout.write("No benchmarks found.")
