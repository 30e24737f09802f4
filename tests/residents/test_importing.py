from __future__ import annotations

import io
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.utils import translation

from binaan.core.models import AuditAction, AuditEvent
from binaan.devtools.samples import sample_rows, to_csv, to_xlsx
from binaan.facilities.models import Facility, LocationKind
from binaan.residents import services
from binaan.residents.importing import HEADERS, MAX_FILE_BYTES, ImportResult, template_xlsx
from binaan.residents.models import Movement, MovementKind, Resident
from tests.factories import LocationFactory, ResidentFactory
from tests.querycount import Action, assert_flat_queries_at, captured_sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def blocks(facility: Facility) -> list[str]:
    LocationFactory(facility=facility, name="Blok A")
    LocationFactory(facility=facility, name="Blok Wanita")
    LocationFactory(facility=facility, name="Kamar 1", kind=LocationKind.ROOM)
    return ["Blok A", "Blok Wanita"]


def row(**values: Any) -> list[Any]:
    base = dict(
        zip(
            HEADERS,
            [
                "BI 0001/2025",
                "Siti Aminah",
                "",
                "narapidana",
                "B.I",
                "P",
                "Balikpapan",
                "14-03-1990",
                "Islam",
                "",
                "Blok Wanita",
                "Kamar 1",
                "02-01-2025",
                "Pasal 363 KUHP",
                "01-01-2026",
                "3",
                "0",
                "0",
                "20-12-2024",
                "",
                "",
                "",
                "",
            ],
            strict=True,
        )
    )
    base.update(values)
    return [base[h] for h in HEADERS]


def run(facility: Facility, data: bytes, *, dry_run: bool = False, name: str = "x") -> ImportResult:
    return services.resident_import(
        facility=facility, file=io.BytesIO(data), filename=name, dry_run=dry_run
    )


def test_xlsx_import_creates_with_key_dates_and_movement(
    facility: Facility, blocks: list[str]
) -> None:
    result = run(facility, to_xlsx([row()]))
    assert result.ok and result.written and len(result.created) == 1
    resident = Resident.objects.get()
    assert resident.block is not None and resident.block.name == "Blok Wanita"
    assert resident.room is not None and resident.room.name == "Kamar 1"
    assert resident.birth_date == date(1990, 3, 14)
    assert resident.nationality == "Indonesia"
    assert resident.expiry_date == date(2029, 1, 1)
    assert resident.search_name == "siti aminah"
    assert resident.movements.get().kind == MovementKind.ADMISSION
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.after == {"created": ["BI 0001/2025"], "updated": [], "missing": []}


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252"), (",", "cp1252")],
)
def test_csv_delimiters_and_encodings(
    facility: Facility, blocks: list[str], delimiter: str, encoding: str
) -> None:
    data = to_csv([row(**{"Nama Lengkap": "José Café"})], delimiter=delimiter, encoding=encoding)
    result = run(facility, data)
    assert result.ok, [str(e) for e in result.errors]
    assert Resident.objects.get().full_name == "José Café"
    assert Resident.objects.filter(search_name__contains="jose cafe").exists()


def test_headers_are_matched_loosely(facility: Facility, blocks: list[str]) -> None:
    header = [h.upper() for h in HEADERS]
    header[0] = "  no.  registrasi "
    result = run(facility, to_csv([row()], header=header))
    assert result.ok, [str(e) for e in result.errors]


def test_dry_run_writes_nothing(facility: Facility, blocks: list[str]) -> None:
    result = run(facility, to_xlsx([row()]), dry_run=True)
    assert result.ok and not result.written and len(result.created) == 1
    assert not Resident.objects.exists() and not AuditEvent.objects.exists()


def test_upsert_by_number_and_missing_reported_not_deleted(
    facility: Facility, blocks: list[str]
) -> None:
    run(facility, to_xlsx([row(), row(**{"No. Registrasi": "BI 2/2025", "Nama Lengkap": "B"})]))
    changed = row(**{"Blok": "Blok A", "Pidana Tahun": "2"})
    preview = run(facility, to_xlsx([changed]), dry_run=True)
    assert len(preview.updated) == 1 and preview.missing == ["BI 2/2025"]
    result = run(facility, to_xlsx([changed]))
    assert len(result.updated) == 1 and not result.created
    assert Resident.objects.count() == 2
    resident = Resident.objects.get(registration_number="BI 0001/2025")
    assert resident.block is not None and resident.block.name == "Blok A"
    assert resident.expiry_date == date(2028, 1, 1)
    assert resident.movements.filter(kind=MovementKind.BLOCK_CHANGE).count() == 1
    again = run(facility, to_xlsx([changed]))
    assert again.unchanged == 1 and not again.updated


