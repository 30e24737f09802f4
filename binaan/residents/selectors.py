from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest

from binaan.core.audit import model_snapshot
from binaan.core.models import AuditEvent
from binaan.core.scoping import workplace_of
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents.models import (
    CustodyStatus,
    Movement,
    Resident,
    ResidentGroup,
    ResidentState,
    fold,
)
from binaan.residents.stages import ADULT_AGE, Stage


def children_on(on: date) -> Q:
    """Residents who are children (under 18) on ``on``: the same rule as stages.is_child_on
    (born after the day 18 years before; 29 February turns 18 on 1 March), or, without a birth
    date, declared a child."""
    return Q(birth_date__gt=on - relativedelta(years=ADULT_AGE)) | Q(
        birth_date__isnull=True, declared_child=True
    )


def stage_q(stage: str, today: date) -> Q:
    """The residents in `stage` on `today`, from the stored key dates (same rule as stages.py)."""
    sentenced = Q(expiry_date__isnull=False) & ~Q(custody_status=CustodyStatus.TAHANAN)
    if stage == Stage.AWAL:
        return sentenced & Q(one_third_date__gt=today)
    if stage == Stage.LANJUTAN_1:
        return sentenced & Q(one_third_date__lte=today, half_date__gt=today)
    if stage == Stage.LANJUTAN_2:
        return sentenced & Q(half_date__lte=today, two_thirds_date__gt=today)
    if stage == Stage.AKHIR:
        return sentenced & Q(two_thirds_date__lte=today, expiry_date__gt=today)
    if stage == Stage.SELESAI:
        return sentenced & Q(expiry_date__lte=today)
    return Q()


def resident_list(
    *,
    facility: Facility,
    today: date,
    q: str = "",
    block: Location | None = None,
    custody_status: str = "",
    state: str = ResidentState.ACTIVE,
    sex: str = "",
    religion: str = "",
    stage: str = "",
) -> QuerySet[Resident]:
    residents = Resident.objects.filter(facility=facility).select_related("block")
    if q.strip():
        # search_name is folded on save; folding the query too makes the match case- and
        # accent-insensitive identically on SQLite and PostgreSQL.
        residents = residents.filter(
            Q(search_name__contains=fold(q)) | Q(registration_number__icontains=q.strip())
        )
    if block is not None:
        residents = residents.filter(block=block)
    if custody_status == ResidentGroup.ANAK:
        residents = residents.filter(children_on(today))
    elif custody_status:
        residents = residents.filter(custody_status=custody_status)
    if state and state != "all":
        residents = residents.filter(state=state)
    if sex:
        residents = residents.filter(sex=sex)
    if religion:
        residents = residents.filter(religion=religion)
    if stage:
        residents = residents.filter(stage_q(stage, today))
    return residents.order_by("full_name", "registration_number")


def resident_profile(*, queryset: QuerySet[Resident]) -> QuerySet[Resident]:
    return queryset.select_related("block", "room", "facility").prefetch_related(
        "remissions",
        "sentence_changes",
        "court_dates",
        Prefetch(
            "movements",
            queryset=Movement.objects.select_related(
                "from_facility", "to_facility", "from_block", "to_block"
            ),
        ),
    )


# How far ahead the 18th birthday is announced (the LPKA prepares the placement review).
ADULT_NOTICE_DAYS = 90
# Sentenced as a child and still held: at most 10 years for an Anak (UU 11/2012 Pasal 81
# ayat 6) after an offence before 18, so nobody in this list is older than 28; 30 bounds it.
_YOUNG_YEARS = 30


@dataclass(frozen=True)
class AgeReviewRow:
    resident: Resident
    age: int | None
    adult_on: date | None
    turned_adult: bool
    turns_adult_soon: bool


