"""The interface language is Indonesian whatever the browser says; English only by the user's
own choice, kept on the account (binaan.accounts.middleware.LanguageMiddleware)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role, User
from binaan.core.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def english_browser() -> Client:
    return Client(**ENGLISH_BROWSER)


def log_in(client: Client, user: User) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def api_error(client: Client) -> str:
    """One of DRF's own messages (translated by DRF): a caseworker asking for the report API."""
    response = client.get(reverse("api:report_monthly"))
    assert response.status_code == 403
    return str(response.json()["message"])


def test_an_english_browser_gets_indonesian(make_user: Callable[..., User]) -> None:
    client = english_browser()
    login_page = client.get(reverse("accounts:login"))
    assert login_page["Content-Language"] == "id"
    assert '<html lang="id"' in login_page.content.decode()
    assert "Masuk" in login_page.content.decode()

    user = make_user(Role.CASEWORKER)
    log_in(client, user)
    dashboard = client.get(reverse("dashboard"))
    assert dashboard["Content-Language"] == "id" and "Dasbor" in dashboard.content.decode()
    assert "permission" not in api_error(client)


def test_the_choice_of_english_is_kept_on_the_account(make_user: Callable[..., User]) -> None:
    user = make_user(Role.CASEWORKER)
    client = english_browser()
    log_in(client, user)
    indonesian_error = api_error(client)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"  # type: ignore[attr-defined]
    user.refresh_from_db()
    assert user.language == "en"
    event = AuditEvent.objects.get(action="update", object_type="accounts.user", object_id=user.pk)
    assert event.before == {"language": "id"} and event.after == {"language": "en"}
    english_error = api_error(client)
    assert english_error != indonesian_error and "permission" in english_error

    # A new browser (an Indonesian one, no cookie): the account's English follows the person.
    other = Client(HTTP_ACCEPT_LANGUAGE="id")
    log_in(other, user)
    dashboard = other.get(reverse("dashboard"))
    assert dashboard["Content-Language"] == "en" and "Dashboard" in dashboard.content.decode()

    # Back to Indonesian.
    other.post(reverse("set_language"), {"language": "id", "next": "/"})
    user.refresh_from_db()
    assert user.language == "id"
    assert english_browser_dashboard(user) == "id"


def english_browser_dashboard(user: User) -> str:
    client = english_browser()
    client.force_login(user)
    return str(client.get(reverse("dashboard"))["Content-Language"])


def test_an_anonymous_visitor_may_switch_for_the_session() -> None:
    client = english_browser()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert client.get(reverse("accounts:login"))["Content-Language"] == "en"
    # A fresh browser session (no cookie) is Indonesian again.
    assert english_browser().get(reverse("accounts:login"))["Content-Language"] == "id"


def test_an_unknown_language_changes_nothing(make_user: Callable[..., User]) -> None:
    user = make_user(Role.CASEWORKER)
    client = english_browser()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "id"
    assert not AuditEvent.objects.filter(object_type="accounts.user", action="update").exists()
    assert client.get(reverse("dashboard"))["Content-Language"] == "id"
