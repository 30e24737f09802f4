"""Writes of the internship app. Every function is atomic, validates before saving and writes its
audit row. Role checks live in the views; the services check the rules of the domain (who is the
intern, who is the mentor, which state allows what)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binaan.accounts.models import Membership, User
from binaan.core.audit import audit_record, model_snapshot
from binaan.core.dates import facility_today, format_date, local_date
from binaan.core.models import AuditAction
from binaan.core.permissions import MENTORS_PLACEMENT, roles_with, user_allows
from binaan.core.writes import audited_create, audited_update
from binaan.facilities.models import Facility
from binaan.interns import rules
from binaan.interns.models import (
    Competency,
    Evaluation,
    EvaluationScore,
    LogbookEntry,
    LogbookState,
    Placement,
    PresenceCorrection,
    PresenceDay,
)
from binaan.interns.selectors import logbook_prefill as logbook_prefill
from binaan.programs.models import AgendaItem, Session
from binaan.programs.schedule import holiday_dates


def _has_role(user: User, facility: Facility, roles: Iterable[str]) -> bool:
    return Membership.objects.filter(user=user, facility=facility, role__in=list(roles)).exists()


def _validate_people(*, facility: Facility, intern: User, mentor: User) -> None:
    errors: dict[str, str] = {}
    if not _has_role(intern, facility, roles_with("interns.own_placement")):
        errors["intern"] = _("%(name)s does not hold the intern role at this facility.") % {
            "name": intern
        }
    if not _has_role(mentor, facility, roles_with("interns.mentor")):
        errors["mentor"] = _("%(name)s is not a staff member of this facility.") % {"name": mentor}
    if errors:
        raise ValidationError(errors)


def _validate_no_overlap(placement: Placement) -> None:
    overlapping = Placement.objects.filter(
        facility=placement.facility,
        intern=placement.intern,
        start_date__lte=placement.end_date,
        end_date__gte=placement.start_date,
        stopped_on__isnull=True,
    ).exclude(pk=placement.pk)
    if overlapping.exists():
        raise ValidationError(
            {"start_date": _("This intern already has a placement in this period.")}
        )


def _validate_length(placement: Placement) -> None:
    """A placement may not last longer than its programme allows (rules.max_months)."""
    months = rules.max_months(placement.source_programme)
    last = rules.last_allowed_day(placement.start_date, months)
    if placement.end_date > last:
        raise ValidationError(
            {
                "end_date": _(
                    "%(programme)s lasts at most %(months)d months: a placement starting on "
                    "%(start)s must end by %(last)s."
                )
                % {
                    "programme": placement.source_programme,
                    "months": months,
                    "start": format_date(placement.start_date),
                    "last": format_date(last),
                }
            }
        )


def _validate_placement(placement: Placement) -> None:
    _validate_length(placement)
    _validate_no_overlap(placement)


PLACEMENT_EDITABLE_FIELDS = [
    "intern",
    "mentor",
    "university",
    "study_programme",
    "contact_phone",
    "contact_email",
    "source_programme",
    "batch",
    "start_date",
    "end_date",
    "unit",
]


@transaction.atomic
def placement_create(
    *,
    facility: Facility,
    intern: User,
    mentor: User,
    batch: str,
    start_date: date,
    end_date: date,
    competencies: Sequence[str] = (),
    **fields: Any,
) -> Placement:
    unknown = set(fields) - set(PLACEMENT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown placement fields: {sorted(unknown)}")
    _validate_people(facility=facility, intern=intern, mentor=mentor)
    placement = Placement(
        facility=facility,
        intern=intern,
        mentor=mentor,
        batch=batch,
        start_date=start_date,
        end_date=end_date,
        **fields,
    )
    audited_create(placement, validate=_validate_placement)
    if competencies:
        competencies_update(placement=placement, names=competencies)
    return placement


def _validate_placement_people(placement: Placement) -> None:
    _validate_people(facility=placement.facility, intern=placement.intern, mentor=placement.mentor)


@transaction.atomic
def placement_update(*, placement: Placement, data: dict[str, Any]) -> Placement:
    audited_update(
        placement,
        data=data,
        fields=PLACEMENT_EDITABLE_FIELDS,
        clean=_validate_placement_people,
        validate=_validate_placement,
    )
    return placement


@transaction.atomic
def placement_stop(*, placement: Placement, on: date, reason: str) -> Placement:
    if placement.stopped_on is not None:
        raise ValidationError(_("This placement was already stopped."))
    if not reason.strip():
        raise ValidationError({"stop_reason": _("Give the reason for stopping the placement.")})
    if not placement.start_date <= on <= placement.end_date:
        raise ValidationError(
            {"stopped_on": _("The stop date must fall within the placement period.")}
        )
    placement.stopped_on = on
    placement.stop_reason = reason.strip()
    placement.full_clean()
    placement.save(update_fields=["stopped_on", "stop_reason", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=placement,
        after={"stopped_on": on.isoformat(), "stop_reason": placement.stop_reason},
    )
    return placement


@transaction.atomic
def competencies_update(*, placement: Placement, names: Sequence[str]) -> list[Competency]:
    """Replace the list: kept names keep their rows (and scores); a removed competency that was
    already scored in an evaluation cannot be removed."""
    wanted: list[str] = []
    for raw in names:
        name = raw.strip()
        if name and name.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(name)
    existing = {c.name.casefold(): c for c in placement.competencies.all()}
    removed = [c for key, c in existing.items() if key not in {w.casefold() for w in wanted}]
    scored = [c.name for c in removed if c.scores.exists()]
    if scored:
        raise ValidationError(
            _("Already scored in an evaluation, cannot be removed: %(names)s")
            % {"names": ", ".join(scored)}
        )
    for competency in removed:
        competency.delete()
    result: list[Competency] = []
    for order, name in enumerate(wanted):
        competency = existing.get(name.casefold()) or Competency(placement=placement)
        competency.name = name
        competency.order = order
        competency.full_clean()
        competency.save()
        result.append(competency)
    audit_record(
        action=AuditAction.UPDATE,
        obj=placement,
        object_repr=f"{placement} — " + _("competencies"),
        after={"competencies": wanted},
    )
    return result


# --- presence ---------------------------------------------------------------------------------


def _require_intern(placement: Placement, by: User) -> None:
    if placement.intern_id != by.pk:
        raise ValidationError(_("Only the intern records their own presence and logbook."))


def _require_working_day(placement: Placement, day: date, field: str | None = None) -> None:
    """Public holidays, cuti bersama and the facility's own holidays are not working days: no
    presence, absence or hours are recorded on them."""
    name = holiday_dates(day, day, "id", facility=placement.facility).get(day)
    if name is not None:
        message = _("%(day)s is a holiday (%(name)s), not a working day.") % {
            "day": format_date(day),
            "name": name,
        }
        raise ValidationError({field: message} if field else message)


def _require_active(placement: Placement, day: date) -> None:
    if placement.state_on(day) != rules.AKTIF:
        raise ValidationError(
            _("The placement is not active on %(day)s.") % {"day": day.isoformat()}
        )


@transaction.atomic
def presence_check_in(*, placement: Placement, by: User, at: datetime | None = None) -> PresenceDay:
    at = at or timezone.now()
    day = local_date(at, placement.facility)
    _require_intern(placement, by)
    _require_active(placement, day)
    _require_working_day(placement, day)
    presence = PresenceDay.objects.select_for_update().filter(placement=placement, date=day).first()
    if presence is not None and presence.check_in is not None:
        raise ValidationError(_("You have already checked in today."))
    if presence is not None and presence.absence_reason:
        raise ValidationError(_("An absence is recorded for today; ask your mentor to correct it."))
    presence = presence or PresenceDay(facility=placement.facility, placement=placement, date=day)
    presence.check_in = at
    presence.full_clean()
    presence.save()
    audit_record(action=AuditAction.CREATE, obj=presence, after=model_snapshot(presence))
    return presence


@transaction.atomic
def presence_check_out(
    *, placement: Placement, by: User, at: datetime | None = None
) -> PresenceDay:
    at = at or timezone.now()
    day = local_date(at, placement.facility)
    _require_intern(placement, by)
    presence = PresenceDay.objects.select_for_update().filter(placement=placement, date=day).first()
    if presence is None or presence.check_in is None:
        raise ValidationError(_("Check in first: there is no check-in today."))
    if presence.check_out is not None:
        raise ValidationError(_("You have already checked out today."))
    if at <= presence.check_in:
        raise ValidationError(_("The check-out must be after the check-in."))
    presence.check_out = at
    presence.full_clean()
    presence.save(update_fields=["check_out", "updated_at"])
    audit_record(action=AuditAction.UPDATE, obj=presence, after={"check_out": at.isoformat()})
    return presence


@transaction.atomic
def presence_absence(
    *, placement: Placement, by: User, day: date, reason: str, note: str = ""
) -> PresenceDay:
    if by.pk not in {placement.intern_id, placement.mentor_id}:
        raise ValidationError(_("Only the intern or the mentor records an absence."))
    _require_active(placement, day)
    _require_working_day(placement, day)
    presence = PresenceDay.objects.select_for_update().filter(placement=placement, date=day).first()
    if presence is not None and presence.check_in is not None:
        raise ValidationError(
            _("There is a check-in on %(day)s; the mentor corrects it instead.")
            % {"day": day.isoformat()}
        )
    presence = presence or PresenceDay(facility=placement.facility, placement=placement, date=day)
    presence.absence_reason = reason
    presence.absence_note = note.strip()
    presence.full_clean()
    presence.save()
    audit_record(action=AuditAction.UPDATE, obj=presence, after=model_snapshot(presence))
    return presence


PRESENCE_CORRECTABLE = [
    "check_in",
    "check_out",
    "absence_reason",
    "absence_note",
    "half_day_assigned",
]


@transaction.atomic
def presence_correct(
    *, presence: PresenceDay, by: User, reason: str, data: dict[str, Any]
) -> PresenceDay:
    """The mentor's correction; the former values stay in PresenceCorrection and the audit."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})

    def check(presence: PresenceDay) -> None:
        if presence.check_in is not None and presence.absence_reason:
            raise ValidationError(_("A day has either a check-in or an absence, not both."))
        for moment in (presence.check_in, presence.check_out):
            if (
                moment is not None
                and local_date(moment, presence.placement.facility) != presence.date
            ):
                raise ValidationError(
                    _("Check-in and check-out must fall on %(day)s.") % {"day": presence.date}
                )
        if presence.check_out is not None and (
            presence.check_in is None or presence.check_out <= presence.check_in
        ):
            raise ValidationError(_("The check-out must be after the check-in."))

    change = audited_update(
        presence,
        data=data,
        fields=PRESENCE_CORRECTABLE,
        clean=check,
        audit_extra={"reason": reason.strip()},
    )
    if change:
        PresenceCorrection.objects.create(
            presence=presence,
            corrected_by=by,
            reason=reason.strip(),
            before=change.before,
            after=change.after,
        )
    return presence


