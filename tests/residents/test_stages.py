"""Tests for binaan.residents.stages (pure Python; no database, no Django settings).

Worked examples below were derived by hand. Day offsets within 2026 (not a leap
year) used throughout, counted from 1 January = +0:
    1 Feb +31, 1 Mar +59, 1 Apr +90, 1 May +120, 1 Jun +151, 1 Jul +181,
    1 Aug +212, 1 Sep +243, 1 Oct +273, 1 Nov +304, 1 Dec +334, 1 Jan 2027 +365.
"""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from binaan.residents.stages import STAGE_LABELS, KeyDates, Stage, compute

STAGE_ORDER = [Stage.AWAL, Stage.LANJUTAN_1, Stage.LANJUTAN_2, Stage.AKHIR, Stage.SELESAI]


# --- Worked examples -------------------------------------------------------------------


def test_three_years_pb_but_no_cb() -> None:
    # Start 2026-01-01, 3 years -> expiry 2029-01-01.
    # T = 365 (2026) + 365 (2027) + 366 (2028, leap) = 1096.
    # 1/3: ceil(1096/3) = ceil(365.33) = 366 -> 2026-01-01 + 365 = 2027-01-01, +1 = 2027-01-02
    # 1/2: 1096/2 = 548 = 365 + 183 -> 2027-01-01 + 183 = 2027-07-03
    #      (2027 has the same month offsets as 2026: 1 Jul = +181, so +183 = 3 Jul).
    # 2/3: ceil(2192/3) = ceil(730.67) = 731 = 365 + 365 + 1 -> 2028-01-02.
    # PB: start + 9 months = 2026-10-01 <= 2028-01-02 -> PB from 2028-01-02.
    # CB: 3 years > 1 year 6 months -> none.
    assert compute(date(2026, 1, 1), 3, 0, 0) == KeyDates(
        expiry=date(2029, 1, 1),
        one_third=date(2027, 1, 2),
        half=date(2027, 7, 3),
        two_thirds=date(2028, 1, 2),
        asimilasi_from=date(2027, 7, 3),
        pb_from=date(2028, 1, 2),
        cb_from=None,
        stage=None,
    )


def test_three_years_with_remission() -> None:
    # Start 2026-01-01, 3 years, 96 days remission.
    # Expiry 2029-01-01 - 96 days: -31 -> 2028-12-01, -61 -> 2028-11-01, -92 -> 2028-10-01,
    # -96 -> 2028-09-27. T = 1096 - 96 = 1000.
    # 1/3: ceil(1000/3) = ceil(333.33) = 334 -> 2026-12-01 (1 Dec = +334).
    # 1/2: 500 = 365 + 135 -> 2027-01-01 + 135 = 1 May (+120) + 15 = 2027-05-16.
    # 2/3: ceil(2000/3) = ceil(666.67) = 667 = 365 + 302 -> 1 Oct (+273) + 29 = 2027-10-30.
    # PB: 2026-10-01 <= 2027-10-30 -> PB from 2027-10-30. CB: none (3 years imposed).
    assert compute(date(2026, 1, 1), 3, 0, 0, remission_days=96) == KeyDates(
        expiry=date(2028, 9, 27),
        one_third=date(2026, 12, 1),
        half=date(2027, 5, 16),
        two_thirds=date(2027, 10, 30),
        asimilasi_from=date(2027, 5, 16),
        pb_from=date(2027, 10, 30),
        cb_from=None,
        stage=None,
    )


def test_one_year_cb_but_no_pb() -> None:
    # Start 2026-01-01, 1 year -> expiry 2027-01-01, T = 365.
    # 1/3: ceil(121.67) = 122 -> 1 May (+120) + 2 = 2026-05-03.
    # 1/2: ceil(182.5) = 183 -> 1 Jul (+181) + 2 = 2026-07-03.
    # 2/3: ceil(243.33) = 244 -> 1 Sep (+243) + 1 = 2026-09-02.
    # PB: start + 9 months = 2026-10-01 > 2026-09-02 -> none.
    # CB: 1 year <= 1 year 6 months -> CB from 2026-09-02.
    assert compute(date(2026, 1, 1), 1, 0, 0) == KeyDates(
        expiry=date(2027, 1, 1),
        one_third=date(2026, 5, 3),
        half=date(2026, 7, 3),
        two_thirds=date(2026, 9, 2),
        asimilasi_from=date(2026, 7, 3),
        pb_from=None,
        cb_from=date(2026, 9, 2),
        stage=None,
    )


