from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from tests.factories import intern_placement, user_with_roles


@pytest.fixture
def today(facility: Facility) -> date:
    return timezone.localtime(timezone.now(), facility.tzinfo).date()


@pytest.fixture
def mentor(facility: Facility) -> User:
    return user_with_roles(facility, Role.OFFICER, nip="198001012005011001")


@pytest.fixture
def intern(facility: Facility) -> User:
    return user_with_roles(facility, Role.INTERN)


@pytest.fixture
def placement(facility: Facility, intern: User, mentor: User) -> Any:
    """The demo story's placement: 24 November 2025 for six months."""
    return intern_placement(facility, intern=intern, mentor=mentor, unit="Seksi Pelayanan Tahanan")


@pytest.fixture
def active_placement(facility: Facility, intern: User, mentor: User, today: date) -> Any:
    """A placement running today, for the pages that act on "now"."""
    return intern_placement(
        facility,
        intern=intern,
        mentor=mentor,
        start=today - timedelta(days=60),
        end=today + timedelta(days=120),
    )
