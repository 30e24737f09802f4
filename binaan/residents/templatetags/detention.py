"""The detention panels other pages include: the chain on a tahanan's profile and the warnings
on the dashboard. Each answers None (and costs no query) for a user without the permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from binaan.core.audit import read_record
from binaan.core.dates import facility_today
from binaan.core.permissions import allows
from binaan.residents import detention, detention_selectors, detention_services
from binaan.residents.detention_forms import DetentionOrderForm, suggested_initial
from binaan.residents.detention_selectors import DetentionRow
from binaan.residents.models import CustodyStatus, Resident, ResidentState

register = template.Library()


@dataclass(frozen=True)
class Chain:
    orders: list[Any]
    current: DetentionRow | None
    form: DetentionOrderForm | None
    law: str = detention.LAW_CITATION


@register.simple_tag(takes_context=True)
def detention_chain(context: dict[str, Any], resident: Resident) -> Chain | None:
    workplace = context.get("workplace")
    if workplace is None or resident.custody_status != CustodyStatus.TAHANAN:
        return None
    if not allows(workplace, "residents.view_detention"):
        return None
    today = facility_today(resident.facility)
    orders = detention_selectors.chain(resident)
    latest = next((o for o in orders if o.is_current), None)
    current = (
        DetentionRow(
            order=latest,
            days_left=detention.days_left(latest.expires, today),
            urgency=detention.urgency(latest.expires, today),
        )
        if latest is not None
        else None
    )
    form = None
    child = detention_services.detained_as_child(resident, orders[0].start if orders else today)
    if resident.state == ResidentState.ACTIVE and allows(workplace, "residents.record_detention"):
        form = DetentionOrderForm(initial=suggested_initial(latest, today, child=child))
    law = detention.CHILD_LAW_CITATION if child else detention.LAW_CITATION
    return Chain(orders=orders, current=current, form=form, law=law)


@register.simple_tag(takes_context=True)
def detention_warnings(context: dict[str, Any]) -> list[DetentionRow] | None:
    workplace = context.get("workplace")
    facility = getattr(workplace, "facility", None)
    if workplace is None or facility is None:
        return None
    if not allows(workplace, "residents.view_detention"):
        return None
    rows = detention_selectors.warnings(facility=facility, today=facility_today(facility))
    request = context.get("request")
    if rows and request is not None:
        read_record(request, what="residents.detention_warnings", count=len(rows))
    return rows
