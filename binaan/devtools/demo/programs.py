"""Demo programs of Rutan Balikpapan: Pengajian Rutin Qonita (the story), a church service, a
sewing class with a waitlist and a monthly legal-awareness talk. Enrols whoever is eligible among
the demo residents, generates sessions from 2 March 2026 up to the horizon. The interns are
assigned to sessions by the interns seeder, within their placements' dates."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from binaan.devtools.demo import partners as partners_demo
from binaan.devtools.demo.facilities import BALIKPAPAN
from binaan.facilities.models import Facility, Location
from binaan.partners.models import Facilitator, Partner
from binaan.programs import services
from binaan.programs.models import (
    Program,
    ProgramCategory,
)
from binaan.programs.schedule import WeeklySlot

START = date(2026, 3, 2)
QONITA = "Pengajian Rutin Qonita"


def _program(
    facility: Facility,
    *,
    name: str,
    category: str,
    location: str,
    partners: list[str],
    facilitators: list[str],
    slots: list[WeeklySlot],
    **fields: Any,
) -> Program:
    data: dict[str, Any] = {
        "name": name,
        "category": ProgramCategory.objects.get(code=category),
        "default_location": Location.objects.get(facility=facility, name=location),
        "start_date": START,
        "partners": list(Partner.objects.filter(facility=facility, name__in=partners)),
        "facilitators": list(Facilitator.objects.filter(facility=facility, name__in=facilitators)),
        **fields,
    }
    existing = Program.objects.filter(facility=facility, name=name).first()
    if existing is not None:
        return services.program_update(program=existing, data=data, slots=slots)
    return services.program_create(facility=facility, data=data, slots=slots)


def seed() -> None:
    facility = Facility.objects.get(code=BALIKPAPAN)
    qonita = _program(
        facility,
        name=QONITA,
        category="ketakwaan",
        location="Masjid Blok Wanita",
        partners=[partners_demo.MAJELIS],
        facilitators=[partners_demo.USTADZAH],
        slots=[WeeklySlot(0, time(9), time(11))],
        description="Pengajian rutin untuk warga binaan perempuan: tilawah, tausiyah dan diskusi.",
        sexes=["P"],
        religions=["islam"],
        capacity=40,
        agenda_template=[
            {"kind": "tilawah", "topic": "Tilawah Al-Qur'an"},
            {"kind": "tausiyah", "topic": "Tausiyah"},
            {"kind": "diskusi", "topic": "Berbagi pengalaman"},
        ],
    )
    church = _program(
        facility,
        name="Ibadah Minggu Oikumene",
        category="ketakwaan",
        location="Gereja Oikumene",
        partners=[partners_demo.GEREJA],
        facilitators=[partners_demo.PENDETA, partners_demo.ROMO],
        slots=[WeeklySlot(6, time(8), time(10))],
        description="Ibadah Minggu bersama untuk warga binaan Kristen dan Katolik.",
        religions=["kristen", "katolik"],
        # Worship happens on holy days too (Good Friday, Easter Sunday).
        runs_on_holidays=True,
        agenda_template=[{"kind": "ceramah", "topic": "Khotbah"}],
    )
    sewing = _program(
        facility,
        name="Pelatihan Menjahit",
        category="keterampilan-kerja",
        location="Ruang Keterampilan",
        partners=[partners_demo.BLK],
        facilitators=[partners_demo.PENJAHIT],
        slots=[WeeklySlot(1, time(13), time(15)), WeeklySlot(3, time(13), time(15))],
        description="Keterampilan menjahit pakaian dan permak, bersertifikat BLK.",
        sexes=["P"],
        capacity=15,
        agenda_template=[{"kind": "praktik", "topic": "Praktik menjahit"}],
    )
    legal = _program(
        facility,
        name="Penyuluhan Hukum",
        category="kesadaran-hukum",
        location="Aula",
        partners=[partners_demo.FH, partners_demo.LBH],
        facilitators=[partners_demo.DOSEN],
        slots=[],
        description="Penyuluhan hukum bulanan: hak warga binaan, remisi, PB dan CB.",
        rrule="FREQ=MONTHLY;BYDAY=+1WE",
        rrule_start_time=time(10),
        duration_minutes=90,
        agenda_template=[
            {"kind": "ceramah", "topic": "Materi penyuluhan"},
            {"kind": "diskusi", "topic": "Tanya jawab"},
        ],
    )
    for program in (qonita, church, sewing, legal):
        services.enrollment_bulk_add(program=program, on=START)
        services.sessions_generate(program=program)
