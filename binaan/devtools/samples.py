"""Fictional import files (Faker id_ID) for tests, benchmarks and `make_resident_file`."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from faker import Faker

from binaan.residents.importing import HEADERS
from binaan.residents.models import SentenceKind
from binaan.residents.registers import expected_sentence_code

RELIGIONS = ["Islam"] * 80 + ["Kristen"] * 10 + ["Katolik"] * 5 + ["Hindu"] * 2 + ["Buddha"] * 2
RELIGIONS += ["Khonghucu"]


def sample_rows(
    count: int, *, blocks: list[str] | None = None, seed: int = 2026, prefix: str = "S"
) -> list[list[Any]]:
    """`count` rows in the import column order; the same seed gives the same rows."""
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    rng = random.Random(seed)  # noqa: S311 - fictional data, not security
    blocks = blocks or [""]
    rows: list[list[Any]] = []
    for n in range(1, count + 1):
        female = rng.random() < 0.15
        name = fake.name_female() if female else fake.name_male()
        sentenced = rng.random() < 0.65
        admission = date(2026, 3, 1) - timedelta(days=rng.randint(10, 900))
        years, months = (rng.randint(0, 6), rng.randint(0, 11)) if sentenced else (0, 0)
        if sentenced and years == 0 and months == 0:
            months = 8
        code = (
            expected_sentence_code(SentenceKind.PENJARA, years, months, 0)
            if sentenced
            else rng.choice(["A.I", "A.II", "A.III"])
        )
        rows.append(
            [
                f"{prefix}{n:05d}/{admission.year}",
                name,
                "",
                "narapidana" if sentenced else "tahanan",
                code,
                "P" if female else "L",
                fake.city_name(),
                (date(1960, 1, 1) + timedelta(days=rng.randint(0, 16000))).strftime("%d-%m-%Y"),
                rng.choice(RELIGIONS),
                "Indonesia",
                rng.choice(blocks),
                "",
                admission.strftime("%d-%m-%Y"),
                rng.choice(["Pasal 363 KUHP", "Pasal 112 UU 35/2009", "Pasal 378 KUHP"]),
                admission.strftime("%d-%m-%Y") if sentenced else "",
                str(years) if sentenced else "",
                str(months) if sentenced else "",
                "0" if sentenced else "",
                (admission + timedelta(days=60)).strftime("%d-%m-%Y") if sentenced else "",
                "penjara" if sentenced else "",
                "",
                "",
                "",
            ]
        )
    return rows


def to_xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Penghuni")
    sheet.append(header or HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(
    rows: list[list[Any]],
    header: list[str] | None = None,
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header or HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_file(rows: list[list[Any]], path: Path) -> None:
    data = to_xlsx(rows) if path.suffix.lower() == ".xlsx" else to_csv(rows)
    path.write_bytes(data)
