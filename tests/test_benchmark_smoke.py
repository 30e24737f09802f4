"""The benchmarks are measured by a person with `manage.py benchmark` (docs/development.md), not
by the suite; this smoke run only keeps them from rotting: every module runs once and reports."""

from __future__ import annotations

import io
import pkgutil
import re

import pytest
from django.core.management import call_command

from binaan.devtools import bench

pytestmark = pytest.mark.django_db

MODULES = sorted(info.name for info in pkgutil.iter_modules(bench.__path__))


def test_there_are_benchmarks() -> None:
    assert {"attendance", "programs", "reports", "residents"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_benchmark_module_runs_and_reports(module: str) -> None:
    out = io.StringIO()
    call_command("benchmark", "--only", module, "--repeat", "1", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if re.search(r"\s\d+\.\d{3}\s+\d+$", line)]
    assert rows, out.getvalue()
    assert all(line.startswith(f"{module}") or ":" in line for line in rows)
    # Every measured step ran queries against the database it reports on.
    assert all(int(line.split()[-1]) > 0 for line in rows), out.getvalue()
