"""Who is acting and from where, for the audit trail of the current request or command.

Services read it so that their signatures stay about the domain; the middleware (web) or the
management command (CLI) sets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User


@dataclass(frozen=True)
class Actor:
    user: User | None
    ip_address: str | None = None


_current: ContextVar[Actor | None] = ContextVar("binaan_actor", default=None)


def current_actor() -> Actor | None:
    return _current.get()


@contextmanager
def acting_as(user: User | None, ip_address: str | None = None) -> Iterator[Actor]:
    actor = Actor(user=user, ip_address=ip_address)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
