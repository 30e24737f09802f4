"""Breach notice (UU 27/2022 Pasal 46): which residents a compromised account could read.

`breach_exposure` answers from the account's roles over the period (its memberships and the
audit trail's role changes) and from the registry, which decides what each role reads, plus the
account's own `view` and `export` events about residents. It names residents by id and facility,
never by name: the list goes into a notice that may travel by e-mail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from binaan.core.dates import local_day_bounds
from binaan.core.models import AuditAction, AuditEvent
from binaan.core.permissions import MemberActor, allows, allows_all, permitted
from binaan.facilities.models import Facility
from binaan.residents.models import Resident

# Pasal 46 ayat 1: written notice to the subjects and the authority within 3 × 24 hours.
NOTICE_WINDOW = timedelta(hours=72)

IDENTITY = "identity"
CASE_DATA = "case data"
ATTENDANCE = "attendance"
PHOTO = "photo"
CATEGORY_ORDER = (IDENTITY, CASE_DATA, ATTENDANCE, PHOTO)


@dataclass
class ExposedResident:
    resident_id: int
    facility_code: str
    categories: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)

    def category_list(self) -> list[str]:
        return [c for c in CATEGORY_ORDER if c in self.categories]


@dataclass
class BreachExposure:
    username: str
    start: date
    end: date
    roles: dict[str, list[str]]  # facility code (or "regional"/"national" scope) → roles
    residents: list[ExposedResident]
    deadline: datetime
    aggregate_only: bool


def notice_deadline(*, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + NOTICE_WINDOW


def _roles_over_period(user: Any, start: date, end: date) -> dict[int | None, set[str]]:
    """Facility id (None for regional/national scopes) → the roles held at some time in the
    period: today's memberships created before its end, and the roles a role change during or
    after the period took away (held until then) or gave (held from then)."""
    held: dict[int | None, set[str]] = defaultdict(set)
    facilities = {f.pk: f for f in Facility.objects.all()}
    for membership in user.memberships.all():
        zone = facilities[membership.facility_id] if membership.facility_id else "Asia/Jakarta"
        if membership.created_at < local_day_bounds(zone, end)[1]:
            held[membership.facility_id].add(membership.role)
    changes = AuditEvent.objects.filter(
        object_type="accounts.membership", object_id=str(user.pk), facility__isnull=False
    ).order_by("created_at")
    for change in changes:
        facility = facilities.get(change.facility_id or 0)
        if facility is None:
            continue
        start_at, end_at = local_day_bounds(facility, start, through=end)
        if change.created_at >= start_at:
            held[facility.pk].update((change.before or {}).get("roles", []))
        if change.created_at < end_at:
            held[facility.pk].update((change.after or {}).get("roles", []))
    return held


def breach_exposure(*, user: Any, start: date, end: date) -> BreachExposure:
    # Imported here: programs build on residents.
    from binaan.programs.models import Enrollment, Session

    facilities = {f.pk: f for f in Facility.objects.all()}
    held = _roles_over_period(user, start, end)
    exposed: dict[int, ExposedResident] = {}

    def add(resident_id: int, code: str, categories: set[str], source: str) -> None:
        row = exposed.setdefault(resident_id, ExposedResident(resident_id, code))
        row.categories |= categories
        row.sources.add(source)

    role_names: dict[str, list[str]] = {}
    for facility_id, roles in held.items():
        if not roles:
            continue
        if facility_id is None:
            role_names.update({role: [role] for role in roles})
            continue  # regional and national scopes read aggregates, never a resident
        facility = facilities[facility_id]
        role_names[facility.code] = sorted(roles)
        actor = MemberActor(user=user, roles=frozenset(roles))
        _, end_at = local_day_bounds(facility, start, through=end)
        residents = Resident.objects.filter(facility=facility, created_at__lt=end_at)
        if allows_all(actor, "residents.view"):
            categories = {IDENTITY}
            if allows(actor, "residents.view_case_data"):
                categories.add(CASE_DATA)
            if allows_all(actor, "attendance.view_register"):
                categories.add(ATTENDANCE)
            if allows(actor, "residents.view_photo"):
                categories.add(PHOTO)
            for resident_id in residents.values_list("pk", flat=True):
                add(resident_id, facility.code, categories, "role")
            continue
        # Partner and intern: the roster fields of the residents of the sessions they lead or
        # are assigned to (the registry's predicates), never case data.
        sessions = permitted(
            actor, "sessions.view_roster", Session.objects.filter(facility=facility)
        )
        rostered = Enrollment.objects.filter(
            program__in=sessions.values("program_id"), waitlist_position__isnull=True
        ).values("resident_id")
        categories = {IDENTITY}
        if allows(actor, "attendance.view_register"):
            categories.add(ATTENDANCE)
        if allows(actor, "residents.view_photo"):
            categories.add(PHOTO)
        if not allows(actor, "sessions.view_roster"):
            continue
        for resident_id in residents.filter(pk__in=rostered).values_list("pk", flat=True):
            add(resident_id, facility.code, categories, "roster")

    # What the account actually opened or exported, whatever its roles were.
    period = Q()
    for facility in facilities.values():
        start_at, end_at = local_day_bounds(facility, start, through=end)
        period |= Q(facility=facility, created_at__gte=start_at, created_at__lt=end_at)
    events = AuditEvent.objects.filter(
        period,
        actor=user,
        action__in=[AuditAction.VIEW, AuditAction.EXPORT],
        object_type="residents.resident",
    ).values_list("object_id", "action")
    opened: dict[int, set[str]] = defaultdict(set)
    for object_id, action in events:
        if object_id.isdigit():
            opened[int(object_id)].add(action)
    for resident_id, facility_id in Resident.objects.filter(pk__in=opened).values_list(
        "pk", "facility_id"
    ):
        # A view of the profile shows every category the role saw; an export holds them all.
        actions = opened[resident_id]
        row = exposed.get(resident_id)
        categories = set(CATEGORY_ORDER) if AuditAction.EXPORT in actions else set()
        if not categories:
            categories = row.categories if row else {IDENTITY}
        add(resident_id, facilities[facility_id].code, categories, "audit")

    aggregate_only = bool(held) and all(k is None for k, v in held.items() if v)
    return BreachExposure(
        username=user.get_username(),
        start=start,
        end=end,
        roles=role_names,
        residents=sorted(exposed.values(), key=lambda r: (r.facility_code, r.resident_id)),
        deadline=notice_deadline(),
        aggregate_only=aggregate_only,
    )