def _errors(result: ImportResult) -> list[str]:
    return [str(e) for e in result.errors]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"Nama Lengkap": ""}, "Baris 2, kolom “Nama Lengkap”, nilai “”: wajib diisi"),
        (
            {"Tanggal Lahir": "31-02-1990"},
            "Baris 2, kolom “Tanggal Lahir”, nilai “31-02-1990”: bukan tanggal yang sah",
        ),
        (
            {"Kode Register": "B.IV"},
            "Baris 2, kolom “Kode Register”, nilai “B.IV”: nilai tidak dikenal",
        ),
        ({"Blok": "Blok Z"}, "Baris 2, kolom “Blok”, nilai “Blok Z”: tidak ada blok"),
        ({"Jenis Kelamin": "X"}, "Baris 2, kolom “Jenis Kelamin”, nilai “X”"),
        ({"Pidana Bulan": "14"}, "Baris 2, kolom “Pidana Bulan”, nilai “14”: paling banyak 11"),
        ({"Mulai Pidana": ""}, "Baris 2, kolom “Mulai Pidana”"),
    ],
)
def test_bad_value_names_row_column_value_in_indonesian(
    facility: Facility, blocks: list[str], values: dict[str, str], expected: str
) -> None:
    with translation.override("id"):
        result = run(facility, to_xlsx([row(**values)]))
        messages = _errors(result)
    assert not result.ok and not result.written
    assert any(m.startswith(expected) for m in messages), messages
    assert not Resident.objects.exists()


def test_errors_are_english_in_an_english_ui(facility: Facility, blocks: list[str]) -> None:
    with translation.override("en"):
        result = run(facility, to_xlsx([row(**{"Tanggal Lahir": "31-02-1990"})]))
        messages = _errors(result)
    assert messages == [
        "Row 2, column “Tanggal Lahir”, value “31-02-1990”: not a valid date (use DD-MM-YYYY)"
    ]


def test_unknown_and_missing_columns(facility: Facility, blocks: list[str]) -> None:
    header = [*HEADERS[1:], "Golongan Darah"]
    with translation.override("id"):
        result = run(facility, to_csv([row()[1:] + ["O"]], header=header))
        messages = _errors(result)
    assert "Baris 1, kolom “W”, nilai “Golongan Darah”: kolom tidak dikenal" in messages
    assert "Baris 1, kolom “No. Registrasi”, nilai “”: kolom wajib tidak ada" in messages
    assert not Resident.objects.exists()


def test_duplicate_number_inside_the_file(facility: Facility, blocks: list[str]) -> None:
    with translation.override("id"):
        result = run(facility, to_xlsx([row(), row(), row()]))
        messages = _errors(result)
    assert messages[0] == (
        "Baris 3, kolom “No. Registrasi”, nilai “BI 0001/2025”: nomor yang sama sudah ada di baris 2"
    )
    assert result.rejected_rows == [3, 4]
    assert not Resident.objects.exists()


def test_one_bad_row_among_many_writes_nothing(facility: Facility, blocks: list[str]) -> None:
    existing = ResidentFactory(
        facility=facility, registration_number="S00001/2025", full_name="Tidak Berubah"
    )
    rows = sample_rows(200, blocks=blocks)
    rows[149][7] = "32-13-1990"  # spreadsheet row 151
    result = run(facility, to_xlsx(rows))
    assert not result.ok and result.rejected_rows == [151]
    assert [e.row for e in result.errors] == [151]
    assert Resident.objects.count() == 1
    existing.refresh_from_db()
    assert existing.full_name == "Tidak Berubah"
    assert not Movement.objects.exists() and not AuditEvent.objects.exists()


def test_failure_while_writing_rolls_everything_back(facility: Facility, blocks: list[str]) -> None:
    with (
        mock.patch.object(Movement.objects, "bulk_create", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        run(facility, to_xlsx(sample_rows(50, blocks=blocks)))
    assert not Resident.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02",
        b"PK\x03\x04not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old xls",
        b"just one line of text",
        b"",
    ],
    ids=["png", "pdf", "fake-zip", "xls", "text", "empty"],
)
def test_non_spreadsheets_are_refused_by_content(facility: Facility, data: bytes) -> None:
    result = run(facility, data, name="penghuni.csv")
    assert not result.ok and result.errors[0].row == 0
    assert not Resident.objects.exists()


