"""Where a signed-in user is working now: their memberships, the active facility and its roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from binaan.accounts.models import Membership
from binaan.core.permissions import AGGREGATE_ROLES, FACILITY_ROLES, Role

if TYPE_CHECKING:
    from binaan.accounts.models import User
    from binaan.facilities.models import Facility, RegionalOffice

SESSION_KEY = "binaan_facility_id"


@dataclass
class Workplace:
    user: User | None = None
    memberships: list[Membership] = field(default_factory=list)
    facility: Facility | None = None
    roles: frozenset[str] = frozenset()

    @property
    def facilities(self) -> list[Facility]:
        seen: dict[int, Facility] = {}
        for membership in self.memberships:
            if membership.facility is not None:
                seen.setdefault(membership.facility.pk, membership.facility)
        return sorted(seen.values(), key=lambda f: f.name)

    @property
    def regional_offices(self) -> list[RegionalOffice]:
        return [
            m.regional_office
            for m in self.memberships
            if m.role == Role.REGIONAL and m.regional_office is not None
        ]

    @property
    def is_national(self) -> bool:
        return any(m.role == Role.NATIONAL for m in self.memberships)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in sorted(self.roles)]


def load_workplace(user: User, requested_facility_id: int | None) -> Workplace:
    """One query: every membership of the user with its facility and regional office."""
    memberships = list(
        Membership.objects.filter(user=user).select_related(
            "facility__regional_office", "regional_office"
        )
    )
    workplace = Workplace(user=user, memberships=memberships)
    facilities = workplace.facilities
    if facilities:
        by_id = {f.pk: f for f in facilities}
        # Without a choice in the session, the facility of the oldest membership: the home unit.
        home = min((m for m in memberships if m.facility is not None), key=lambda m: m.pk)
        workplace.facility = by_id.get(requested_facility_id or 0) or home.facility
        assert workplace.facility is not None  # noqa: S101 - home is a facility membership
        workplace.roles = frozenset(
            m.role
            for m in memberships
            if m.facility_id == workplace.facility.pk and m.role in FACILITY_ROLES
        )
    else:
        workplace.roles = frozenset(m.role for m in memberships if m.role in AGGREGATE_ROLES)
    return workplace
