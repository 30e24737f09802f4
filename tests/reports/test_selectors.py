"""The monthly report against figures computed by hand from the grid in conftest.py."""

from __future__ import annotations

from datetime import date

import pytest

from binaan.reports.selectors import Month, monthly_report
from tests.reports.conftest import MARCH, NOW, SmallMonth

pytestmark = pytest.mark.django_db


def _rows(report, key):  # type: ignore[no-untyped-def]
    return {row.label: row for row in report.breakdown(key).rows}


def test_totals_of_the_small_month(small_month: SmallMonth) -> None:
    report = monthly_report(facility=small_month.facility, month=MARCH, now=NOW)
    total = report.total
    # Planned: S1–S6 start in March (WITA); S7 starts 31 March 16.30 UTC = 1 April WITA, so it
    # belongs to April; S8 is February.
    assert total.planned == 6
    assert total.cancelled == 1  # S5
    # Held: S1–S4 (not cancelled, started before the month's end, have marks).
    assert total.held == 4
    # S6 ended without a single mark.
    assert total.not_taken == 1
    # Marks: 10 + 10 + 9 + 9 (R10 left on 12 March, so S3 and S4 have nine rows).
    assert total.marked == 38
    # Present (h or t): S1 8 (R1–R8), S2 9 (all but R9), S3 6 (R1–R5, R9), S4 6 (R1–R6) = 29.
    assert total.present == total.participations == 29
    # Excused (i or s): S1 R9, S2 R9, S3 R8 = 3.
    assert total.excused == 3
    assert total.absent == 38 - 29 - 3
    # Rate = present ÷ (marked − excused) = 29 ÷ 35.
    assert total.rate == pytest.approx(29 / 35)
    assert total.percent == 83
    # Unique participants: R1–R8 present on S1, R10 on S2, R9 on S3 → all ten, R10 included
    # although transferred out (the marks stay where the sessions took place).
    assert total.participants == 10


def test_breakdowns_by_program_group_and_area(small_month: SmallMonth) -> None:
    report = monthly_report(facility=small_month.facility, month=MARCH, now=NOW)
    programs = _rows(report, "program")
    pengajian = programs["Pengajian Rutin Qonita"]
    # S1, S2, S5: planned 3, held 2, cancelled 1; marks 20, present 8 + 9, excused 2 (R9 twice).
    assert (pengajian.planned, pengajian.held, pengajian.cancelled, pengajian.not_taken) == (
        3, 2, 1, 0,
    )  # fmt: skip
    assert (pengajian.marked, pengajian.present, pengajian.excused) == (20, 17, 2)
    assert pengajian.rate == pytest.approx(17 / 18)
    # R9 was never present at the Pengajian (sick, then permission): nine participants.
    assert pengajian.participants == 9
    menjahit = programs["Pelatihan Menjahit"]
    # S3, S4, S6 (S7 is April): held 2, no attendance taken 1; marks 18, present 6 + 6, S3 R8.
    assert (menjahit.planned, menjahit.held, menjahit.cancelled, menjahit.not_taken) == (
        3, 2, 0, 1,
    )  # fmt: skip
    assert (menjahit.marked, menjahit.present, menjahit.excused) == (18, 12, 1)
    assert menjahit.rate == pytest.approx(12 / 17)
    # R1–R5 and R9 on S3, R1–R6 on S4 → R1–R6, R9.
    assert menjahit.participants == 7
    groups = {row.key: row for row in report.breakdown("group").rows}
    assert groups["kepribadian"].present == 17 and groups["kemandirian"].present == 12
    areas = _rows(report, "area")
    assert areas["Ketakwaan kepada Tuhan Yang Maha Esa"].marked == 20
    assert areas["Keterampilan kerja"].marked == 18