def test_exactly_one_year_six_months_gets_cb() -> None:
    # Start 2026-01-01, 1 year 6 months -> expiry 2027-07-01, T = 365 + 181 = 546.
    # 1/3: 182 -> 1 Jul (+181) + 1 = 2026-07-02.
    # 1/2: 273 -> 2026-10-01.
    # 2/3: 364 -> 1 Dec (+334) + 30 = 2026-12-31.
    # PB: 2026-10-01 <= 2026-12-31 -> PB from 2026-12-31.
    # CB: 2027-07-01 <= start + 1y6m = 2027-07-01 (the limit itself) -> CB from 2026-12-31.
    assert compute(date(2026, 1, 1), 1, 6, 0) == KeyDates(
        expiry=date(2027, 7, 1),
        one_third=date(2026, 7, 2),
        half=date(2026, 10, 1),
        two_thirds=date(2026, 12, 31),
        asimilasi_from=date(2026, 10, 1),
        pb_from=date(2026, 12, 31),
        cb_from=date(2026, 12, 31),
        stage=None,
    )


def test_one_year_six_months_one_day_gets_no_cb() -> None:
    # Start 2026-01-01, 1 year 6 months 1 day -> expiry 2027-07-02, T = 547.
    # 1/3: ceil(182.33) = 183 -> 2026-07-03.
    # 1/2: ceil(273.5) = 274 -> 2026-10-02.
    # 2/3: ceil(364.67) = 365 -> 2027-01-01.
    # PB: 2026-10-01 <= 2027-01-01 -> PB from 2027-01-01.
    # CB: 2027-07-02 > 2027-07-01 -> none.
    assert compute(date(2026, 1, 1), 1, 6, 1) == KeyDates(
        expiry=date(2027, 7, 2),
        one_third=date(2026, 7, 3),
        half=date(2026, 10, 2),
        two_thirds=date(2027, 1, 1),
        asimilasi_from=date(2026, 10, 2),
        pb_from=date(2027, 1, 1),
        cb_from=None,
        stage=None,
    )


def test_month_end_start() -> None:
    # Start 2026-01-31, 1 month -> 31 February does not exist, relativedelta clamps to
    # 2026-02-28. T = 28.
    # 1/3: ceil(9.33) = 10 -> 2026-02-10.   1/2: 14 -> 2026-02-14.
    # 2/3: ceil(18.67) = 19 -> 2026-02-19.
    # PB: start + 9 months = 2026-10-31 > 2026-02-19 -> none. CB: 1 month -> 2026-02-19.
    assert compute(date(2026, 1, 31), 0, 1, 0) == KeyDates(
        expiry=date(2026, 2, 28),
        one_third=date(2026, 2, 10),
        half=date(2026, 2, 14),
        two_thirds=date(2026, 2, 19),
        asimilasi_from=date(2026, 2, 14),
        pb_from=None,
        cb_from=date(2026, 2, 19),
        stage=None,
    )


@pytest.mark.parametrize(
    ("days", "two_thirds", "pb_from"),
    [
        # Start 2026-01-01, 1 year 1 month 13 days -> expiry 2027-02-14,
        # T = 365 + 31 + 13 = 409; 2/3: ceil(818/3) = ceil(272.67) = 273 -> 2026-10-01,
        # which equals start + 9 months -> PB allowed.
        (13, date(2026, 10, 1), date(2026, 10, 1)),
        # One day shorter: T = 408; 2/3: 816/3 = 272 exactly -> 2026-09-30 < 2026-10-01
        # -> no PB.
        (12, date(2026, 9, 30), None),
    ],
)
def test_pb_nine_month_boundary(days: int, two_thirds: date, pb_from: date | None) -> None:
    key = compute(date(2026, 1, 1), 1, 1, days)
    assert key.two_thirds == two_thirds
    assert key.pb_from == pb_from
    assert key.cb_from == two_thirds  # well under 1 year 6 months either way


def test_one_day_sentence_collapses_every_fraction_onto_expiry() -> None:
    # T = 1: ceil(1/3) = ceil(1/2) = ceil(2/3) = 1, so all four dates are start + 1.
    key = compute(date(2026, 1, 1), 0, 0, 1, on=date(2026, 1, 1))
    expected = date(2026, 1, 2)
    assert (key.one_third, key.half, key.two_thirds, key.expiry) == (expected,) * 4
    assert key.stage == Stage.AWAL
    assert compute(date(2026, 1, 1), 0, 0, 1, on=expected).stage == Stage.SELESAI


