from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binaan.attendance.rates import (
    MarkKind,
    Tally,
    classify,
    has_unexcused_streak,
    longest_unexcused_run,
    percent,
    rate,
    tally,
    trailing_unexcused_run,
)

P, E, A = MarkKind.PRESENT, MarkKind.EXCUSED, MarkKind.ABSENT
kinds = st.lists(st.sampled_from([P, E, A]), max_size=60)


def test_rate_examples() -> None:
    # 8 present, 1 sick (excused), 1 alpa: 8 ÷ (10 − 1)
    assert rate(present=8, marked=10, excused=1) == pytest.approx(8 / 9)
    assert rate(present=0, marked=3, excused=0) == 0
    assert rate(present=3, marked=3, excused=0) == 1
    assert rate(present=0, marked=2, excused=2) is None
    assert rate(present=0, marked=0, excused=0) is None
    assert percent(present=2, marked=3, excused=0) == 67
    assert percent(present=0, marked=2, excused=2) is None


def test_percentages_round_half_up_from_the_counts() -> None:
    # Derived by hand: 7 ÷ 8 = 0,875 → 87,5 %; 1 ÷ 8 = 0,125 → 12,5 %, which shows as 13 % where
    # whole percentages are shown (banker's rounding would give 12); 1 ÷ 16 = 6,25 → 6,3.
    assert Tally(marked=8, present=7).report_percent == Decimal("87.5")
    assert Tally(marked=8, present=7).percent == 88
    assert Tally(marked=8, present=1).report_percent == Decimal("12.5")
    assert Tally(marked=8, present=1).percent == 13 != round(12.5)
    assert Tally(marked=16, present=1).report_percent == Decimal("6.3")
    # 29 ÷ 200 = 14,5 %: the float 0.145 * 100 is 14.499…, which a float rule rounds to 14.
    assert Tally(marked=200, present=29).percent == 15
    # An excused mark leaves the denominator: 1 ÷ (9 − 1) = 12,5 → 13.
    assert Tally(marked=9, present=1, excused=1).percent == 13


def test_rate_refuses_inconsistent_counts() -> None:
    with pytest.raises(ValueError, match="Inconsistent"):
        rate(present=3, marked=2, excused=0)


def test_classify() -> None:
    assert classify(counts_present=True, excused=False) is P
    assert classify(counts_present=False, excused=True) is E
    assert classify(counts_present=False, excused=False) is A


@given(kinds)
def test_rate_is_a_fraction_or_unknown(marks: list[MarkKind]) -> None:
    t = tally(marks)
    value = t.rate
    if t.marked == t.excused:
        assert value is None
    else:
        assert value is not None and 0 <= value <= 1
        assert value == t.present / (t.marked - t.excused)


@given(kinds)
def test_excused_marks_never_change_the_rate(marks: list[MarkKind]) -> None:
    without_excused = [k for k in marks if k is not E]
    assert tally(marks).rate == tally(without_excused).rate


@given(kinds, kinds)
def test_tallies_add_up(first: list[MarkKind], second: list[MarkKind]) -> None:
    assert tally(first) + tally(second) == tally(first + second)
    assert Tally() + tally(first) == tally(first)


def test_streak_examples() -> None:
    assert longest_unexcused_run([A, A, P, A]) == 2
    assert longest_unexcused_run([A, E, A, A]) == 3  # the hearing does not break the run
    assert has_unexcused_streak([P, A, E, A, A, P])
    assert not has_unexcused_streak([A, A, P, A, A])
    assert trailing_unexcused_run([A, A, P, A, E]) == 1
    assert trailing_unexcused_run([]) == 0


@given(kinds)
def test_streak_properties(marks: list[MarkKind]) -> None:
    longest = longest_unexcused_run(marks)
    assert trailing_unexcused_run(marks) <= longest <= marks.count(A)
    assert longest_unexcused_run([*marks, P, A]) == max(longest, 1)
    if P not in marks:
        assert longest == marks.count(A)
