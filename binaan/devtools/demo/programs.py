"""Demo programs of Rutan Balikpapan: Pengajian Rutin Qonita (the story), a church service, a
sewing class with a waitlist and a monthly legal-awareness talk. Enrols whoever is eligible among
the demo residents, generates sessions from 2 March 2026 up to the horizon. The interns are
assigned to sessions by the interns seeder, within their placements' dates.

Kanwil Kalimantan Timur's other units get two programs each (`kaltim_programs`): a pesantren
kilat and a welding workshop at Lapas Samarinda, a women's pengajian and rattan weaving at Rutan
Tenggarong, school (Kejar Paket) and scouting at the LPKA, so the regional view compares four
UPTs."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from binaan.devtools.demo import partners as partners_demo
from binaan.devtools.demo.facilities import BALIKPAPAN, LPKA_SAMARINDA, SAMARINDA, TENGGARONG
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


def kaltim_programs() -> list[Program]:
    """Two programs in each of Kanwil Kaltim's other units (those already seeded)."""
    units = {f.code: f for f in Facility.objects.filter(code__in=KALTIM_PROGRAMS)}
    made = []
    for code, programs in KALTIM_PROGRAMS.items():
        facility = units.get(code)
        if facility is None:
            continue
        for fields in programs:
            made.append(_program(facility, **fields))
    return made


_P = partners_demo
KALTIM_PROGRAMS: dict[str, list[dict[str, Any]]] = {
    SAMARINDA: [
        {
            "name": "Pesantren Kilat At-Taubah",
            "category": "ketakwaan",
            "location": "Masjid Al-Hidayah",
            "partners": [_P.KEMENAG_SMD],
            "facilitators": ["Ustadz Ahmad Fauzi"],
            "slots": [WeeklySlot(0, time(8), time(10)), WeeklySlot(3, time(8), time(10))],
            "description": "Tilawah, fikih ibadah dan akhlak untuk warga binaan Muslim.",
            "religions": ["islam"],
            "capacity": 40,
        },
        {
            "name": "Pelatihan Las dan Otomotif",
            "category": "keterampilan-kerja",
            "location": "Bengkel Kerja",
            "partners": [_P.BLK_SMD],
            "facilitators": ["Bapak Joko Susanto"],
            "slots": [WeeklySlot(1, time(9), time(12))],
            "description": "Pengelasan dasar dan perawatan sepeda motor, bersertifikat BLK.",
            "capacity": 20,
        },
    ],
    TENGGARONG: [
        {
            "name": "Pengajian Ibu-Ibu Al-Ikhlas",
            "category": "ketakwaan",
            "location": "Masjid Al-Ikhlas",
            "partners": [_P.MAJELIS_TGR],
            "facilitators": ["Ustadzah Nur Aisyah"],
            "slots": [WeeklySlot(4, time(9), time(11))],
            "description": "Pengajian untuk warga binaan perempuan.",
            "sexes": ["P"],
            "religions": ["islam"],
            "capacity": 20,
        },
        {
            "name": "Kerajinan Anyaman Rotan",
            "category": "latihan-kerja-produksi",
            "location": "Ruang Keterampilan",
            "partners": [_P.DEKRANASDA],
            "facilitators": ["Ibu Dayang Rosmawati"],
            "slots": [WeeklySlot(2, time(13), time(15))],
            "description": "Anyaman rotan dan manik-manik khas Kutai untuk dijual di galeri.",
            "capacity": 15,
        },
    ],
    LPKA_SAMARINDA: [
        {
            "name": "Kejar Paket B dan C",
            "category": "intelektual",
            "location": "Ruang Kelas",
            "partners": [_P.DISDIK],
            "facilitators": ["Ibu Retno Handayani"],
            "slots": [
                WeeklySlot(0, time(8), time(11)),
                WeeklySlot(2, time(8), time(11)),
                WeeklySlot(4, time(8), time(11)),
            ],
            "description": "Pendidikan kesetaraan: hak anak atas pendidikan (UU 11/2012 SPPA).",
            "capacity": 30,
        },
        {
            "name": "Latihan Pramuka",
            "category": "kesadaran-berbangsa",
            "location": "Lapangan",
            "partners": [_P.PRAMUKA],
            "facilitators": ["Kak Dimas Saputro"],
            "slots": [WeeklySlot(5, time(15), time(17))],
            "description": "Kepramukaan: baris-berbaris, tali-temali dan kerja sama.",
        },
    ],
}


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
    for program in (qonita, church, sewing, legal, *kaltim_programs()):
        services.enrollment_bulk_add(program=program, on=START)
        services.sessions_generate(program=program)
