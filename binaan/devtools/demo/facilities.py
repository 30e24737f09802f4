"""Demo facilities, locations and one user per role. Fictional people (Faker id_ID)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from faker import Faker

from binaan.accounts.models import Membership, Role, User
from binaan.devtools.demo.people import person_name
from binaan.facilities.models import Facility, FacilityType, Location, LocationKind, RegionalOffice

BALIKPAPAN = "RUTAN-BPN"
JAYAPURA = "LAPAS-JYP"
# Kanwil Kalimantan Timur's other units, so its regional view compares several UPTs: a Lapas, a
# Rutan and the LPKA (children, UU 11/2012 SPPA) besides Rutan Balikpapan.
SAMARINDA = "LAPAS-SMD"
TENGGARONG = "RUTAN-TGR"
LPKA_SAMARINDA = "LPKA-SMD"
KALTIM_UNITS = (SAMARINDA, TENGGARONG, LPKA_SAMARINDA)
# Documents are signed with the head's name (Facility.head_name), and the `kepala` login is that
# head: a letter signed "Kepala Rutan (demo)" by a user called something else is not believable.
BALIKPAPAN_HEAD = "Rahmat Hidayat Nugroho"
JAYAPURA_HEAD = "Yosef Wanimbo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


DEMO_USERS: list[tuple[str, str, str]] = [
    # username, role, facility code | regional office code | "" (national)
    ("admin", Role.ADMIN, BALIKPAPAN),
    ("kepala", Role.HEAD, BALIKPAPAN),
    ("petugas", Role.OFFICER, BALIKPAPAN),
    ("wali", Role.CASEWORKER, BALIKPAPAN),
    ("humas", Role.HUMAS, BALIKPAPAN),
    ("mitra", Role.PARTNER, BALIKPAPAN),
    ("magang", Role.INTERN, BALIKPAPAN),
    ("petugas.jyp", Role.OFFICER, JAYAPURA),
    ("kanwil", Role.REGIONAL, "KANWIL-KALTIM"),
    ("ditjenpas", Role.NATIONAL, ""),
]
# Logins held by women (for a sex-consistent fictional name); `mitra` is named by the partners
# seeder after the facilitator it is linked to.
WOMEN = {"wali", "humas"}
# The admin also administers Jayapura, to show the facility switcher.
EXTRA_MEMBERSHIPS: list[tuple[str, str, str]] = [("admin", Role.ADMIN, JAYAPURA)]


# code: (type, class, name, address, head, the facility line of the kop surat)
KALTIM_FACILITIES: dict[str, tuple[str, str, str, str, str, str]] = {
    SAMARINDA: (
        FacilityType.LAPAS, "Kelas IIA", "Lapas Kelas IIA Samarinda",
        "Jl. Jenderal Sudirman, Sempaja, Samarinda, Kalimantan Timur", "Budi Santoso Wibowo",
        "LEMBAGA PEMASYARAKATAN KELAS IIA SAMARINDA",
    ),
    TENGGARONG: (
        FacilityType.RUTAN, "Kelas IIB", "Rutan Kelas IIB Tenggarong",
        "Jl. Pahlawan, Tenggarong, Kutai Kartanegara, Kalimantan Timur", "Sri Rahayu Lestari",
        "RUMAH TAHANAN NEGARA KELAS IIB TENGGARONG",
    ),
    LPKA_SAMARINDA: (
        FacilityType.LPKA, "Kelas II", "LPKA Kelas II Samarinda",
        "Jl. Poros Samarinda–Tenggarong, Samarinda, Kalimantan Timur", "Agus Setiawan Putra",
        "LEMBAGA PEMBINAAN KHUSUS ANAK KELAS II SAMARINDA",
    ),
}  # fmt: skip
KALTIM_LOCATIONS: dict[str, list[tuple[str, str, str | None]]] = {
    SAMARINDA: [
        ("Blok Mahakam", LocationKind.BLOCK, None),
        ("Blok Karang Mumus", LocationKind.BLOCK, None),
        ("Blok Pesut", LocationKind.BLOCK, None),
        ("Masjid Al-Hidayah", LocationKind.MOSQUE, None),
        ("Gereja Lapas", LocationKind.CHURCH, None),
        ("Aula Lapas", LocationKind.HALL, None),
        ("Bengkel Kerja", LocationKind.WORKSHOP, None),
    ],
    TENGGARONG: [
        ("Blok A", LocationKind.BLOCK, None),
        ("Blok B", LocationKind.BLOCK, None),
        ("Blok Wanita", LocationKind.BLOCK, None),
        ("Masjid Al-Ikhlas", LocationKind.MOSQUE, None),
        ("Aula Rutan", LocationKind.HALL, None),
        ("Ruang Keterampilan", LocationKind.WORKSHOP, None),
    ],
    LPKA_SAMARINDA: [
        ("Wisma Anggrek", LocationKind.BLOCK, None),
        ("Wisma Melati", LocationKind.BLOCK, None),
        ("Ruang Kelas", LocationKind.CLASSROOM, None),
        ("Masjid Ar-Rahman", LocationKind.MOSQUE, None),
        ("Lapangan", LocationKind.FIELD, None),
    ],
}


def _kaltim_unit(
    kaltim: RegionalOffice,
    code: str,
    kind: str,
    facility_class: str,
    name: str,
    address: str,
    head: str,
    letterhead: str,
) -> Facility:
    facility, _ = Facility.objects.update_or_create(
        code=code,
        defaults={
            "regional_office": kaltim,
            "type": kind,
            "facility_class": facility_class,
            "name": name,
            "address": address,
            "time_zone": "Asia/Makassar",
            "head_name": head,
            "letterhead_lines": "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA\n"
            f"KANTOR WILAYAH DITJENPAS KALIMANTAN TIMUR\n{letterhead}",
        },
    )
    return facility


def seed_facilities() -> dict[str, Facility]:
    kaltim, _ = RegionalOffice.objects.update_or_create(
        code="KANWIL-KALTIM",
        defaults={
            "name": "Kanwil Ditjenpas Kalimantan Timur",
            "province": "Kalimantan Timur",
        },
    )
    papua, _ = RegionalOffice.objects.update_or_create(
        code="KANWIL-PAPUA",
        defaults={"name": "Kanwil Ditjenpas Papua", "province": "Papua"},
    )
    balikpapan, _ = Facility.objects.update_or_create(
        code=BALIKPAPAN,
        defaults={
            "regional_office": kaltim,
            "type": FacilityType.RUTAN,
            "facility_class": "Kelas IIA",
            "name": "Rutan Kelas IIA Balikpapan",
            "address": "Jl. Jenderal Sudirman, Balikpapan, Kalimantan Timur",
            "phone": "(0542) 000000",
            "time_zone": "Asia/Makassar",
            "head_name": BALIKPAPAN_HEAD,
            "head_nip": "197001012000031001",
            "letterhead_lines": "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA\n"
            "KANTOR WILAYAH DITJENPAS KALIMANTAN TIMUR\n"
            "RUMAH TAHANAN NEGARA KELAS IIA BALIKPAPAN",
        },
    )
    jayapura, _ = Facility.objects.update_or_create(
        code=JAYAPURA,
        defaults={
            "regional_office": papua,
            "type": FacilityType.LAPAS,
            "facility_class": "Kelas IIA",
            "name": "Lapas Kelas IIA Jayapura",
            "address": "Abepura, Jayapura, Papua",
            "time_zone": "Asia/Jayapura",
            "head_name": JAYAPURA_HEAD,
            "letterhead_lines": "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA\n"
            "KANTOR WILAYAH DITJENPAS PAPUA\n"
            "LEMBAGA PEMASYARAKATAN KELAS IIA JAYAPURA",
        },
    )
    kaltim_units = {
        code: _kaltim_unit(kaltim, code, *unit) for code, unit in KALTIM_FACILITIES.items()
    }
    locations: dict[str, list[tuple[str, str, str | None]]] = {
        BALIKPAPAN: [
            ("Blok Wanita", LocationKind.BLOCK, None),
            ("Blok A", LocationKind.BLOCK, None),
            ("Blok B", LocationKind.BLOCK, None),
            ("Blok C", LocationKind.BLOCK, None),
            ("Masjid Blok Wanita", LocationKind.MOSQUE, "Blok Wanita"),
            ("Masjid At-Taubah", LocationKind.MOSQUE, None),
            ("Gereja Oikumene", LocationKind.CHURCH, None),
            ("Aula", LocationKind.HALL, None),
            ("Ruang Keterampilan", LocationKind.WORKSHOP, None),
            ("Ruang Kelas", LocationKind.CLASSROOM, None),
        ],
        JAYAPURA: [
            ("Blok Mawar", LocationKind.BLOCK, None),
            ("Blok Anggrek", LocationKind.BLOCK, None),
            ("Aula Lapas", LocationKind.HALL, None),
            ("Gereja Lapas", LocationKind.CHURCH, None),
        ],
        **KALTIM_LOCATIONS,
    }
    facilities = {BALIKPAPAN: balikpapan, JAYAPURA: jayapura, **kaltim_units}
    for code, rows in locations.items():
        facility = facilities[code]
        for name, kind, parent_name in rows:
            parent = (
                Location.objects.get(facility=facility, name=parent_name) if parent_name else None
            )
            Location.objects.update_or_create(
                facility=facility, name=name, defaults={"kind": kind, "parent": parent}
            )
    return facilities


def seed_users(facilities: dict[str, Facility]) -> list[DemoLogin]:
    fake = Faker("id_ID")
    fake.seed_instance(2026)
    regional = {r.code: r for r in RegionalOffice.objects.all()}
    logins: list[DemoLogin] = []
    for username, role, scope in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        name = person_name(fake, female=username in WOMEN)  # drawn always: stable per login
        if username == "kepala":
            user.full_name = facilities[BALIKPAPAN].head_name
        elif created or not user.full_name:
            user.full_name = name
        user.set_password(settings.BINAAN_DEMO_PASSWORD)
        user.save()
        logins.append(DemoLogin(username, role, scope or "Ditjenpas"))
    for username, role, scope in DEMO_USERS + EXTRA_MEMBERSHIPS:
        user = User.objects.get(username=username)
        if role == Role.REGIONAL:
            Membership.objects.get_or_create(user=user, role=role, regional_office=regional[scope])
        elif role == Role.NATIONAL:
            Membership.objects.get_or_create(
                user=user, role=role, facility=None, regional_office=None
            )
        else:
            Membership.objects.get_or_create(user=user, role=role, facility=facilities[scope])
    return logins


def seed() -> list[DemoLogin]:
    return seed_users(seed_facilities())
