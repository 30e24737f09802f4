"""Writes on the register of residents. Each function is atomic and writes its own audit row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from binaan.core.audit import audit_record, changed_fields, model_snapshot
from binaan.core.dates import facility_today
from binaan.core.models import AuditAction
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents.models import (
    CourtDate,
    Movement,
    MovementKind,
    Remission,
    Resident,
    ResidentState,
)

if TYPE_CHECKING:
    from binaan.residents.importing import ImportResult

RESIDENT_EDITABLE_FIELDS = [
    "registration_number",
    "register_code",
    "custody_status",
    "full_name",
    "alias",
    "sex",
    "birth_date",
    "birth_place",
    "religion",
    "nationality",
    "block",
    "room",
    "admission_date",
    "charge",
    "sentence_start",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "court_decision_date",
    "photo",
]
KEY_DATE_FIELDS = ["expiry_date", "one_third_date", "half_date", "two_thirds_date"]


def _snapshot(resident: Resident, fields: list[str] | None = None) -> dict[str, Any]:
    # A FieldFile is not JSON; the audit keeps the stored file name instead.
    names = [f.name for f in Resident._meta.concrete_fields] if fields is None else fields
    data = model_snapshot(resident, fields=[n for n in names if n != "photo"])
    if "photo" in names:
        data["photo"] = resident.photo.name or ""
    return data


def refresh_key_dates(resident: Resident) -> None:
    """Recompute the stored key dates from the sentence and remission total (not saved here).

    The columns exist so lists can filter by stage in SQL; they must never disagree with
    `stages.compute`, so every write that touches the sentence or remissions calls this.
    """
    try:
        dates = resident.key_dates()
    except ValueError as error:
        raise ValidationError({"sentence_years": str(error)}) from error
    resident.expiry_date = dates.expiry if dates else None
    resident.one_third_date = dates.one_third if dates else None
    resident.half_date = dates.half if dates else None
    resident.two_thirds_date = dates.two_thirds if dates else None


def _check_places(resident: Resident) -> None:
    errors: dict[str, str] = {}
    if resident.block is not None and (
        resident.block.facility_id != resident.facility_id
        or resident.block.kind != LocationKind.BLOCK
    ):
        errors["block"] = _("Choose a block of this facility.")
    if resident.room is not None and resident.room.facility_id != resident.facility_id:
        errors["room"] = _("Choose a room of this facility.")
    if errors:
        raise ValidationError(errors)


def _save_checked(resident: Resident, **save_kwargs: Any) -> None:
    _check_places(resident)
    refresh_key_dates(resident)
    resident.full_clean()
    resident.save(**save_kwargs)


@transaction.atomic
def resident_create(*, facility: Facility, data: dict[str, Any]) -> Resident:
    resident = Resident(facility=facility)
    for name in RESIDENT_EDITABLE_FIELDS:
        if name in data:
            setattr(resident, name, data[name])
    _save_checked(resident)
    Movement.objects.create(
        resident=resident,
        kind=MovementKind.ADMISSION,
        date=resident.admission_date or facility_today(facility),
        to_facility=facility,
        to_block=resident.block,
    )
    audit_record(action=AuditAction.CREATE, obj=resident, after=_snapshot(resident))
    return resident


@transaction.atomic
def resident_update(*, resident: Resident, data: dict[str, Any]) -> Resident:
    """Edit the register entry. A change of block goes through `resident_move_block` instead,
    so that it leaves a movement row."""
    fields = [f for f in RESIDENT_EDITABLE_FIELDS if f not in {"block", "room"}]
    before = _snapshot(resident, fields + KEY_DATE_FIELDS)
    for name in fields:
        if name in data:
            value = data[name]
            if name == "photo" and value is False:
                value = ""  # the form's "clear" box
            setattr(resident, name, value)
    refresh_key_dates(resident)
    after = _snapshot(resident, fields + KEY_DATE_FIELDS)
    changed = changed_fields(before, after)
    if changed:
        _save_checked(resident)
        audit_record(
            action=AuditAction.UPDATE,
            obj=resident,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return resident


@transaction.atomic
def remission_add(
    *, resident: Resident, kind: str, days: int, decree_date: date, decree_number: str = ""
) -> Remission:
    remission = Remission(
        resident=resident,
        kind=kind,
        days=days,
        decree_number=decree_number,
        decree_date=decree_date,
    )
    remission.full_clean()
    remission.save()
    before = model_snapshot(resident, fields=["remission_days_total", *KEY_DATE_FIELDS])
    total = resident.remissions.aggregate(total=Sum("days"))["total"] or 0
    resident.remission_days_total = total
    _save_checked(resident, update_fields=["remission_days_total", *KEY_DATE_FIELDS, "updated_at"])
    audit_record(
        action=AuditAction.CREATE,
        obj=remission,
        facility=resident.facility,
        before=before,
        after=model_snapshot(resident, fields=["remission_days_total", *KEY_DATE_FIELDS]),
    )
    return remission


@transaction.atomic
def court_date_add(*, resident: Resident, on: date, court: str = "", note: str = "") -> CourtDate:
    court_date = CourtDate(resident=resident, date=on, court=court, note=note)
    court_date.full_clean()
    court_date.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=court_date,
        facility=resident.facility,
        after=model_snapshot(court_date),
    )
    return court_date


@transaction.atomic
def resident_move_block(
    *,
    resident: Resident,
    block: Location,
    room: Location | None = None,
    on: date,
    note: str = "",
) -> Movement:
    before = model_snapshot(resident, fields=["block", "room"])
    movement = Movement(
        resident=resident,
        kind=MovementKind.BLOCK_CHANGE,
        date=on,
        from_block=resident.block,
        to_block=block,
        note=note,
    )
    resident.block = block
    resident.room = room
    _save_checked(resident, update_fields=["block", "room", "updated_at"])
    movement.full_clean()
    movement.save()
    audit_record(
        action=AuditAction.UPDATE,
        obj=resident,
        before=before,
        after=model_snapshot(resident, fields=["block", "room"]),
    )
    return movement


def _end_enrolments(resident: Resident, reason: str, on: date) -> int:
    # Imported here: programs build on residents (an enrolment names a resident).
    from binaan.programs.services import enrollment_end_all_for_resident

    ended: int = enrollment_end_all_for_resident(resident=resident, reason=reason, on=on)
    return ended


@transaction.atomic
def resident_transfer(
    *,
    resident: Resident,
    to_facility: Facility,
    on: date,
    note: str = "",
    registration_number: str = "",
) -> Resident:
    """Move the resident's row to another facility (mutasi), keeping remissions, movements and
    court dates attached to it. The receiving facility may give a new registration number."""
    old_facility = resident.facility
    if to_facility.pk == old_facility.pk:
        raise ValidationError({"to_facility": _("Choose another facility.")})
    if resident.state != ResidentState.ACTIVE:
        raise ValidationError(_("Only an active resident can be transferred."))
    number = registration_number.strip() or resident.registration_number
    if Resident.objects.filter(facility=to_facility, registration_number=number).exists():
        raise ValidationError(
            {
                "registration_number": _(
                    "Registration number %(number)s is already used at %(facility)s."
                )
                % {"number": number, "facility": to_facility}
            }
        )
    _end_enrolments(resident, "dipindah", on)
    before = model_snapshot(resident, fields=["facility", "registration_number", "block", "room"])
    Movement.objects.create(
        resident=resident,
        kind=MovementKind.TRANSFER_OUT,
        date=on,
        from_facility=old_facility,
        to_facility=to_facility,
        from_block=resident.block,
        note=note,
    )
    resident.facility = to_facility
    resident.registration_number = number
    resident.block = None
    resident.room = None
    _save_checked(resident)
    Movement.objects.create(
        resident=resident,
        kind=MovementKind.TRANSFER_IN,
        date=on,
        from_facility=old_facility,
        to_facility=to_facility,
        note=note,
    )
    after = model_snapshot(resident, fields=["facility", "registration_number", "block", "room"])
    # Both facilities keep the record in their own trail.
    for facility in (old_facility, to_facility):
        audit_record(
            action=AuditAction.UPDATE, obj=resident, facility=facility, before=before, after=after
        )
    return resident


def _leave(
    *, resident: Resident, on: date, note: str, kind: str, state: str, end_reason: str
) -> Resident:
    """A resident leaves the facility for good: enrolments end, a movement row keeps the history."""
    _end_enrolments(resident, end_reason, on)
    Movement.objects.create(
        resident=resident,
        kind=kind,
        date=on,
        from_facility=resident.facility,
        from_block=resident.block,
        note=note,
    )
    resident.state = state
    resident.save(update_fields=["state", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=resident,
        before={"state": ResidentState.ACTIVE},
        after={"state": state},
    )
    return resident


@transaction.atomic
def resident_release(*, resident: Resident, on: date, note: str = "") -> Resident:
    if resident.state != ResidentState.ACTIVE:
        raise ValidationError(_("Only an active resident can be released."))
    return _leave(
        resident=resident,
        on=on,
        note=note,
        kind=MovementKind.RELEASE,
        state=ResidentState.RELEASED,
        end_reason="bebas",
    )


@transaction.atomic
def resident_record_death(*, resident: Resident, on: date, note: str = "") -> Resident:
    if resident.state != ResidentState.ACTIVE:
        raise ValidationError(_("Only an active resident's death can be recorded."))
    return _leave(
        resident=resident,
        on=on,
        note=note,
        kind=MovementKind.DEATH,
        state=ResidentState.DECEASED,
        end_reason="lainnya",
    )


def resident_access_record(*, resident: Resident) -> None:
    """The access log of UU 27/2022: every read of a resident's record names who and when.

    Kept in the append-only audit trail (action "view") rather than a table of its own, so one
    screen answers "who saw or changed this person's record"."""
    audit_record(action=AuditAction.VIEW, obj=resident)


def resident_import(
    *,
    facility: Facility,
    file: BinaryIO,
    filename: str,
    dry_run: bool,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Upsert residents from a spreadsheet export, all or nothing (see binaan.residents.importing)."""
    from binaan.residents import importing

    return importing.run_import(
        facility=facility, file=file, filename=filename, dry_run=dry_run, progress=progress
    )
