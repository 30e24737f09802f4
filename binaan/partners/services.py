from __future__ import annotations

from typing import Any

from django.db import transaction

from binaan.core.writes import audited_create, audited_update
from binaan.facilities.models import Facility
from binaan.partners.models import Facilitator, Partner

PARTNER_FIELDS = [
    "name",
    "kind",
    "contact_person",
    "phone",
    "email",
    "address",
    "agreement_number",
    "agreement_start",
    "agreement_end",
    "is_active",
]
FACILITATOR_FIELDS = ["name", "partner", "phone", "email", "teaches", "user", "is_active"]


@transaction.atomic
def partner_create(*, facility: Facility, data: dict[str, Any]) -> Partner:
    return audited_create(Partner(facility=facility), data=data, fields=PARTNER_FIELDS)


@transaction.atomic
def partner_update(*, partner: Partner, data: dict[str, Any]) -> Partner:
    audited_update(partner, data=data, fields=PARTNER_FIELDS)
    return partner


@transaction.atomic
def facilitator_create(*, facility: Facility, data: dict[str, Any]) -> Facilitator:
    return audited_create(Facilitator(facility=facility), data=data, fields=FACILITATOR_FIELDS)


@transaction.atomic
def facilitator_update(*, facilitator: Facilitator, data: dict[str, Any]) -> Facilitator:
    audited_update(facilitator, data=data, fields=FACILITATOR_FIELDS)
    return facilitator
