"""Demo partners and facilitators of Rutan Balikpapan (the ustadzah gets the `mitra` login) and
of Kanwil Kaltim's other units (`KALTIM_PARTNERS`)."""

from __future__ import annotations

from datetime import date, timedelta

from binaan.accounts.models import User
from binaan.core.dates import facility_today
from binaan.devtools.demo.facilities import BALIKPAPAN, LPKA_SAMARINDA, SAMARINDA, TENGGARONG
from binaan.facilities.models import Facility
from binaan.partners.models import Facilitator, Partner, PartnerKind

MAJELIS = "Majelis Taklim Nurul Qonita Balikpapan"
GEREJA = "Persekutuan Gereja-Gereja Balikpapan"
BLK = "UPTD Balai Latihan Kerja Balikpapan"
FH = "Fakultas Hukum Universitas Balikpapan"
LBH = "LBH Balikpapan"

USTADZAH = "Ustadzah Siti Aminah"
PENDETA = "Pdt. Yohanes Sitorus"
ROMO = "RD. Antonius Wibowo"
PENJAHIT = "Ibu Ratna Dewi"
DOSEN = "Dr. Hendra Saputra, S.H., M.H."


# Kanwil Kaltim's other units: (facility code, partner, kind, contact, facilitators).
KEMENAG_SMD = "Kantor Kementerian Agama Kota Samarinda"
BLK_SMD = "UPTD Balai Latihan Kerja Samarinda"
MAJELIS_TGR = "Majelis Taklim Al-Ikhlas Tenggarong"
DEKRANASDA = "Dekranasda Kutai Kartanegara"
DISDIK = "Dinas Pendidikan dan Kebudayaan Provinsi Kalimantan Timur"
PRAMUKA = "Kwartir Cabang Gerakan Pramuka Samarinda"
KALTIM_PARTNERS: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    (SAMARINDA, KEMENAG_SMD, PartnerKind.GOVERNMENT, "Bapak Muhammad Yusuf",
     [("Ustadz Ahmad Fauzi", "Tilawah, fikih ibadah"), ("Pdt. Markus Simanjuntak", "Ibadah")]),
    (SAMARINDA, BLK_SMD, PartnerKind.GOVERNMENT, "Bapak Eko Prasetyo",
     [("Bapak Joko Susanto", "Pengelasan dan otomotif")]),
    (TENGGARONG, MAJELIS_TGR, PartnerKind.MAJELIS_TAKLIM, "Ibu Halimah",
     [("Ustadzah Nur Aisyah", "Tilawah, tausiyah")]),
    (TENGGARONG, DEKRANASDA, PartnerKind.GOVERNMENT, "Ibu Kartini Wulandari",
     [("Ibu Dayang Rosmawati", "Anyaman rotan dan manik-manik")]),
    (LPKA_SAMARINDA, DISDIK, PartnerKind.GOVERNMENT, "Bapak Hadi Kurniawan",
     [("Ibu Retno Handayani", "Kejar Paket B dan C")]),
    (LPKA_SAMARINDA, PRAMUKA, PartnerKind.NGO, "Kak Dimas Saputro",
     [("Kak Dimas Saputro", "Kepramukaan")]),
]  # fmt: skip


def _seed_kaltim() -> None:
    facilities = {
        f.code: f for f in Facility.objects.filter(code__in=[p[0] for p in KALTIM_PARTNERS])
    }
    for code, name, kind, contact, facilitators in KALTIM_PARTNERS:
        facility = facilities.get(code)
        if facility is None:
            continue
        partner, _ = Partner.objects.update_or_create(
            facility=facility,
            name=name,
            defaults={
                "kind": kind,
                "contact_person": contact,
                "phone": "0812-0000-0000",
                "agreement_number": f"PKS/{len(name):02d}/{code}/2026",
                "agreement_start": date(2026, 1, 1),
                "agreement_end": date(2027, 12, 31),
            },
        )
        for person, teaches in facilitators:
            Facilitator.objects.update_or_create(
                facility=facility,
                name=person,
                defaults={"partner": partner, "teaches": teaches},
            )


def seed() -> None:
    _seed_kaltim()
    facility = Facility.objects.get(code=BALIKPAPAN)
    today = facility_today(facility)
    partners = [
        (
            MAJELIS,
            PartnerKind.MAJELIS_TAKLIM,
            "Hj. Nurhayati",
            "PKS/01/MT/2026",
            date(2026, 1, 1),
            date(2027, 12, 31),
        ),
        (
            GEREJA,
            PartnerKind.MAJELIS_TAKLIM,
            "Pdt. Yohanes Sitorus",
            "PKS/02/PGB/2026",
            date(2026, 1, 1),
            date(2027, 12, 31),
        ),
        (
            BLK,
            PartnerKind.GOVERNMENT,
            "Bapak Suryadi",
            "PKS/03/BLK/2026",
            date(2026, 2, 1),
            date(2027, 1, 31),
        ),
        # Ends within the warning window, to show the reminder on the list and dashboard.
        (
            FH,
            PartnerKind.UNIVERSITY,
            "Dr. Hendra Saputra",
            "PKS/04/FH-UNIBA/2025",
            date(2025, 6, 1),
            today + timedelta(days=20),
        ),
        (LBH, PartnerKind.NGO, "Andi Pratama", "", None, None),
    ]
    made: dict[str, Partner] = {}
    for name, kind, contact, number, start, end in partners:
        made[name], _ = Partner.objects.update_or_create(
            facility=facility,
            name=name,
            defaults={
                "kind": kind,
                "contact_person": contact,
                "phone": "0812-0000-0000",
                "agreement_number": number,
                "agreement_start": start,
                "agreement_end": end,
            },
        )
    facilitators = [
        (USTADZAH, MAJELIS, "Tilawah, tausiyah", "mitra"),
        (PENDETA, GEREJA, "Ibadah dan pembinaan rohani Kristen", None),
        (ROMO, GEREJA, "Misa dan pembinaan rohani Katolik", None),
        (PENJAHIT, BLK, "Menjahit", None),
        (DOSEN, FH, "Penyuluhan hukum", None),
    ]
    for name, partner, teaches, username in facilitators:
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and user.full_name != name:
            # The login is this person (the ustadzah leading Qonita): same name on both.
            user.full_name = name
            user.save(update_fields=["full_name"])
        Facilitator.objects.update_or_create(
            facility=facility,
            name=name,
            defaults={"partner": made[partner], "teaches": teaches, "user": user},
        )
