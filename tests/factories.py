from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import factory

from binaan.accounts.models import Membership, Role, User
from binaan.facilities.models import Facility, FacilityType, Location, LocationKind, RegionalOffice

PASSWORD = "Uji#Binaan-2026"


class RegionalOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalOffice
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Kanwil Ditjenpas Uji {n}")
    code = factory.Sequence(lambda n: f"KANWIL-{n}")
    province = "Kalimantan Timur"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    regional_office = factory.SubFactory(RegionalOfficeFactory)
    type = FacilityType.RUTAN
    facility_class = "Kelas IIA"
    name = factory.Sequence(lambda n: f"Rutan Uji {n}")
    code = factory.Sequence(lambda n: f"RUTAN-{n}")
    time_zone = "Asia/Makassar"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"Blok {n}")
    kind = LocationKind.BLOCK


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def user_with_roles(facility: Facility, *roles: str, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    for role in roles:
        Membership.objects.create(user=user, facility=facility, role=role)
    return user


def regional_user(office: RegionalOffice) -> User:
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.REGIONAL, regional_office=office)
    return user


def national_user() -> User:
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.NATIONAL)
    return user


# How to make, in a given facility, the object each URL keyword names: SCOPED_OBJECT_FACTORIES in
# binaan.devtools.scoped_objects, because `manage.py permissions_matrix` builds them too.
# --- programs ---
# (partners, programs and a minimal resident builder.)
from datetime import UTC  # noqa: E402

from binaan.partners.models import Facilitator, Partner, PartnerKind  # noqa: E402
from binaan.programs.models import (  # noqa: E402
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCategory,
    ProgramSlot,
    Session,
)
from binaan.residents.models import CustodyStatus, Resident  # noqa: E402


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"Majelis Taklim Uji {n}")
    kind = PartnerKind.MAJELIS_TAKLIM


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"Ustadzah Uji {n}")


def program_category(code: str = "ketakwaan") -> ProgramCategory:
    # get_or_create: transactional tests flush the rows the data migration shipped.
    category, _ = ProgramCategory.objects.get_or_create(
        code=code, defaults={"name": code.replace("-", " ").title(), "group": "kepribadian"}
    )
    return category


