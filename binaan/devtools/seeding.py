"""Runs every demo seeder (`binaan.devtools.demo.<app>.seed()`) in dependency order."""

from __future__ import annotations

import importlib
from typing import Any, TextIO

from django.conf import settings

from binaan.accounts.models import Membership
from binaan.devtools.demo.facilities import DEMO_USERS, DemoLogin

# Order matters: later seeders use what earlier ones made.
SEEDERS = [
    "binaan.devtools.demo.facilities",
    "binaan.devtools.demo.residents",
    "binaan.devtools.demo.detention",
    # Partners and facilitators first: programs name them.
    "binaan.devtools.demo.partners",
    "binaan.devtools.demo.programs",
    "binaan.devtools.demo.attendance",
    "binaan.devtools.demo.interns",
]


def run_all_seeders(stdout: Any) -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    for module_name in SEEDERS:
        result = importlib.import_module(module_name).seed()
        if module_name == "binaan.devtools.demo.facilities":
            logins = result
        stdout.write(f"  {module_name}: ok")
    return logins


def demo_logins() -> list[DemoLogin]:
    existing = set(
        Membership.objects.filter(user__username__in=[u for u, _, _ in DEMO_USERS]).values_list(
            "user__username", flat=True
        )
    )
    return [DemoLogin(u, r, s or "Ditjenpas") for u, r, s in DEMO_USERS if u in existing]


def print_logins(
    out: TextIO | Any, logins: list[DemoLogin], *, host: str = "127.0.0.1", port: int = 8000
) -> None:
    if not logins:
        out.write("No demo users yet: run `python manage.py seed_demo`.")
        return
    # A server listening on every interface is still opened on this machine at 127.0.0.1.
    shown = "127.0.0.1" if host in {"", "0.0.0.0", "::", "0"} else host  # noqa: S104 - only shown
    out.write("")
    out.write(f"Binaan demo — open http://{shown}:{port} and log in as:")
    out.write(f"  {'username':<14} {'password':<18} {'role':<12} scope")
    for login in logins:
        out.write(
            f"  {login.username:<14} {settings.BINAAN_DEMO_PASSWORD:<18} {login.role:<12} {login.scope}"
        )
    out.write("")
