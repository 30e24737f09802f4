"""Writes on the register of residents. Each function is atomic and writes its own audit row."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from binaan.core.audit import audit_record, export_record, model_snapshot
from binaan.core.dates import facility_today
from binaan.core.models import AuditAction
from binaan.core.writes import audited_create, audited_update
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents.models import (
    NEW_REMISSION_KINDS,
    OPEN_ENDED_KINDS,
    CourtDate,
    CustodyStatus,
    Movement,
    MovementKind,
    Remission,
    Resident,
    ResidentState,
    SentenceChange,
    SentenceChangeKind,
    SentenceKind,
)
from binaan.residents.registers import DETENTION_CODES, expected_sentence_code, register_code_error

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
    "sentence_kind",
    "fine_unpaid",
    "subsider_days",
    "offence_date",
    "declared_child",
    "photo",
]
KEY_DATE_FIELDS = ["expiry_date", "one_third_date", "half_date", "two_thirds_date"]
SENTENCE_FIELDS = [
    "sentence_kind",
    "sentence_start",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "register_code",
]


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


def _has_length(resident: Resident) -> bool:
    return bool(resident.sentence_years or resident.sentence_months or resident.sentence_days)


def _check_sentence(resident: Resident) -> None:
    """The sentence fields agree with each other and with the register code (one rule for the
    form and the import: binaan.residents.registers)."""
    errors: dict[str, str] = {}
    if (
        resident.is_sentenced
        and resident.sentence_kind in OPEN_ENDED_KINDS
        and _has_length(resident)
    ):
        errors["sentence_years"] = _(
            "A life or death sentence has no length; leave years, months and days at 0 and "
            "record a change of sentence when it is changed to a fixed term."
        )
    if resident.fine_unpaid and not resident.subsider_days:
        errors["subsider_days"] = _(
            "Enter the days of kurungan in lieu of the fine that the verdict sets."
        )
    message = register_code_error(
        code=resident.register_code,
        custody_status=resident.custody_status,
        kind=resident.sentence_kind,
        years=resident.sentence_years,
        months=resident.sentence_months,
        days=resident.sentence_days,
    )
    if message:
        errors["register_code"] = message
    if errors:
        raise ValidationError(errors)


def _check_and_derive(resident: Resident) -> None:
    _check_places(resident)
    _check_sentence(resident)
    refresh_key_dates(resident)


def _save_checked(resident: Resident, **save_kwargs: Any) -> None:
    _check_and_derive(resident)
    resident.full_clean()
    resident.save(**save_kwargs)


def _admit(resident: Resident) -> None:
    Movement.objects.create(
        resident=resident,
        kind=MovementKind.ADMISSION,
        date=resident.admission_date or facility_today(resident.facility),
        to_facility=resident.facility,
        to_block=resident.block,
    )


@transaction.atomic
def resident_create(*, facility: Facility, data: dict[str, Any]) -> Resident:
    return audited_create(
        Resident(facility=facility),
        data=data,
        fields=RESIDENT_EDITABLE_FIELDS,
        clean=_check_and_derive,
        after_save=_admit,
    )


@transaction.atomic
def resident_update(*, resident: Resident, data: dict[str, Any]) -> Resident:
    """Edit the register entry. A change of block goes through `resident_move_block` instead,
    so that it leaves a movement row. The key dates follow the sentence."""
    fields = [f for f in RESIDENT_EDITABLE_FIELDS if f not in {"block", "room"}]
    if data.get("photo") is False:
        data = {**data, "photo": ""}  # the form's "clear" box
    audited_update(
        resident, data=data, fields=fields, derived=KEY_DATE_FIELDS, clean=_check_and_derive
    )
    return resident


def _refresh_remission_total(resident: Resident) -> None:
    """Recount the remissions in force and the key dates that follow from them (saved)."""
    total = resident.remissions.in_force().aggregate(total=Sum("days"))["total"] or 0
    resident.remission_days_total = total
    _save_checked(resident, update_fields=["remission_days_total", *KEY_DATE_FIELDS, "updated_at"])


@transaction.atomic
def remission_add(
    *, resident: Resident, kind: str, days: int, decree_date: date, decree_number: str = ""
) -> Remission:
    """A remission shortens a sentence being served: only a narapidana's (Keppres 174/1999
    Pasal 1; UU 22/2022 Pasal 10: remisi is a right of the narapidana), and not a life or death
    sentence, which has no end to bring forward until it is changed to a fixed term."""
    if resident.custody_status != CustodyStatus.NARAPIDANA:
        raise ValidationError(
            _(
                "A remission is only given to a sentenced prisoner (narapidana); this resident "
                "is a remand prisoner (tahanan) and has no sentence to shorten."
            )
        )
    if resident.is_open_ended:
        raise ValidationError(
            _(
                "A life or death sentence cannot be shortened by remission; record the change "
                "of sentence to a fixed term first."
            )
        )
    if kind not in dict(NEW_REMISSION_KINDS):
        raise ValidationError({"kind": _("Choose the kind of remission.")})
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
    _refresh_remission_total(resident)
    audit_record(
        action=AuditAction.CREATE,
        obj=remission,
        facility=resident.facility,
        before=before,
        after=model_snapshot(resident, fields=["remission_days_total", *KEY_DATE_FIELDS]),
    )
    return remission


@transaction.atomic
def remission_revoke(*, remission: Remission, on: date, reason: str) -> Remission:
    """Revoke a remission (e.g. for a violation of discipline): it stays on record with the
    reason and no longer counts; the key dates move back."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the remission is revoked.")})
    if remission.is_revoked:
        raise ValidationError(_("This remission was already revoked."))
    if on < remission.decree_date:
        raise ValidationError({"on": _("A remission cannot be revoked before its decree.")})
    resident = Resident.objects.select_for_update().get(pk=remission.resident_id)
    before = {
        "revoked_on": None,
        "revocation_reason": "",
        **model_snapshot(resident, fields=["remission_days_total", *KEY_DATE_FIELDS]),
    }
    remission.revoked_on = on
    remission.revocation_reason = reason
    remission.full_clean()
    remission.save(update_fields=["revoked_on", "revocation_reason"])
    _refresh_remission_total(resident)
    audit_record(
        action=AuditAction.UPDATE,
        obj=remission,
        facility=resident.facility,
        before=before,
        after={
            "revoked_on": on.isoformat(),
            "revocation_reason": reason,
            **model_snapshot(resident, fields=["remission_days_total", *KEY_DATE_FIELDS]),
        },
    )
    return remission