def test_oversized_file_is_refused(facility: Facility) -> None:
    with translation.override("id"):
        result = run(facility, b"a;b\n" + b"x;y\n" * (MAX_FILE_BYTES // 4 + 1))
        assert _errors(result) == ["Berkas: Berkas lebih besar dari 5 MB."]


def test_template_is_importable_as_is(facility: Facility) -> None:
    LocationFactory(facility=facility, name="Blok Wanita")
    result = run(facility, template_xlsx(), dry_run=True)
    assert result.ok, _errors(result)
    assert len(result.created) == 1


# The batched writes grow by one statement per batch (and, on SQLite, per 999 parameters);
# everything else an import does must not depend on the number of rows.
BATCHED_WRITES = (
    'INSERT INTO "residents_resident"',
    'INSERT INTO "residents_movement"',
    'UPDATE "residents_resident"',
)


def _batched(sql: str) -> bool:
    return sql.startswith(BATCHED_WRITES)


def _import_counting(
    facility: Facility, data: bytes, results: list[ImportResult], totals: list[int]
) -> None:
    """Import `data`, keeping the result and the number of statements, batched writes included."""
    totals.append(len(captured_sql(lambda: results.append(run(facility, data)))))


def test_3000_rows_in_one_transaction(facility: Facility, blocks: list[str]) -> None:
    results: list[ImportResult] = []
    totals: list[int] = []

    def importing(size: int) -> Action:
        data = to_xlsx(sample_rows(size, blocks=blocks, prefix="L" if size == 3000 else "S"))
        return lambda: _import_counting(facility, data, results, totals)

    assert_flat_queries_at((300, 3000), importing, ceiling=7, exclude=_batched)
    small, large = results
    assert small.ok and large.ok and len(large.created) == 3000
    assert Resident.objects.filter(facility=facility).count() == 3300
    assert Movement.objects.count() == 3300
    # Batched: a handful of statements, not thousands.
    assert totals[1] < 300, totals


def test_reimport_updates_in_batches(facility: Facility, blocks: list[str]) -> None:
    results: list[ImportResult] = []
    totals: list[int] = []

    def reimporting(size: int) -> Action:
        rows = sample_rows(size, blocks=blocks, prefix="L" if size == 300 else "S")
        run(facility, to_xlsx(rows))
        for r in rows:
            r[HEADERS.index("Blok")] = "Blok A"
            r[HEADERS.index("Alias")] = "baru"
        data = to_xlsx(rows)
        return lambda: _import_counting(facility, data, results, totals)

    assert_flat_queries_at((30, 300), reimporting, ceiling=7, exclude=_batched)
    assert all(result.ok for result in results) and len(results[1].updated) == 300
    assert totals[1] < 60, totals
    assert Resident.objects.filter(alias="baru", block__name="Blok A").count() == 330


def test_register_code_mismatch_refused_with_the_rule(
    facility: Facility, blocks: list[str]
) -> None:
    # 1 year exactly is "more than 3 months up to 1 year": B.IIa, not B.I.
    data = to_xlsx([row(**{"Pidana Tahun": "1", "Kode Register": "B.I"})])
    with translation.override("id"):
        result = run(facility, data)
        messages = _errors(result)
    assert len(messages) == 1 and "Kode Register" in messages[0] and "B.IIa" in messages[0]
    assert not result.ok and not Resident.objects.exists()


def test_anak_is_not_a_status_in_the_file(facility: Facility, blocks: list[str]) -> None:
    result = run(facility, to_xlsx([row(Status="anak")]))
    assert not result.ok and "tahanan atau narapidana" in _errors(result)[0]


def test_sentence_kind_subsider_and_offence_columns(facility: Facility, blocks: list[str]) -> None:
    # 3 years from 2026-01-01 -> 2029-01-01, then 60 days of subsider: Jan 31 (30),
    # Feb 28 (58), + 2 -> 2029-03-02.
    values = {
        "Jenis Pidana": "penjara",
        "Tanggal Tindak Pidana": "01-06-2024",
        "Denda Tidak Dibayar": "ya",
        "Subsider Hari": "60",
    }
    result = run(facility, to_xlsx([row(**values)]))
    assert result.ok, _errors(result)
    resident = Resident.objects.get()
    assert resident.fine_unpaid and resident.subsider_days == 60
    assert resident.offence_date == date(2024, 6, 1)
    assert resident.expiry_date == date(2029, 3, 2)


def test_life_sentence_row(facility: Facility, blocks: list[str]) -> None:
    life = {"Jenis Pidana": "seumur hidup", "Pidana Tahun": "0"}
    result = run(facility, to_xlsx([row(**life)]))
    assert result.ok, _errors(result)
    resident = Resident.objects.get()
    assert resident.sentence_kind == "seumur_hidup" and resident.expiry_date is None
    refused = run(facility, to_xlsx([row(**{"Jenis Pidana": "mati", "Pidana Tahun": "5"})]))
    assert not refused.ok and "seumur hidup" in _errors(refused)[0]
