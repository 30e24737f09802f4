"""Time as a facility lives it: its calendar day, its local day and month, and how people in
Indonesia read a date ("Senin, 6 April 2026, 09.00 WITA").

The one helper every page, lock window, report, document and export uses. A calendar day always
comes from a facility's zone (`facility_today`, `local_date`), never from the server's clock;
`timezone.now()` stays the source of *instants*. Times are shown in the active time zone (the
facility's, activated by the middleware) unless a zone is passed.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS

from binaan.core.types import FacilityLike

# Only the zone suffix is ours; day and month names are Django's own translations.
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
LANGUAGES = ("id", "en")
# Ditjenpas's calendar (Jakarta) decides "this month" for national aggregates over three zones.
NATIONAL_ZONE = "Asia/Jakarta"

Where = FacilityLike | tzinfo | str


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "id")[:2]
    return code if code in LANGUAGES else "id"


def zone_abbreviation(tz: tzinfo) -> str:
    key = getattr(tz, "key", None) or str(tz)
    return ZONE_ABBREVIATIONS.get(key, key)


def _zone(tz: Where | None) -> tzinfo:
    if tz is None:
        return timezone.get_current_timezone()
    if isinstance(tz, tzinfo):
        return tz
    if isinstance(tz, str):
        return ZoneInfo(tz)
    return tz.tzinfo


# --- the facility's calendar -----------------------------------------------------------------


def facility_today(where: Where, *, now: datetime | None = None) -> date:
    """The facility's (or zone's) calendar day at `now` (default: this instant).

    At 23.30 UTC it is already tomorrow in every Indonesian zone; the server's date is not.
    """
    return local_date(now or timezone.now(), where)


def local_date(value: datetime, where: Where) -> date:
    """The calendar day of an aware instant in `where` (a facility or a zone)."""
    return timezone.localtime(value, _zone(where)).date()


def local_day_bounds(
    where: Where, day: date, *, through: date | None = None
) -> tuple[datetime, datetime]:
    """Local midnight of `day` to the midnight after `through` (default: `day`), as aware
    datetimes a query on a UTC column can compare with."""
    zone = _zone(where)
    last = through or day
    return (
        datetime.combine(day, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def local_month_bounds(where: Where, day: date) -> tuple[datetime, datetime]:
    """Local midnight of the first of `day`'s month to the first of the next month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = _zone(where)
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(following, time.min, tzinfo=zone),
    )


# --- reading dates ---------------------------------------------------------------------------


@functools.cache
def _names(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Django's catalogues do not change while the process runs; reading them once per language
    # keeps a long list of dates as cheap as it was with our own tables.
    with translation.override(language):
        return (
            tuple(str(WEEKDAYS[i]) for i in range(7)),
            tuple(str(MONTHS[m]) for m in range(1, 13)),
        )


def weekday_name(value: date, *, language: str | None = None) -> str:
    return _names(_language(language))[0][value.weekday()]


def month_name(month: int, *, language: str | None = None) -> str:
    return _names(_language(language))[1][month - 1]


def format_date(value: date, *, weekday: bool = True, language: str | None = None) -> str:
    # An instant is read on the active zone's calendar (the facility's, set by the middleware):
    # `.date()` of a UTC datetime would show a 07.30 WITA session on the previous day.
    if isinstance(value, datetime):
        value = local_date(value, _zone(None)) if timezone.is_aware(value) else value.date()
    text = f"{value.day} {month_name(value.month, language=language)} {value.year}"
    return f"{weekday_name(value, language=language)}, {text}" if weekday else text


def format_month(year: int, month: int, *, language: str | None = None) -> str:
    return f"{month_name(month, language=language)} {year}"


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