@pytest.mark.parametrize(
    ("on", "stage"),
    [
        # Dates from test_three_years_pb_but_no_cb; each boundary day opens the next stage.
        (date(2026, 1, 1), Stage.AWAL),
        (date(2027, 1, 1), Stage.AWAL),
        (date(2027, 1, 2), Stage.LANJUTAN_1),
        (date(2027, 7, 2), Stage.LANJUTAN_1),
        (date(2027, 7, 3), Stage.LANJUTAN_2),
        (date(2028, 1, 1), Stage.LANJUTAN_2),
        (date(2028, 1, 2), Stage.AKHIR),
        (date(2028, 12, 31), Stage.AKHIR),
        (date(2029, 1, 1), Stage.SELESAI),
        (date(2030, 6, 1), Stage.SELESAI),
        # Before the start is still treated as tahap awal rather than an error.
        (date(2025, 12, 31), Stage.AWAL),
    ],
)
def test_stage_on_boundaries(on: date, stage: Stage) -> None:
    assert compute(date(2026, 1, 1), 3, 0, 0, on=on).stage == stage


def test_stage_values_and_labels() -> None:
    assert [str(s) for s in STAGE_ORDER] == [
        "awal",
        "lanjutan_1",
        "lanjutan_2",
        "akhir",
        "selesai",
    ]
    assert STAGE_LABELS == {
        "awal": "Tahap awal",
        "lanjutan_1": "Tahap lanjutan I",
        "lanjutan_2": "Tahap lanjutan II",
        "akhir": "Tahap akhir",
        "selesai": "Selesai",
    }
    key = compute(date(2026, 1, 1), 3, 0, 0, on=date(2027, 1, 2))
    assert key.stage == "lanjutan_1"
    assert key.stage is not None
    assert STAGE_LABELS[key.stage] == "Tahap lanjutan I"


def test_key_dates_is_frozen() -> None:
    key = compute(date(2026, 1, 1), 1, 0, 0)
    with pytest.raises(AttributeError):
        key.expiry = date(2000, 1, 1)  # type: ignore[misc]


# --- Errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months", "days", "remission"),
    [(-1, 0, 0, 0), (1, -1, 0, 0), (1, 0, -1, 0), (1, 0, 0, -1)],
)
def test_negative_numbers_rejected(years: int, months: int, days: int, remission: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        compute(date(2026, 1, 1), years, months, days, remission_days=remission)


def test_zero_length_rejected() -> None:
    with pytest.raises(ValueError, match="positive"):
        compute(date(2026, 1, 1), 0, 0, 0)


@pytest.mark.parametrize("remission", [365, 366, 10_000])
def test_remission_reaching_start_rejected(remission: int) -> None:
    # 1 year from 2026-01-01 is 365 days; 365 days of remission would end it on the start.
    with pytest.raises(ValueError, match="remission_days"):
        compute(date(2026, 1, 1), 1, 0, 0, remission_days=remission)


def test_remission_leaving_one_day_allowed() -> None:
    key = compute(date(2026, 1, 1), 1, 0, 0, remission_days=364)
    assert key.expiry == date(2026, 1, 2)
    assert key.two_thirds == date(2026, 1, 2)


# --- Properties ------------------------------------------------------------------------

starts = st.dates(min_value=date(1970, 1, 1), max_value=date(2070, 12, 31))
lengths = st.tuples(
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=400),
).filter(lambda ymd: ymd != (0, 0, 0))


def _full_days(start: date, years: int, months: int, days: int) -> int:
    return (start + relativedelta(years=years, months=months, days=days) - start).days


@st.composite
def sentences(draw: st.DrawFn) -> tuple[date, int, int, int, int]:
    start = draw(starts)
    years, months, days = draw(lengths)
    remission = draw(st.integers(min_value=0, max_value=_full_days(start, years, months, days) - 1))
    return start, years, months, days, remission


@given(sentences())
def test_fraction_dates_are_exact_ceilings(s: tuple[date, int, int, int, int]) -> None:
    start, years, months, days, remission = s
    key = compute(start, years, months, days, remission)
    total = (key.expiry - start).days
    assert total == _full_days(start, years, months, days) - remission
    for got, k, n in [(key.one_third, 1, 3), (key.half, 1, 2), (key.two_thirds, 2, 3)]:
        served = (got - start).days
        # The first day on which at least k/n of the sentence has been served.
        assert served * n >= total * k
        assert (served - 1) * n < total * k


@given(sentences())
def test_ordering(s: tuple[date, int, int, int, int]) -> None:
    start, years, months, days, remission = s
    key = compute(start, years, months, days, remission)
    total = (key.expiry - start).days
    # Always: ceil(T/3) >= 1 for T >= 1, and ceilings preserve <=.
    assert start < key.one_third <= key.half <= key.two_thirds <= key.expiry
    # Strict once the gaps are at least a day: 1/2 - 1/3 = 2/3 - 1/2 = T/6 >= 1 needs
    # T >= 6, and 1 - 2/3 = T/3 >= 1 needs T >= 3.
    if total >= 3:
        assert key.two_thirds < key.expiry
    if total >= 6:
        assert key.one_third < key.half < key.two_thirds


