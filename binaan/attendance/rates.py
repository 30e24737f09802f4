"""The attendance rate: ONE definition, used by every page, document, export and the API.

rate = present ÷ (marked − excused)

A mark whose reason counts as present (hadir, terlambat) is present; a mark whose reason is
excused (izin, sakit, sidang, keluar) leaves the denominator, because the resident could not
come; every other mark (sanksi, alpa) is an unexcused absence. With nothing left to divide by the
rate is unknown (None), never 0 % or 100 %.

Percentages are computed from the counts by `binaan.core.numbers.percent` (Decimal, half up):
whole percentages (`Tally.percent`) on the dashboard, participants and charts, one decimal
(`Tally.report_percent`) in the report tables of the page, the PDF, the XLSX and the CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from binaan.core import numbers


class MarkKind(Enum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


def classify(*, counts_present: bool, excused: bool) -> MarkKind:
    if counts_present:
        return MarkKind.PRESENT
    return MarkKind.EXCUSED if excused else MarkKind.ABSENT


def rate(*, present: int, marked: int, excused: int) -> float | None:
    """present ÷ (marked − excused) as a fraction in [0, 1], or None when nothing counts."""
    if present < 0 or excused < 0 or present + excused > marked:
        raise ValueError(f"Inconsistent counts: {present=} {excused=} {marked=}")
    denominator = marked - excused
    if denominator == 0:
        return None
    return present / denominator


def percent(*, present: int, marked: int, excused: int, places: int = 0) -> Decimal | None:
    """The rate as a percentage from the counts, rounded half up to `places` decimals
    (1 of 8 → 13, or 12.5 with one place), or None when nothing counts."""
    rate(present=present, marked=marked, excused=excused)  # the same consistency check
    return numbers.percent(present, marked - excused, places=places)


@dataclass(frozen=True)
class Tally:
    marked: int = 0
    present: int = 0
    excused: int = 0

    @property
    def absent(self) -> int:
        return self.marked - self.present - self.excused

    @property
    def rate(self) -> float | None:
        return rate(present=self.present, marked=self.marked, excused=self.excused)

    @property
    def percent(self) -> int | None:
        """Whole percent, half up (7 of 8 → 88, 1 of 8 → 13)."""
        value = percent(present=self.present, marked=self.marked, excused=self.excused)
        return None if value is None else int(value)

    @property
    def report_percent(self) -> Decimal | None:
        """Percent with the reports' one decimal, half up (7 of 8 → 87.5, 1 of 16 → 6.3)."""
        return percent(
            present=self.present,
            marked=self.marked,
            excused=self.excused,
            places=numbers.REPORT_PLACES,
        )

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.marked + other.marked, self.present + other.present, self.excused + other.excused
        )


def tally(kinds: Iterable[MarkKind]) -> Tally:
    marked = present = excused = 0
    for kind in kinds:
        marked += 1
        present += kind is MarkKind.PRESENT
        excused += kind is MarkKind.EXCUSED
    return Tally(marked, present, excused)


def longest_unexcused_run(kinds: Sequence[MarkKind]) -> int:
    """The longest run of unexcused absences in time order.

    Excused marks neither break nor extend a run (a court hearing between two absences without
    reason does not excuse them); a present mark ends it.
    """
    best = current = 0
    for kind in kinds:
        if kind is MarkKind.ABSENT:
            current += 1
            best = max(best, current)
        elif kind is MarkKind.PRESENT:
            current = 0
    return best


def trailing_unexcused_run(kinds: Sequence[MarkKind]) -> int:
    """The run of unexcused absences up to the latest mark (same rule as above)."""
    run = 0
    for kind in reversed(kinds):
        if kind is MarkKind.ABSENT:
            run += 1
        elif kind is MarkKind.PRESENT:
            break
    return run


# The flag on the program page: this many unexcused absences in a row.
UNEXCUSED_STREAK = 3


def has_unexcused_streak(kinds: Sequence[MarkKind], length: int = UNEXCUSED_STREAK) -> bool:
    return longest_unexcused_run(kinds) >= length