# --- logbook ----------------------------------------------------------------------------------

LOGBOOK_FIELDS = ["activities", "hours", "learned"]


@transaction.atomic
def logbook_save(
    *,
    placement: Placement,
    by: User,
    day: date,
    activities: str,
    hours: Decimal,
    learned: str = "",
    submit: bool = False,
) -> LogbookEntry:
    """Write the intern's entry of `day` (a draft); with `submit` also send it to the mentor, in
    the same transaction, so an entry that cannot be submitted is not saved either."""
    _require_intern(placement, by)
    if not placement.start_date <= day <= placement.last_day:
        raise ValidationError(
            {"date": _("%(day)s is outside the placement period.") % {"day": day.isoformat()}}
        )
    today = facility_today(placement.facility)
    if day > today:
        raise ValidationError({"date": _("A logbook entry cannot be written for a future day.")})
    _require_working_day(placement, day, "date")
    entry = LogbookEntry.objects.select_for_update().filter(placement=placement, date=day).first()
    if entry is not None and not entry.is_editable:
        raise ValidationError(
            _("The entry of %(day)s is %(state)s and can no longer be edited.")
            % {"day": day.isoformat(), "state": entry.get_state_display()}
        )
    values = {"activities": activities.strip(), "hours": hours, "learned": learned.strip()}
    if entry is None:
        entry = LogbookEntry(facility=placement.facility, placement=placement, date=day)
        audited_create(
            entry,
            data=values,
            fields=LOGBOOK_FIELDS,
            snapshot=lambda row: model_snapshot(row, fields=LOGBOOK_FIELDS),
        )
    else:
        audited_update(entry, data=values, fields=LOGBOOK_FIELDS)
    if submit:
        logbook_submit(entry=entry, by=by)
    return entry


