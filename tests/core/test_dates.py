from datetime import UTC, date, datetime

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