def age_review(*, facility: Facility, today: date, lpka: bool) -> list[AgeReviewRow]:
    """Active residents around their 18th birthday (UU 11/2012 Pasal 86; UU 22/2022): children,
    those who turn 18 within ADULT_NOTICE_DAYS, and those who have turned 18 while serving an
    Anak's sentence (at an LPKA: every adult, whose placement the LPKA must review).

    One query; the finer rules are applied in Python on the few young residents it returns."""
    candidates = Q(birth_date__gt=today - relativedelta(years=_YOUNG_YEARS)) | Q(
        birth_date__isnull=True, declared_child=True
    )
    if lpka:
        candidates |= Q(birth_date__isnull=False)
    young = (
        Resident.objects.filter(candidates, facility=facility, state=ResidentState.ACTIVE)
        .select_related("block")
        .order_by("birth_date", "full_name")
    )
    notice = today + relativedelta(days=ADULT_NOTICE_DAYS)
    rows: list[AgeReviewRow] = []
    for resident in young:
        adult_on = resident.adult_on
        child = resident.is_child_on(today)
        turned = not child
        soon = child and adult_on is not None and adult_on <= notice
        if turned and not (lpka or resident.sentenced_as_child):
            continue
        rows.append(
            AgeReviewRow(
                resident=resident,
                age=resident.age_on(today),
                adult_on=adult_on,
                turned_adult=turned,
                turns_adult_soon=soon,
            )
        )
    # Those who need a decision first: turned 18, then turning 18 soonest, then the others.
    rows.sort(key=lambda r: (not r.turned_adult, not r.turns_adult_soon, r.adult_on or today))
    return rows


def block_choices(*, facility: Facility) -> QuerySet[Location]:
    return Location.objects.filter(facility=facility, kind=LocationKind.BLOCK).order_by("name")


def room_choices(*, facility: Facility) -> QuerySet[Location]:
    return Location.objects.filter(facility=facility, kind=LocationKind.ROOM).order_by("name")


def residents_on_rosters_of(
    request: HttpRequest, residents: QuerySet[Resident]
) -> QuerySet[Resident]:
    """Residents enrolled (now or once) in the programs of the sessions the user may see: what a
    partner or an intern meets on a roster."""
    # Imported here: programs build on residents (an enrolment names a resident).
    from binaan.programs.models import Enrollment
    from binaan.programs.selectors import visible_sessions

    programs = visible_sessions(workplace_of(request)).values("program_id")
    return residents.filter(
        pk__in=Enrollment.objects.filter(
            program__in=programs, waitlist_position__isnull=True
        ).values("resident_id")
    )


# --- subject access (UU 27/2022 Pasal 7 and 32; rendered by binaan.residents.subject_access) ---

# A record larger than this per section is cut and says so (`truncated`): the export is
# bounded in memory and time even for a resident whose record has been opened thousands of
# times. 5,000 marks is a mark every day for over 13 years.
SECTION_LIMIT = 5000

SUBJECT_ACCESS_SECTIONS = (
    "resident",
    "movements",
    "court_dates",
    "detention_orders",
    "remissions",
    "sentence_changes",
    "enrolments",
    "attendance",
    "attendance_changes",
    "logbook_mentions",
    "audit",
)


@dataclass
class SubjectAccessRecord:
    resident: Resident
    sections: dict[str, list[dict[str, Any]]]
    truncated: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.sections.items()}


def _bounded(name: str, rows: Any, truncated: list[str]) -> list[dict[str, Any]]:
    found = list(rows[: SECTION_LIMIT + 1])
    if len(found) > SECTION_LIMIT:
        truncated.append(name)
        found = found[:SECTION_LIMIT]
    return found


