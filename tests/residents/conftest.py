from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility, Location
from binaan.residents.models import Resident
from tests.factories import LocationFactory, ResidentFactory


@pytest.fixture
def officer_client(officer: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(officer)


@pytest.fixture
def role_client(
    make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        return client_for(make_user(role))

    return make


@pytest.fixture
def block(facility: Facility) -> Location:
    return LocationFactory(facility=facility, name="Blok Wanita")


@pytest.fixture
def resident(facility: Facility, block: Location) -> Resident:
    """A sentenced woman with every case field filled, so a leak would show."""
    return ResidentFactory(
        facility=facility,
        registration_number="BI 0777/2025",
        full_name="Siti Ãminah",
        register_code="B.I",
        charge="Pasal 378 KUHP penipuan",
        religion="katolik",
        block=block,
        sex="P",
        sentence_start=date(2025, 1, 1),
        sentence_years=3,
        sentence_months=7,
    )


CASE_ROLES = [Role.ADMIN, Role.HEAD, Role.OFFICER, Role.CASEWORKER]
LIMITED_ROLES = [Role.PARTNER, Role.INTERN]
