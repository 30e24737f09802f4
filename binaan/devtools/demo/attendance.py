"""Demo attendance: realistic marks for the past sessions of the demo programs. Idempotent: a
session that already has a register is left alone."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

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
from binaan.devtools.demo.facilities import LPKA_SAMARINDA, SAMARINDA, TENGGARONG
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
BATCH = 500
NOTES = {"keluar": "Rumah sakit", "sanksi": "Register F"}
# Kanwil Kaltim's units differ, so the regional view has something to compare: the LPKA's
# children rarely miss school, Rutan Tenggarong's tahanan are often at their hearings or absent.
FACILITY_WEIGHTS = {
    SAMARINDA: [("hadir", 76), ("terlambat", 6), ("izin", 5), ("sakit", 5), ("alpa", 8)],
    TENGGARONG: [("hadir", 62), ("terlambat", 5), ("izin", 6), ("sakit", 5), ("sidang", 10),
                 ("alpa", 12)],
    LPKA_SAMARINDA: [("hadir", 91), ("terlambat", 3), ("sakit", 4), ("alpa", 2)],
}  # fmt: skip


@transaction.atomic
def seed(now: datetime | None = None) -> int:
    """Marks every past scheduled session without a register; returns how many were marked."""
    now = now or timezone.now()
    reasons = {r.code: r for r in AttendanceReason.objects.filter(facility__isnull=True)}
    sessions = (
        Session.objects.filter(status=SessionStatus.SCHEDULED, ends_at__lt=now, register=None)
        .select_related("facility", "program")
        .order_by("starts_at")
    )
    # The first officer of each facility marks its registers (None where the unit has none).
    officers: dict[int | None, Any] = {}
    for membership in (
        Membership.objects.filter(role=Role.OFFICER).select_related("user").order_by("pk")
    ):
        officers.setdefault(membership.facility_id, membership.user)
    # Written in a few large inserts at the end, not three per session: seeding stays fast with
    # the Kaltim units' sessions.
    marks: list[Attendance] = []
    history: list[AttendanceChange] = []
    registers: list[SessionRegister] = []
    for session in sessions:
        user = officers.get(session.facility_id)
        rng = random.Random(session.pk)  # noqa: S311 - demo data, reproducible per session
        chances = FACILITY_WEIGHTS.get(session.facility.code, WEIGHTS)
        codes = [code for code, _weight in chances]
        weights = [weight for _code, weight in chances]
        roster = list(selectors.roster_for_session(session))
        if not roster:
            continue
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
        registers.append(
            SessionRegister(
                facility=session.facility,
                session=session,
                version=1,
                saved_by=user,
                saved_at=session.ends_at,
            )
        )
    Attendance.objects.bulk_create(marks, batch_size=BATCH)
    AttendanceChange.objects.bulk_create(history, batch_size=BATCH)
    SessionRegister.objects.bulk_create(registers, batch_size=BATCH)
    return len(registers)
