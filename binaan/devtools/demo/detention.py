"""Demo detention chains: four tahanan at Rutan Balikpapan with their orders and extensions,
dated from the day of the first run so that the dashboard has something to warn about (one order
ends within 3 days, one within 10).

Idempotent by registration number: a resident that exists is left as it is, orders and all.
"""

from __future__ import annotations

from datetime import date, timedelta

from faker import Faker

from binaan.core.dates import facility_today
from binaan.devtools.demo.facilities import BALIKPAPAN
from binaan.devtools.demo.people import person_name
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents import services
from binaan.residents.detention import DetentionAuthority as A
from binaan.residents.detention import OrderIssuer as I
from binaan.residents.detention import OrderKind as K
from binaan.residents.detention_services import detention_order_add
from binaan.residents.models import CustodyStatus, Resident, Sex

# (number, charge, the orders as (authority, issuer, kind, start offset from today, days)).
# The offsets are chosen so that each order ends the day before the next starts.
CHAINS = [
    (
        "AI 901",
        "Pasal 477 UU 1/2023 (pencurian dengan pemberatan)",
        [
            (A.PENYIDIK, I.PENYIDIK, K.ORDER, -57, 20),  # ends today - 38
            (A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, -37, 40),  # ends today + 2
        ],
    ),
    (
        "AII 902",
        "Pasal 114 UU 35/2009 (narkotika)",
        [
            (A.PENYIDIK, I.PENYIDIK, K.ORDER, -71, 20),  # ends today - 52
            (A.PENYIDIK, I.PENUNTUT_UMUM, K.EXTENSION, -51, 40),  # ends today - 12
            (A.PENUNTUT_UMUM, I.PENUNTUT_UMUM, K.ORDER, -11, 20),  # ends today + 8
        ],
    ),
    (
        "AIII 903",
        "Pasal 492 UU 1/2023 (penipuan)",
        [
            (A.PENUNTUT_UMUM, I.PENUNTUT_UMUM, K.ORDER, -25, 20),  # ends today - 6
            (A.HAKIM_PN, I.HAKIM_PN, K.ORDER, -5, 30),  # ends today + 24
        ],
    ),
    (
        "AIV 904",
        "Pasal 466 UU 1/2023 (penganiayaan)",
        [
            (A.HAKIM_PN, I.HAKIM_PN, K.ORDER, -114, 30),  # ends today - 85
            (A.HAKIM_PN, I.KETUA_PN, K.EXTENSION, -84, 60),  # ends today - 25
            (A.HAKIM_PT, I.HAKIM_PT, K.ORDER, -24, 30),  # ends today + 5
        ],
    ),
]


def _number(stem: str, today: date) -> str:
    return f"{stem}/{today.year}"


def _order_number(issuer: str, seq: int, start: date) -> str:
    """Numbers in the forms the letters carry (fictional sequence numbers)."""
    if issuer == I.PENYIDIK:
        return f"SP.Han/{seq}/{start:%m}/{start.year}/Reskrim"
    if issuer == I.PENUNTUT_UMUM:
        return f"PRINT-{seq}/O.4.10/Eku.2/{start:%m}/{start.year}"
    if issuer in {I.HAKIM_PN, I.KETUA_PN}:
        return f"{seq}/Pen.Pid/{start.year}/PN Bpp"
    return f"{seq}/Pen.Pid/{start.year}/PT Smr"


def seed() -> None:
    facility = Facility.objects.filter(code=BALIKPAPAN).first()
    if facility is None:
        return
    today = facility_today(facility)
    blocks = list(
        Location.objects.filter(facility=facility, kind=LocationKind.BLOCK)
        .exclude(name="Blok Wanita")
        .order_by("name")
    )
    fake = Faker("id_ID")
    for n, (stem, charge, orders) in enumerate(CHAINS, start=1):
        # Any year's run made these residents already: the chain is of the first run's day.
        if Resident.objects.filter(
            facility=facility, registration_number__startswith=f"{stem}/"
        ).exists():
            continue
        fake.seed_instance(9000 + n)
        first_start = today + timedelta(days=orders[0][3])
        resident = services.resident_create(
            facility=facility,
            data={
                "registration_number": _number(stem, today),
                "register_code": "",
                "custody_status": CustodyStatus.TAHANAN,
                "full_name": person_name(fake, female=False),
                "sex": Sex.MALE,
                "birth_date": date(1980, 1, 1) + timedelta(days=fake.random_int(0, 7000)),
                "birth_place": fake.city_name(),
                "block": blocks[n % len(blocks)] if blocks else None,
                "admission_date": first_start,
                "charge": charge,
            },
        )
        for k, (authority, issuer, kind, offset, days) in enumerate(orders, start=1):
            start = today + timedelta(days=offset)
            detention_order_add(
                resident=resident,
                authority=authority,
                issuer=issuer,
                kind=kind,
                start=start,
                days=days,
                issued_on=start,
                number=_order_number(issuer, 100 * n + k, start),
            )
