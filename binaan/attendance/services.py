"""Marking attendance. `register_save` is THE marking service: pages and the API call it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binaan.accounts.models import User
from binaan.attendance import selectors
from binaan.attendance.models import (
    PRESENT_CODE,
    Attendance,
    AttendanceChange,
    AttendanceReason,
    SessionRegister,
)
from binaan.core import dates
from binaan.core.audit import audit_record
from binaan.core.models import AuditAction
from binaan.core.permissions import user_allows
from binaan.facilities.models import Facility
from binaan.programs.models import Session
from binaan.programs.selectors import session_local_date
from binaan.residents.models import Resident, ResidentState


class RegisterError(Exception):
    """A save that is refused; `messages` name the resident, field or value concerned."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class StaleRegisterError(RegisterError):
    """Someone saved the register after the page was opened: nothing was written."""

    def __init__(
        self, *, saved_by: str, saved_at: datetime | None, version: int, changes: list[str]
    ) -> None:
        when = dates.format_datetime(saved_at) if saved_at else ""
        summary = "; ".join(changes[:10])
        if len(changes) > 10:
            summary += " " + _("and %(count)d more") % {"count": len(changes) - 10}
        message = _(
            "%(who)s saved this register on %(when)s after you opened it, so your marks were "
            "NOT saved. Their changes: %(changes)s. Check the marks below and save again."
        ) % {"who": saved_by or _("someone"), "when": when, "changes": summary or "—"}
        super().__init__([message])
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.version = version
        self.changes = changes


@dataclass
class SaveResult:
    version: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_residents: list[int] = field(default_factory=list)


def is_locked(session: Session, *, now: datetime | None = None) -> bool:
    """Marks lock `attendance_lock_days` after the session's day (DESIGN.md: default 7)."""
    today = dates.facility_today(session.facility, now=now)
    lock_days = session.facility.attendance_lock_days
    return today > session_local_date(session) + timedelta(days=lock_days)


def check_markable(
    *, session: Session, user: User, amend_reason: str | None, now: datetime
) -> list[str]:
    """Why the session cannot be marked now (empty when it can)."""
    if session.is_cancelled:
        return [_("This session was cancelled; a cancelled session cannot be marked.")]
    if session.starts_at > now:
        return [
            _("This session starts on %(when)s; attendance cannot be marked before it starts.")
            % {"when": dates.format_datetime(session.starts_at, session.facility.tzinfo)}
        ]
    if is_locked(session, now=now):
        if not user_allows(user, session.facility, "attendance.amend_locked"):
            return [
                _(
                    "The marks of this session are locked (%(days)d days after the session); "
                    "only the head of the facility may amend them."
                )
                % {"days": session.facility.attendance_lock_days}
            ]
        if not (amend_reason or "").strip():
            return [_("The marks are locked: give a reason for amending them.")]
    return []


def _locked_register(session: Session) -> SessionRegister:
    # The register row is the lock every save of this session queues on (SELECT … FOR UPDATE on
    # PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway).
    register, _created = SessionRegister.objects.select_for_update().get_or_create(
        session=session, defaults={"facility_id": session.facility_id}
    )
    return register


def _describe(changes: Iterable[AttendanceChange]) -> list[str]:
    described = []
    for change in changes:
        name = change.resident.full_name
        if change.old_reason is None:
            described.append(f"{name}: {change.new_reason.display_label}")
        else:
            described.append(
                f"{name}: {change.old_reason.display_label} → {change.new_reason.display_label}"
            )
    return described


def _stale_error(session: Session, register: SessionRegister, expected: int) -> StaleRegisterError:
    changes = (
        AttendanceChange.objects.filter(session=session, version__gt=expected)
        .select_related("resident", "old_reason", "new_reason")
        .order_by("version", "resident__full_name")
    )
    notable = [c for c in changes if c.old_reason is not None or c.new_reason.code != PRESENT_CODE]
    described = _describe(notable)
    present_firsts = sum(
        1 for c in changes if c.old_reason is None and c.new_reason.code == PRESENT_CODE
    )
    if present_firsts:
        described.insert(
            0,
            _("%(count)d marked present") % {"count": present_firsts},
        )
    saved_by = register.saved_by.display_name if register.saved_by else ""
    return StaleRegisterError(
        saved_by=saved_by, saved_at=register.saved_at, version=register.version, changes=described
    )


