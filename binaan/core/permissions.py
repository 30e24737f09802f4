"""The authorization registry: every rule of who may do what, written once.

A permission is a name (`attendance.mark`) defined by the roles that hold it and, for the roles
whose right depends on the object, a predicate (a partner marks only the sessions they lead).
Views (`permission_required`), the DRF permission class (`binaan.core.api.RegistryPermission`),
the navigation, templates (`can` in the context), selectors (`permitted`) and services
(`user_allows`) all ask this module; no role tuple or role string is written anywhere else.

`python manage.py permissions_matrix` writes `docs/permissions.md` from this module and the URL
configuration; a test requests every route as every role and compares the answers with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import reduce, wraps
from operator import or_
from typing import Any, ParamSpec, Protocol, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)


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
# Staff who read every program, session and register of the facility (humas reads programs and
# sessions for press releases, not registers).
RECORD_READERS = frozenset({Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER})


class Actor(Protocol):
    """What a rule needs to know of the person asking: `binaan.accounts.workplace.Workplace`."""

    @property
    def roles(self) -> frozenset[str]: ...

    @property
    def user(self) -> Any: ...


# --- object predicates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Predicate:
    """An object rule in the two forms the code needs, which cannot disagree: `filter(user)` is a
    condition on the model's queryset (selectors), and an object passes when its row matches it,
    unless `check` answers in memory from fields already loaded (no query)."""

    description: str
    filter: Callable[[Any], Q]
    check: Callable[[Any, Any], bool] | None = None

    def holds(self, user: Any, obj: models.Model) -> bool:
        if user is None or not getattr(user, "pk", None):
            return False
        if self.check is not None:
            return self.check(user, obj)
        return type(obj)._default_manager.filter(self.filter(user), pk=obj.pk).exists()


def _rows(label: str) -> QuerySet[Any]:
    # Looked up when a rule runs, not imported: core is the ground floor the apps build on.
    return apps.get_model(label)._default_manager.all()


def _leads_session(user: Any) -> Q:
    program_ids = _rows("programs.Program").filter(facilitators__user=user).values("pk")
    session_ids = _rows("programs.SessionFacilitator").filter(facilitator__user=user)
    return Q(program__in=program_ids) | Q(pk__in=session_ids.values("session_id"))


def _assigned_to_session(user: Any) -> Q:
    return Q(pk__in=_rows("programs.SessionIntern").filter(user=user).values("session_id"))


def _facilitates_program(user: Any) -> Q:
    return Q(pk__in=_rows("programs.Program").filter(facilitators__user=user).values("pk"))


LEADS_SESSION = Predicate(
    "sessions of the programs they facilitate or where they are assigned as facilitator",
    _leads_session,
)
ASSIGNED_TO_SESSION = Predicate("sessions they are assigned to", _assigned_to_session)
FACILITATES_PROGRAM = Predicate("programs they facilitate", _facilitates_program)
MENTORS_PLACEMENT = Predicate(
    "placements they mentor",
    lambda user: Q(mentor=user),
    check=lambda user, placement: placement.mentor_id == user.pk,
)
OWN_PLACEMENT = Predicate(
    "their own placement",
    lambda user: Q(intern=user),
    check=lambda user, placement: placement.intern_id == user.pk,
)


# --- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    roles: frozenset[str]
    description: str
    # Roles whose right depends on the object: role → predicate. The other roles hold the
    # permission for every object of the facility (facility scoping still applies: another
    # facility's object answers 404).
    only: Mapping[str, Predicate] = field(default_factory=dict)

    def unconditional_roles(self) -> frozenset[str]:
        return self.roles - self.only.keys()


REGISTRY: dict[str, Rule] = {}


def define(
    name: str,
    roles: Iterable[str],
    description: str,
    *,
    only: Mapping[str, Predicate] | None = None,
) -> Rule:
    if name in REGISTRY:
        raise ValueError(f"permission {name!r} is defined twice")
    role_set = frozenset(roles)
    conditions = dict(only or {})
    if not conditions.keys() <= role_set:
        raise ValueError(f"permission {name!r}: a predicate for a role that does not hold it")
    rule = Rule(name=name, roles=role_set, description=description, only=conditions)
    REGISTRY[name] = rule
    return rule


def _unknown(name: str) -> LookupError:
    # LookupError, not KeyError: a template swallows KeyError silently; a typo must be loud.
    return LookupError(f"unknown permission {name!r}: define it in binaan.core.permissions")


def get_rule(name: str) -> Rule:
    try:
        return REGISTRY[name]
    except KeyError:
        raise _unknown(name) from None


def roles_with(name: str) -> frozenset[str]:
    """The roles holding `name`: for choices of people (e.g. who may be a mentor)."""
    return get_rule(name).roles


def allows(actor: Actor, name: str, obj: Any = None) -> bool:
    """Whether `actor` (a workplace) holds permission `name`; for `obj` when one is given.

    Without an object the question is "may this person use the feature at all", which a role
    with a predicate answers yes (a partner may mark attendance: of their own sessions)."""
    rule = get_rule(name)
    held = actor.roles & rule.roles
    if not held:
        return False
    if obj is None or held - rule.only.keys():
        return True
    return any(rule.only[role].holds(actor.user, obj) for role in held)


def allows_all(actor: Actor, name: str) -> bool:
    """Whether `actor` holds `name` for every object of the facility (no predicate applies)."""
    rule = get_rule(name)
    return bool(actor.roles & rule.unconditional_roles())


def permitted(actor: Actor, name: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """The rows of `queryset` for which `actor` holds `name`: the selectors' form of `allows`."""
    rule = get_rule(name)
    held = actor.roles & rule.roles
    if not held:
        return queryset.none()
    if held - rule.only.keys():
        return queryset
    return queryset.filter(reduce(or_, (rule.only[role].filter(actor.user) for role in held)))


