"""Writes of detention orders. The rules are `binaan.residents.detention` (pure); this module
applies them to the stored chain, records the order with its audit row and makes the resident's
register code follow the detaining authority, in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binaan.core.writes import audited_create, audited_update
from binaan.residents import detention
from binaan.residents.models import CustodyStatus, DetentionOrder, Resident, ResidentState


def _set_expiry(order: DetentionOrder) -> None:
    if order.days:
        order.expires = detention.expiry(order.start, order.days)


def detained_as_child(resident: Resident, first_order_start: date) -> bool:
    """The children's periods (UU 11/2012) apply when the resident was under 18 on the day of the
    offence; without that date, on the day the first detention order started."""
    return resident.is_child_on(resident.offence_date or first_order_start)


@transaction.atomic
def detention_order_add(
    *,
    resident: Resident,
    authority: str,
    kind: str,
    issuer: str,
    number: str,
    start: date,
    days: int,
    ground: str = "",
    issued_on: date | None = None,
) -> DetentionOrder:
    """Record an order or an extension of `resident`'s detention; refused with the rule in plain
    words (a ValidationError naming the field) when the law does not allow it."""
    # The resident's row is locked: two officers recording at once cannot both extend.
    locked = Resident.objects.select_for_update().get(pk=resident.pk)
    if locked.state != ResidentState.ACTIVE:
        raise ValidationError(_("Orders are recorded only for a resident who is still held."))
    chain = list(locked.detention_orders.order_by("start", "pk"))
    ground = ground if kind == detention.OrderKind.EXCEPTIONAL else ""
    proposed = detention.Order(
        authority=authority, issuer=issuer, kind=kind, start=start, days=days, ground=ground
    )
    try:
        detention.check_order(
            [o.as_rule_input() for o in chain],
            proposed,
            is_tahanan=locked.custody_status == CustodyStatus.TAHANAN,
            is_child=detained_as_child(locked, chain[0].start if chain else start),
        )
    except detention.DetentionRuleError as error:
        raise ValidationError({error.field: error.message}) from error
    previous = chain[-1] if chain else None
    if previous is not None:
        # Before the insert: one current order per resident is a database constraint.
        DetentionOrder.objects.filter(resident=locked, is_current=True).update(is_current=False)
    order = audited_create(
        DetentionOrder(
            resident=locked,
            authority=authority,
            kind=kind,
            issuer=issuer,
            ground=ground,
            number=number.strip(),
            issued_on=issued_on,
            start=start,
            days=days,
            is_current=True,
        ),
        clean=_set_expiry,
        facility=locked.facility,
        extra_snapshot=lambda _order: {"follows": previous.pk if previous else None},
    )
    # The register code follows the detaining authority (A.I-A.V).
    audited_update(
        locked,
        data={"register_code": detention.STAGES[authority].register_code},
        fields=["register_code"],
    )
    resident.register_code = locked.register_code
    return order