@transaction.atomic
def logbook_submit(*, entry: LogbookEntry, by: User) -> LogbookEntry:
    _require_intern(entry.placement, by)
    if not entry.is_editable:
        raise ValidationError(
            _("Only a draft or returned entry can be submitted (this one is %(state)s).")
            % {"state": entry.get_state_display()}
        )
    if not entry.activities.strip():
        raise ValidationError({"activities": _("Describe the day's activities before submitting.")})
    before = entry.state
    entry.state = LogbookState.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.save(update_fields=["state", "submitted_at", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE, obj=entry, before={"state": before}, after={"state": entry.state}
    )
    return entry


def _require_mentor(placement: Placement, by: User) -> None:
    # The mentor's role was checked when the placement was made; anyone else asks the registry.
    if not MENTORS_PLACEMENT.holds(by, placement) and not user_allows(
        by, placement.facility, "interns.mentor", placement
    ):
        raise ValidationError(_("Only the intern's mentor (or the head) may do this."))


def _review(entry: LogbookEntry, by: User, state: str, comment: str) -> LogbookEntry:
    _require_mentor(entry.placement, by)
    if entry.state != LogbookState.SUBMITTED:
        raise ValidationError(
            _("Only a submitted entry can be reviewed (this one is %(state)s).")
            % {"state": entry.get_state_display()}
        )
    entry.state = state
    entry.mentor_comment = comment.strip()
    fields = ["state", "mentor_comment", "updated_at"]
    if state == LogbookState.VERIFIED:
        entry.verified_by = by
        entry.verified_at = timezone.now()
        fields += ["verified_by", "verified_at"]
    entry.save(update_fields=fields)
    audit_record(
        action=AuditAction.UPDATE,
        obj=entry,
        before={"state": LogbookState.SUBMITTED},
        after={"state": state, "mentor_comment": entry.mentor_comment},
    )
    return entry


@transaction.atomic
def logbook_verify(*, entry: LogbookEntry, by: User, comment: str = "") -> LogbookEntry:
    return _review(entry, by, LogbookState.VERIFIED, comment)


@transaction.atomic
def logbook_return(*, entry: LogbookEntry, by: User, comment: str) -> LogbookEntry:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the intern should change.")})
    return _review(entry, by, LogbookState.RETURNED, comment)


# --- evaluations ------------------------------------------------------------------------------


@transaction.atomic
def evaluation_save(
    *,
    placement: Placement,
    by: User,
    month: date,
    scores: dict[int, int | None],
    narrative: str,
    submit: bool = False,
) -> Evaluation:
    """Write the mentor's evaluation of `month`; with `submit` also submit it, in the same
    transaction, so an evaluation that cannot be submitted is not saved either."""
    _require_mentor(placement, by)
    month = rules.month_start(month)
    if month not in rules.months_of(placement.start_date, placement.last_day):
        raise ValidationError(
            {"month": _("%(month)s is outside the placement period.") % {"month": f"{month:%Y-%m}"}}
        )
    evaluation = (
        Evaluation.objects.select_for_update().filter(placement=placement, month=month).first()
    )
    if evaluation is not None and evaluation.submitted_at is not None:
        raise ValidationError(_("This evaluation was submitted and can no longer be changed."))
    created = evaluation is None
    evaluation = evaluation or Evaluation(
        facility=placement.facility, placement=placement, month=month
    )
    evaluation.narrative = narrative.strip()
    evaluation.full_clean()
    evaluation.save()
    competencies = {c.pk: c for c in placement.competencies.all()}
    existing = {s.competency_id: s for s in evaluation.scores.all()}
    for competency_id, value in scores.items():
        if competency_id not in competencies:
            raise ValidationError(_("Unknown competency for this placement."))
        row = existing.get(competency_id)
        if value is None:
            if row is not None:
                row.delete()
            continue
        row = row or EvaluationScore(evaluation=evaluation, competency=competencies[competency_id])
        row.score = value
        row.full_clean()
        row.save()
    audit_record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=evaluation,
        after={"narrative": evaluation.narrative, "scores": {str(k): v for k, v in scores.items()}},
    )
    if submit:
        evaluation_submit(evaluation=evaluation, by=by)
    return evaluation