def test_breakdowns_by_resident_attributes(small_month: SmallMonth) -> None:
    report = monthly_report(facility=small_month.facility, month=MARCH, now=NOW)
    sex = {row.key: row for row in report.breakdown("sex").rows}
    # Men R1–R6: 24 marks, only R6's alpa on S3 is not present → 23 ÷ 24.
    assert (sex["L"].marked, sex["L"].present, sex["L"].excused) == (24, 23, 0)
    # Women R7–R10: S1 2 present (R7, R8) of 4 + S2 3 of 4 + S3 1 of 3 + S4 0 of 3 = 6 of 14;
    # excused R9 (S1), R9 (S2), R8 (S3) = 3 → 6 ÷ 11.
    assert (sex["P"].marked, sex["P"].present, sex["P"].excused) == (14, 6, 3)
    assert sex["P"].rate == pytest.approx(6 / 11)
    assert (sex["L"].participants, sex["P"].participants) == (6, 4)
    custody = {row.key: row for row in report.breakdown("custody").rows}
    # Tahanan R9 (s i h a) and R10 (a h): 6 marks, present 2, excused 2 → 2 ÷ 4.
    assert (custody["tahanan"].marked, custody["tahanan"].present) == (6, 2)
    assert custody["tahanan"].rate == pytest.approx(0.5)
    assert custody["narapidana"].rate == pytest.approx(27 / 31)
    religion = {row.key: row for row in report.breakdown("religion").rows}
    # Kristen R8 (h t s a), R9 (s i h a), R10 (a h): 10 marks, 4 present, 3 excused → 4 ÷ 7.
    assert religion["kristen"].rate == pytest.approx(4 / 7)
    assert religion["islam"].rate == pytest.approx(25 / 28)
    block = _rows(report, "block")
    # Blok A R1–R5 were present at every session: 20 of 20.
    assert (block["Blok A"].marked, block["Blok A"].present, block["Blok A"].rate) == (20, 20, 1)
    # Blok B R6–R10: 18 marks, 9 present, 3 excused → 9 ÷ 15.
    assert block["Blok B"].rate == pytest.approx(0.6)
    assert block["Blok B"].participants == 5


def test_previous_month_cancellations_people_and_trend(small_month: SmallMonth) -> None:
    report = monthly_report(facility=small_month.facility, month=MARCH, now=NOW)
    # February: S8 only, R1–R4 present, R5 alpa → 4 ÷ 5.
    assert (report.previous.planned, report.previous.held, report.previous.marked) == (1, 1, 5)
    assert report.previous.rate == pytest.approx(0.8)
    assert report.cancel_reasons == [("Ustadzah sakit", 1)]
    # F1 led S1, S2 (held) and S5 (cancelled: not counted); F2 led S3.
    assert [(f.name, f.sessions) for f in report.facilitators] == [
        ("Ibu Sri Wahyuni", 1),
        ("Ustadzah Aminah", 2),
    ]
    # P1 is the Pengajian's partner and F1's: held sessions S1, S2, counted once each.
    assert [(p.name, p.sessions) for p in report.partners] == [("Majelis Taklim Qonita", 2)]
    # Without the interns app the section is empty (binaan.interns is not installed here).
    assert report.interns == []
    assert [p.start for p in report.trend][-2:] == [date(2026, 2, 1), date(2026, 3, 1)]
    assert [p.marked for p in report.trend][-2:] == [5, 38]
    assert len(report.trend) == 12 and report.trend[0].start == date(2025, 4, 1)


def test_april_uses_the_facility_zone_for_its_first_hours(small_month: SmallMonth) -> None:
    april = monthly_report(facility=small_month.facility, month=Month(2026, 4), now=NOW)
    # S7 at 00.30 WITA on 1 April is April's, though it is still 31 March in UTC.
    assert (april.total.planned, april.total.held, april.total.marked) == (1, 1, 5)


def test_month_parsing() -> None:
    assert Month.parse("2026-03") == Month(2026, 3)
    assert Month(2026, 1).shifted(-1) == Month(2025, 12)
    for bad in ("2026-13", "maret", "2026/03", ""):
        with pytest.raises(ValueError, match="YYYY-MM"):
            Month.parse(bad)
