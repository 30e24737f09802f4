"""Dates and times as people in Indonesia read them: "Senin, 6 April 2026, 09.00 WITA".

The one helper every page, document and export uses. Times are shown in the active time zone
(the facility's, activated by the middleware) unless a zone is passed.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import get_language

DAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _language(language: str | None) -> str:
    code = (language or get_language() or "id")[:2]
    return code if code in DAYS else "id"


def zone_abbreviation(tz: tzinfo) -> str:
    key = getattr(tz, "key", None) or str(tz)
    return ZONE_ABBREVIATIONS.get(key, key)


def _zone(tz: tzinfo | str | None) -> tzinfo:
    if tz is None:
        return timezone.get_current_timezone()
    if isinstance(tz, str):
        return ZoneInfo(tz)
    return tz


def format_date(value: date, *, weekday: bool = True, language: str | None = None) -> str:
    if isinstance(value, datetime):
        value = value.date()
    lang = _language(language)
    text = f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
    return f"{DAYS[lang][value.weekday()]}, {text}" if weekday else text


def format_month(year: int, month: int, *, language: str | None = None) -> str:
    return f"{MONTHS[_language(language)][month - 1]} {year}"


def format_time(
    value: datetime, tz: tzinfo | str | None = None, *, language: str | None = None
) -> str:
    zone = _zone(tz)
    local = timezone.localtime(value, zone)
    separator = "." if _language(language) == "id" else ":"
    return f"{local.hour:02d}{separator}{local.minute:02d} {zone_abbreviation(zone)}"


def format_datetime(
    value: datetime,
    tz: tzinfo | str | None = None,
    *,
    weekday: bool = True,
    language: str | None = None,
) -> str:
    """'Senin, 6 April 2026, 09.00 WITA' for an aware datetime, in `tz` or the active zone."""
    zone = _zone(tz)
    local = timezone.localtime(value, zone)
    return (
        f"{format_date(local.date(), weekday=weekday, language=language)}, "
        f"{format_time(local, zone, language=language)}"
    )
