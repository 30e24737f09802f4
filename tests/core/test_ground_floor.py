"""`binaan/core` is the ground floor: it imports no other app of ours (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

CORE = Path(settings.BASE_DIR) / "binaan" / "core"


def _imports_above_core(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            if name.startswith("binaan.") and not name.startswith("binaan.core"):
                found.append(f"{node.lineno}: {name}")
    return found


def test_the_check_sees_every_kind_of_import() -> None:
    source = (
        "import binaan.residents.models\n"
        "from binaan.accounts.models import User\n"
        "if TYPE_CHECKING:\n    from binaan.facilities.models import Facility\n"
        "def f():\n    from binaan.programs import services\n"
        "from binaan.core.dates import facility_today\n"
    )
    assert [line.split(": ")[1] for line in _imports_above_core(source)] == [
        "binaan.residents.models",
        "binaan.accounts.models",
        "binaan.facilities.models",
        "binaan.programs",
    ]


def test_core_imports_no_other_app() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 15
    problems = [
        f"{path.relative_to(settings.BASE_DIR)}:{hit}"
        for path in files
        if "migrations" not in path.parts
        for hit in _imports_above_core(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "binaan/core must not import the apps above it:\n" + "\n".join(problems)
