"""The lock files: production installs only what the app imports; demo data needs Faker, which
stays out of production; the development lock holds every pin of the other two, unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Demo data, samples and benchmarks (Faker id_ID) live in the development app; nothing a running
# server imports.
DEMO_ONLY_PACKAGE = "binaan.devtools"


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        if line and not line.startswith("#"):
            package, version = line.split("==")
            pins[package.lower()] = version
    return pins


def test_development_lock_holds_the_runtime_and_demo_pins() -> None:
    dev = _pins("requirements-dev.lock")
    for name in ("requirements.lock", "requirements-demo.lock"):
        for package, version in _pins(name).items():
            assert dev.get(package) == version, f"{name}: {package}=={version}"


def test_faker_is_not_a_runtime_requirement() -> None:
    assert "faker" not in _pins("requirements.lock")
    assert "faker" in _pins("requirements-demo.lock")
    for line in (ROOT / "requirements.in").read_text().splitlines():
        assert not line.lower().startswith("faker")


def test_the_app_runs_without_faker() -> None:
    # Every module but the demo builders imports, and the URL conf loads, with Faker absent.
    script = f"""
import importlib, pkgutil, sys
sys.modules["faker"] = None
import django
django.setup()
import binaan, config.urls
failed = []
for module in pkgutil.walk_packages(binaan.__path__, "binaan."):
    name = module.name
    if ".migrations" in name or name.startswith({DEMO_ONLY_PACKAGE!r}):
        continue
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{{name}}: {{error}}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_demo_without_faker_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['faker'] = None\n"
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('seed_demo')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "BINAAN_ALLOW_DEMO": "1",
    }
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "requirements-demo.lock" in result.stderr
