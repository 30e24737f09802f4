"""Figures as people in Indonesia read them ("1.234", "87,5%", "2,5 jam"), and the one rounding
rule of every percentage the system shows.

The one helper every page, document and export uses, next to `dates` for days and times:

- `percent(part, whole, places=...)` computes a percentage from *counts* with `Decimal` and
  rounds **half up** (1 of 8 = 12,5 → 13; Python's `round` would give the banker's 12, and a float
  `0.145 * 100` is 14.499…, which a float rule rounds down). `None` when there is nothing to
  divide by: an unknown figure is never 0 % or 100 %.
- `format_number` writes a number with the thousands dot and the decimal comma ("1.234.567",
  "2,5"), `format_percent` a percentage ("87,5%", "—" when unknown). Pages follow the active
  language (English: "1,234", "87.5%"); documents (PDF, CSV text, XLSX text cells) pass
  `language="id"`, as they do for dates.
- XLSX keeps numbers as numbers: `XLSX_INTEGER`, `XLSX_DECIMAL` and the percent formats are
  format codes whose "," and "." Excel and LibreOffice render with the reader's own separators
  (an Indonesian desktop shows 1.234 and 87,5%).

The percentage is written without a space before the sign, as PUEBI writes it ("50%").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

DASH = "—"
# Indonesian separators (Django's own `id` formats agree: DECIMAL_SEPARATOR ",",
# THOUSAND_SEPARATOR ".").
SEPARATORS = {"id": (".", ","), "en": (",", ".")}

# Format codes of XLSX cells: "," and "." there mean "the reader's grouping and decimal sign".
XLSX_INTEGER = "#,##0"
XLSX_DECIMAL = "#,##0.0"
XLSX_PERCENT = "0%"
XLSX_PERCENT_1 = "0.0%"

# Places of the percentages in the report tables (page, PDF, XLSX, CSV) and elsewhere (dashboard,
# participants, resident attendance, charts: whole percentages).
REPORT_PLACES = 1
# Hours (interns' presence, the report's involvement table): one decimal, "2,5".
HOURS_PLACES = 1


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "id")[:2]
    return code if code in SEPARATORS else "id"


def percent(part: int, whole: int, *, places: int = 0) -> Decimal | None:
    """100 × part ÷ whole rounded half up to `places` decimals; None when whole is 0."""
    if whole == 0:
        return None
    return rounded(Decimal(100 * part) / Decimal(whole), places)


def rounded(value: Decimal | None, places: int) -> Decimal | None:
    """`value` to `places` decimals, half up (Decimal('2.25'), 1 → Decimal('2.3'))."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fraction(value: Decimal | None) -> Decimal | None:
    """A rounded percentage as the fraction an XLSX percent cell holds (87.5 → 0.875), so the
    sheet shows the very figure of the page and never re-rounds a float."""
    return None if value is None else value / 100


def format_number(
    value: int | float | Decimal | None, places: int | None = None, *, language: str | None = None
) -> str:
    """'1.234', '1.234,5' ('1,234.5' in English). `places` fixes the decimals; by default an
    integer has none and a Decimal keeps its own (Decimal('2.50') → '2,50'). Half up."""
    if value is None:
        return ""
    thousands, decimal_sign = SEPARATORS[_language(language)]
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        # -0.0 shows as 0,0
        number = abs(number) if number.is_zero() else number
    elif isinstance(value, float):
        number = number.normalize()
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _dot, decimals = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal_sign}{decimals}" if decimals else f"{sign}{grouped}"


def format_percent(value: Decimal | int | None, *, language: str | None = None) -> str:
    """'87,5%' for Decimal('87.5'), '13%' for 13, '—' for an unknown rate."""
    if value is None:
        return DASH
    return f"{format_number(value, language=language)}%"