def subject_access_record(resident: Resident) -> SubjectAccessRecord:
    """Ten queries (eleven with the audit section's ids), for any number of rows."""
    # Imported here: programs, attendance and interns build on residents.
    from binaan.attendance.models import Attendance, AttendanceChange
    from binaan.interns.models import LogbookEntry
    from binaan.programs.models import Enrollment

    truncated: list[str] = []
    snapshot = model_snapshot(resident)
    snapshot.pop("search_name", None)
    sections: dict[str, list[dict[str, Any]]] = {"resident": [snapshot]}
    sections["movements"] = _bounded(
        "movements",
        resident.movements.order_by("date", "pk").values(
            "id", "kind", "date", "from_facility__name", "to_facility__name",
            "from_block__name", "to_block__name", "note", "created_at",
        ),
        truncated,
    )  # fmt: skip
    sections["court_dates"] = _bounded(
        "court_dates",
        resident.court_dates.order_by("date").values("id", "date", "court", "note"),
        truncated,
    )
    sections["detention_orders"] = _bounded(
        "detention_orders",
        resident.detention_orders.order_by("start", "pk").values(
            "id", "authority", "kind", "issuer", "ground", "number", "issued_on", "start", "days",
            "expires", "is_current", "created_at",
        ),
        truncated,
    )  # fmt: skip
    sections["remissions"] = _bounded(
        "remissions",
        resident.remissions.order_by("decree_date", "pk").values(
            "id", "kind", "days", "decree_number", "decree_date", "created_at", "revoked_on",
            "revocation_reason",
        ),
        truncated,
    )  # fmt: skip
    sections["sentence_changes"] = _bounded(
        "sentence_changes",
        resident.sentence_changes.order_by("decree_date", "pk").values(
            "id", "kind", "decree_number", "decree_date", "previous_kind", "previous_start",
            "previous_years", "previous_months", "previous_days", "new_kind", "new_start",
            "new_years", "new_months", "new_days", "note", "created_at",
        ),
        truncated,
    )  # fmt: skip
    sections["enrolments"] = _bounded(
        "enrolments",
        Enrollment.objects.filter(resident=resident)
        .order_by("enrolled_on", "pk")
        .values(
            "id", "program__name", "status", "waitlist_position", "enrolled_on", "ended_on",
            "end_reason", "note",
        ),
        truncated,
    )  # fmt: skip
    sections["attendance"] = _bounded(
        "attendance",
        Attendance.objects.filter(resident=resident)
        .order_by("session__starts_at", "pk")
        .values(
            "id", "session_id", "session__program__name", "session__starts_at", "reason__code",
            "reason__label", "reason__counts_present", "reason__excused", "note",
            "is_walk_in", "marked_at", "marked_by__username",
        ),
        truncated,
    )  # fmt: skip
    sections["attendance_changes"] = _bounded(
        "attendance_changes",
        AttendanceChange.objects.filter(resident=resident)
        .order_by("changed_at", "pk")
        .values(
            "id", "session_id", "version", "old_reason__code", "new_reason__code", "old_note",
            "new_note", "changed_at", "changed_by__username", "amend_reason",
        ),
        truncated,
    )  # fmt: skip
    # An intern's logbook is free text: a mention is the resident's name or number written in
    # it, searched in the facility the resident is held at.
    mentions = Q()
    for text in {resident.full_name.strip(), resident.registration_number.strip()} - {""}:
        mentions |= (
            Q(activities__icontains=text)
            | Q(learned__icontains=text)
            | Q(mentor_comment__icontains=text)
        )
    logbook = LogbookEntry.objects.none()
    if mentions:
        logbook = LogbookEntry.objects.filter(mentions, facility_id=resident.facility_id)
    sections["logbook_mentions"] = _bounded(
        "logbook_mentions",
        logbook.order_by("date", "pk").values(
            "id", "date", "placement__intern__username", "activities", "learned",
            "mentor_comment",
        ),
        truncated,
    )  # fmt: skip
    sections["audit"] = _bounded("audit", _audit_rows(resident, sections), truncated)
    return SubjectAccessRecord(resident=resident, sections=sections, truncated=truncated)


def _audit_rows(resident: Resident, sections: dict[str, list[dict[str, Any]]]) -> Any:
    """Every audit row whose object is the resident or one of the rows about them (remission,
    court date, enrolment), newest last. The ids come from the sections already read."""
    objects = {
        "residents.resident": [str(resident.pk)],
        "residents.remission": [str(r["id"]) for r in sections["remissions"]],
        "residents.sentencechange": [str(r["id"]) for r in sections["sentence_changes"]],
        "residents.courtdate": [str(r["id"]) for r in sections["court_dates"]],
        "residents.detentionorder": [str(r["id"]) for r in sections["detention_orders"]],
        "programs.enrollment": [str(r["id"]) for r in sections["enrolments"]],
    }
    condition = Q()
    for object_type, ids in objects.items():
        if ids:
            condition |= Q(object_type=object_type, object_id__in=ids)
    return (
        AuditEvent.objects.filter(condition)
        .order_by("created_at", "id")
        .values(
            "id", "created_at", "actor_username", "facility_id", "action", "object_type",
            "object_id", "object_repr", "before", "after", "ip_address",
        )
    )  # fmt: skip
