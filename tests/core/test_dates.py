from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from binaan.core import dates

INDONESIAN_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def test_the_story_session_in_wita() -> None:
    # 09.00 WITA (UTC+8) is 01.00 UTC.
    moment = datetime(2026, 4, 6, 1, 0, tzinfo=UTC)
    with translation.override("id"):
        assert dates.format_datetime(moment, "Asia/Makassar") == "Senin, 6 April 2026, 09.00 WITA"


def test_same_moment_in_the_three_zones() -> None:
    moment = datetime(2026, 4, 6, 1, 0, tzinfo=UTC)
    with translation.override("id"):
        assert dates.format_time(moment, "Asia/Jakarta") == "08.00 WIB"
        assert dates.format_time(moment, "Asia/Jayapura") == "10.00 WIT"


def test_day_boundary_follows_the_zone() -> None:
    # 17.30 UTC on Sunday is already Monday 01.30 in Makassar.
    moment = datetime(2026, 4, 5, 17, 30, tzinfo=UTC)
    with translation.override("id"):
        assert dates.format_datetime(moment, "Asia/Makassar") == "Senin, 6 April 2026, 01.30 WITA"
        assert dates.format_datetime(moment, "Asia/Jakarta") == "Senin, 6 April 2026, 00.30 WIB"


def test_english() -> None:
    moment = datetime(2026, 8, 17, 2, 0, tzinfo=UTC)
    with translation.override("en"):
        assert (
            dates.format_datetime(moment, "Asia/Makassar") == "Monday, 17 August 2026, 10:00 WITA"
        )


def test_dates_without_weekday_and_month() -> None:
    with translation.override("id"):
        assert dates.format_date(date(2026, 3, 23), weekday=False) == "23 Maret 2026"
        assert dates.format_month(2026, 5) == "Mei 2026"


def test_template_filter_uses_the_active_zone() -> None:
    template = Template("{% load binaan %}{{ moment|waktu }}|{{ moment|jam }}|{{ day|tanggal }}")
    moment = datetime(2026, 4, 6, 1, 0, tzinfo=UTC)
    with translation.override("id"), timezone.override("Asia/Makassar"):
        rendered = template.render(Context({"moment": moment, "day": date(2026, 4, 6)}))
    assert rendered == "Senin, 6 April 2026, 09.00 WITA|09.00 WITA|Senin, 6 April 2026"


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_every_moment_formats_with_an_indonesian_day(moment: datetime) -> None:
    with translation.override("id"):
        text = dates.format_datetime(moment, "Asia/Makassar")
    assert text.split(",")[0] in INDONESIAN_DAYS
    assert text.endswith(" WITA")


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        dates.format_datetime(datetime(2026, 4, 6, 9, 0), "Asia/Makassar")  # noqa: DTZ001


# --- the facility's calendar -------------------------------------------------------------------

ZONES = [("Asia/Jakarta", 7), ("Asia/Makassar", 8), ("Asia/Jayapura", 9)]


class _Facility:
    """A FacilityLike without the database: core knows facilities only by this shape."""

    pk = 1
    name = "Rutan"

    def __init__(self, zone: str) -> None:
        self.tzinfo = ZoneInfo(zone)


@pytest.mark.parametrize(("zone", "offset"), ZONES)
def test_facility_today_is_the_local_day_not_the_servers(zone: str, offset: int) -> None:
    # 06.30 local on Monday 6 April is still Sunday 5 April in UTC, in all three zones.
    moment = datetime(2026, 4, 6, 6, 30, tzinfo=ZoneInfo(zone))
    assert moment.astimezone(UTC).date() == date(2026, 4, 5)
    facility = _Facility(zone)
    assert dates.facility_today(facility, now=moment) == date(2026, 4, 6)
    assert dates.facility_today(zone, now=moment) == date(2026, 4, 6)
    assert dates.local_date(moment, facility) == date(2026, 4, 6)
    assert dates.local_date(moment, ZoneInfo(zone)) == date(2026, 4, 6)
    # One minute before local midnight it is still the day before.
    late = datetime(2026, 4, 5, 23, 59, tzinfo=ZoneInfo(zone))
    assert dates.facility_today(facility, now=late) == date(2026, 4, 5)
    assert late.astimezone(UTC).hour == 23 - offset


def test_facility_today_defaults_to_this_instant() -> None:
    facility = _Facility("Asia/Makassar")
    assert dates.facility_today(facility) == timezone.now().astimezone(facility.tzinfo).date()


@pytest.mark.parametrize(("zone", "offset"), ZONES)
def test_local_day_bounds(zone: str, offset: int) -> None:
    start, end = dates.local_day_bounds(_Facility(zone), date(2026, 4, 6))
    assert start.astimezone(UTC) == datetime(2026, 4, 6, tzinfo=UTC) - timedelta(hours=offset)
    assert end - start == timedelta(days=1)
    assert start.utcoffset() == timedelta(hours=offset)
    first, last = dates.local_day_bounds(zone, date(2026, 4, 6), through=date(2026, 4, 12))
    assert (first, last - first) == (start, timedelta(days=7))
    session = datetime(2026, 4, 6, 7, 30, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    assert start <= session < end


@pytest.mark.parametrize(("zone", "offset"), ZONES)
def test_local_month_bounds(zone: str, offset: int) -> None:
    start, end = dates.local_month_bounds(_Facility(zone), date(2026, 12, 17))
    assert start == datetime(2026, 12, 1, tzinfo=ZoneInfo(zone))
    assert end == datetime(2027, 1, 1, tzinfo=ZoneInfo(zone))
    assert start.astimezone(UTC) == datetime(2026, 11, 30, 24 - offset, tzinfo=UTC)
    february = dates.local_month_bounds(zone, date(2028, 2, 29))
    assert february[1] - february[0] == timedelta(days=29)


def test_date_filters_read_an_instant_on_the_active_zone() -> None:
    # 07.30 WITA on Monday is 23.30 UTC on Sunday: the page shows Monday.
    moment = datetime(2026, 4, 5, 23, 30, tzinfo=UTC)
    template = Template("{% load binaan %}{{ m|tanggal }}|{{ m|tanggal_singkat }}|{{ m|waktu }}")
    with translation.override("id"), timezone.override("Asia/Makassar"):
        rendered = template.render(Context({"m": moment}))
        assert dates.format_date(moment) == "Senin, 6 April 2026"
    assert rendered == "Senin, 6 April 2026|6 April 2026|Senin, 6 April 2026, 07.30 WITA"


def test_day_and_month_names_are_djangos_and_exact() -> None:
    from django.utils.dates import MONTHS, WEEKDAYS

    monday = date(2026, 4, 6)
    with translation.override("id"):
        days = [dates.weekday_name(monday + timedelta(days=i)) for i in range(7)]
        months = [dates.month_name(m) for m in range(1, 13)]
        assert days == [str(WEEKDAYS[i]) for i in range(7)]
        assert months == [str(MONTHS[m]) for m in range(1, 13)]
    assert days == INDONESIAN_DAYS
    assert months == [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ]  # fmt: skip
    with translation.override("en"):
        assert dates.format_date(monday) == "Monday, 6 April 2026"
        assert dates.format_date(monday, language="id") == "Senin, 6 April 2026"
        assert translation.get_language() == "en"  # an explicit language does not leak
    with translation.override("fr"):
        # Languages we do not ship fall back to Indonesian, as before.
        assert dates.format_month(2026, 8) == "Agustus 2026"
