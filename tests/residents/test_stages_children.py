"""Children's release rights, the subsider and the age helpers of binaan.residents.stages.

Pure Python, worked examples derived by hand (the arithmetic is in the comments).
"""

from dataclasses import replace
from datetime import date

import pytest

from binaan.residents.stages import adult_on, age_on, compute, is_child_on


def test_child_pb_after_half_without_nine_month_minimum() -> None:
    # An Anak sentenced to 8 months from 2025-01-01 -> expiry 2025-09-01.
    # T = 31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 = 243 days (Jan..Aug 2025, not a leap year).
    # 1/2: ceil(243/2) = 122 -> 1 Jan + 122: Jan 1 + 30 = Jan 31 (30), Feb 28 (58), Mar 31 (89),
    #      Apr 30 (119), + 3 = 2025-05-03.
    # 2/3: ceil(486/3) = 162 -> May 31 is +150, + 12 = 2025-06-12.
    # Adult: PB needs 2/3 to be at least 9 months: start + 9 months = 2025-10-01 > 2025-06-12,
    #        so no PB at all (UU 22/2022 practice under Permenkumham 3/2018 Pasal 82).
    # Child (UU 11/2012 Pasal 81 ayat 4): PB from 1/2 = 2025-05-03, no minimum.
    adult = compute(date(2025, 1, 1), 0, 8, 0)
    child = compute(date(2025, 1, 1), 0, 8, 0, child=True)
    assert adult.expiry == child.expiry == date(2025, 9, 1)
    assert adult.half == child.half == date(2025, 5, 3)
    assert adult.two_thirds == date(2025, 6, 12)
    assert adult.pb_from is None
    assert child.pb_from == date(2025, 5, 3)
    # CB (at most 1 year 6 months) is the same rule for both: from 2/3.
    assert adult.cb_from == child.cb_from == date(2025, 6, 12)


def test_child_two_years_pb_at_half_not_two_thirds() -> None:
    # 2 years from 2025-03-10 -> expiry 2027-03-10; T = 365 + 365 = 730 (no 29 Feb inside).
    # 1/2: 365 -> 2026-03-10 (child's PB). 2/3: ceil(1460/3) = 487 = 365 + 122:
    #      Mar 10 + 21 = Mar 31, Apr 30 (51), May 31 (82), Jun 30 (112), + 10 = 2026-07-10.
    child = compute(date(2025, 3, 10), 2, 0, 0, child=True)
    adult = compute(date(2025, 3, 10), 2, 0, 0)
    assert child.pb_from == date(2026, 3, 10)
    assert adult.pb_from == date(2026, 7, 10)
    assert child.asimilasi_from == adult.asimilasi_from == date(2026, 3, 10)


def test_subsider_moves_the_expiry_only() -> None:
    # 1 year from 2025-01-15 with 60 days of kurungan in lieu of an unpaid fine.
    # Prison sentence ends 2026-01-15 (T = 365). Subsider: Jan 15 + 16 = Jan 31 (16),
    # Feb 28 (44), + 16 = 2026-03-16 -> expiry 2026-03-16.
    # 2/3 of the prison sentence: ceil(730/3) = 244: Jan 31 (16), Feb 28 (44), Mar 31 (75),
    #      Apr 30 (105), May 31 (136), Jun 30 (166), Jul 31 (197), Aug 31 (228), + 16 = 2025-09-16.
    dates = compute(date(2025, 1, 15), 1, 0, 0, subsider_days=60)
    assert dates.expiry == date(2026, 3, 16)
    assert dates.two_thirds == date(2025, 9, 16)
    # Everything else is the sentence's without the subsider.
    assert dates == replace(compute(date(2025, 1, 15), 1, 0, 0), expiry=date(2026, 3, 16))


def test_subsider_with_remission() -> None:
    # The same sentence with 30 days of remission: the prison part ends 2026-01-15 - 30 days =
    # 2025-12-16 (T = 335); the subsider follows: Dec 16 + 15 = Dec 31 (15), Jan 31 (46), + 14 =
    # 2026-02-14 (60 days).
    dates = compute(date(2025, 1, 15), 1, 0, 0, 30, subsider_days=60)
    assert dates.expiry == date(2026, 2, 14)


def test_stage_selesai_waits_for_the_subsider() -> None:
    dates = compute(date(2025, 1, 15), 1, 0, 0, subsider_days=60, on=date(2026, 2, 1))
    assert dates.stage == "akhir"


def test_negative_subsider_rejected() -> None:
    with pytest.raises(ValueError):
        compute(date(2025, 1, 1), 1, 0, 0, subsider_days=-1)


@pytest.mark.parametrize(
    ("birth", "adult"),
    [
        (date(2008, 6, 15), date(2026, 6, 15)),
        # Born on 29 February: adult on 1 March of the common year 2026.
        (date(2008, 2, 29), date(2026, 3, 1)),
        # 29 February 2012 + 18 years = 2030, also a common year.
        (date(2012, 2, 29), date(2030, 3, 1)),
        (date(2010, 12, 31), date(2028, 12, 31)),
    ],
)
def test_adult_on(birth: date, adult: date) -> None:
    assert adult_on(birth) == adult
    assert is_child_on(birth, date.fromordinal(adult.toordinal() - 1))
    assert not is_child_on(birth, adult)
    assert age_on(birth, date.fromordinal(adult.toordinal() - 1)) == 17
    assert age_on(birth, adult) == 18


def test_age_on() -> None:
    assert age_on(date(2010, 5, 20), date(2026, 5, 19)) == 15
    assert age_on(date(2010, 5, 20), date(2026, 5, 20)) == 16
    assert age_on(date(2026, 5, 20), date(2026, 5, 1)) == 0
