from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, QuerySet

from binaan.core.dates import facility_today
from binaan.facilities.models import Facility
from binaan.partners.models import AGREEMENT_WARNING_DAYS, Facilitator, Partner


def partner_list(*, facility: Facility) -> QuerySet[Partner]:
    return (
        Partner.objects.filter(facility=facility)
        .annotate(
            facilitator_count=Count("facilitators", distinct=True),
            program_count=Count("programs", distinct=True),
        )
        .order_by("name")
    )


def agreements_expiring(
    facility: Facility, within_days: int = AGREEMENT_WARNING_DAYS, *, today: date | None = None
) -> QuerySet[Partner]:
    """Active partners whose agreement ends within `within_days` (or has ended): the dashboard's
    reminder to renew the cooperation agreement in time."""
    today = today or facility_today(facility)
    return Partner.objects.filter(
        facility=facility,
        is_active=True,
        agreement_end__isnull=False,
        agreement_end__lte=today + timedelta(days=within_days),
    ).order_by("agreement_end", "name")


def facilitator_list(*, facility: Facility) -> QuerySet[Facilitator]:
    return (
        Facilitator.objects.filter(facility=facility)
        .select_related("partner", "user")
        .annotate(program_count=Count("programs", distinct=True))
        .order_by("name")
    )
