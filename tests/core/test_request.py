"""The client address: one rule for the audit trail and for django-axes, unforgeable by clients."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from binaan.accounts.models import Role, User
from binaan.core.models import AuditAction, AuditEvent
from binaan.core.request import axes_client_ip, client_ip
from binaan.facilities.models import Facility
from tests.factories import PASSWORD, user_with_roles

PROXY = "127.0.0.1"
ADDRESS_A = "203.0.113.10"
ADDRESS_B = "198.51.100.20"


def _ip(
    settings: SettingsWrapper, hops: int, remote: str | None, forwarded: str | None
) -> str | None:
    settings.TRUSTED_PROXY_HOPS = hops
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote
    return client_ip(request)


class TestClientIp:
    def test_default_is_no_proxy(self) -> None:
        from django.conf import settings

        assert settings.TRUSTED_PROXY_HOPS == 0

    def test_no_hops_ignores_forwarded_entirely(self, settings: SettingsWrapper) -> None:
        assert _ip(settings, 0, ADDRESS_A, "6.6.6.6") == ADDRESS_A
        assert _ip(settings, 0, ADDRESS_A, f"6.6.6.6, {ADDRESS_B}") == ADDRESS_A
        assert _ip(settings, 0, ADDRESS_A, None) == ADDRESS_A

    def test_one_hop_takes_the_address_the_proxy_appended(self, settings: SettingsWrapper) -> None:
        assert _ip(settings, 1, PROXY, ADDRESS_A) == ADDRESS_A
        # The client wrote "6.6.6.6"; nginx's $proxy_add_x_forwarded_for appended the real one.
        assert _ip(settings, 1, PROXY, f"6.6.6.6, {ADDRESS_A}") == ADDRESS_A
        assert _ip(settings, 1, PROXY, f"6.6.6.6,1.1.1.1,  {ADDRESS_A}") == ADDRESS_A

    def test_two_hops(self, settings: SettingsWrapper) -> None:
        assert _ip(settings, 2, PROXY, f"6.6.6.6, {ADDRESS_A}, 10.0.0.2") == ADDRESS_A

    def test_malformed_client_entries_are_ignored(self, settings: SettingsWrapper) -> None:
        assert _ip(settings, 1, PROXY, f"<script>, , {ADDRESS_A}") == ADDRESS_A
        assert _ip(settings, 1, PROXY, f"unknown,{ADDRESS_A}") == ADDRESS_A

    def test_malformed_entry_at_the_trusted_position_is_not_used(
        self, settings: SettingsWrapper
    ) -> None:
        # Only the socket peer is left that the client cannot write.
        assert _ip(settings, 1, PROXY, f"{ADDRESS_A}, not-an-address") == PROXY
        assert _ip(settings, 1, PROXY, f"{ADDRESS_A}, 1.2.3.4:80") == PROXY

    def test_fewer_entries_than_hops_falls_back_to_the_socket_peer(
        self, settings: SettingsWrapper
    ) -> None:
        # Straight to the app, around the proxy: the forged header must not win.
        assert _ip(settings, 1, ADDRESS_B, None) == ADDRESS_B
        assert _ip(settings, 2, ADDRESS_B, "6.6.6.6") == ADDRESS_B

    def test_missing_remote_addr_still_counts_as_a_hop(self, settings: SettingsWrapper) -> None:
        # gunicorn on a unix socket leaves REMOTE_ADDR empty; the client's entry stays untrusted.
        assert _ip(settings, 1, "", f"6.6.6.6, {ADDRESS_A}") == ADDRESS_A
        assert _ip(settings, 0, None, "6.6.6.6") is None

    def test_addresses_are_normalised(self, settings: SettingsWrapper) -> None:
        assert _ip(settings, 1, PROXY, "2001:DB8:0:0::1") == "2001:db8::1"
        assert _ip(settings, 0, " 2001:db8::0001 ", None) == "2001:db8::1"

    def test_axes_uses_the_same_rule(self, settings: SettingsWrapper) -> None:
        settings.TRUSTED_PROXY_HOPS = 1
        request = RequestFactory().get(
            "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {ADDRESS_A}"
        )
        assert axes_client_ip(request) == client_ip(request) == ADDRESS_A
        assert settings.AXES_CLIENT_IP_CALLABLE == "binaan.core.request.axes_client_ip"


@pytest.fixture
def kepala(facility: Facility) -> User:
    return user_with_roles(facility, Role.HEAD, username="kepala")


def _login(client: Client, password: str, remote: str, forwarded: str | None = None) -> int:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post(
        reverse("accounts:login"), {"username": "kepala", "password": password}, **extra
    )
    return response.status_code


@pytest.mark.django_db
class TestAuditAddress:
    def test_forged_header_without_proxy_records_remote_addr(
        self, client: Client, kepala: User
    ) -> None:
        assert _login(client, PASSWORD, ADDRESS_A, "6.6.6.6") == 302
        event = AuditEvent.objects.get(action=AuditAction.LOGIN)
        assert event.ip_address == ADDRESS_A

    def test_behind_one_proxy_records_the_appended_address(
        self, client: Client, kepala: User, settings: SettingsWrapper
    ) -> None:
        settings.TRUSTED_PROXY_HOPS = 1
        assert _login(client, PASSWORD, PROXY, f"6.6.6.6, {ADDRESS_A}") == 302
        event = AuditEvent.objects.get(action=AuditAction.LOGIN)
        assert event.ip_address == ADDRESS_A

    def test_failed_login_records_the_address_too(self, client: Client, kepala: User) -> None:
        assert _login(client, "salah", ADDRESS_A, "6.6.6.6") == 200
        event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
        assert event.ip_address == ADDRESS_A


@pytest.mark.django_db
class TestLockout:
    def test_guessing_from_one_address_locks_out_that_address_only(
        self, client: Client, kepala: User
    ) -> None:
        statuses = [_login(client, "salah", ADDRESS_A, f"10.9.9.{n}") for n in range(5)]
        # The fifth failure is the one that locks (AXES_FAILURE_LIMIT).
        assert statuses == [200, 200, 200, 200, 429]
        # Locked even with the right password, whatever the forged header says.
        assert _login(client, PASSWORD, ADDRESS_A, ADDRESS_B) == 429
        assert _login(client, PASSWORD, ADDRESS_A) == 429
        # The real kepala, elsewhere, still gets in.
        other = Client()
        assert _login(other, PASSWORD, ADDRESS_B) == 302
        assert other.get("/").status_code == 200

    def test_rotating_forged_headers_does_not_escape_the_lockout(
        self, client: Client, kepala: User
    ) -> None:
        for n in range(5):
            _login(client, "salah", ADDRESS_A, f"6.6.6.{n}, 7.7.7.{n}")
        for n in range(5, 10):
            assert _login(client, PASSWORD, ADDRESS_A, f"6.6.6.{n}") == 429

    def test_behind_a_proxy_the_lockout_follows_the_appended_address(
        self, client: Client, kepala: User, settings: SettingsWrapper
    ) -> None:
        settings.TRUSTED_PROXY_HOPS = 1
        for n in range(5):
            # Every request reaches the app from the proxy; the client rotates its own hop.
            _login(client, "salah", PROXY, f"6.6.6.{n}, {ADDRESS_A}")
        assert _login(client, PASSWORD, PROXY, f"{ADDRESS_B}, {ADDRESS_A}") == 429
        assert _login(Client(), PASSWORD, PROXY, f"{ADDRESS_A}, {ADDRESS_B}") == 302
