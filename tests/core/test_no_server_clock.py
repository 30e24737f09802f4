"""No code of ours reads the server's calendar (DESIGN.md: "Time is one helper").

The server runs in UTC; between 16.00 and 24.00 UTC (17.00 WIB, 16.00 WITA, 15.00 WIT onwards)
its date is already or still another day than the facility's. A calendar day must come from
`binaan.core.dates` (`facility_today`, `local_date`, the local bounds); `timezone.now()` is fine
for instants. The check reads the syntax tree, so a comment or a string never trips it and an
alias (`import datetime as dt; dt.date.today()`) does not slip through.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "binaan"

# Callables of `datetime.date` / `datetime.datetime` that read the server's clock in its zone.
SERVER_CLOCK = {"today", "now", "utcnow"}
# django.utils.timezone helpers that fall back to the *active* zone when none is passed.
ZONE_FALLBACK = {"localdate", "localtime"}


def _imports(tree: ast.Module) -> tuple[set[str], set[str], set[str], dict[str, str]]:
    """Names bound to the datetime module, to the date/datetime classes, to
    django.utils.timezone, and to localdate/localtime functions (alias → real name)."""
    modules: set[str] = set()
    classes: set[str] = set()
    zone_modules: set[str] = set()
    functions: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "datetime":
                    modules.add(alias.asname or "datetime")
                if alias.name == "django.utils.timezone" and alias.asname:
                    zone_modules.add(alias.asname)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                bound = alias.asname or alias.name
                if node.module == "datetime" and alias.name in {"date", "datetime"}:
                    classes.add(bound)
                if node.module == "django.utils" and alias.name == "timezone":
                    zone_modules.add(bound)
                if node.module == "django.utils.timezone" and alias.name in ZONE_FALLBACK:
                    functions[bound] = alias.name
    return modules, classes, zone_modules, functions


def _is_clock_class(node: ast.expr, modules: set[str], classes: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in classes
    return (
        isinstance(node, ast.Attribute)
        and node.attr in {"date", "datetime"}
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
    )


def _has_zone(call: ast.Call) -> bool:
    # localdate(value=None, timezone=None) and localtime(value=None, timezone=None).
    return len(call.args) >= 2 or any(k.arg == "timezone" for k in call.keywords)


def violations(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    modules, classes, zone_modules, functions = _imports(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr in SERVER_CLOCK and _is_clock_class(func.value, modules, classes):
                found.append((node.lineno, f"{ast.unparse(func)}()"))
            elif (
                func.attr in ZONE_FALLBACK
                and isinstance(func.value, ast.Name)
                and func.value.id in zone_modules
                and not _has_zone(node)
            ):
                found.append((node.lineno, f"{ast.unparse(func)}() without a zone"))
        elif isinstance(func, ast.Name) and func.id in functions and not _has_zone(node):
            found.append((node.lineno, f"{func.id}() without a zone"))
    return found


def test_no_module_reads_the_server_calendar() -> None:
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, what in violations(path.read_text(encoding="utf-8"))
    ]
    assert not problems, (
        "Use binaan.core.dates (facility_today, local_date, local_day_bounds) for a calendar "
        "day and timezone.now() for an instant:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize(
    "source",
    [
        "from datetime import date\ndate.today()",
        "from datetime import datetime\ndatetime.now()",
        "from datetime import datetime\ndatetime.now(tz=None)",
        "from datetime import datetime\ndatetime.today()",
        "from datetime import datetime\ndatetime.utcnow()",
        "import datetime\ndatetime.date.today()",
        "import datetime as dt\ndt.datetime.now()",
        "from datetime import date as day\nday.today()",
        "from django.utils import timezone\ntimezone.localdate()",
        "from django.utils import timezone\ntimezone.localtime()",
        "from django.utils import timezone\ntimezone.localtime(moment)",
        "from django.utils import timezone as tz\ntz.localdate(moment)",
        "from django.utils.timezone import localdate\nlocaldate()",
        "from django.utils.timezone import localtime as lt\nlt(moment)",
    ],
)
def test_the_check_catches(source: str) -> None:
    assert violations(source), source


@pytest.mark.parametrize(
    "source",
    [
        "from django.utils import timezone\ntimezone.now()",
        "from django.utils import timezone\ntimezone.localdate(timezone=zone)",
        "from django.utils import timezone\ntimezone.localtime(moment, zone)",
        "from django.utils import timezone\ntimezone.localtime(moment, timezone=zone)",
        "from django.utils.timezone import localtime\nlocaltime(moment, zone)",
        "from datetime import date\ndate.fromisoformat('2026-04-06')",
        "from datetime import date\ndate(2026, 4, 6)",
        "# date.today() in a comment\nx = 'datetime.now()'",
        "from binaan.core.dates import facility_today\nfacility_today(facility)",
        "class Clock:\n    def today(self): ...\nClock().today()",
    ],
)
def test_the_check_lets_through(source: str) -> None:
    assert violations(source) == [], source
