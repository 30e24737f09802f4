"""Retention (UU 27/2022 Pasal 43 and 44): residents released long ago lose their identity.

A resident whose state is released and whose last release movement is more than
`BINAAN_RETENTION_YEARS` years before their facility's today (`binaan.core.dates`) is anonymised:
the name becomes "Anonim <id>", the registration number a stable pseudonym, the birth date its
year, the photo is deleted, and free text (alias, place of birth, movement, court date,
enrolment and attendance notes) is cleared. Every row that figures count stays where it is,
with the same sex, custody status, religion, block, program and reason, so the monthly reports
and attendance rates of the past do not move.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from binaan.core.audit import audit_record
from binaan.core.dates import facility_today
from binaan.core.models import AuditAction
from binaan.facilities.models import Facility
from binaan.residents.models import (
    CourtDate,
    Movement,
    MovementKind,
    Resident,
    ResidentState,
    fold,
)

ANONYMOUS_PREFIX = "Anonim"


@dataclass
class RetentionResult:
    years: int
    dry_run: bool
    resident_ids: list[int] = field(default_factory=list)
    by_facility: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.resident_ids)


def pseudonym(resident: Resident) -> str:
    """The same number always gives the same pseudonym (a keyed hash: not reversible without
    the server's key), so two records of one person stay linked and the run is idempotent."""
    message = f"{resident.facility_id}:{resident.registration_number}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"ANON-{digest[:16].upper()}"


def _due(years: int) -> list[Resident]:
    """Released, not yet anonymised, last release more than `years` years before the facility's
    own today (facilities span three time zones)."""
    candidates = (
        Resident.objects.filter(state=ResidentState.RELEASED, anonymised_at__isnull=True)
        .annotate(
            released_on=Max("movements__date", filter=Q(movements__kind=MovementKind.RELEASE))
        )
        .filter(released_on__isnull=False)
        .select_related("facility")
        .order_by("pk")
    )
    cutoffs: dict[int, date] = {}
    due: list[Resident] = []
    for resident in candidates:
        facility: Facility = resident.facility
        if facility.pk not in cutoffs:
            cutoffs[facility.pk] = facility_today(facility) - relativedelta(years=years)
        if resident.released_on < cutoffs[facility.pk]:
            due.append(resident)
    return due


@transaction.atomic
def residents_anonymise_released(*, years: int, dry_run: bool = False) -> RetentionResult:
    if years < 1:
        raise ValueError("years must be at least 1")
    due = _due(years)
    result = RetentionResult(
        years=years,
        dry_run=dry_run,
        resident_ids=[r.pk for r in due],
        by_facility=dict(sorted(Counter(r.facility.code for r in due).items())),
    )
    if dry_run:
        return result
    now = timezone.now()
    for resident in due:
        if resident.photo:
            resident.photo.delete(save=False)
        resident.full_name = f"{ANONYMOUS_PREFIX} {resident.pk}"
        resident.search_name = fold(resident.full_name)
        resident.registration_number = pseudonym(resident)
        resident.birth_year = resident.birth_date.year if resident.birth_date else None
        resident.birth_date = None
        resident.alias = ""
        resident.birth_place = ""
        resident.photo = ""
        resident.anonymised_at = now
    Resident.objects.bulk_update(
        due,
        ["full_name", "search_name", "registration_number", "birth_year", "birth_date", "alias",
         "birth_place", "photo", "anonymised_at"],
        batch_size=500,
    )  # fmt: skip
    _clear_notes(result.resident_ids)
    # One row per run, with the count and never a name: the trail would otherwise keep what the
    # run removes.
    audit_record(
        action=AuditAction.UPDATE,
        object_type="residents.retention",
        object_repr=f"Anonymisation after {years} years",
        after={"years": years, "count": result.count, "by_facility": result.by_facility},
    )
    return result


def _clear_notes(resident_ids: list[int]) -> None:
    # Imported here: programs and attendance build on residents.
    from binaan.attendance.models import Attendance, AttendanceChange
    from binaan.programs.models import Enrollment

    if not resident_ids:
        return
    Movement.objects.filter(resident_id__in=resident_ids).update(note="")
    CourtDate.objects.filter(resident_id__in=resident_ids).update(court="", note="")
    Enrollment.objects.filter(resident_id__in=resident_ids).update(note="")
    Attendance.objects.filter(resident_id__in=resident_ids).update(note="")
    AttendanceChange.objects.filter(resident_id__in=resident_ids).update(
        old_note="", new_note="", amend_reason=""
    )
