from __future__ import annotations

from typing import Any

from django.db import transaction

from binaan.core.audit import audit_record, changed_fields, model_snapshot
from binaan.core.models import AuditAction
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


def _apply(obj: Any, fields: list[str], data: dict[str, Any]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


def _update(obj: Any, fields: list[str], data: dict[str, Any]) -> Any:
    # The stored row, not `obj`: a ModelForm has already copied the new values onto it.
    before = model_snapshot(type(obj)._default_manager.get(pk=obj.pk))
    _apply(obj, fields, data)
    obj.full_clean()
    after = model_snapshot(obj)
    changed = changed_fields(before, after)
    if changed:
        obj.save(update_fields=[c.removesuffix("_id") for c in changed] + ["updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            obj=obj,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return obj


@transaction.atomic
def partner_create(*, facility: Facility, data: dict[str, Any]) -> Partner:
    partner = Partner(facility=facility)
    _apply(partner, PARTNER_FIELDS, data)
    partner.full_clean()
    partner.save()
    audit_record(action=AuditAction.CREATE, obj=partner, after=model_snapshot(partner))
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, data: dict[str, Any]) -> Partner:
    result: Partner = _update(partner, PARTNER_FIELDS, data)
    return result


@transaction.atomic
def facilitator_create(*, facility: Facility, data: dict[str, Any]) -> Facilitator:
    facilitator = Facilitator(facility=facility)
    _apply(facilitator, FACILITATOR_FIELDS, data)
    facilitator.full_clean()
    facilitator.save()
    audit_record(action=AuditAction.CREATE, obj=facilitator, after=model_snapshot(facilitator))
    return facilitator


@transaction.atomic
def facilitator_update(*, facilitator: Facilitator, data: dict[str, Any]) -> Facilitator:
    result: Facilitator = _update(facilitator, FACILITATOR_FIELDS, data)
    return result
