"""Facts about the current HTTP request that security decisions rest on.

The client address feeds the audit trail (through the middleware's actor) and django-axes's
lockout key, so it is computed here once, under one rule.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting exactly `TRUSTED_PROXY_HOPS` reverse proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    only the rightmost entries are written by proxies we run; anything to their left was written
    by the client and is never trusted. Counting from the right of the chain
    `X-Forwarded-For entries + REMOTE_ADDR`, position 0 is REMOTE_ADDR itself (no proxy) and
    position N is the address the outermost of N proxies saw. Positions are counted on the raw
    chain, so a malformed entry can neither shift them nor be returned.
    """
    remote = _valid_address(request.META.get("REMOTE_ADDR") or "")
    hops: int = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR") or ""
    chain = [entry.strip() for entry in forwarded.split(",")] if forwarded.strip() else []
    chain.append(request.META.get("REMOTE_ADDR") or "")
    if len(chain) <= hops:
        # Fewer entries than proxies: the request did not come through all of them (or came
        # straight to the app), so only the socket peer is known for certain.
        return remote
    # A malformed entry where a trusted proxy should have written one: the socket peer is the
    # only address left that the client cannot forge.
    return _valid_address(chain[-(hops + 1)]) or remote


def axes_client_ip(request: HttpRequest) -> str | None:
    """`AXES_CLIENT_IP_CALLABLE`: lockouts are keyed on the same address the audit trail records."""
    return client_ip(request)
