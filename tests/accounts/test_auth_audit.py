"""Every sign-in event leaves an audit row, written by a service in binaan.accounts.services."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts import services
from binaan.accounts.models import User
from binaan.core.models import AuditAction, AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lebih#Aman-2026"


def _everything_stored(event: AuditEvent) -> str:
    return json.dumps(
        [
            event.actor_username,
            event.object_type,
            event.object_id,
            event.object_repr,
            event.before,
            event.after,
        ]
    )


def test_login_is_recorded_against_the_user(client: Client, officer: User) -> None:
    client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.actor_username) == (
        AuditAction.LOGIN,
        officer,
        officer.username,
    )
    assert (event.object_type, event.object_id) == ("accounts.user", str(officer.pk))
    assert event.ip_address == "10.1.2.3"
    assert event.facility is None


def test_logout_is_recorded_against_the_user_who_left(
    client_for: Callable[[User], Client], officer: User
) -> None:
    client = client_for(officer)
    response = client.post(reverse("accounts:logout"), REMOTE_ADDR="10.1.2.4")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        AuditAction.LOGOUT,
        officer,
        str(officer.pk),
    )
    assert event.ip_address == "10.1.2.4"
    assert "_auth_user_id" not in client.session


def test_logout_without_a_session_records_nothing(client: Client) -> None:
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not AuditEvent.objects.exists()


def test_failed_login_records_the_name_tried_never_the_password(
    client: Client, officer: User
) -> None:
    secret = "Tebakan#Rahasia-77"
    response = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": secret},
        REMOTE_ADDR="10.1.2.5",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.LOGIN_FAILED
    # The name typed is not a verified person: it is the object, not the actor.
    assert event.actor is None and event.actor_username == ""
    assert event.object_repr == officer.username
    assert event.after == {"username": officer.username}
    assert event.ip_address == "10.1.2.5"
    assert secret not in _everything_stored(event)


def test_failed_login_for_an_unknown_name_is_recorded_too(client: Client) -> None:
    client.post(reverse("accounts:login"), {"username": "tidak.ada", "password": "x"})
    event = AuditEvent.objects.get()
    assert (event.action, event.object_repr) == (AuditAction.LOGIN_FAILED, "tidak.ada")


def test_a_form_that_never_reached_authentication_records_nothing(client: Client) -> None:
    client.post(reverse("accounts:login"), {"username": "petugas", "password": ""})
    client.post(reverse("accounts:login"), {"username": "", "password": "x"})
    assert not AuditEvent.objects.exists()


def test_password_change_is_recorded_without_the_password(
    client_for: Callable[[User], Client], officer: User
) -> None:
    client = client_for(officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="10.1.2.6",
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    # Still signed in on this device.
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        AuditAction.PASSWORD_CHANGE,
        officer,
        str(officer.pk),
    )
    assert event.ip_address == "10.1.2.6"
    stored = _everything_stored(event)
    assert NEW_PASSWORD not in stored and PASSWORD not in stored
    assert officer.password not in stored


def test_refused_password_change_records_nothing(
    client_for: Callable[[User], Client], officer: User
) -> None:
    client = client_for(officer)
    client.post(
        reverse("accounts:password_change"),
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert not AuditEvent.objects.exists()


def test_password_change_service_validates(officer: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.user_password_change(user=officer, new_password="12345678")
    assert not AuditEvent.objects.exists()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_failure_record_caps_the_name(db: None) -> None:
    services.login_failure_record(username="x" * 500)
    event = AuditEvent.objects.get()
    assert event.object_repr == "x" * 150
