"""Runs every app's demo seeder in dependency order. An app joins by having `demo.seed()`."""

from __future__ import annotations

import importlib
from typing import Any, TextIO

from django.apps import apps
from django.conf import settings

from binaan.accounts.models import Membership
from binaan.facilities.demo import DEMO_USERS, DemoLogin

# Order matters: later seeders use what earlier ones made.
SEEDERS = [
    "binaan.facilities.demo",
    "binaan.residents.demo",
    # Partners and facilitators first: programs name them.
    "binaan.partners.demo",
    "binaan.programs.demo",
    "binaan.attendance.demo",
    "binaan.interns.demo",
    "binaan.progress.demo",
    "binaan.reports.demo",
    "binaan.publications.demo",
]


def run_all_seeders(stdout: Any) -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    for module_name in SEEDERS:
        app_label = module_name.split(".")[1]
        if not apps.is_installed(f"binaan.{app_label}"):
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        result = module.seed()
        if module_name == "binaan.facilities.demo":
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


def print_logins(out: TextIO | Any, logins: list[DemoLogin]) -> None:
    if not logins:
        out.write("No demo users yet: run `python manage.py seed_demo`.")
        return
    out.write("")
    out.write("Binaan demo — open http://127.0.0.1:8000 and log in as:")
    out.write(f"  {'username':<14} {'password':<18} {'role':<12} scope")
    for login in logins:
        out.write(
            f"  {login.username:<14} {settings.BINAAN_DEMO_PASSWORD:<18} {login.role:<12} {login.scope}"
        )
    out.write("")
