from __future__ import annotations

from datetime import date, time

import pytest

from binaan.facilities.models import Facility, Location, LocationKind
from binaan.programs import services
from binaan.programs.models import Program
from binaan.programs.schedule import WeeklySlot
from tests.factories import LocationFactory, program_category


@pytest.fixture
def mosque(facility: Facility) -> Location:
    return LocationFactory(facility=facility, name="Masjid Blok Wanita", kind=LocationKind.MOSQUE)


@pytest.fixture
def women_block(facility: Facility) -> Location:
    return LocationFactory(facility=facility, name="Blok Wanita", kind=LocationKind.BLOCK)


@pytest.fixture
def qonita(facility: Facility, mosque: Location) -> Program:
    return services.program_create(
        facility=facility,
        data={
            "name": "Pengajian Rutin Qonita",
            "category": program_category(),
            "default_location": mosque,
            "start_date": date(2026, 3, 2),
            "sexes": ["P"],
            "religions": ["islam"],
            "agenda_template": [
                {"kind": "tilawah", "topic": "Tilawah"},
                {"kind": "tausiyah", "topic": "Tausiyah"},
                {"kind": "diskusi", "topic": "Diskusi"},
            ],
        },
        slots=[WeeklySlot(0, time(9), time(11))],
    )
