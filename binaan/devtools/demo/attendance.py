"""Demo attendance: realistic marks for the past sessions of the demo programs. Idempotent: a
session that already has a register is left alone."""

from __future__ import annotations

import random
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from binaan.accounts.models import Membership, Role
from binaan.attendance import selectors
from binaan.attendance.models import (
    Attendance,
    AttendanceChange,
    AttendanceReason,
    SessionRegister,
)
from binaan.programs.models import Session, SessionStatus

# Mostly present, as in a real study group; the rest spread over the usual reasons.
WEIGHTS = [
    ("hadir", 82),
    ("terlambat", 4),
    ("izin", 4),
    ("sakit", 4),
    ("sidang", 3),
    ("alpa", 3),
]
NOTES = {"keluar": "Rumah sakit", "sanksi": "Register F"}


@transaction.atomic
def seed(now: datetime | None = None) -> int:
    """Marks every past scheduled session without a register; returns how many were marked."""
    now = now or timezone.now()
    reasons = {r.code: r for r in AttendanceReason.objects.filter(facility__isnull=True)}
    codes = [code for code, _weight in WEIGHTS]
    weights = [weight for _code, weight in WEIGHTS]
    sessions = (
        Session.objects.filter(status=SessionStatus.SCHEDULED, ends_at__lt=now, register=None)
        .select_related("facility", "program")
        .order_by("starts_at")
    )
    marked = 0
    for session in sessions:
        officer = (
            Membership.objects.filter(facility=session.facility, role=Role.OFFICER)
            .select_related("user")
            .first()
        )
        user = officer.user if officer else None
        rng = random.Random(session.pk)  # noqa: S311 - demo data, reproducible per session
        roster = list(selectors.roster_for_session(session))
        if not roster:
            continue
        marks, history = [], []
        for resident in roster:
            reason = reasons[rng.choices(codes, weights)[0]]
            note = NOTES.get(reason.code, "")
            marks.append(
                Attendance(
                    facility=session.facility,
                    session=session,
                    resident=resident,
                    reason=reason,
                    note=note,
                    marked_by=user,
                    marked_at=session.ends_at,
                )
            )
            history.append(
                AttendanceChange(
                    facility=session.facility,
                    session=session,
                    resident=resident,
                    version=1,
                    new_reason=reason,
                    new_note=note,
                    changed_by=user,
                    changed_at=session.ends_at,
                )
            )
        Attendance.objects.bulk_create(marks)
        AttendanceChange.objects.bulk_create(history)
        SessionRegister.objects.create(
            facility=session.facility,
            session=session,
            version=1,
            saved_by=user,
            saved_at=session.ends_at,
        )
        marked += 1
    return marked
