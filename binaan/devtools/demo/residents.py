"""Fictional residents for the demo (Faker id_ID, fixed seed): ~150 at Balikpapan, ~20 at Jayapura,
and in Kanwil Kalimantan Timur's other units 70 men at Lapas Samarinda (sentenced), 45 at Rutan
Tenggarong (8 women) and 24 boys aged 14 to 17 at the LPKA (children under UU 11/2012 SPPA:
under 18 on the day the demo is seeded).

Idempotent by registration number: a second run adds nothing and changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker

from binaan.core.dates import facility_today
from binaan.devtools.demo.facilities import (
    BALIKPAPAN,
    JAYAPURA,
    LPKA_SAMARINDA,
    SAMARINDA,
    TENGGARONG,
)
from binaan.devtools.demo.people import first_name, person_name
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents import services
from binaan.residents.models import (
    CustodyStatus,
    Religion,
    RemissionKind,
    Resident,
    SentenceChangeKind,
    SentenceKind,
    Sex,
)
from binaan.residents.registers import expected_sentence_code

# Roughly the religious make-up of Balikpapan; Blok Wanita is mostly Muslim (the Qonita group).
MEN_RELIGIONS = (
    [Religion.ISLAM] * 78
    + [Religion.KRISTEN] * 12
    + [Religion.KATOLIK] * 6
    + [Religion.HINDU] * 2
    + [Religion.BUDDHA, Religion.KHONGHUCU]
)
WOMEN_RELIGIONS = [Religion.ISLAM] * 26 + [Religion.KRISTEN] * 3 + [Religion.KATOLIK]
PAPUA_RELIGIONS = [Religion.KRISTEN] * 12 + [Religion.KATOLIK] * 5 + [Religion.ISLAM] * 3
CHARGES = [
    "Pasal 363 KUHP (pencurian dengan pemberatan)",
    "Pasal 362 KUHP (pencurian)",
    "Pasal 378 KUHP (penipuan)",
    "Pasal 372 KUHP (penggelapan)",
    "Pasal 351 KUHP (penganiayaan)",
    "Pasal 112 UU 35/2009 (narkotika)",
    "Pasal 114 UU 35/2009 (narkotika)",
    "Pasal 127 UU 35/2009 (penyalah guna narkotika)",
    "Pasal 480 KUHP (penadahan)",
]
COURTS = ["Pengadilan Negeri Balikpapan", "Pengadilan Tinggi Kalimantan Timur"]


def _courts(facility: Facility, prefix: str) -> list[str]:
    """The district court of the unit's town and the province's high court."""
    high = "Pengadilan Tinggi Jayapura" if prefix == JAYAPURA else COURTS[1]
    return [f"Pengadilan Negeri {facility.name.split()[-1]}", high]


TODAY = date(2026, 4, 6)


# code: (residents, of whom women, share sentenced, children)
PLANS: list[tuple[str, int, int, float, bool]] = [
    (BALIKPAPAN, 150, 30, 0.6, False),
    (JAYAPURA, 20, 0, 0.6, False),
    (SAMARINDA, 70, 0, 1.0, False),  # a Lapas holds narapidana
    (TENGGARONG, 45, 8, 0.4, False),
    (LPKA_SAMARINDA, 24, 0, 0.85, True),
]
CHILD_SENTENCE_YEARS = [0, 1, 1, 2, 3]


def _birth_date(rng: random.Random, facility: Facility, *, child: bool) -> date:
    if not child:
        return date(1965, 1, 1) + timedelta(days=rng.randint(0, 14000))
    # 14 years and a month to 17 years and a half today: a child still on the day of the demo.
    today = facility_today(facility)
    return today - timedelta(days=rng.randint(14 * 365 + 30, 17 * 365 + 180))


def _plan(
    facility: Facility,
    prefix: str,
    count: int,
    women: int,
    blocks: list[Location],
    women_block: Location | None,
    seed_base: int,
    sentenced_share: float = 0.6,
    child: bool = False,
) -> None:
    existing = set(
        Resident.objects.filter(facility=facility).values_list("registration_number", flat=True)
    )
    fake = Faker("id_ID")
    for n in range(1, count + 1):
        # One generator per resident, so a resident's data does not depend on which others
        # already exist: that is what makes a second run a no-op.
        rng = random.Random(seed_base * 1000 + n)  # noqa: S311 - fictional demo data
        fake.seed_instance(seed_base * 1000 + n)
        female = n <= women
        sentenced = rng.random() < sentenced_share
        admission = TODAY - timedelta(days=rng.randint(20, 1400 if sentenced else 200))
        if sentenced:
            years = rng.choice(CHILD_SENTENCE_YEARS if child else [0, 1, 1, 2, 2, 3, 4, 5, 6, 8])
            months = rng.choice([0, 3, 6, 8, 10]) if years else rng.choice([4, 6, 8, 10])
            # The number keeps its earlier prefix (a stable key for the idempotent seed); the
            # register follows the rule (exactly 1 year is B.IIa).
            prefix_code = "B.I" if years >= 1 else "B.IIa"
            code = expected_sentence_code(SentenceKind.PENJARA, years, months, 0) or prefix_code
        else:
            years = months = 0
            code = prefix_code = rng.choice(["A.I", "A.II", "A.III", "A.III", "A.IV"])
        number = f"{prefix_code.replace('.', '')} {n:03d}/{admission.year}"
        if number in existing:
            continue
        name = person_name(fake, female=female)
        if female:
            religion = rng.choice(WOMEN_RELIGIONS)
        elif prefix == JAYAPURA:
            religion = rng.choice(PAPUA_RELIGIONS)
        else:
            religion = rng.choice(MEN_RELIGIONS)
        block = women_block if female else rng.choice(blocks)
        resident = services.resident_create(
            facility=facility,
            data={
                "registration_number": number,
                "register_code": code,
                "custody_status": CustodyStatus.NARAPIDANA if sentenced else CustodyStatus.TAHANAN,
                "full_name": name,
                "alias": first_name(fake, female=female) if rng.random() < 0.1 else "",
                "sex": Sex.FEMALE if female else Sex.MALE,
                "birth_date": _birth_date(rng, facility, child=child),
                "birth_place": fake.city_name(),
                "religion": religion,
                "block": block,
                "admission_date": admission,
                "charge": rng.choice(CHARGES),
                "sentence_start": admission if sentenced else None,
                "sentence_years": years,
                "sentence_months": months,
                "court_decision_date": admission + timedelta(days=rng.randint(30, 120))
                if sentenced
                else None,
            },
        )
        if sentenced and admission.year <= 2025 and years >= 1:
            # Remisi umum on 17 August for those who had served six months by then.
            for year in range(admission.year, 2026):
                if date(year, 8, 17) - admission >= timedelta(days=183):
                    services.remission_add(
                        resident=resident,
                        kind=RemissionKind.UMUM,
                        days=rng.choice([30, 60, 90]),
                        decree_date=date(year, 8, 17),
                        decree_number=f"PAS-{rng.randint(100, 999)}.PK.05.04/{year}",
                    )
        if not sentenced:
            for _ in range(rng.randint(1, 3)):
                hearing = date(2026, 3, 2) + timedelta(days=rng.randint(0, 58))
                if not resident.court_dates.filter(date=hearing).exists():
                    services.court_date_add(
                        resident=resident,
                        on=hearing,
                        court=rng.choice(_courts(facility, prefix)),
                        note="Sidang pemeriksaan",
                    )
        if not female and len(blocks) > 1 and rng.random() < 0.1:
            other = rng.choice([b for b in blocks if b != block])
            services.resident_move_block(
                resident=resident, block=other, on=admission + timedelta(days=14)
            )


def _special_cases(facility: Facility, blocks: list[Location]) -> None:
    """The cases an officer checks the arithmetic on (docs/sentences.md): a young man sentenced
    as a child, a narcotics sentence with an unpaid fine (subsider) and a revoked remission, and
    a life sentence changed to 20 years by grasi. Idempotent by registration number."""
    fake = Faker("id_ID")
    block = blocks[0] if blocks else None
    existing = set(
        Resident.objects.filter(facility=facility).values_list("registration_number", flat=True)
    )

    def make(number: str, seed: int, data: dict[str, object]) -> Resident | None:
        if number in existing:
            return None
        fake.seed_instance(9000 + seed)
        return services.resident_create(
            facility=facility,
            data={
                "registration_number": number,
                "custody_status": CustodyStatus.NARAPIDANA,
                "full_name": person_name(fake, female=False),
                "sex": Sex.MALE,
                "birth_place": "Jayapura",
                "religion": Religion.KRISTEN,
                "block": block,
                **data,
            },
        )

    # Sentenced as a child (17 at the offence, UU 11/2012), moved from the LPKA on turning 18
    # (Pasal 86): PB from 1/2 of the sentence, no 9-month minimum.
    make(
        "BI 901/2025",
        1,
        {
            "register_code": "B.I",
            "birth_date": date(2007, 11, 20),
            "offence_date": date(2025, 2, 14),
            "admission_date": date(2025, 3, 3),
            "charge": "Pasal 363 KUHP (pencurian dengan pemberatan)",
            "sentence_start": date(2025, 3, 3),
            "sentence_years": 1,
            "sentence_months": 6,
            "court_decision_date": date(2025, 6, 10),
        },
    )
    # Narcotics: 6 years and a fine not paid, so 90 days of kurungan follow the sentence; the
    # 2025 remission was revoked after a breach of discipline.
    narcotics = make(
        "BI 902/2023",
        2,
        {
            "register_code": "B.I",
            "birth_date": date(1991, 4, 2),
            "admission_date": date(2023, 1, 9),
            "charge": "Pasal 114 UU 35/2009 (narkotika)",
            "sentence_start": date(2023, 1, 9),
            "sentence_years": 6,
            "court_decision_date": date(2023, 5, 22),
            "fine_unpaid": True,
            "subsider_days": 90,
        },
    )
    if narcotics is not None:
        services.remission_add(
            resident=narcotics,
            kind=RemissionKind.UMUM,
            days=30,
            decree_date=date(2024, 8, 17),
            decree_number="PAS-512.PK.05.04/2024",
        )
        revoked = services.remission_add(
            resident=narcotics,
            kind=RemissionKind.KHUSUS,
            days=30,
            decree_date=date(2025, 12, 25),
            decree_number="PAS-731.PK.05.04/2025",
        )
        services.remission_revoke(
            remission=revoked,
            on=date(2026, 2, 3),
            reason="Pelanggaran tata tertib: kedapatan membawa telepon genggam (register F)",
        )
    # Life imprisonment since 2009, changed to 20 years by grasi in 2025 (time served counts).
    life = make(
        "BI 903/2009",
        3,
        {
            "register_code": "B.I",
            "birth_date": date(1978, 8, 30),
            "admission_date": date(2009, 3, 16),
            "charge": "Pasal 340 KUHP (pembunuhan berencana)",
            "sentence_kind": SentenceKind.SEUMUR_HIDUP,
            "sentence_start": date(2009, 3, 16),
            "court_decision_date": date(2009, 11, 2),
        },
    )
    if life is not None:
        services.sentence_change_record(
            resident=life,
            kind=SentenceChangeKind.GRASI,
            decree_number="Keppres 14/G/2025",
            decree_date=date(2025, 9, 15),
            new_kind=SentenceKind.PENJARA,
            new_years=20,
            note="Grasi: pidana seumur hidup diubah menjadi pidana penjara 20 tahun",
        )


def seed() -> None:
    for seed_base, (code, count, women, sentenced_share, child) in enumerate(PLANS, start=1):
        facility = Facility.objects.filter(code=code).first()
        if facility is None:
            continue
        blocks = list(
            Location.objects.filter(facility=facility, kind=LocationKind.BLOCK).order_by("name")
        )
        women_block = next((b for b in blocks if b.name == "Blok Wanita"), None)
        men_blocks = [b for b in blocks if b != women_block] or blocks
        _plan(
            facility, code, count, women, men_blocks, women_block, seed_base, sentenced_share, child
        )
        if code == JAYAPURA:
            _special_cases(facility, men_blocks)
