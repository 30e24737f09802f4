"""Project-level guarantees: production settings pass `check --deploy`, the Indonesian catalogue
is complete and compiled, no asset comes from the internet, migrations are up to date."""

from __future__ import annotations

import ast
import gettext
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A production check must not inherit the test run's development switches.
    dropped = {
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DATABASE_URL",
        "BINAAN_ALLOW_DEMO",
    }
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_variables_has_no_warnings() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-9f8e7d6c5b4a",
        ALLOWED_HOSTS="binaan.rutan-balikpapan.go.id",
        CSRF_TRUSTED_ORIGINS="https://binaan.rutan-balikpapan.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_has_no_demo_commands() -> None:
    # Production settings do not install binaan.devtools: demo passwords cannot be loaded there.
    for command in ("seed_demo", "benchmark", "make_resident_file"):
        result = _manage(command, DEBUG="0", SECRET_KEY="x" * 60)
        assert result.returncode != 0
        assert f"Unknown command: '{command}'" in result.stderr
    allowed = _manage("help", "seed_demo", DEBUG="0", SECRET_KEY="x" * 60, BINAAN_ALLOW_DEMO="1")
    assert allowed.returncode == 0, allowed.stderr


def _po_entries(*, plural: bool = False) -> dict[str, str]:
    """msgid → msgstr of the catalogue; with `plural`, the plural entries (msgid → msgstr[0])."""
    entries: dict[str, str] = {}
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""' not in block:
            pytest.fail(f"fuzzy translation left in the catalogue:\n{block}")
        pattern = (
            r'^msgid ((?:".*"\n?)+)^msgid_plural (?:".*"\n?)+^msgstr\[0\] ((?:".*"\n?)+)'
            if plural
            else r'^msgid ((?:".*"\n?)+)^msgstr ((?:".*"\n?)+)'
        )
        match = re.search(pattern, block, re.M)
        if match:
            msgid = "".join(ast.literal_eval(p) for p in match.group(1).split("\n") if p)
            msgstr = "".join(ast.literal_eval(p) for p in match.group(2).split("\n") if p)
            if msgid:
                entries[msgid] = msgstr
    return entries


def test_indonesian_catalogue_is_complete_and_compiled() -> None:
    entries = _po_entries()
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [m for m, s in entries.items() if compiled.gettext(m) != s]
    plurals = _po_entries(plural=True)
    assert len(plurals) > 10
    untranslated = [msgid for msgid, msgstr in plurals.items() if not msgstr]
    assert not untranslated, f"untranslated plurals: {untranslated[:20]}"
    stale += [m for m, s in plurals.items() if compiled.ngettext(m, m, 1) != s]
    assert not stale, f"django.mo is older than django.po (run `make messages`): {stale[:5]}"


def test_every_template_string_is_in_the_catalogue() -> None:
    entries = _po_entries()
    pattern = re.compile(r'{%\s*translate\s+"([^"]+)"')
    missing = set()
    for template in ROOT.glob("binaan/**/templates/**/*.html"):
        for msgid in pattern.findall(template.read_text(encoding="utf-8")):
            if msgid not in entries:
                missing.add(f"{template.name}: {msgid}")
    assert not missing, sorted(missing)


GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def _code_msgids() -> set[tuple[str, str]]:
    """(file, msgid) for every string literal marked for translation in the project's Python
    code (the first argument of `_()`, `gettext()`, `ngettext()` and their lazy forms)."""
    found = set()
    for path in ROOT.glob("binaan/**/*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in GETTEXT_CALLS and isinstance(first, ast.Constant):
                if isinstance(first.value, str) and first.value:
                    found.add((path.name, first.value))
    return found


def test_every_code_string_is_in_the_catalogue() -> None:
    """No English sentence reaches an Indonesian page because someone forgot the catalogue."""
    entries = _po_entries() | _po_entries(plural=True)
    found = _code_msgids()
    assert len(found) > 500
    missing = sorted(f"{name}: {msgid}" for name, msgid in found if msgid not in entries)
    assert not missing, missing


def test_no_asset_is_loaded_from_the_internet() -> None:
    offenders = []
    for template in ROOT.glob("binaan/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r'(src|href)=["\'](https?:)?//', text):
            offenders.append(str(template.relative_to(ROOT)))
    for css in ROOT.glob("binaan/**/static/**/*.css"):
        if re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")):
            offenders.append(str(css.relative_to(ROOT)))
    assert not offenders


@pytest.mark.django_db
def test_migrations_are_up_to_date() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_healthz(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_sqlite_connections_serve_concurrent_officers() -> None:
    """What the options do on a real connection, not what the settings file says: WAL, foreign
    keys on, a busy timeout, and the write lock taken at BEGIN (the test runs inside atomic())."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL run: the SQLite options do not apply")
    with connection.cursor() as cursor:
        pragmas = {}
        for pragma in ("journal_mode", "foreign_keys", "busy_timeout"):
            cursor.execute(f"PRAGMA {pragma}")
            pragmas[pragma] = cursor.fetchone()[0]
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] >= 5000  # milliseconds
    # IMMEDIATE: this test's transaction already holds the write lock, so a second writer is
    # refused at its own BEGIN (and would queue for busy_timeout), never half-way through.
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


@pytest.mark.django_db
def test_error_pages_speak_indonesian(client: Client, facility: object) -> None:
    from binaan.accounts.models import Role
    from tests.factories import user_with_roles

    client.force_login(user_with_roles(facility, Role.INTERN))  # type: ignore[arg-type]
    forbidden = client.get("/audit/")
    assert forbidden.status_code == 403
    assert "Tidak diizinkan" in forbidden.content.decode()
    client.force_login(user_with_roles(facility, Role.ADMIN))  # type: ignore[arg-type]
    missing = client.get("/locations/999999/")
    assert missing.status_code == 404
    assert "Tidak ditemukan" in missing.content.decode()