class ProgramFactory(factory.django.DjangoModelFactory):
    """A Monday 09.00–11.00 program starting 2 March 2026 (the Qonita pattern)."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"Program Uji {n}")
    category = factory.LazyFunction(program_category)
    start_date = date(2026, 3, 2)

    @factory.post_generation
    def monday_slot(obj: Program, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            ProgramSlot.objects.create(
                program=obj, weekday=0, start_time=time(9), end_time=time(11)
            )


_RESIDENT_NUMBERS = iter(range(1, 10**9))


def make_resident(facility: Facility, **fields: Any) -> Resident:
    number = next(_RESIDENT_NUMBERS)
    values: dict[str, Any] = {
        "facility": facility,
        "registration_number": f"UJI-{number:06d}",
        "full_name": f"Warga Binaan {number:06d}",
        "sex": "P",
        "religion": "islam",
        "custody_status": CustodyStatus.NARAPIDANA,
    }
    values.update(fields)
    return Resident.objects.create(**values)


def make_session(facility: Facility, **fields: Any) -> Session:
    program = fields.pop("program", None) or ProgramFactory(facility=facility)
    values: dict[str, Any] = {
        "facility": facility,
        "program": program,
        "starts_at": datetime(2026, 4, 6, 1, tzinfo=UTC),
        "ends_at": datetime(2026, 4, 6, 3, tzinfo=UTC),
    }
    values.update(fields)
    return Session.objects.create(**values)


def make_enrollment(facility: Facility, **fields: Any) -> Enrollment:
    program = fields.pop("program", None) or ProgramFactory(facility=facility)
    resident = fields.pop("resident", None) or make_resident(facility)
    values: dict[str, Any] = {
        "facility": facility,
        "program": program,
        "resident": resident,
        "status": EnrollmentStatus.ENROLLED,
        "enrolled_on": date(2026, 3, 2),
    }
    values.update(fields)
    return Enrollment.objects.create(**values)


# --- residents ---
from datetime import date  # noqa: E402

from binaan.residents.models import (  # noqa: E402 - grouped by app, as the sections above
    Religion,
    Sex,
    fold,
)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    facility = factory.SubFactory(FacilityFactory)
    registration_number = factory.Sequence(lambda n: f"BI {n:04d}/2025")
    register_code = "B.I"
    custody_status = CustodyStatus.NARAPIDANA
    full_name = factory.Faker("name", locale="id_ID")
    sex = Sex.MALE
    religion = Religion.ISLAM
    charge = "Pasal 363 KUHP"
    sentence_start = date(2025, 1, 1)
    sentence_years = 2
    search_name = factory.LazyAttribute(lambda o: fold(f"{o.full_name} "))

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Resident:
        # Store the key dates as the services would.
        from binaan.residents.services import refresh_key_dates

        resident = model_class(*args, **kwargs)
        refresh_key_dates(resident)
        resident.save()
        return resident


# --- interns ---
# Minimal programs and sessions of their own (names prefixed "Intern") so that these tests do not
# depend on the programs app's factories.
def intern_program(facility: Facility, name: str = "") -> Any:
    from binaan.programs.models import Program, ProgramCategory

    # The PP 31/1999 categories ship in a data migration, but transactional tests flush them.
    category = ProgramCategory.objects.order_by("pk").first() or ProgramCategory.objects.create(
        code="intern-ketakwaan", name="Intern Ketakwaan kepada Tuhan YME", group="kepribadian"
    )
    return Program.objects.create(
        facility=facility,
        name=name or f"Intern Program {Program.objects.count() + 1}",
        category=category,
        start_date=date(2025, 1, 1),
    )


def intern_session(
    facility: Facility,
    *,
    program: Any = None,
    starts_at: datetime | None = None,
    minutes: int = 120,
) -> Any:
    from binaan.programs.models import Session

    program = program or intern_program(facility)
    starts_at = starts_at or datetime(2026, 4, 6, 9, 0, tzinfo=ZoneInfo(facility.time_zone))
    return Session.objects.create(
        facility=facility,
        program=program,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
    )


def intern_placement(
    facility: Facility,
    *,
    intern: User | None = None,
    mentor: User | None = None,
    start: date = date(2025, 11, 24),
    end: date = date(2026, 5, 23),
    **fields: Any,
) -> Any:
    from binaan.interns.models import Placement

    return Placement.objects.create(
        facility=facility,
        intern=intern or user_with_roles(facility, Role.INTERN),
        mentor=mentor or user_with_roles(facility, Role.OFFICER),
        batch=fields.pop("batch", "Magang Nasional Batch 2"),
        university=fields.pop("university", "Universitas Balikpapan"),
        start_date=start,
        end_date=end,
        **fields,
    )


def intern_presence(facility: Facility, *, placement: Any = None, day: date | None = None) -> Any:
    # The access matrix's builder, on this module's placement (fixed dates the tests rely on).
    from binaan.devtools import scoped_objects

    return scoped_objects.presence(
        facility, placement_of=placement or intern_placement(facility), day=day
    )


def intern_entry(
    facility: Facility, *, placement: Any = None, day: date | None = None, state: str = "submitted"
) -> Any:
    from binaan.interns.models import LogbookEntry

    placement = placement or intern_placement(facility)
    return LogbookEntry.objects.create(
        facility=facility,
        placement=placement,
        date=day or placement.start_date,
        activities="Mendampingi kegiatan",
        hours=Decimal("7.5"),
        state=state,
    )


# --- attendance ---
# Minimal program/resident factories with an `Att` prefix, so they do not clash with the programs
# and residents branches' own factories at merge.
import datetime as _dt  # noqa: E402

from django.utils import timezone as _tz  # noqa: E402

from binaan.programs.models import (  # noqa: E402
    Program,
)
from binaan.residents.models import CustodyStatus, Resident, Sex  # noqa: E402


class AttResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    facility = factory.SubFactory(FacilityFactory)
    registration_number = factory.Sequence(lambda n: f"BPN-{n:05d}")
    full_name = factory.Sequence(lambda n: f"Penghuni Uji {n:04d}")
    custody_status = CustodyStatus.NARAPIDANA
    sex = Sex.FEMALE
    religion = "islam"


class AttProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"Pengajian Rutin {n}")
    category = factory.LazyFunction(
        lambda: ProgramCategory.objects.get_or_create(
            code="ketakwaan",
            defaults={"name": "Ketakwaan kepada Tuhan Yang Maha Esa", "group": "kepribadian"},
        )[0]
    )
    start_date = _dt.date(2026, 1, 1)


def _started_today(facility: Facility) -> _dt.datetime:
    """An hour ago, but never before the facility's local midnight: the session stays "today"."""
    now = _tz.now().replace(microsecond=0)
    midnight = _tz.localtime(now, facility.tzinfo).replace(hour=0, minute=0, second=0)
    return max(now - _dt.timedelta(hours=1), midnight)


class AttSessionFactory(factory.django.DjangoModelFactory):
    """A session that started up to an hour ago today (markable now) unless told otherwise."""

    class Meta:
        model = Session

    program = factory.SubFactory(AttProgramFactory, facility=factory.SelfAttribute("..facility"))
    facility = factory.SubFactory(FacilityFactory)
    starts_at = factory.LazyAttribute(lambda s: _started_today(s.facility))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + _dt.timedelta(hours=2))


class AttEnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(AttProgramFactory)
    facility = factory.SelfAttribute("program.facility")
    resident = factory.SubFactory(AttResidentFactory, facility=factory.SelfAttribute("..facility"))
    status = EnrollmentStatus.ENROLLED
    enrolled_on = _dt.date(2026, 1, 1)


def att_session_with_roster(facility: Facility, size: int, **session_fields: Any) -> Session:
    """A session in `facility` whose program has `size` enrolled residents."""
    session = AttSessionFactory(facility=facility, **session_fields)
    for _ in range(size):
        AttEnrollmentFactory(program=session.program)
    return session
