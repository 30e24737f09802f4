"""Two-factor login (TOTP): enrolment, the second step of a login, its limits, turning it off."""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from binaan.accounts import two_factor
from binaan.accounts.models import Membership, Role, User
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:two_factor")
START = reverse("accounts:two_factor_start")
CONFIRM = reverse("accounts:two_factor_confirm")
DISABLE = reverse("accounts:two_factor_disable")
VERIFY = reverse("accounts:two_factor_verify")
LOGIN = reverse("accounts:login")
API = reverse("api:location_list")


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` time steps later: within the
    device's tolerance of one step, and later than a code already used)."""
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step)
    ).zfill(6)


def device_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Binaan", confirmed=True)


def log_in(client: Client, user: User, next_url: str = "") -> None:
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    assert response.status_code == 302


@pytest.fixture
def head(make_user: Callable[..., User]) -> User:
    return make_user(Role.HEAD)


def test_a_head_enrols_with_a_code_from_the_shown_secret(
    client_for: Callable[[User], Client], head: User
) -> None:
    client = client_for(head)
    assert client.get(PAGE).status_code == 200
    assert client.post(START).status_code == 302
    page = client.get(PAGE)
    html = page.content.decode()
    # The QR code is drawn on the server, inline, with no style attribute or script (the CSP).
    assert "<svg" in html and 'class="qr-code"' in html
    assert " style=" not in html and "<script>" not in html
    pending = TOTPDevice.objects.get(user=head)
    assert not pending.confirmed
    # The secret shown as text is the device's key, as the app types it in.
    shown = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', html)
    assert shown is not None
    secret = shown.group(1).replace(" ", "")
    assert b32decode(secret + "=" * (-len(secret) % 8)) == pending.bin_key
    assert pending.key not in html  # only the app's form of it

    wrong = client.post(CONFIRM, {"token": "000000" if code(pending) != "000000" else "111111"})
    assert wrong.status_code == 200
    pending.refresh_from_db()
    assert not pending.confirmed

    response = client.post(CONFIRM, {"token": code(pending)})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed
    event = AuditEvent.objects.filter(object_type="accounts.two_factor").latest("pk")
    assert (event.action, event.before, event.after) == (
        AuditAction.UPDATE,
        {"two_factor": False},
        {"two_factor": True},
    )
    assert pending.key not in str(list(AuditEvent.objects.values_list("before", "after"))), (
        "the secret never reaches the audit trail"
    )
    # The enrolling session counts as verified: it goes on working.
    assert client.get("/").status_code == 200


def test_a_head_elsewhere_may_enrol_from_any_active_facility(
    client_for: Callable[[User], Client], officer: User, other_facility: Facility
) -> None:
    Membership.objects.create(user=officer, facility=other_facility, role=Role.HEAD)
    # The active facility is the officer's home; the account's right comes from the other.
    assert client_for(officer).get(PAGE).status_code == 200


@pytest.mark.parametrize("role", [Role.PARTNER, Role.OFFICER, Role.INTERN])
def test_other_roles_cannot_enrol(
    client_for: Callable[[User], Client], make_user: Callable[..., User], role: str
) -> None:
    client = client_for(make_user(role))
    assert client.get(PAGE).status_code == 403
    assert client.post(START).status_code == 403
    assert client.post(CONFIRM, {"token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_login_with_a_device_owes_a_code_before_anything_opens(client: Client, head: User) -> None:
    device = device_for(head)
    log_in(client, head, next_url="/residents/")
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("pk")
    assert event.after == {"second_step": "verify"}
    # Every page sends the session to the code page; the API refuses it.
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get(reverse("accounts:user_list")).status_code == 302
    assert client.get(API).status_code == 403
    assert client.get(VERIFY).status_code == 200

    response = client.post(VERIFY, {"token": code(device), "next": "/residents/"})
    assert response.status_code == 302
    assert response["Location"] == "/residents/"
    assert client.get("/").status_code == 200
    assert client.get(API).status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("pk")
    assert event.after == {"second_step": "totp"}


def test_without_a_code_only_logout_is_open(client: Client, head: User) -> None:
    device_for(head)
    log_in(client, head)
    assert client.post(reverse("accounts:switch_facility"), {"facility_id": 1}).status_code == 302
    assert client.get(PAGE).status_code == 302  # not even the two-factor settings
    assert client.post(reverse("accounts:logout")).status_code == 302
    response = client.get("/")
    assert response["Location"].startswith(LOGIN)


def test_a_user_without_a_device_logs_in_with_the_password_alone(
    client: Client, head: User
) -> None:
    log_in(client, head)
    assert two_factor.STAGE_KEY not in client.session
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_and_recorded(client: Client, head: User) -> None:
    device = device_for(head)
    log_in(client, head)
    right = code(device)
    wrong = "000000" if right != "000000" else "111111"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert client.get("/").status_code == 302
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.after == {"username": head.username, "reason": "code wrong"}
    assert wrong not in str(failed.after)
    assert client.post(VERIFY, {"token": "12ab56"}).status_code == 200  # not even tried


def test_a_used_code_is_refused(client: Client, head: User) -> None:
    device = device_for(head)
    used = code(device)
    log_in(client, head)
    assert client.post(VERIFY, {"token": used}).status_code == 302
    other = Client()
    log_in(other, head)
    # Someone who watched the code being typed cannot use it again.
    assert other.post(VERIFY, {"token": used}).status_code == 200
    assert other.get("/").status_code == 302


def test_five_wrong_codes_lock_the_second_step(client: Client, head: User) -> None:
    device = device_for(head)
    wrong = "000000" if code(device) != "000000" else "111111"
    log_in(client, head)
    for _ in range(4):
        assert client.post(VERIFY, {"token": wrong}).status_code == 200
    # The fifth: the session is ended, the password alone does not keep it.
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get("/")["Location"].startswith(LOGIN)
    # A new password login does not reset the count: even the right code is refused for now.
    log_in(client, head)
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302
    assert client.get("/")["Location"].startswith(LOGIN)
    device.refresh_from_db()
    assert device.last_t == -1, "the right code was not even checked"


def test_the_lock_ends_after_the_cool_off(client: Client, head: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    device = device_for(head)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5,
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=16),
    )
    log_in(client, head)
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_turning_it_off_needs_the_password_and_a_code(
    client_for: Callable[[User], Client], head: User
) -> None:
    device = device_for(head)
    client = client_for(head)  # a verified session (force_login owes no step)
    assert client.post(DISABLE, {"password": "wrong", "token": code(device)}).status_code == 200
    assert TOTPDevice.objects.filter(user=head).exists()
    response = client.post(DISABLE, {"password": PASSWORD, "token": code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=head).exists()
    event = AuditEvent.objects.filter(object_type="accounts.two_factor").latest("pk")
    assert event.after == {"two_factor": False}
    # The next login needs the password only.
    other = Client()
    log_in(other, head)
    assert other.get("/").status_code == 200


def test_the_setting_makes_managers_enrol_at_their_next_login(
    client: Client, head: User, officer: User, settings: object
) -> None:
    settings.BINAAN_REQUIRE_2FA_FOR_MANAGERS = True  # type: ignore[attr-defined]
    log_in(client, head, next_url="/residents/")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(PAGE)
    assert client.get(API).status_code == 403
    assert client.get(PAGE).status_code == 200
    assert client.post(START, {"next": "/residents/"}).status_code == 302
    device = TOTPDevice.objects.get(user=head)
    response = client.post(CONFIRM, {"token": code(device), "next": "/residents/"})
    assert response.status_code == 302
    assert response["Location"] == "/residents/"
    assert client.get("/").status_code == 200
    # Required means it cannot be turned off.
    response = client.post(DISABLE, {"password": PASSWORD, "token": code(device, steps_ahead=1)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=head, confirmed=True).exists()
    # The next login asks for a code (a later one than the enrolment's).
    other = Client()
    log_in(other, head)
    assert other.get("/")["Location"].startswith(VERIFY)
    assert other.post(VERIFY, {"token": code(device, steps_ahead=1)}).status_code == 302
    assert other.get("/").status_code == 200

    # Other roles are not asked.
    staff = Client()
    log_in(staff, officer)
    assert staff.get("/").status_code == 200