def _check_change(resident: Resident, kind: str, new_kind: str, has_length: bool) -> None:
    if resident.custody_status != CustodyStatus.NARAPIDANA:
        raise ValidationError(_("Only a sentenced prisoner's sentence can be changed."))
    if kind == SentenceChangeKind.LIFE_TO_TERM and (
        resident.sentence_kind != SentenceKind.SEUMUR_HIDUP or new_kind != SentenceKind.PENJARA
    ):
        raise ValidationError(
            {
                "kind": _(
                    "This change turns a life sentence into imprisonment for a fixed term "
                    "(UU 1/2023 Pasal 69: 20 years); the resident's sentence is not life "
                    "imprisonment, or the new sentence is not a fixed term."
                )
            }
        )
    if kind == SentenceChangeKind.DEATH_TO_LIFE and (
        resident.sentence_kind != SentenceKind.MATI or new_kind != SentenceKind.SEUMUR_HIDUP
    ):
        raise ValidationError(
            {
                "kind": _(
                    "This change turns a death sentence into life imprisonment (UU 1/2023 "
                    "Pasal 100–101); the resident's sentence is not a death sentence, or the "
                    "new sentence is not life imprisonment."
                )
            }
        )
    if new_kind in OPEN_ENDED_KINDS and has_length:
        raise ValidationError(
            {"new_years": _("A life or death sentence has no length; leave it at 0.")}
        )
    if new_kind not in OPEN_ENDED_KINDS and not has_length:
        raise ValidationError({"new_years": _("Enter the length of the new sentence.")})


