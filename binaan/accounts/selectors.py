from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from binaan.accounts.models import Membership, User
from binaan.facilities.models import Facility


def facility_users(*, facility: Facility) -> QuerySet[User]:
    """Users holding a role at `facility`, with those roles prefetched as `facility_roles`."""
    return (
        User.objects.filter(memberships__facility=facility)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(facility=facility),
                to_attr="facility_roles",
            )
        )
        .order_by("full_name", "username")
    )


def facility_user_or_none(*, facility: Facility, user_id: int) -> User | None:
    return facility_users(facility=facility).filter(pk=user_id).first()


def roles_by_user(memberships: list[Membership]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    for membership in memberships:
        result[membership.user_id].append(membership.role)
    return result
