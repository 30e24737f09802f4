"""The authorization registry: every rule of who may do what, written once.

A permission is a name (`attendance.mark`) defined by the roles that hold it and, where the role
alone does not decide, an object predicate (a partner marks only the sessions of the programs
they facilitate). Views (`permission_required`), the DRF permission class
(`binaan.core.api.RegistryPermission`), the navigation, templates (`can` in the context) and
services all ask `allows()`; no role tuple or role string is written anywhere else.

`python manage.py permissions_matrix` writes `docs/permissions.md` from this module and the URL
configuration; a test requests every route as every role and compares the answers with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

P = ParamSpec("P")
R = TypeVar("R")


class Role(models.TextChoices):
    ADMIN = "admin", _("System admin")
    HEAD = "head", _("Head of facility")
    OFFICER = "officer", _("Programs officer")
    CASEWORKER = "caseworker", _("Caseworker")
    HUMAS = "humas", _("Public relations")
    PARTNER = "partner", _("Partner / facilitator")
    INTERN = "intern", _("Intern")
    REGIONAL = "regional", _("Regional office")
    NATIONAL = "national", _("Directorate general")


# Roles that work inside one facility; the other two look at aggregates across a scope.
FACILITY_ROLES = frozenset(
    {Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER, Role.HUMAS, Role.PARTNER, Role.INTERN}
)
AGGREGATE_ROLES = frozenset({Role.REGIONAL, Role.NATIONAL})
# The facility's own staff (partners and interns are outsiders with a login).
STAFF_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER, Role.HUMAS})
# Case data (charges, sentence, register code, remissions, notes, assessments) is never shown to
# these roles (DESIGN.md; UU 27/2022 Pasal 4: criminal records are specific personal data).
NO_CASE_DATA_ROLES = frozenset({Role.PARTNER, Role.INTERN})
MANAGERS = frozenset({Role.ADMIN, Role.HEAD})
PROGRAM_MANAGERS = frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER})


class Actor(Protocol):
    """What a rule needs to know of the person asking: `binaan.accounts.workplace.Workplace`."""

    @property
    def roles(self) -> frozenset[str]: ...

    @property
    def user(self) -> Any: ...


ObjectCheck = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    roles: frozenset[str]
    description: str
    # Decides for an object once the role is held: (user, obj) → bool. Without one, holding the
    # role is enough (facility scoping still applies: another facility's object answers 404).
    object_check: ObjectCheck | None = None
    # Roles for which the object check is skipped (staff see all; partners only their own).
    unconditional: frozenset[str] = frozenset()


REGISTRY: dict[str, Rule] = {}


def define(
    name: str,
    roles: Iterable[str],
    description: str,
    *,
    object_check: ObjectCheck | None = None,
    unconditional: Iterable[str] = (),
) -> Rule:
    if name in REGISTRY:
        raise ValueError(f"permission {name!r} is defined twice")
    rule = Rule(
        name=name,
        roles=frozenset(roles),
        description=description,
        object_check=object_check,
        unconditional=frozenset(unconditional),
    )
    REGISTRY[name] = rule
    return rule


def get_rule(name: str) -> Rule:
    try:
        return REGISTRY[name]
    except KeyError:
        raise LookupError(
            f"unknown permission {name!r}: define it in binaan.core.permissions"
        ) from None


def roles_with(name: str) -> frozenset[str]:
    return get_rule(name).roles


def allows(actor: Actor, name: str, obj: Any = None) -> bool:
    """Whether `actor` (a workplace) holds permission `name`, for `obj` when one is given."""
    rule = get_rule(name)
    held = actor.roles & rule.roles
    if not held:
        return False
    if obj is None or rule.object_check is None or held & rule.unconditional:
        return True
    return rule.object_check(actor.user, obj)


def _actor_of(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "workplace", None)
    if actor is None:
        actor = getattr(getattr(request, "_request", None), "workplace", None)
    if actor is None:
        raise PermissionDenied
    return actor


def require(request: HttpRequest, name: str, obj: Any = None) -> None:
    """403 unless the request's user holds `name` (for `obj`)."""
    if not allows(_actor_of(request), name, obj):
        raise PermissionDenied


def permission_required(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """View decorator: 403 unless the user holds `name` in the active facility. The name is
    kept on the view so that the access matrix can be read from the URL configuration."""
    get_rule(name)  # fail at import time on a typo

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            request = args[0]
            assert isinstance(request, HttpRequest)  # noqa: S101 - programming error otherwise
            require(request, name)
            return view(*args, **kwargs)

        wrapped.binaan_permission = name  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: Callable[P, R]) -> Callable[P, R]:
    """Marks a view that any signed-in user may open (it shows only the user's own things)."""
    view.binaan_permission = PUBLIC  # type: ignore[attr-defined]
    return view


PUBLIC = "signed_in"


class Can:
    """Templates ask `{% if can.attendance.mark %}`: the registry, never a role name."""

    def __init__(self, actor: Actor, prefix: str = "") -> None:
        self._actor = actor
        self._prefix = prefix

    def __getitem__(self, key: str) -> Can | bool:
        name = f"{self._prefix}.{key}" if self._prefix else key
        if name in REGISTRY:
            return allows(self._actor, name)
        if any(existing.startswith(name + ".") for existing in REGISTRY):
            return Can(self._actor, name)
        raise KeyError(name)

    def __bool__(self) -> bool:
        return False
