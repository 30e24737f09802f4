"""Months, rows and the shapes every report shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from binaan.attendance import rates
from binaan.core.dates import local_month_bounds
from binaan.facilities.models import Facility

# Marks of a month: the tally of the one rate definition plus participations and participants.
MARKS = {
    "marked": Count("pk"),
    "present": Count("pk", filter=Q(reason__counts_present=True)),
    "excused": Count("pk", filter=Q(reason__excused=True)),
    "participants": Count("resident", distinct=True, filter=Q(reason__counts_present=True)),
}


# --- months ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2026-03' → Month(2026, 3); ValueError with the offending text otherwise."""
        try:
            year_text, month_text = text.strip().split("-")
            value = cls(int(year_text), int(month_text))
        except ValueError as error:
            raise ValueError(f"Not a month (YYYY-MM): {text!r}") from error
        if not (1 <= value.month <= 12 and 2000 <= value.year <= 2100):
            raise ValueError(f"Not a month (YYYY-MM): {text!r}")
        return value

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def bounds(self, facility: Facility) -> tuple[datetime, datetime]:
        """Start and end (exclusive) of the month in the facility's zone, as aware datetimes."""
        return local_month_bounds(facility, self.first_day)


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a breakdown. Session counts are empty (None) for breakdowns by a resident's
    attribute (sex, custody status, religion, block): a session is not of one sex."""

    key: str
    label: str
    marked: int = 0
    present: int = 0
    excused: int = 0
    participants: int = 0
    planned: int | None = None
    held: int | None = None
    cancelled: int | None = None
    not_taken: int | None = None

    @property
    def tally(self) -> rates.Tally:
        return rates.Tally(marked=self.marked, present=self.present, excused=self.excused)

    @property
    def absent(self) -> int:
        return self.tally.absent

    @property
    def participations(self) -> int:
        return self.present

    @property
    def rate(self) -> float | None:
        return self.tally.rate

    @property
    def percent(self) -> int | None:
        return self.tally.percent

    @property
    def report_percent(self) -> Decimal | None:
        """The rate of the report tables (page, PDF, XLSX, CSV): one decimal, half up."""
        return self.tally.report_percent

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "label": self.label}
        for name in ("planned", "held", "cancelled", "not_taken"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        data.update(
            participants=self.participants,
            participations=self.participations,
            marked=self.marked,
            present=self.present,
            excused=self.excused,
            absent=self.absent,
            rate=None if self.rate is None else round(self.rate, 4),
        )
        return data


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[Row]
    has_sessions: bool


@dataclass
class Involvement:
    """A partner, facilitator or intern and what they did in the month."""

    key: str
    name: str
    detail: str
    sessions: int
    hours: Decimal | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "name": self.name,
            "detail": self.detail,
            "sessions": self.sessions,
        }
        if self.hours is not None:
            data["hours"] = float(self.hours)
        return data


@dataclass
class TrendPoint:
    start: date
    label: str
    marked: int
    present: int
    excused: int

    @property
    def tally(self) -> rates.Tally:
        return rates.Tally(marked=self.marked, present=self.present, excused=self.excused)

    @property
    def percent(self) -> int | None:
        return self.tally.percent

    @property
    def report_percent(self) -> Decimal | None:
        return self.tally.report_percent


@dataclass
class MonthlyReport:
    facility: Facility
    month: Month
    total: Row
    previous: Row
    breakdowns: list[Breakdown]
    cancel_reasons: list[tuple[str, int]]
    partners: list[Involvement]
    facilitators: list[Involvement]
    interns: list[Involvement]
    trend: list[TrendPoint]
    generated_at: datetime = field(default_factory=timezone.now)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)
