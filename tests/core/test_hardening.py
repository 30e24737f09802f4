"""Hardening: a Content-Security-Policy without inline script, no inline handlers or styles in
any template, uploads never served by URL (even under DEBUG), upload names never reaching the file
system, and logins that end after inactivity."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from binaan.accounts.middleware import ACTIVITY_COOKIE
from binaan.accounts.models import User
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from binaan.residents.models import photo_path
from tests.factories import make_resident

TEMPLATES = sorted(Path(settings.BASE_DIR, "binaan").rglob("*.html"))


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy(
    officer: User, client_for: Any
) -> None:
    response = client_for(officer).get(reverse("programs:list"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    login = Client().get(reverse("accounts:login"))
    assert login["Content-Security-Policy"] == policy


def test_the_template_walk_finds_the_templates() -> None:
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_handlers_or_styles(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    # The CSP forbids all three; the browser would silently refuse them.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert not re.search(r"\sstyle\s*=", text), "inline style attribute"
    assert "hx-on" not in text, "hx-on needs eval"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_compares_a_status_with_a_bare_string(template: Path) -> None:
    # Statuses are TextChoices: templates ask the model (`session.is_cancelled`), so a renamed
    # value cannot silently stop matching.
    text = template.read_text(encoding="utf-8")
    found = re.findall(r"""\.(?:status|state|kind|role)\s*[!=]=\s*['"]\w+['"]""", text)
    assert not found, found


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_uploads_are_not_served_by_url_even_under_debug(
    facility: Facility, officer: User, client_for: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    resident = make_resident(facility)
    resident.photo.save("x.png", SimpleUploadedFile("x.png", b"\x89PNG fake"), save=True)
    client = client_for(officer)
    assert client.get(f"{settings.MEDIA_URL}{resident.photo.name}").status_code == 404
    # The scoped view is the way to it.
    assert client.get(reverse("residents:photo", args=[resident.pk])).status_code == 200


@pytest.mark.django_db
def test_upload_names_never_reach_the_file_system(facility: Facility) -> None:
    resident = make_resident(facility)
    name = photo_path(resident, "../../Siti Aminah — petikan.JPG")
    assert name.startswith(f"residents/{facility.pk}/")
    assert ".." not in name and "Siti" not in name
    assert re.fullmatch(rf"residents/{facility.pk}/[0-9a-f]{{32}}\.jpg", name)
    assert photo_path(resident, "evil.php").endswith(".img")


def _age_activity_cookie(client: Client, seconds: int) -> None:
    cookie = client.cookies[ACTIVITY_COOKIE].value
    value = signing.TimestampSigner(salt="binaan.accounts.idle").unsign(cookie)
    with patch("django.core.signing.time.time", return_value=time.time() - seconds):
        aged = signing.TimestampSigner(salt="binaan.accounts.idle").sign(value)
    client.cookies[ACTIVITY_COOKIE] = aged


@pytest.mark.django_db
def test_a_login_ends_after_inactivity(officer: User, client_for: Any, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 30
    client = client_for(officer)
    assert client.get(reverse("programs:list")).status_code == 200
    _age_activity_cookie(client, 31 * 60)
    response = client.get(reverse("programs:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get(reverse("programs:list")).status_code == 302  # signed out for good
    event = AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=officer).get()
    assert event.after == {"reason": "idle timeout"}


@pytest.mark.django_db
def test_activity_keeps_the_login(officer: User, client_for: Any, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 30
    client = client_for(officer)
    client.get(reverse("programs:list"))
    _age_activity_cookie(client, 29 * 60)
    assert client.get(reverse("programs:list")).status_code == 200
    assert client.get(reverse("programs:list")).status_code == 200


@pytest.mark.django_db
def test_the_next_person_to_sign_in_is_not_signed_out(
    officer: User, admin_user: User, client_for: Any
) -> None:
    # The officer's activity cookie stays in the browser; the admin then signs in on the same PC.
    client = client_for(officer)
    client.get(reverse("programs:list"))
    _age_activity_cookie(client, 31 * 60)
    client.force_login(admin_user)
    assert client.get(reverse("programs:list")).status_code == 200
    assert client.get(reverse("accounts:user_list")).status_code == 200


@pytest.mark.django_db
def test_keeping_the_idle_clock_costs_no_query(officer: User, client_for: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer)
    client.get(reverse("programs:list"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("programs:list"))
    with patch("django.core.signing.time.time", return_value=time.time() + 120):
        with CaptureQueriesContext(connection) as later:
            client.get(reverse("programs:list"))
    assert len(first) == len(later)
