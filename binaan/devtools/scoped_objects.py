"""How to build, in a given facility, every object a URL keyword names.

`SCOPED_OBJECT_FACTORIES` maps each URL keyword argument that names a facility-owned object to a
builder `(facility) -> object`. The access matrix (`binaan.devtools.access_matrix`) and the tests
request every route with these objects; a keyword missing here fails
`tests/test_access_matrix.py`, so a new URL cannot escape the cross-facility check.

Plain ORM, no factory_boy: the development app runs wherever `BINAAN_ALLOW_DEMO` is on, which
may be a demo server installed from `requirements.txt` alone. Dates are relative to the
facility's today, so that what the pages answer does not change with the calendar.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from binaan.accounts.models import Membership, User
from binaan.attendance.models import AttendanceReason
from binaan.core.dates import facility_today
from binaan.core.permissions import Role
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.interns.models import LogbookEntry, Placement, PresenceDay
from binaan.partners.models import Facilitator, Partner, PartnerKind
from binaan.programs.models import (
    Enrollment,
    EnrollmentStatus,
    HolidayChange,
    HolidayOverride,
    Program,
    ProgramCategory,
    Session,
)
from binaan.residents.models import CustodyStatus, Remission, RemissionKind, Resident, fold

# Unique suffixes for names that must be unique (usernames, registration numbers, codes).
_serial = itertools.count(1)


def _next() -> int:
    return next(_serial)


def member(facility: Facility, *roles: str, username: str = "") -> User:
    """A user holding `roles` in `facility`, without a usable password (tests and the matrix
    log in with `force_login`)."""
    user = User(username=username or f"scoped-user-{_next()}", full_name="Pengguna Uji")
    user.set_unusable_password()
    user.save()
    Membership.objects.bulk_create(
        Membership(user=user, facility=facility, role=role) for role in roles
    )
    return user


def category() -> ProgramCategory:
    # get_or_create: transactional tests flush the rows the data migration shipped.
    found, _ = ProgramCategory.objects.get_or_create(
        code="ketakwaan",
        defaults={"name": "Ketakwaan kepada Tuhan Yang Maha Esa", "group": "kepribadian"},
    )
    return found


def location(facility: Facility) -> Location:
    return Location.objects.create(
        facility=facility, name=f"Blok {_next()}", kind=LocationKind.BLOCK
    )


def partner(facility: Facility) -> Partner:
    return Partner.objects.create(
        facility=facility, name=f"Majelis Taklim Uji {_next()}", kind=PartnerKind.MAJELIS_TAKLIM
    )


def facilitator(facility: Facility, **fields: Any) -> Facilitator:
    return Facilitator.objects.create(facility=facility, name=f"Ustadzah Uji {_next()}", **fields)


def program(facility: Facility, name: str = "") -> Program:
    return Program.objects.create(
        facility=facility,
        name=name or f"Program Uji {_next()}",
        category=category(),
        start_date=facility_today(facility) - timedelta(days=60),
    )


def resident(facility: Facility, **fields: Any) -> Resident:
    # Imported here: the residents services import the documents stack, which the other
    # builders do not need.
    from binaan.residents.services import refresh_key_dates

    number = _next()
    values: dict[str, Any] = {
        "facility": facility,
        "registration_number": f"UJI-{number:06d}",
        "register_code": "B.I",
        "full_name": f"Warga Binaan {number:06d}",
        "sex": "P",
        "religion": "islam",
        "custody_status": CustodyStatus.NARAPIDANA,
        "charge": "Pasal 363 KUHP",
        "sentence_start": facility_today(facility) - timedelta(days=365),
        "sentence_years": 2,
    }
    values.update(fields)
    values.setdefault("search_name", fold(f"{values['full_name']} "))
    made = Resident(**values)
    refresh_key_dates(made)
    made.save()
    return made


def remission(facility: Facility) -> Remission:
    """A remission in force of a resident of the facility (the revocation URL names it)."""
    from binaan.residents.services import refresh_key_dates

    owner = resident(facility)
    made = Remission.objects.create(
        resident=owner,
        kind=RemissionKind.UMUM,
        days=30,
        decree_date=facility_today(facility) - timedelta(days=100),
        decree_number=f"PAS-UJI-{_next()}",
    )
    owner.remission_days_total = 30
    refresh_key_dates(owner)
    owner.save()
    return made


def enrollment(facility: Facility, **fields: Any) -> Enrollment:
    values: dict[str, Any] = {
        "facility": facility,
        "status": EnrollmentStatus.ENROLLED,
        "enrolled_on": facility_today(facility) - timedelta(days=30),
    }
    values.update(fields)
    values.setdefault("program", program(facility))
    values.setdefault("resident", resident(facility))
    return Enrollment.objects.create(**values)


def started_today(facility: Facility) -> datetime:
    """An hour ago, but never before the facility's local midnight: the session is "today",
    has started (marks are refused before) and is far from locked."""
    now = timezone.now().replace(microsecond=0)
    midnight = timezone.localtime(now, facility.tzinfo).replace(hour=0, minute=0, second=0)
    return max(now - timedelta(hours=1), midnight)


def session(facility: Facility, *, roster: int = 2, **fields: Any) -> Session:
    """A session that started up to an hour ago today, its program with `roster` residents."""
    values: dict[str, Any] = {"facility": facility, "starts_at": started_today(facility)}
    values.update(fields)
    values.setdefault("program", program(facility))
    values.setdefault("ends_at", values["starts_at"] + timedelta(hours=2))
    made = Session.objects.create(**values)
    for _ in range(roster):
        enrollment(facility, program=made.program)
    return made


def placement(
    facility: Facility,
    *,
    intern: User | None = None,
    mentor: User | None = None,
    start: date | None = None,
    end: date | None = None,
    **fields: Any,
) -> Placement:
    """A six-month placement that started two months before the facility's today."""
    today = facility_today(facility)
    return Placement.objects.create(
        facility=facility,
        intern=intern or member(facility, Role.INTERN),
        mentor=mentor or member(facility, Role.OFFICER),
        batch=fields.pop("batch", "Magang Nasional Batch 2"),
        university=fields.pop("university", "Universitas Balikpapan"),
        start_date=start or today - timedelta(days=60),
        end_date=end or today + timedelta(days=120),
        **fields,
    )