@transaction.atomic
def register_save(
    *,
    session: Session,
    marks: Mapping[int, tuple[str, str]],
    walk_ins: Iterable[int] = (),
    walk_in_reasons: Mapping[int, str] | None = None,
    expected_version: int,
    user: User,
    amend_reason: str | None = None,
    now: datetime | None = None,
) -> SaveResult:
    """Save the register of `session` in one go: every mark or none.

    `marks` maps a resident id to (reason code, note). Residents of the roster, residents already
    marked and the `walk_ins` (residents of the facility who are not enrolled) may be marked.
    A walk-in who fails the program's eligibility rules is marked only with a reason in
    `walk_in_reasons` (resident id → text), kept with the mark and in its history.
    `expected_version` is the register version the page showed; if someone saved since, the save
    is refused with `StaleRegisterError` naming who saved, when and what they changed.
    """
    now = now or timezone.now()
    problems = check_markable(session=session, user=user, amend_reason=amend_reason, now=now)
    if problems:
        raise RegisterError(problems)

    register = _locked_register(session)
    if register.version != expected_version:
        raise _stale_error(session, register, expected_version)

    roster = {r.pk: r for r in selectors.roster_for_session(session)}
    existing = {
        a.resident_id: a
        for a in Attendance.objects.filter(session=session).select_related("resident", "reason")
    }
    walk_in_ids = {int(pk) for pk in walk_ins} - set(roster) - set(existing)
    walk_in_residents = {
        r.pk: r
        for r in Resident.objects.filter(
            facility_id=session.facility_id, pk__in=walk_in_ids, state=ResidentState.ACTIVE
        )
    }
    reasons = {r.code: r for r in selectors.reasons_for(session.facility)}

    errors: list[str] = []
    missing_walk_ins = walk_in_ids - set(walk_in_residents)
    if missing_walk_ins:
        errors.append(
            _("Residents %(ids)s are not active residents of this facility.")
            % {"ids": ", ".join(str(pk) for pk in sorted(missing_walk_ins))}
        )
    given = {int(pk): (text or "").strip() for pk, text in (walk_in_reasons or {}).items()}
    walk_in_why: dict[int, str] = {}
    marked_ids = {int(pk) for pk in marks}
    failing = selectors.walk_in_failures(
        session, [r for pk, r in walk_in_residents.items() if pk in marked_ids]
    )
    for resident_id, reason_text in given.items():
        if resident_id in walk_in_residents and reason_text:
            if len(reason_text) > 300:
                errors.append(
                    _("%(name)s: the reason for the walk-in is longer than 300 characters.")
                    % {"name": walk_in_residents[resident_id].full_name}
                )
            walk_in_why[resident_id] = reason_text[:300]
    for resident_id, rules in failing.items():
        if not walk_in_why.get(resident_id):
            errors.append(
                _(
                    "%(name)s does not meet the rules of %(program)s: %(rules)s Give a reason "
                    "to mark them anyway."
                )
                % {
                    "name": walk_in_residents[resident_id].full_name,
                    "program": session.program.name,
                    "rules": " ".join(rules),
                }
            )

    def resident_of(pk: int) -> Resident | None:
        if pk in roster:
            return roster[pk]
        if pk in existing:
            return existing[pk].resident
        return walk_in_residents.get(pk)

    planned: list[tuple[Resident, AttendanceReason, str]] = []
    for resident_id, (code, note) in sorted(marks.items()):
        resident = resident_of(int(resident_id))
        if resident is None:
            errors.append(
                _("Resident %(id)s is not on this session's roster; add them as a walk-in.")
                % {"id": resident_id}
            )
            continue
        reason = reasons.get(code)
        if reason is None:
            errors.append(
                _("%(name)s: “%(code)s” is not an attendance reason of this facility.")
                % {"name": resident.full_name, "code": code}
            )
            continue
        note = (note or "").strip()
        if reason.needs_note and not note:
            errors.append(
                _("%(name)s: the reason “%(reason)s” needs a note.")
                % {"name": resident.full_name, "reason": reason.display_label}
            )
            continue
        if len(note) > 300:
            errors.append(
                _("%(name)s: the note is longer than 300 characters.")
                % {"name": resident.full_name}
            )
            continue
        planned.append((resident, reason, note))
    if errors:
        raise RegisterError(errors)

    version = register.version + 1
    to_create: list[Attendance] = []
    to_update: list[Attendance] = []
    history: list[AttendanceChange] = []
    for resident, reason, note in planned:
        mark = existing.get(resident.pk)
        if mark is not None and mark.reason_id == reason.pk and mark.note == note:
            continue
        history.append(
            AttendanceChange(
                facility_id=session.facility_id,
                session=session,
                resident=resident,
                version=version,
                old_reason=mark.reason if mark else None,
                new_reason=reason,
                old_note=mark.note if mark else "",
                new_note=note,
                changed_by=user,
                changed_at=now,
                amend_reason=(amend_reason or "").strip(),
                walk_in_reason=walk_in_why.get(resident.pk, "") if mark is None else "",
            )
        )
        if mark is None:
            to_create.append(
                Attendance(
                    facility_id=session.facility_id,
                    session=session,
                    resident=resident,
                    reason=reason,
                    note=note,
                    marked_by=user,
                    marked_at=now,
                    is_walk_in=resident.pk not in roster,
                    walk_in_reason=walk_in_why.get(resident.pk, ""),
                )
            )
        else:
            mark.reason = reason
            mark.note = note
            mark.marked_by = user
            mark.marked_at = now
            to_update.append(mark)

    result = SaveResult(version=register.version, unchanged=len(planned) - len(history))
    if not history:
        return result
    # Field checks only: the unique (session, resident) check of full_clean() would cost one
    # query per row, and the rows were matched against the existing marks above.
    for row in (*to_create, *to_update):
        row.clean_fields(exclude=["session", "resident", "reason", "facility", "marked_by"])
    Attendance.objects.bulk_create(to_create, batch_size=500)
    Attendance.objects.bulk_update(
        to_update, ["reason", "note", "marked_by", "marked_at", "updated_at"], batch_size=500
    )
    AttendanceChange.objects.bulk_create(history, batch_size=500)
    register.version = version
    register.saved_by = user
    register.saved_at = now
    register.save(update_fields=["version", "saved_by", "saved_at", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE if existing else AuditAction.CREATE,
        obj=register,
        actor=user,
        after={
            "version": version,
            "created": len(to_create),
            "updated": len(to_update),
            "amend_reason": (amend_reason or "").strip(),
            **(
                {"walk_in_reasons": {str(pk): text for pk, text in walk_in_why.items()}}
                if walk_in_why
                else {}
            ),
        },
    )
    result.version = version
    result.created = len(to_create)
    result.updated = len(to_update)
    result.changed_residents = [change.resident.pk for change in history]
    return result


@dataclass
class ScanResult:
    ok: bool
    message: str
    resident: Resident | None = None
    already: bool = False


def _find_by_code(session: Session, code: str) -> Resident | None:
    # The card's barcode and QR code carry the registration number itself, so both a typed
    # number and a scanned card land here; scanners sometimes add spaces or change the case.
    text = code.strip()
    residents = Resident.objects.filter(facility_id=session.facility_id).select_related("block")
    return (
        residents.filter(registration_number=text).first()
        or residents.filter(registration_number__iexact=text).first()
    )


@transaction.atomic
def scan_mark(
    *, session: Session, code: str, user: User, now: datetime | None = None
) -> ScanResult:
    """Mark the resident whose registration number (typed, or from a card) is `code` present."""
    now = now or timezone.now()
    text = code.strip()
    if not text:
        return ScanResult(False, _("Nothing was scanned."))
    problems = check_markable(session=session, user=user, amend_reason=None, now=now)
    if problems:
        return ScanResult(False, problems[0])
    resident = _find_by_code(session, text)
    if resident is None:
        return ScanResult(
            False,
            _("Unknown code “%(code)s”: no resident of this facility has it.") % {"code": text},
        )
    existing = Attendance.objects.filter(session=session, resident=resident).first()
    enrolled = selectors.roster_for_session(session).filter(pk=resident.pk).exists()
    if not enrolled and existing is None:
        return ScanResult(
            False,
            _(
                "%(name)s (%(number)s) is not enrolled in %(program)s on this date; add them as "
                "a walk-in on the register if they take part."
            )
            % {
                "name": resident.full_name,
                "number": resident.registration_number,
                "program": session.program.name,
            },
            resident,
        )
    if existing is not None and existing.reason.code == PRESENT_CODE:
        return ScanResult(
            True,
            _("%(name)s was already marked present.") % {"name": resident.full_name},
            resident,
            already=True,
        )
    register = _locked_register(session)
    try:
        register_save(
            session=session,
            marks={resident.pk: (PRESENT_CODE, "")},
            expected_version=register.version,
            user=user,
            now=now,
        )
    except RegisterError as error:
        return ScanResult(False, error.messages[0], resident)
    return ScanResult(
        True,
        _("%(name)s (%(number)s) — present.")
        % {"name": resident.full_name, "number": resident.registration_number},
        resident,
    )


@transaction.atomic
def reason_create(
    *,
    facility: Facility,
    code: str,
    label: str,
    counts_present: bool,
    excused: bool,
    needs_note: bool,
    order: int,
) -> AttendanceReason:
    reason = AttendanceReason(
        facility=facility,
        code=code,
        label=label,
        counts_present=counts_present,
        excused=excused,
        needs_note=needs_note,
        order=order,
    )
    reason.full_clean()
    reason.save()
    audit_record(action=AuditAction.CREATE, obj=reason, facility=facility)
    return reason


@transaction.atomic
def reason_set_active(*, reason: AttendanceReason, is_active: bool) -> AttendanceReason:
    if reason.is_active != is_active:
        reason.is_active = is_active
        reason.save(update_fields=["is_active"])
        audit_record(
            action=AuditAction.UPDATE,
            obj=reason,
            facility=reason.facility,
            before={"is_active": not is_active},
            after={"is_active": is_active},
        )
    return reason