@dataclass(frozen=True)
class MemberActor:
    """A user's roles at one facility, for services that are given a user and not a request."""

    user: Any
    roles: frozenset[str]


def actor_at(user: Any, facility: Any) -> MemberActor:
    """One query: the roles `user` holds at `facility`."""
    roles = frozenset(user.memberships.filter(facility=facility).values_list("role", flat=True))
    return MemberActor(user=user, roles=roles)


def user_allows(user: Any, facility: Any, name: str, obj: Any = None) -> bool:
    return allows(actor_at(user, facility), name, obj)


def actor_anywhere(actor: Any) -> MemberActor:
    """The roles `actor` holds at any facility: for rights of the account itself (two-factor
    login), which an account has wherever its roles are held. A workplace answers from the
    memberships it already loaded; a user costs one query."""
    memberships = getattr(actor, "memberships", None)
    if isinstance(memberships, list):
        return MemberActor(user=actor.user, roles=frozenset(m.role for m in memberships))
    roles = frozenset(actor.memberships.values_list("role", flat=True))
    return MemberActor(user=actor, roles=roles)


def _actor_of(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "workplace", None)
    if actor is None:
        # DRF wraps the Django request; the middleware set the attribute on the original.
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


def permission_required_anywhere(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`permission_required` for a right of the account: held if the user holds `name` at any
    of their facilities, not only the active one."""
    get_rule(name)

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            request = args[0]
            assert isinstance(request, HttpRequest)  # noqa: S101 - programming error otherwise
            if not allows(actor_anywhere(_actor_of(request)), name):
                raise PermissionDenied
            return view(*args, **kwargs)

        wrapped.binaan_permission = name  # type: ignore[attr-defined]
        return wrapped

    return decorator


PUBLIC = "signed_in"


def public(view: Callable[P, R]) -> Callable[P, R]:
    """Marks a view that any signed-in user may open (it shows only the user's own things)."""
    view.binaan_permission = PUBLIC  # type: ignore[attr-defined]
    return view


class Can:
    """Templates ask `{% if can.attendance.mark %}`: the registry, never a role name. An unknown
    name raises LookupError, which templates do not swallow."""

    def __init__(self, actor: Actor, prefix: str = "") -> None:
        self._actor = actor
        self._prefix = prefix

    def __getitem__(self, key: str) -> Can | bool:
        name = f"{self._prefix}.{key}" if self._prefix else key
        if name in REGISTRY:
            return allows(self._actor, name)
        if any(existing.startswith(name + ".") for existing in REGISTRY):
            return Can(self._actor, name)
        raise _unknown(name)

    def __bool__(self) -> bool:
        return False


# --- the permissions ------------------------------------------------------------------------
# Each names who may, in the active facility. The descriptions are for the access matrix
# (docs/permissions.md, English like the code), not for the UI.


# Residents
define("residents.view", RECORD_READERS, "Open the residents' register and records")
define(
    "residents.view_photo",
    RECORD_READERS | {Role.PARTNER, Role.INTERN},
    "See residents' photos (partner and intern: residents on the rosters they see)",
)
define(
    "residents.view_case_data",
    set(Role) - NO_CASE_DATA_ROLES,
    "See case data: charges, sentence, register code, remissions, key dates",
)
define("residents.manage", PROGRAM_MANAGERS, "Add, edit, import residents; remissions, moves")
define("residents.discharge", MANAGERS, "Transfer or release a resident, record a death")
# Detention orders of tahanan: holding someone past a valid order is the Rutan's main legal risk.
define(
    "residents.view_detention",
    PROGRAM_MANAGERS,
    "See tahanan's detention orders, their expiry and the warnings",
)
define(
    "residents.record_detention",
    {Role.HEAD, Role.OFFICER},
    "Record a detention order or an extension of a tahanan",
)
# UU 27/2022 Pasal 7 and 32: the data subject's right of access is answered by the head, who
# signs for the facility as controller; the download holds case data and the audit trail.
define(
    "residents.subject_access",
    {Role.HEAD},
    "Download everything held about one resident (subject access, UU 27/2022)",
)

# Programs and sessions
define(
    "programs.view",
    STAFF_ROLES | {Role.PARTNER},
    "See programs",
    only={Role.PARTNER: FACILITATES_PROGRAM},
)
define("programs.manage", PROGRAM_MANAGERS, "Create and change programs, sessions, enrolments")
define("programs.manage_categories", {Role.ADMIN}, "Edit the program categories (reference data)")
define(
    "programs.manage_holidays",
    MANAGERS,
    "Correct the holiday calendar (regional holidays, moved national dates) and regenerate",
)
define(
    "sessions.view",
    STAFF_ROLES | {Role.PARTNER, Role.INTERN},
    "See sessions and the calendar",
    only={Role.PARTNER: LEADS_SESSION, Role.INTERN: ASSIGNED_TO_SESSION},
)
define(
    "sessions.view_roster",
    PROGRAM_MANAGERS | {Role.PARTNER, Role.INTERN},
    "See a session's roster (names, numbers, blocks)",
    only={Role.PARTNER: LEADS_SESSION, Role.INTERN: ASSIGNED_TO_SESSION},
)
define(
    "sessions.write_notes",
    PROGRAM_MANAGERS | {Role.PARTNER},
    "Write a session's notes and agenda",
    only={Role.PARTNER: LEADS_SESSION},
)
define(
    "sessions.facilitate",
    {Role.PARTNER},
    "Lead sessions as a partner's facilitator (the partner portal)",
    only={Role.PARTNER: LEADS_SESSION},
)
define(
    "sessions.assist",
    {Role.INTERN},
    "Be assigned to sessions as an intern",
    only={Role.INTERN: ASSIGNED_TO_SESSION},
)

# Attendance
define(
    "attendance.mark",
    PROGRAM_MANAGERS | {Role.PARTNER},
    "Mark attendance, print the attendance sheet, scan cards",
    only={Role.PARTNER: LEADS_SESSION},
)
define(
    "attendance.amend_locked",
    {Role.HEAD},
    "Amend the marks of a locked session (with a reason)",
)
define(
    "attendance.view_register",
    RECORD_READERS | {Role.PARTNER, Role.INTERN},
    "Open a session's attendance register",
    only={Role.PARTNER: LEADS_SESSION, Role.INTERN: ASSIGNED_TO_SESSION},
)
define(
    "attendance.view_full_register",
    RECORD_READERS,
    "See a register with photos, beyond names, numbers and blocks",
)
define(
    "attendance.view_history",
    RECORD_READERS | {Role.PARTNER},
    "See the change history of a register",
    only={Role.PARTNER: LEADS_SESSION},
)
define(
    "attendance.add_walk_ins",
    PROGRAM_MANAGERS,
    "Add residents from outside the roster to a register (search every resident)",
)
define("attendance.print_cards", PROGRAM_MANAGERS, "Print residents' ID cards")
define("attendance.view_reasons", PROGRAM_MANAGERS, "See the attendance reasons")
define("attendance.manage_reasons", {Role.ADMIN}, "Add and switch off attendance reasons")

# Interns
define("interns.manage", PROGRAM_MANAGERS, "Create and change intern placements")
define(
    "interns.view_placement",
    STAFF_ROLES | {Role.INTERN},
    "Open placement pages (mentors theirs, an intern their own)",
    only={
        Role.CASEWORKER: MENTORS_PLACEMENT,
        Role.HUMAS: MENTORS_PLACEMENT,
        Role.INTERN: OWN_PLACEMENT,
    },
)
define(
    "interns.mentor",
    STAFF_ROLES,
    "Mentor a placement: verify reports, evaluate (the head: any placement)",
    only={
        Role.ADMIN: MENTORS_PLACEMENT,
        Role.OFFICER: MENTORS_PLACEMENT,
        Role.CASEWORKER: MENTORS_PLACEMENT,
        Role.HUMAS: MENTORS_PLACEMENT,
    },
)
define(
    "interns.own_placement",
    {Role.INTERN},
    "Hold a placement: presence, logbook, own month",
    only={Role.INTERN: OWN_PLACEMENT},
)

# Partners
define("partners.manage", PROGRAM_MANAGERS, "Manage partners and facilitators")

# Reports
define(
    "reports.view",
    PROGRAM_MANAGERS | AGGREGATE_ROLES,
    "Open the reports: the own facility's, or those of the regional or national scope",
)
define("reports.view_facility", PROGRAM_MANAGERS, "See the active facility's reports and figures")
define(
    "reports.view_aggregate",
    AGGREGATE_ROLES,
    "See the aggregates of the regional offices and facilities in scope",
)
define("reports.view_national", {Role.NATIONAL}, "See the national consolidation")

# The facility, its people and its audit trail
define("facilities.configure", {Role.ADMIN}, "Change the facility's settings")
define("locations.view", PROGRAM_MANAGERS, "See the facility's locations")
define("locations.manage", {Role.ADMIN}, "Add and change locations")
define("users.view", MANAGERS, "See the facility's users")
define("users.manage", {Role.ADMIN}, "Add users, change their roles")
define("audit.view", MANAGERS, "Read the audit trail")
define(
    "accounts.two_factor",
    MANAGERS,
    "Turn two-factor login (TOTP) on and off for one's own account (a role held at any facility)",
)
