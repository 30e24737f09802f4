"""Reads of detention orders: a resident's chain, and the current orders of a facility's
tahanan with the days left (the dashboard's warnings and the per-block list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binaan.residents import detention
from binaan.residents.models import CustodyStatus, DetentionOrder, Resident, ResidentState


@dataclass(frozen=True)
class DetentionRow:
    """A current order with its days left, as the lists show it (labels decided here, not in
    the template)."""

    order: DetentionOrder
    days_left: int
    urgency: str

    @property
    def resident(self) -> Resident:
        return self.order.resident

    @property
    def is_expired(self) -> bool:
        return self.urgency == "expired"

    @property
    def is_urgent(self) -> bool:
        # Expired, last day or at most 3 days left.
        return self.urgency in {"expired", "today", "3"}

    @property
    def label(self) -> str:
        if self.days_left < 0:
            return ngettext(
                "Expired %(n)d day ago — still held",
                "Expired %(n)d days ago — still held",
                -self.days_left,
            ) % {"n": -self.days_left}
        if self.days_left == 0:
            return _("Last day today")
        return ngettext("%(n)d day left", "%(n)d days left", self.days_left) % {"n": self.days_left}


def chain(resident: Resident) -> list[DetentionOrder]:
    return list(resident.detention_orders.order_by("start", "pk"))


def held_tahanan(facility: Any) -> QuerySet[Resident]:
    return Resident.objects.filter(
        facility=facility, state=ResidentState.ACTIVE, custody_status=CustodyStatus.TAHANAN
    )


def current_orders(
    *, facility: Any, today: date, block: Any = None, within_days: int | None = None
) -> list[DetentionRow]:
    """The current order of every tahanan still held at `facility`, the most urgent first
    (already expired, then by the last day). One query."""
    orders = DetentionOrder.objects.filter(
        is_current=True, resident__in=held_tahanan(facility)
    ).select_related("resident", "resident__block")
    if block is not None:
        orders = orders.filter(resident__block=block)
    if within_days is not None:
        orders = orders.filter(expires__lte=today + timedelta(days=within_days))
    return [
        DetentionRow(
            order=order,
            days_left=detention.days_left(order.expires, today),
            urgency=detention.urgency(order.expires, today),
        )
        for order in orders.order_by("expires", "resident__full_name", "pk")
    ]


def warnings(*, facility: Any, today: date) -> list[DetentionRow]:
    """Orders ending within 10 days or already ended while the resident is still held."""
    return current_orders(facility=facility, today=today, within_days=max(detention.WARNING_DAYS))


def without_order(*, facility: Any, block: Any = None) -> QuerySet[Resident]:
    """Tahanan still held with no order recorded: their detention cannot be checked."""
    residents = held_tahanan(facility).exclude(detention_orders__is_current=True)
    if block is not None:
        residents = residents.filter(block=block)
    return residents.select_related("block").order_by("full_name")
