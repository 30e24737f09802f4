"""Import of residents from a spreadsheet export (SDP or a hand-made sheet).

Reading, checking and writing are separate steps so the same code serves the dry run on the page,
the real run, and `manage.py import_residents`. Every problem is reported with its row, column and
value; a file with any problem writes nothing (all or nothing, one transaction).
The columns are documented for users in docs/import-penghuni.md.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

from binaan.core.audit import audit_record
from binaan.core.dates import facility_today
from binaan.core.models import AuditAction
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.residents.models import (
    OPEN_ENDED_KINDS,
    CustodyStatus,
    Movement,
    MovementKind,
    RegisterCode,
    Religion,
    Resident,
    ResidentState,
    SentenceKind,
    Sex,
    fold,
)
from binaan.residents.registers import register_code_error

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
BATCH_SIZE = 500
# Excel's own sheet size: no real file has more rows, blank ones included. A file that claims more
# (a row numbered 10⁹, a CSV of empty lines) is refused before its padding is read.
MAX_SHEET_ROWS = 1_048_576
# Cells read per row: the 19 columns with room for unknown ones to be reported. A cell far to the
# right (column XFD) would otherwise make every row of the sheet 16,384 cells wide.
MAX_COLUMNS = 50
# An XLSX is a zip of XML parts; these bounds refuse a zip bomb before anything is unpacked.
# A real 20,000-row workbook has about ten parts and unpacks to about 20 MB at about 10:1.
# Python's zipfile never unpacks more than a part declares, so the declared sizes are binding.
MAX_XLSX_PARTS = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PACKING_RATIO = 100
# Parts smaller than this may pack tighter harmlessly (the total above bounds them).
RATIO_CHECKED_FROM = 1024 * 1024
# A number in a date column of an XLSX is Excel's serial day count; only these dates are sane.
SERIAL_DATES = (date(1900, 1, 1), date(2100, 12, 31))

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    description: str = ""


# The Indonesian headers a file must use (order free, case and spacing ignored).
COLUMNS: list[Column] = [
    Column("No. Registrasi", "registration_number", True),
    Column("Nama Lengkap", "full_name", True),
    Column("Alias", "alias"),
    Column("Status", "custody_status", True),
    Column("Kode Register", "register_code"),
    Column("Jenis Kelamin", "sex", True),
    Column("Tempat Lahir", "birth_place"),
    Column("Tanggal Lahir", "birth_date"),
    Column("Agama", "religion"),
    Column("Kewarganegaraan", "nationality"),
    Column("Blok", "block"),
    Column("Kamar", "room"),
    Column("Tanggal Masuk", "admission_date"),
    Column("Perkara / Pasal", "charge"),
    Column("Mulai Pidana", "sentence_start"),
    Column("Pidana Tahun", "sentence_years"),
    Column("Pidana Bulan", "sentence_months"),
    Column("Pidana Hari", "sentence_days"),
    Column("Tanggal Putusan", "court_decision_date"),
    Column("Jenis Pidana", "sentence_kind"),
    Column("Tanggal Tindak Pidana", "offence_date"),
    Column("Denda Tidak Dibayar", "fine_unpaid"),
    Column("Subsider Hari", "subsider_days"),
]
HEADERS = [c.header for c in COLUMNS]
_BY_KEY = {fold(re.sub(r"\s+", " ", c.header)): c for c in COLUMNS}

DATE_FIELDS = {
    "birth_date",
    "admission_date",
    "sentence_start",
    "court_decision_date",
    "offence_date",
}
INT_FIELDS = {"sentence_years": 99, "sentence_months": 11, "sentence_days": 30}
LENGTH_FIELDS = set(INT_FIELDS)
INT_FIELDS = {**INT_FIELDS, "subsider_days": 999}
TEXT_LIMITS = {
    "registration_number": 40,
    "full_name": 200,
    "alias": 200,
    "birth_place": 100,
    "nationality": 60,
    "charge": 300,
}
# Values as SDP and officers write them, folded, → stored value.
STATUS_VALUES = {
    "tahanan": CustodyStatus.TAHANAN,
    "narapidana": CustodyStatus.NARAPIDANA,
    "napi": CustodyStatus.NARAPIDANA,
}
# "Anak" is an age, not a legal status (UU 11/2012): the file must say whether the child is
# detained or sentenced; the date of birth says that they are a child.
CHILD_STATUS_WORDS = {"anak", "anak binaan", "anak didik", "andik"}
SEX_VALUES = {
    "l": Sex.MALE,
    "laki-laki": Sex.MALE,
    "laki laki": Sex.MALE,
    "pria": Sex.MALE,
    "p": Sex.FEMALE,
    "perempuan": Sex.FEMALE,
    "wanita": Sex.FEMALE,
}
RELIGION_VALUES = {
    "islam": Religion.ISLAM,
    "kristen": Religion.KRISTEN,
    "protestan": Religion.KRISTEN,
    "kristen protestan": Religion.KRISTEN,
    "katolik": Religion.KATOLIK,
    "katholik": Religion.KATOLIK,
    "hindu": Religion.HINDU,
    "buddha": Religion.BUDDHA,
    "budha": Religion.BUDDHA,
    "khonghucu": Religion.KHONGHUCU,
    "konghucu": Religion.KHONGHUCU,
    "kepercayaan": Religion.KEPERCAYAAN,
}
REGISTER_VALUES = {fold(code.value): code.value for code in RegisterCode}
SENTENCE_KIND_VALUES = {
    "penjara": SentenceKind.PENJARA,
    "pidana penjara": SentenceKind.PENJARA,
    "kurungan": SentenceKind.KURUNGAN,
    "pidana kurungan": SentenceKind.KURUNGAN,
    "seumur hidup": SentenceKind.SEUMUR_HIDUP,
    "penjara seumur hidup": SentenceKind.SEUMUR_HIDUP,
    "mati": SentenceKind.MATI,
    "pidana mati": SentenceKind.MATI,
}
YES_NO_VALUES = {"ya": "1", "y": "1", "tidak": "0", "t": "0"}
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
UPDATE_FIELDS = [c.field for c in COLUMNS if c.field != "registration_number"] + [
    "search_name",
    "expiry_date",
    "one_third_date",
    "half_date",
    "two_thirds_date",
    "updated_at",
]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return _("File: %(message)s") % {"message": self.message}
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]


@dataclass
class ImportResult:
    filename: str
    dry_run: bool
    total_rows: int = 0
    created: list[ParsedRow] = field(default_factory=list)
    updated: list[ParsedRow] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


class FileRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Reading -------------------------------------------------------------------------------

XLSX_MAGIC = b"PK\x03\x04"
OLD_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Formula:
    """An XLSX cell holding a formula: refused with its own message, never read as empty (the
    value Excel cached may be missing or stale)."""

    text: str


class DataRows:
    """The data rows of a file, read on demand, each with the number the user sees: the sheet's
    row index in an XLSX, the line where the record starts in a CSV (blank lines count).
    `consumed` is how many rows were read, so a test can see reading stopped at the limit."""

    def __init__(
        self, rows: Iterator[tuple[int, list[Any]]], *, epoch: datetime = WINDOWS_EPOCH
    ) -> None:
        self._rows = rows
        self.epoch = epoch  # of the workbook's serial dates (1904 for old Mac files)
        self.consumed = 0

    def __iter__(self) -> DataRows:
        return self

    def __next__(self) -> tuple[int, list[Any]]:
        item = next(self._rows)
        self.consumed += 1
        return item


def read_table(data: bytes, filename: str = "") -> tuple[list[str], DataRows]:
    """Header cells and the data rows of an XLSX or CSV file, judged by content, not name."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLD_XLS_MAGIC):
        raise FileRejected(_("Old Excel files (.xls) are not supported: save it as .xlsx or CSV."))
    return _read_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise FileRejected(_("The file is not a spreadsheet (XLSX or CSV).")) from error
    if len(parts) > MAX_XLSX_PARTS:
        raise FileRejected(
            _("The file holds more than %(max)s parts; a spreadsheet has far fewer.")
            % {"max": MAX_XLSX_PARTS}
        )
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise FileRejected(
            _("The file unpacks to more than %(limit)s MB.")
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_PACKING_RATIO * max(
            part.compress_size, 1
        ):
            raise FileRejected(
                _("The file is packed more tightly than %(ratio)s:1; no spreadsheet is.")
                % {"ratio": MAX_PACKING_RATIO}
            )


# What openpyxl raises on a damaged or hostile workbook (ParseError is a SyntaxError).
_BROKEN_XLSX = (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, SyntaxError)


def _open_workbook(data: bytes) -> tuple[Any, Any]:
    """The workbook and its first worksheet, streamed (read_only) with formulas as formulas
    (data_only=False).

    openpyxl's load_workbook sizes every sheet when it opens the file, by parsing the sheet up to
    its <dimension> element; a file without one (Excel always writes it, a hostile file need
    not) is parsed to the end, keeping every row in memory. So the workbook is opened as
    load_workbook does, with only the first sheet, unsized: every read below gives max_row and
    max_col, so the size is never needed. (openpyxl is pinned; its tests cover these calls.)
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnsizedSheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            pass

    class FirstSheetReader(ExcelReader):
        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    worksheet = UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
                    self.wb._sheets.append(worksheet)
                    return

    reader = FirstSheetReader(io.BytesIO(data), read_only=True, data_only=False)
    reader.read()
    return reader.wb, reader.wb.worksheets[0]


def _read_xlsx(data: bytes) -> tuple[list[str], DataRows]:
    from openpyxl.cell.read_only import EMPTY_CELL

    _check_zip(data)
    try:
        workbook, sheet = _open_workbook(data)
    except (*_BROKEN_XLSX, IndexError) as error:
        raise FileRejected(_("The file is not a spreadsheet (XLSX or CSV).")) from error

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # max_row and max_col bound openpyxl's padding of missing rows and cells.
        cells = sheet.iter_rows(max_row=MAX_SHEET_ROWS + 1, max_col=MAX_COLUMNS)
        blank: object = None  # openpyxl pads each missing row with one same tuple
        try:
            for number, row in enumerate(cells, start=1):
                if number > MAX_SHEET_ROWS:
                    raise FileRejected(_too_many_lines())
                if row is blank or all(cell is EMPTY_CELL for cell in row):
                    blank = row
                    yield number, []  # fast: a hostile file may leave a million rows out
                    continue
                values = [_xlsx_value(cell) for cell in row]
                while values and values[-1] in (None, ""):
                    values.pop()
                yield number, values
        except _BROKEN_XLSX as error:
            raise FileRejected(_("The file is not a spreadsheet (XLSX or CSV).")) from error
        finally:
            workbook.close()

    table = DataRows(rows(), epoch=workbook.epoch)
    try:
        _number, header = next(table)
    except StopIteration as error:
        raise FileRejected(_("The file is empty.")) from error
    return [_cell_text(c) for c in header], table


def _xlsx_value(cell: Any) -> Any:
    if cell.data_type == "f":
        # An array formula is an object with the formula in `text`.
        return Formula(str(getattr(cell.value, "text", cell.value)))
    return cell.value


def _too_many_lines() -> str:
    return _("The file has more than %(max)s rows, counting empty ones.") % {"max": MAX_SHEET_ROWS}


def _read_csv(data: bytes) -> tuple[list[str], DataRows]:
    if b"\x00" in data[:4096]:
        raise FileRejected(_("The file is not a spreadsheet (XLSX or CSV)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Indonesian Windows saves CSV in Windows-1252 unless told otherwise.
        text = data.decode("cp1252", errors="replace")
    if any(ord(c) < 32 and c not in "\r\n\t" for c in text[:4096]):
        raise FileRejected(_("The file is not a spreadsheet (XLSX or CSV)."))
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # line_num counts the physical lines read, so a record quoted over several lines keeps
        # the number of the line it starts on, and a blank line still counts.
        start = reader.line_num + 1
        try:
            for record in reader:
                if start > MAX_SHEET_ROWS:
                    raise FileRejected(_too_many_lines())
                yield start, record
                start = reader.line_num + 1
        except csv.Error as error:
            raise FileRejected(
                _("Line %(line)s cannot be read as CSV.") % {"line": reader.line_num}
            ) from error

    table = DataRows(rows())
    try:
        _number, header = next(table)
    except StopIteration as error:
        raise FileRejected(_("The file is empty.")) from error
    if len(header) < 2:
        raise FileRejected(_("The file is not a spreadsheet (XLSX or CSV)."))
    return header, table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- Checking ------------------------------------------------------------------------------


@dataclass
class _Context:
    blocks: dict[str, Location]
    rooms: dict[str, Location]
    epoch: datetime = WINDOWS_EPOCH


def _parse_date(raw: Any, epoch: datetime = WINDOWS_EPOCH) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        # Only an XLSX gives numbers (CSV fields are text): a date typed into a cell formatted
        # as a number, or written by a program that sets no date format.
        return _serial_date(raw, epoch)
    text = _cell_text(raw)
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(_("not a valid date (use DD-MM-YYYY)"))


def _serial_date(serial: float, epoch: datetime) -> date:
    invalid = ValueError(_("not a valid date (use DD-MM-YYYY)"))
    if not 1 <= serial < 2_958_466:  # 9999-12-31, the last date Python and Excel share
        raise invalid
    value = from_excel(serial, epoch)
    day = value.date() if isinstance(value, datetime) else None
    if day is None or not SERIAL_DATES[0] <= day <= SERIAL_DATES[1]:
        raise invalid
    return day


def _parse_int(raw: Any, maximum: int) -> int:
    text = _cell_text(raw)
    if not text:
        return 0
    if not re.fullmatch(r"\d+", text):
        raise ValueError(_("not a whole number"))
    number = int(text)
    if number > maximum:
        raise ValueError(_("must be at most %(max)s") % {"max": maximum})
    return number


def _choice(raw: Any, table: Mapping[str, str], allowed: str) -> str:
    text = _cell_text(raw)
    if not text:
        return ""
    value = table.get(fold(text))
    if value is None:
        raise ValueError(_("unknown value; use one of: %(allowed)s") % {"allowed": allowed})
    return value


def check_row(
    row_number: int, cells: dict[Column, Any], ctx: _Context
) -> ParsedRow | list[RowError]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []

    def fail(column: Column, raw: Any, message: str) -> None:
        errors.append(RowError(row_number, column.header, _cell_text(raw), message))

    for column, raw in cells.items():
        name = column.field
        if isinstance(raw, Formula):
            fail(column, raw, _("formulas are not supported; enter the value"))
            continue
        try:
            if name in DATE_FIELDS:
                values[name] = _parse_date(raw, ctx.epoch)
            elif name in INT_FIELDS:
                values[name] = _parse_int(raw, INT_FIELDS[name])
            elif name == "custody_status":
                if fold(_cell_text(raw)) in CHILD_STATUS_WORDS:
                    raise ValueError(
                        _(
                            "a child is either tahanan or narapidana; write that here, and the "
                            "date of birth in Tanggal Lahir"
                        )
                    )
                values[name] = _choice(raw, STATUS_VALUES, "tahanan, narapidana")
            elif name == "sex":
                values[name] = _choice(raw, SEX_VALUES, "L, P")
            elif name == "religion":
                values[name] = _choice(raw, RELIGION_VALUES, ", ".join(Religion.values))
            elif name == "register_code":
                values[name] = _choice(raw, REGISTER_VALUES, ", ".join(RegisterCode.values))
            elif name == "sentence_kind":
                kind = _choice(raw, SENTENCE_KIND_VALUES, "penjara, kurungan, seumur hidup, mati")
                values[name] = kind or SentenceKind.PENJARA
            elif name == "fine_unpaid":
                values[name] = _choice(raw, YES_NO_VALUES, "ya, tidak") == "1"
            elif name in {"block", "room"}:
                text = _cell_text(raw)
                places = ctx.blocks if name == "block" else ctx.rooms
                values[name] = places.get(fold(text)) if text else None
                if text and values[name] is None:
                    raise ValueError(
                        _("no block of this facility has that name")
                        if name == "block"
                        else _("no room of this facility has that name")
                    )
            else:
                text = _cell_text(raw)
                limit = TEXT_LIMITS.get(name, 300)
                if len(text) > limit:
                    raise ValueError(_("longer than %(limit)s characters") % {"limit": limit})
                values[name] = text
        except ValueError as error:
            fail(column, raw, str(error))
            continue
        if column.required and not values[name]:
            fail(column, raw, _("a value is required"))

    if errors:
        return errors
    if not values.get("nationality"):
        values["nationality"] = "Indonesia"
    has_length = any(values.get(f, 0) for f in LENGTH_FIELDS)
    sentenced = values["custody_status"] != CustodyStatus.TAHANAN
    if sentenced and has_length and values.get("sentence_start") is None:
        # Without a start the key dates (and the stage filter) cannot be computed.
        return [RowError(row_number, "Mulai Pidana", "", _("required when a sentence is given"))]
    kind = values.get("sentence_kind", SentenceKind.PENJARA)
    if kind in OPEN_ENDED_KINDS and has_length:
        return [
            RowError(
                row_number,
                "Pidana Tahun",
                str(values.get("sentence_years", 0)),
                _("a life or death sentence has no length; leave years, months and days at 0"),
            )
        ]
    if values.get("fine_unpaid") and not values.get("subsider_days"):
        return [RowError(row_number, "Subsider Hari", "", _("required when the fine is not paid"))]
    # The same rule as the form (binaan.residents.registers).
    message = register_code_error(
        code=values.get("register_code", ""),
        custody_status=values["custody_status"],
        kind=kind,
        years=values.get("sentence_years", 0),
        months=values.get("sentence_months", 0),
        days=values.get("sentence_days", 0),
    )
    if message:
        return [RowError(row_number, "Kode Register", values.get("register_code", ""), message)]
    return ParsedRow(row_number, values)


def check_table(
    header: list[str],
    rows: DataRows,
    facility: Facility,
    progress: Progress | None = None,
) -> tuple[list[ParsedRow], list[RowError], int]:
    errors: list[RowError] = []
    columns: list[Column | None] = []
    for index, raw in enumerate(header):
        text = _cell_text(raw)
        if not text:
            columns.append(None)
            continue
        column = _BY_KEY.get(fold(re.sub(r"\s+", " ", text)))
        if column is None:
            errors.append(RowError(1, _column_letter(index), text, _("unknown column")))
        elif column in columns:
            errors.append(RowError(1, _column_letter(index), text, _("column appears twice")))
        columns.append(column)
    for column in COLUMNS:
        if column.required and column not in columns:
            errors.append(RowError(1, column.header, "", _("required column is missing")))
    if errors:
        return [], errors, 0

    locations = Location.objects.filter(
        facility=facility, kind__in=[LocationKind.BLOCK, LocationKind.ROOM]
    )
    ctx = _Context(blocks={}, rooms={}, epoch=rows.epoch)
    for location in locations:
        target = ctx.blocks if location.kind == LocationKind.BLOCK else ctx.rooms
        target[fold(location.name)] = location

    parsed: list[ParsedRow] = []
    first_row_of: dict[str, int] = {}
    # The limit applies while reading: a file of millions of rows stops at row MAX_ROWS + 1.
    all_rows: list[tuple[int, list[Any]]] = []
    for row_number, cells in rows:
        if not any(_cell_text(c) for c in cells):
            continue  # skipped, but it keeps its number: later rows are named as the file shows
        if len(all_rows) == MAX_ROWS:
            raise FileRejected(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        all_rows.append((row_number, cells))
    total = len(all_rows)
    number_column = _BY_KEY[fold("No. Registrasi")]
    for offset, (row_number, cells) in enumerate(all_rows):
        if len(cells) > len(columns) and any(_cell_text(c) for c in cells[len(columns) :]):
            errors.append(
                RowError(row_number, _column_letter(len(columns)), "", _("value outside columns"))
            )
        by_column = {
            column: cells[i] if i < len(cells) else None
            for i, column in enumerate(columns)
            if column is not None
        }
        result = check_row(row_number, by_column, ctx)
        if isinstance(result, list):
            errors.extend(result)
        else:
            number = result.values["registration_number"]
            first = first_row_of.setdefault(fold(number), row_number)
            if first != row_number:
                errors.append(
                    RowError(
                        row_number,
                        number_column.header,
                        number,
                        _("the same number is already on row %(row)s") % {"row": first},
                    )
                )
            else:
                parsed.append(result)
        if progress and (offset % 100 == 0 or offset == total - 1):
            progress(_("Checking"), offset + 1, total)
    return parsed, errors, total


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Writing -------------------------------------------------------------------------------


def _apply_values(resident: Resident, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(resident, name, value)
    resident.search_name = fold(f"{resident.full_name} {resident.alias}")


def _key_dates(resident: Resident) -> None:
    dates = resident.key_dates()
    resident.expiry_date = dates.expiry if dates else None
    resident.one_third_date = dates.one_third if dates else None
    resident.half_date = dates.half if dates else None
    resident.two_thirds_date = dates.two_thirds if dates else None


def _comparable(resident: Resident) -> tuple[Any, ...]:
    return tuple(
        getattr(resident, f"{c.field}_id" if c.field in {"block", "room"} else c.field)
        for c in COLUMNS
    )


def run_import(
    *,
    facility: Facility,
    file: BinaryIO,
    filename: str,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportResult:
    started = time.monotonic()
    result = ImportResult(filename=filename, dry_run=dry_run)
    try:
        header, rows = read_table(file.read(MAX_FILE_BYTES + 1), filename)
        parsed, errors, total = check_table(header, rows, facility, progress)
    except FileRejected as rejected:
        result.errors.append(RowError(0, "", "", rejected.message))
        result.seconds = time.monotonic() - started
        return result
    result.total_rows = total
    result.errors = errors
    result.rejected_rows = sorted({e.row for e in errors if e.row > 1})

    existing = {r.registration_number: r for r in Resident.objects.filter(facility=facility)}
    to_create: list[Resident] = []
    to_update: list[Resident] = []
    block_moves: list[Movement] = []
    seen: set[str] = set()
    for item in parsed:
        number = item.values["registration_number"]
        seen.add(number)
        resident = existing.get(number)
        if resident is None:
            resident = Resident(facility=facility)
            _apply_values(resident, item.values)
            try:
                _key_dates(resident)
            except ValueError as error:
                result.errors.append(_sentence_error(item, str(error)))
                continue
            to_create.append(resident)
            result.created.append(item)
            continue
        before = _comparable(resident)
        old_block_id = resident.block_id
        _apply_values(resident, item.values)
        try:
            _key_dates(resident)
        except ValueError as error:
            result.errors.append(_sentence_error(item, str(error)))
            continue
        if _comparable(resident) == before:
            result.unchanged += 1
            continue
        to_update.append(resident)
        result.updated.append(item)
        if old_block_id != resident.block_id:
            block_moves.append(
                Movement(
                    resident=resident,
                    kind=MovementKind.BLOCK_CHANGE,
                    date=facility_today(facility),
                    from_block_id=old_block_id,
                    to_block=resident.block,
                    note=_("Import of %(file)s") % {"file": filename[:200]},
                )
            )
    # Reported, never deleted: a partial export must not release anyone from the register.
    result.missing = sorted(
        number
        for number, resident in existing.items()
        if number not in seen and resident.state == ResidentState.ACTIVE
    )
    result.rejected_rows = sorted({e.row for e in result.errors if e.row > 1})
    if result.errors or dry_run:
        result.seconds = time.monotonic() - started
        return result

    with transaction.atomic():
        for start in range(0, len(to_create), BATCH_SIZE):
            Resident.objects.bulk_create(to_create[start : start + BATCH_SIZE])
            if progress:
                progress(_("Writing"), min(start + BATCH_SIZE, len(to_create)), len(to_create))
        if to_update:
            Resident.objects.bulk_update(to_update, UPDATE_FIELDS, batch_size=BATCH_SIZE)
        admissions = [
            Movement(
                resident=resident,
                kind=MovementKind.ADMISSION,
                date=resident.admission_date or facility_today(facility),
                to_facility=facility,
                to_block=resident.block,
                note=_("Import of %(file)s") % {"file": filename[:200]},
            )
            for resident in to_create
        ]
        Movement.objects.bulk_create(admissions + block_moves, batch_size=BATCH_SIZE)
        audit_record(
            action=AuditAction.IMPORT,
            facility=facility,
            object_type="residents.resident",
            object_repr=filename[:255],
            after={
                "created": [r.registration_number for r in to_create],
                "updated": [r.registration_number for r in to_update],
                "missing": result.missing,
            },
        )
    result.written = True
    result.seconds = time.monotonic() - started
    return result


def _sentence_error(item: ParsedRow, message: str) -> RowError:
    years = item.values.get("sentence_years", 0)
    return RowError(item.row, "Pidana Tahun", str(years), message)


# --- Template ------------------------------------------------------------------------------

EXAMPLE_ROW: list[Any] = [
    "B.I 0123/2025",
    "Siti Aminah",
    "",
    "narapidana",
    "B.I",
    "P",
    "Balikpapan",
    "14-03-1990",
    "Islam",
    "Indonesia",
    "Blok Wanita",
    "",
    "02-01-2025",
    "Pasal 363 KUHP",
    "10-12-2024",
    "2",
    "6",
    "0",
    "20-12-2024",
    "penjara",
    "15-08-2024",
    "tidak",
    "",
]


def template_xlsx() -> bytes:
    """The empty import sheet with one example row and a sheet of instructions."""
    from openpyxl import Workbook

    from binaan.core.spreadsheets import bold_row, set_column_widths, write_row

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "Penghuni"
    write_row(sheet, HEADERS)
    write_row(sheet, EXAMPLE_ROW)
    bold_row(sheet, 1)
    set_column_widths(sheet, [max(14, len(header) + 4) for header in HEADERS])
    notes = workbook.create_sheet("Petunjuk")
    write_row(notes, ["Kolom", "Wajib", "Isi"])
    for column, text in zip(COLUMNS, TEMPLATE_NOTES, strict=True):
        write_row(notes, [column.header, "ya" if column.required else "", text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The template's instructions sheet is in Indonesian: the file format itself is Indonesian.
TEMPLATE_NOTES = [
    "Nomor registrasi, unik di UPT ini; baris dengan nomor yang sudah ada memperbarui data",
    "Nama lengkap",
    "Nama alias (boleh kosong)",
    "tahanan atau narapidana (anak juga: usia dari tanggal lahir)",
    "A.I, A.II, A.III, A.IV, A.V, B.I, B.IIa, B.IIb atau B.III",
    "L atau P",
    "Tempat lahir",
    "DD-MM-YYYY",
    "Islam, Kristen, Katolik, Hindu, Buddha, Khonghucu atau Kepercayaan",
    "Kosong berarti Indonesia",
    "Nama blok persis seperti di menu Lokasi",
    "Nama kamar persis seperti di menu Lokasi (boleh kosong)",
    "DD-MM-YYYY",
    "Perkara / pasal",
    "DD-MM-YYYY; wajib bila ada lama pidana",
    "Angka 0–99",
    "Angka 0–11",
    "Angka 0–30",
    "DD-MM-YYYY",
    "penjara, kurungan, seumur hidup atau mati (kosong berarti penjara)",
    "DD-MM-YYYY; menentukan apakah pidananya pidana anak (di bawah 18 tahun saat itu)",
    "ya bila denda tidak dibayar (subsider dijalani), kosong atau tidak bila dibayar",
    "Lama kurungan pengganti denda dalam hari, angka 0–999",
]