@transaction.atomic
def sentence_change_record(
    *,
    resident: Resident,
    kind: str,
    decree_number: str,
    decree_date: date,
    new_kind: str,
    new_years: int = 0,
    new_months: int = 0,
    new_days: int = 0,
    new_start: date | None = None,
    note: str = "",
) -> SentenceChange:
    """Record a change of sentence (grasi, life to a fixed term, death to life, case review)
    with its decree. The sentence before it is kept on the change row; the resident's sentence,
    register code (when it is a B register) and key dates follow the new one.

    ``new_start``: the day the new term counts from, as the decree sets it; by default the
    sentence's own start (time already served counts)."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    has_length = bool(new_years or new_months or new_days)
    _check_change(resident, kind, new_kind, has_length)
    start = new_start or resident.sentence_start
    if new_kind not in OPEN_ENDED_KINDS and start is None:
        raise ValidationError(
            {"new_start": _("Enter the date from which the new sentence is counted.")}
        )
    change = SentenceChange(
        resident=resident,
        kind=kind,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        note=note,
        previous_kind=resident.sentence_kind,
        previous_start=resident.sentence_start,
        previous_years=resident.sentence_years,
        previous_months=resident.sentence_months,
        previous_days=resident.sentence_days,
        new_kind=new_kind,
        new_start=start,
        new_years=new_years,
        new_months=new_months,
        new_days=new_days,
    )
    change.full_clean()
    before = model_snapshot(resident, fields=[*SENTENCE_FIELDS, *KEY_DATE_FIELDS])
    resident.sentence_kind = new_kind
    resident.sentence_start = start
    resident.sentence_years = new_years
    resident.sentence_months = new_months
    resident.sentence_days = new_days
    if resident.register_code and resident.register_code not in DETENTION_CODES:
        # The B register follows the sentence (a grasi to 10 months moves B.I to B.IIa).
        expected = expected_sentence_code(new_kind, new_years, new_months, new_days)
        resident.register_code = expected or resident.register_code
    _save_checked(resident, update_fields=[*SENTENCE_FIELDS, *KEY_DATE_FIELDS, "updated_at"])
    change.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=change,
        facility=resident.facility,
        before=before,
        after=model_snapshot(resident, fields=[*SENTENCE_FIELDS, *KEY_DATE_FIELDS]),
    )
    return change


@transaction.atomic
def court_date_add(*, resident: Resident, on: date, court: str = "", note: str = "") -> CourtDate:
    court_date = CourtDate(resident=resident, date=on, court=court, note=note)
    return audited_create(court_date, facility=resident.facility)


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


def resident_subject_access_record(*, resident: Resident, counts: dict[str, int]) -> None:
    """The subject-access download is an export like any other: who, when and how many rows of
    each section, never the content."""
    export_record(
        fmt="zip",
        details={"document": "subject_access", "rows": counts},
        obj=resident,
    )


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


# --- import staging: the uploaded file between preview and confirm ---------------------------

IMPORT_STAGING_DIR = "imports"
IMPORT_STAGING_MAX_AGE = timedelta(hours=24)
# Our own names only: "u<user id>-<32 hex>". The upload's own file name never reaches storage.
_STAGED_NAME = re.compile(r"^u\d+-[0-9a-f]{32}$")
_PURGEABLE_NAME = re.compile(r"^u\d+-[0-9A-Za-z]+$")


def _staged_path(token: str) -> str | None:
    return f"{IMPORT_STAGING_DIR}/{token}" if _STAGED_NAME.fullmatch(token) else None


def import_stage(*, data: bytes, user_id: int) -> str:
    """Keep a previewed upload in the default storage (media, S3 in production) until it is
    confirmed or cancelled, under a random name; returns that name (the token). Not in the
    session: a 5 MB file does not belong in a cookie or session row."""
    from binaan.residents import importing

    if len(data) > importing.MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": importing.MAX_FILE_BYTES // (1024 * 1024)}
        )
    import_purge_stale()
    token = f"u{user_id}-{uuid.uuid4().hex}"
    saved = default_storage.save(f"{IMPORT_STAGING_DIR}/{token}", ContentFile(data))
    # A storage may alter a name it already holds; a fresh uuid never collides, but check.
    if saved != f"{IMPORT_STAGING_DIR}/{token}":
        default_storage.delete(saved)
        raise ValidationError(_("The uploaded file could not be kept; upload it again."))
    return token


def import_staged_read(*, token: str) -> bytes | None:
    """The staged upload's content, or None when the token is not ours or the file is gone."""
    path = _staged_path(token)
    if path is None or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        data: bytes = handle.read()
    return data


def import_unstage(*, token: str) -> None:
    path = _staged_path(token)
    if path is not None:
        default_storage.delete(path)


def import_purge_stale(*, max_age: timedelta = IMPORT_STAGING_MAX_AGE) -> int:
    """Delete staged uploads nobody confirmed: they would otherwise keep personal data in storage
    indefinitely. Returns how many were removed."""
    try:
        _folders, names = default_storage.listdir(IMPORT_STAGING_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - max_age
    removed = 0
    for name in names:
        path = f"{IMPORT_STAGING_DIR}/{name}"
        if _PURGEABLE_NAME.fullmatch(name) and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed


def resident_import_confirm(
    *, facility: Facility, token: str, filename: str
) -> ImportResult | None:
    """Import the staged upload for real. None when it has expired. The staged file is removed
    once the import succeeded; a refused import keeps it, so the officer sees why and may retry."""
    data = import_staged_read(token=token)
    if data is None:
        return None
    result = resident_import(
        facility=facility, file=io.BytesIO(data), filename=filename, dry_run=False
    )
    if result.ok:
        import_unstage(token=token)
    return result
