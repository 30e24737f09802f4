"""Hostile and awkward files in: zip bombs, millions of rows, blank rows, formulas, serial dates.

The hostile files are built here with zipfile directly, so the test stays small and fast; each
refusal is checked to happen before the bomb is unpacked or before reading past the row limit,
and peak memory is measured with tracemalloc (never wall-clock time: the CI machine is shared).
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any
from unittest import mock

import pytest
from django.utils import translation
from openpyxl import Workbook
from openpyxl.utils.datetime import MAC_EPOCH, to_excel

from binaan.devtools.samples import to_csv, to_xlsx
from binaan.facilities.models import Facility
from binaan.residents import importing
from binaan.residents.importing import HEADERS, MAX_ROWS, FileRejected, ImportResult
from binaan.residents.models import Resident
from tests.residents.test_importing import blocks, row, run  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
MEMORY_LIMIT = 100 * MB


def _errors(result: ImportResult) -> list[str]:
    return [str(e) for e in result.errors]


def _measured(call: Callable[[], Any]) -> tuple[Any, int]:
    """The call's result and its peak memory in bytes."""
    tracemalloc.start()
    try:
        outcome = call()
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _base_parts() -> dict[str, bytes]:
    """The parts of a minimal one-sheet workbook with a shared-strings part, as Excel writes."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{TYPE}.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{TYPE}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
            '<sheet name="Penghuni" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>Siti</t></si></sst>',
    }
    encoded = {name: text.encode() for name, text in parts.items()}
    encoded["xl/worksheets/sheet1.xml"] = SHEET_HEAD + _header_row() + SHEET_TAIL
    return encoded


def _xlsx(replace: dict[str, Callable[[Any], None]], extra: int = 0) -> bytes:
    """A real workbook whose parts named in `replace` are written by the given functions,
    streamed into the zip so that nothing big is ever held in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _base_parts().items():
            if name in replace:
                with archive.open(name, "w", force_zip64=True) as part:
                    replace[name](part)
            else:
                archive.writestr(name, data)
        for number in range(extra):
            archive.writestr(f"xl/media/empty{number}.bin", b"")
    return buffer.getvalue()


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def _header_row() -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADERS)
    return f'<row r="1">{cells}</row>'.encode()


def _many_rows(count: int) -> Callable[[Any], None]:
    def write(part: Any) -> None:
        part.write(SHEET_HEAD + _header_row())
        # Each row refers to the shared string, as a sheet of repeated names does.
        line = b'<row><c t="s"><v>0</v></c></row>'
        full, rest = divmod(count, 100_000)
        for _ in range(full):
            part.write(line * 100_000)
        part.write(line * rest)
        part.write(SHEET_TAIL)

    return write


