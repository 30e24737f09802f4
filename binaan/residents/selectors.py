from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest

from binaan.core.scoping import workplace_of
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents.models import CustodyStatus, Movement, Resident, ResidentState, fold
from binaan.residents.stages import Stage


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
    if custody_status:
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
        "court_dates",
        Prefetch(
            "movements",
            queryset=Movement.objects.select_related(
                "from_facility", "to_facility", "from_block", "to_block"
            ),
        ),
    )


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