@pytest.mark.parametrize(
    ("days", "one_third", "half", "two_thirds"),
    [
        # The short sentences where the non-strict ordering really is needed
        # (offsets from the start: ceil(T/3), ceil(T/2), ceil(2T/3), T).
        (1, 1, 1, 1),  # all equal to expiry
        (2, 1, 1, 2),  # 1/3 == 1/2, 2/3 == expiry
        (3, 1, 2, 2),  # 1/2 == 2/3
        (4, 2, 2, 3),  # 1/3 == 1/2
        (5, 2, 3, 4),  # first fully strict T, shows T >= 6 is sufficient, not necessary
    ],
)
def test_tiny_sentences(days: int, one_third: int, half: int, two_thirds: int) -> None:
    start = date(2026, 1, 1)
    key = compute(start, 0, 0, days)
    assert (key.one_third - start).days == one_third
    assert (key.half - start).days == half
    assert (key.two_thirds - start).days == two_thirds
    assert (key.expiry - start).days == days


@given(sentences(), st.integers(min_value=-50, max_value=20_000), st.integers(0, 20_000))
def test_stage_is_monotonic(s: tuple[date, int, int, int, int], offset: int, step: int) -> None:
    start, years, months, days, remission = s
    first = start + timedelta(days=offset)
    later = first + timedelta(days=step)
    a = compute(start, years, months, days, remission, on=first).stage
    b = compute(start, years, months, days, remission, on=later).stage
    assert a is not None
    assert b is not None
    assert STAGE_ORDER.index(a) <= STAGE_ORDER.index(b)


@given(sentences(), st.integers(min_value=0, max_value=20_000))
def test_more_remission_never_moves_a_date_later(
    s: tuple[date, int, int, int, int], extra: int
) -> None:
    start, years, months, days, remission = s
    more = min(remission + extra, _full_days(start, years, months, days) - 1)
    less_key = compute(start, years, months, days, remission)
    more_key = compute(start, years, months, days, more)
    for field in ("expiry", "one_third", "half", "two_thirds", "asimilasi_from"):
        assert getattr(more_key, field) <= getattr(less_key, field)
    # PB may disappear with more remission (2/3 falls under 9 months) but never appears.
    if more_key.pb_from is not None:
        assert less_key.pb_from is not None
        assert more_key.pb_from <= less_key.pb_from
    # CB eligibility depends on the imposed sentence only, so remission cannot change it.
    assert (more_key.cb_from is None) == (less_key.cb_from is None)
    if more_key.cb_from is not None and less_key.cb_from is not None:
        assert more_key.cb_from <= less_key.cb_from


@given(sentences())
def test_pb_and_cb_follow_the_rules(s: tuple[date, int, int, int, int]) -> None:
    start, years, months, days, remission = s
    key = compute(start, years, months, days, remission)
    assert key.pb_from in (None, key.two_thirds)
    assert key.cb_from in (None, key.two_thirds)
    assert key.asimilasi_from == key.half
    assert (key.pb_from is not None) == (start + relativedelta(months=9) <= key.two_thirds)
    imposed_end = start + relativedelta(years=years, months=months, days=days)
    assert (key.cb_from is not None) == (imposed_end <= start + relativedelta(years=1, months=6))


@given(sentences())
def test_stage_is_none_without_on(s: tuple[date, int, int, int, int]) -> None:
    start, years, months, days, remission = s
    assert compute(start, years, months, days, remission).stage is None
    assert compute(start, years, months, days, remission, on=start).stage is not None


@given(sentences(), st.integers(min_value=-50, max_value=20_000))
def test_stage_matches_boundaries(s: tuple[date, int, int, int, int], offset: int) -> None:
    start, years, months, days, remission = s
    on = start + timedelta(days=offset)
    key = compute(start, years, months, days, remission, on=on)
    boundaries = [key.one_third, key.half, key.two_thirds, key.expiry]
    # The stage index is the number of boundaries already reached.
    assert key.stage == STAGE_ORDER[sum(on >= b for b in boundaries)]


def test_remission_that_would_leave_no_sentence_raises_for_any_start() -> None:
    # Complements the property tests, whose strategy only ever draws valid remission.
    for start in (date(2024, 2, 29), date(2026, 1, 31), date(2026, 12, 31)):
        full = _full_days(start, 0, 1, 0)
        compute(start, 0, 1, 0, remission_days=full - 1)
        with pytest.raises(ValueError, match="remission_days"):
            compute(start, 0, 1, 0, remission_days=full)