def presence(
    facility: Facility, *, placement_of: Placement | None = None, day: date | None = None
) -> PresenceDay:
    on = placement_of or placement(facility)
    day = day or on.start_date
    zone = ZoneInfo(facility.time_zone)
    return PresenceDay.objects.create(
        facility=facility,
        placement=on,
        date=day,
        check_in=datetime.combine(day, time(8, 0), zone),
        check_out=datetime.combine(day, time(16, 0), zone),
    )


def logbook_entry(
    facility: Facility,
    *,
    placement_of: Placement | None = None,
    day: date | None = None,
    state: str = "submitted",
) -> LogbookEntry:
    on = placement_of or placement(facility)
    return LogbookEntry.objects.create(
        facility=facility,
        placement=on,
        date=day or on.start_date,
        activities="Mendampingi kegiatan",
        hours=Decimal("7.5"),
        state=state,
    )


def attendance_reason(facility: Facility) -> AttendanceReason:
    return AttendanceReason.objects.create(
        facility=facility, code=f"tugas{_next()}", label="Tugas kerja"
    )


def holiday_override(facility: Facility) -> HolidayOverride:
    """A facility holiday a month ahead (a date without a national holiday is not needed)."""
    day = facility_today(facility) + timedelta(days=30 + _next() % 300)
    found, _created = HolidayOverride.objects.get_or_create(
        facility=facility,
        regional_office=None,
        date=day,
        defaults={"change": HolidayChange.ADD, "name": "Hari Jadi Kota (uji)"},
    )
    return found


SCOPED_OBJECT_FACTORIES: dict[str, Callable[[Facility], Any]] = {
    "location_id": location,
    # Another user of the facility: an officer, the most common account.
    "user_id": lambda facility: member(facility, Role.OFFICER),
    "partner_id": partner,
    "facilitator_id": facilitator,
    "program_id": program,
    "session_id": session,
    "enrollment_id": enrollment,
    "resident_id": resident,
    "remission_id": remission,
    "placement_id": placement,
    "presence_id": presence,
    "entry_id": logbook_entry,
    "reason_id": attendance_reason,
    "holiday_id": holiday_override,
    # The facility report names a facility, the regional report a regional office: "in a given
    # facility" means that facility and that facility's Kanwil.
    "facility_id": lambda facility: facility,
    "regional_office_id": lambda facility: facility.regional_office,
}