def _shared_string_bomb(size: int) -> Callable[[Any], None]:
    def write(part: Any) -> None:
        part.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            b'uniqueCount="1"><si><t>'
        )
        chunk = b"A" * MB
        for _ in range(size // MB):
            part.write(chunk)
        part.write(b"</t></si></sst>")

    return write


def test_the_hand_built_workbook_is_a_valid_one(facility: Facility) -> None:
    """The control: without a bomb in it, the same construction imports (no rows, no error)."""
    assert run(facility, _xlsx({})).ok
    header, rows = importing.read_table(_xlsx({"xl/worksheets/sheet1.xml": _many_rows(10)}))
    assert header == HEADERS
    assert next(rows) == (2, ["Siti"])


def _unpacked(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(part.file_size for part in archive.infolist())


@pytest.fixture
def never_parsed() -> Iterator[mock.MagicMock]:
    """Fails the test if openpyxl is ever asked to open the file."""
    with mock.patch.object(importing, "_open_workbook", wraps=importing._open_workbook) as spy:
        yield spy
    assert not spy.called


# --- zip bombs ----------------------------------------------------------------------------


def test_shared_string_bomb_is_refused_unopened(
    facility: Facility, never_parsed: mock.MagicMock
) -> None:
    data = _xlsx({"xl/sharedStrings.xml": _shared_string_bomb(300 * MB)})
    assert len(data) < 1 * MB and _unpacked(data) > 300 * MB  # a few hundred KB, 300 MB inside
    with translation.override("id"):
        result, peak = _measured(lambda: run(facility, data))
        assert _errors(result) == ["Berkas: Isi berkas setelah diurai lebih dari 50 MB."]
    assert peak < MEMORY_LIMIT, peak
    assert not Resident.objects.exists()


def test_tightly_packed_part_is_refused_even_under_the_total(
    facility: Facility, never_parsed: mock.MagicMock
) -> None:
    data = _xlsx({"xl/sharedStrings.xml": _shared_string_bomb(40 * MB)})
    assert _unpacked(data) < importing.MAX_UNPACKED_BYTES
    with translation.override("id"):
        result, peak = _measured(lambda: run(facility, data))
        assert _errors(result) == [
            "Berkas: Berkas dimampatkan lebih rapat dari 100:1; lembar kerja tidak serapat itu."
        ]
    assert peak < MEMORY_LIMIT, peak


def test_too_many_parts_are_refused(facility: Facility, never_parsed: mock.MagicMock) -> None:
    data = _xlsx({}, extra=importing.MAX_XLSX_PARTS)
    with translation.override("id"):
        result = run(facility, data)
        assert _errors(result) == [
            "Berkas: Berkas memuat lebih dari 500 bagian; lembar kerja jauh lebih sedikit."
        ]


# --- millions of rows ---------------------------------------------------------------------


def test_three_million_rows_are_refused_unopened(
    facility: Facility, never_parsed: mock.MagicMock
) -> None:
    data = _xlsx({"xl/worksheets/sheet1.xml": _many_rows(3_000_000)})
    assert len(data) < 1 * MB  # the tester's 890 KB file
    result, peak = _measured(lambda: run(facility, data))
    assert [e.row for e in result.errors] == [0] and "50 MB" in _errors(result)[0]
    assert peak < MEMORY_LIMIT, peak


def test_rows_stop_at_the_limit_while_reading(
    facility: Facility, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the zip bounds lifted, the 3-million-row sheet still stops at row MAX_ROWS + 1."""
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 10**9)
    monkeypatch.setattr(importing, "MAX_PACKING_RATIO", 10**6)
    data = _xlsx({"xl/worksheets/sheet1.xml": _many_rows(3_000_000)})

    def read() -> importing.DataRows:
        header, rows = importing.read_table(data)
        with pytest.raises(FileRejected, match=f"more than {MAX_ROWS} rows"):
            importing.check_table(header, rows, facility)
        return rows

    with translation.override("en"):
        rows, peak = _measured(read)
    assert rows.consumed == 1 + MAX_ROWS + 1  # the header, then one row past the limit
    assert peak < MEMORY_LIMIT, peak


def test_csv_rows_stop_at_the_limit_while_reading(facility: Facility) -> None:
    data = (";".join(HEADERS) + "\n" + "x\n" * 1_000_000).encode()  # 2 MB, a million rows
    header, rows = importing.read_table(data)
    with pytest.raises(FileRejected):
        importing.check_table(header, rows, facility)
    assert rows.consumed == 1 + MAX_ROWS + 1


def test_a_row_numbered_past_excels_last_is_refused(facility: Facility) -> None:
    def write(part: Any) -> None:
        part.write(SHEET_HEAD + _header_row())
        part.write(b'<row r="999999999"><c><v>1</v></c></row>' + SHEET_TAIL)

    data = _xlsx({"xl/worksheets/sheet1.xml": write})
    with translation.override("id"):
        result = run(facility, data)
        assert _errors(result) == [
            "Berkas: Berkas berisi lebih dari 1048576 baris, termasuk baris kosong."
        ]


def test_a_cell_far_to_the_right_does_not_widen_every_row(
    facility: Facility,
    blocks: list[str],  # noqa: F811
) -> None:
    def write(part: Any) -> None:
        part.write(SHEET_HEAD + _header_row())
        for number in range(2, 2002):
            part.write(f'<row r="{number}"><c r="XFD{number}"><v>1</v></c></row>'.encode())
        part.write(SHEET_TAIL)

    header, rows = importing.read_table(_xlsx({"xl/worksheets/sheet1.xml": write}))
    assert max(len(cells) for _number, cells in rows) <= importing.MAX_COLUMNS


def test_broken_sheet_xml_is_refused_not_crashed(facility: Facility) -> None:
    def write(part: Any) -> None:
        part.write(SHEET_HEAD + _header_row() + b"<row><c><v>1</v></c><row>")

    result = run(facility, _xlsx({"xl/worksheets/sheet1.xml": write}))
    assert [e.row for e in result.errors] == [0]


# --- row numbers, formulas, dates ---------------------------------------------------------


def _awkward_rows() -> list[list[Any]]:
    return [
        row(**{"Alias": "Siti\nAmi"}),  # a CSV record over two lines
        [],
        ["   ", " "],  # whitespace only
        row(**{"No. Registrasi": "BI 2/2025", "Tanggal Lahir": "31-02-1990"}),
    ]


def test_xlsx_errors_name_the_sheet_row_after_blank_rows(
    facility: Facility,
    blocks: list[str],  # noqa: F811
) -> None:
    with translation.override("id"):
        result = run(facility, to_xlsx(_awkward_rows()))
        assert _errors(result) == [
            "Baris 5, kolom “Tanggal Lahir”, nilai “31-02-1990”: bukan tanggal yang sah "
            "(gunakan HH-BB-TTTT)"
        ]
    assert result.rejected_rows == [5]


def test_csv_errors_name_the_line_where_the_record_starts(
    facility: Facility,
    blocks: list[str],  # noqa: F811
) -> None:
    result = run(facility, to_csv(_awkward_rows()))
    # Line 1 header; lines 2–3 the two-line record; 4 blank; 5 spaces; 6 the bad one.
    assert [e.row for e in result.errors] == [6]
    assert result.rejected_rows == [6]


def _workbook(*rows: list[Any], epoch: datetime | None = None) -> bytes:
    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_formula_cells_are_named_not_called_empty(
    facility: Facility,
    blocks: list[str],  # noqa: F811
) -> None:
    data = _workbook(row(**{"Nama Lengkap": "=A1", "Tanggal Lahir": "=DATE(1990,3,14)"}))
    with translation.override("id"):
        messages = _errors(run(facility, data))
    assert messages == [
        "Baris 2, kolom “Nama Lengkap”, nilai “=A1”: rumus tidak didukung; isi nilainya",
        "Baris 2, kolom “Tanggal Lahir”, nilai “=DATE(1990,3,14)”: rumus tidak didukung; "
        "isi nilainya",
    ]
    assert not any("wajib diisi" in m for m in messages)


def test_serial_and_date_cells_are_accepted_as_dates(
    facility: Facility,
    blocks: list[str],  # noqa: F811
) -> None:
    birth = to_excel(date(1990, 3, 14))  # 32946: a date typed into a "General" cell
    data = _workbook(
        row(**{"Tanggal Lahir": birth, "Tanggal Masuk": date(2025, 1, 2), "Mulai Pidana":
               date(2026, 1, 1), "Tanggal Putusan": float(to_excel(date(2024, 12, 20)))})
    )  # fmt: skip
    result = run(facility, data)
    assert result.ok, _errors(result)
    resident = Resident.objects.get()
    assert resident.birth_date == date(1990, 3, 14)
    assert resident.admission_date == date(2025, 1, 2)
    assert resident.sentence_start == date(2026, 1, 1)
    assert resident.court_decision_date == date(2024, 12, 20)


def test_serial_dates_of_a_1904_workbook(facility: Facility, blocks: list[str]) -> None:  # noqa: F811
    birth = to_excel(date(1990, 3, 14), MAC_EPOCH)
    result = run(facility, _workbook(row(**{"Tanggal Lahir": birth}), epoch=MAC_EPOCH))
    assert result.ok, _errors(result)
    assert Resident.objects.get().birth_date == date(1990, 3, 14)


@pytest.mark.parametrize("serial", [0, -5, 0.5, 80_000, 99_999_999, 1e300])
def test_serial_dates_out_of_a_sane_range_are_refused(
    facility: Facility,
    blocks: list[str],  # noqa: F811
    serial: float,
) -> None:
    with translation.override("id"):
        messages = _errors(run(facility, _workbook(row(**{"Tanggal Lahir": serial}))))
    assert len(messages) == 1 and "Tanggal Lahir" in messages[0]
    assert "bukan tanggal yang sah" in messages[0]


def test_a_number_in_a_csv_date_column_stays_refused(
    facility: Facility,
    blocks: list[str],  # noqa: F811
) -> None:
    result = run(facility, to_csv([row(**{"Tanggal Lahir": "32946"})]))
    assert [e.column for e in result.errors] == ["Tanggal Lahir"]
