"""Regional (Kanwil) and national (Ditjenpas) consolidation: the facilities in a user's scope, aggregate only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from binaan.accounts.workplace import Workplace
from binaan.facilities.models import Facility, RegionalOffice
from binaan.reports.selectors.common import Month, Row
from binaan.reports.selectors.monthly import _add_sessions, _fill, _mark_rows, _session_rows

# --- scope of regional and national users --------------------------------------------------------


def facilities_in_scope(workplace: Workplace) -> QuerySet[Facility]:
    """Facilities whose reports the user may open.

    A facility user: the active facility only (switching facility is how they see another one).
    A regional user (Kanwil): every facility of their regional offices. A national user
    (Ditjenpas): every facility. Anyone else: none.
    """
    facilities = Facility.objects.select_related("regional_office")
    if workplace.facility is not None:
        return facilities.filter(pk=workplace.facility.pk)
    if workplace.is_national:
        return facilities.all()
    offices = [office.pk for office in workplace.regional_offices]
    return facilities.filter(regional_office_id__in=offices)


def offices_in_scope(workplace: Workplace) -> QuerySet[RegionalOffice]:
    """Regional offices a user may name in a URL (else 404).

    A facility user may name the offices of their own facilities: the page then refuses them by
    role (403), which says nothing they do not already know; any other office is a 404.
    """
    if workplace.is_national:
        return RegionalOffice.objects.all()
    if workplace.facility is not None:
        return RegionalOffice.objects.filter(
            pk__in=[f.regional_office_id for f in workplace.facilities]
        )
    return RegionalOffice.objects.filter(pk__in=[o.pk for o in workplace.regional_offices])


# --- regional and national consolidation -----------------------------------------------------


@dataclass
class FacilityLine:
    facility_id: int
    name: str
    code: str
    region: str
    row: Row
    rank: int | None = None


@dataclass
class Consolidation:
    month: Month
    title: str
    lines: list[FacilityLine]
    total: Row
    regions: list[Row]
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def ranking(self) -> list[FacilityLine]:
        return sorted(
            (line for line in self.lines if line.rank is not None), key=lambda line: line.rank or 0
        )

    @property
    def without_attendance(self) -> list[FacilityLine]:
        return [line for line in self.lines if line.row.not_taken]


def consolidation(
    *, facilities: Iterable[Facility], month: Month, title: str, now: datetime | None = None
) -> Consolidation:
    """The same figures per facility side by side, totals, per region and a ranking by rate.

    Three queries whatever the number of facilities: the facility list (given), the sessions
    grouped by facility, the marks grouped by facility. Aggregates only: no resident's name.
    """
    now = now or timezone.now()
    facility_list = list(facilities)
    ids = [f.pk for f in facility_list]
    windows = {f.pk: month.bounds(f) for f in facility_list}
    lines: dict[int, FacilityLine] = {
        f.pk: FacilityLine(
            facility_id=f.pk,
            name=f.name,
            code=f.code,
            region=f.regional_office.name,
            row=Row(key=f.code, label=f.name, planned=0, held=0, cancelled=0, not_taken=0),
        )
        for f in facility_list
    }
    if ids:
        for data in _session_rows(ids, windows, ["facility_id"], now=now):
            _add_sessions(lines[data["facility_id"]].row, data)
        for data in _mark_rows(ids, windows, ["facility_id"]):
            _fill(lines[data["facility_id"]].row, data)
    total = Row(key="total", label=str(_("Total")), planned=0, held=0, cancelled=0, not_taken=0)
    regions: dict[str, Row] = {}
    for line in lines.values():
        for target in (
            total,
            regions.setdefault(
                line.region,
                Row(
                    key=line.region, label=line.region, planned=0, held=0, cancelled=0, not_taken=0
                ),  # fmt: skip
            ),
        ):
            _add_sessions(target, line.row.as_dict())
            # Residents belong to one facility, so participants add up across facilities.
            for name in ("marked", "present", "excused", "participants"):
                setattr(target, name, getattr(target, name) + getattr(line.row, name))
    ordered = sorted(lines.values(), key=lambda line: (line.region, line.name))
    rated = sorted(
        (line for line in ordered if line.row.rate is not None),
        key=lambda line: (-(line.row.rate or 0), line.name),
    )
    for position, line in enumerate(rated, start=1):
        line.rank = position
    return Consolidation(
        month=month,
        title=title,
        lines=ordered,
        total=total,
        regions=sorted(regions.values(), key=lambda r: r.label),
        generated_at=now,
    )
