from __future__ import annotations

from typing import Any

import factory
from django.conf import settings

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


# Every URL keyword argument that names a facility-owned object, and how to make one in a given
# facility. tests/test_scoping.py walks every URL pattern and fails on a keyword missing here, so a
# new URL cannot escape the cross-facility check.
def _user_in(facility: Facility) -> User:
    return user_with_roles(facility, Role.OFFICER)


SCOPED_OBJECT_FACTORIES: dict[str, Any] = {
    "location_id": lambda facility: LocationFactory(facility=facility),
    "user_id": _user_in,
}

assert settings.AUTH_USER_MODEL == "accounts.User"


# --- attendance ---
# Minimal program/resident factories with an `Att` prefix, so they do not clash with the programs
# and residents branches' own factories at merge.
import datetime as _dt  # noqa: E402

from django.utils import timezone as _tz  # noqa: E402

from binaan.attendance.models import AttendanceReason  # noqa: E402
from binaan.programs.models import (  # noqa: E402
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCategory,
    Session,
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


def att_facility_reason(facility: Facility) -> AttendanceReason:
    return AttendanceReason.objects.create(
        facility=facility, code=f"tugas{AttendanceReason.objects.count()}", label="Tugas kerja"
    )


SCOPED_OBJECT_FACTORIES["session_id"] = lambda facility: att_session_with_roster(facility, 2)
SCOPED_OBJECT_FACTORIES["reason_id"] = att_facility_reason