@transaction.atomic
def evaluation_submit(*, evaluation: Evaluation, by: User) -> Evaluation:
    _require_mentor(evaluation.placement, by)
    if evaluation.submitted_at is not None:
        raise ValidationError(_("This evaluation was already submitted."))
    scored = set(evaluation.scores.values_list("competency_id", flat=True))
    missing = [c.name for c in evaluation.placement.competencies.all() if c.pk not in scored]
    if missing:
        raise ValidationError(
            _("Score every competency first: %(names)s") % {"names": ", ".join(missing)}
        )
    if not evaluation.narrative.strip():
        raise ValidationError({"narrative": _("Write the narrative before submitting.")})
    evaluation.submitted_at = timezone.now()
    evaluation.submitted_by = by
    evaluation.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=evaluation,
        after={"submitted_at": evaluation.submitted_at.isoformat()},
    )
    return evaluation


# --- partner portal ---------------------------------------------------------------------------


@transaction.atomic
def partner_session_notes_update(
    *, session: Session, notes: str, agenda: Sequence[dict[str, str]]
) -> Session:
    """A facilitator's notes and agenda (susunan acara) of a session they lead. The agenda is
    replaced as a whole, in the given order."""
    before = {
        "notes": session.notes,
        "agenda": [
            {"kind": a.kind, "topic": a.topic, "speaker": a.speaker}
            for a in session.agenda_items.all()
        ],
    }
    session.notes = notes.strip()
    session.full_clean()
    session.save(update_fields=["notes", "updated_at"])
    items = list(session.agenda_items.all())
    rows: list[dict[str, str]] = []
    for order, data in enumerate(agenda):
        item = items[order] if order < len(items) else AgendaItem(session=session)
        item.order = order
        item.kind = data["kind"]
        item.topic = data.get("topic", "").strip()
        item.speaker = data.get("speaker", "").strip()
        item.full_clean()
        item.save()
        rows.append({"kind": item.kind, "topic": item.topic, "speaker": item.speaker})
    for extra in items[len(agenda) :]:
        extra.delete()
    audit_record(
        action=AuditAction.UPDATE,
        obj=session,
        before=before,
        after={"notes": session.notes, "agenda": rows},
    )
    return session
