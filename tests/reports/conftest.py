"""The small month of the hand-computed test (issue 7, "Must show").

Rutan Kelas IIA Balikpapan (WITA, UTC+8), March 2026. Ten residents R1..R10:
  sex       R1–R6 male (L), R7–R10 female (P)
  custody   R1–R8 narapidana, R9–R10 tahanan
  religion  R1–R7 islam, R8–R10 kristen
  block     R1–R5 Blok A, R6–R10 Blok B
R10 is transferred out (mutasi keluar) on 12 March: marked on 2 and 9 March only.

Sessions (times are WITA):
  S1 Pengajian (ketakwaan, kepribadian)          Mon 2 Mar 09.00, 10 marks
  S2 Pengajian                                   Mon 9 Mar 09.00, 10 marks
  S3 Menjahit (keterampilan-kerja, kemandirian)  Mon 16 Mar 09.00, 9 marks (R10 gone)
  S4 Menjahit                                    Mon 23 Mar 09.00, 9 marks
  S5 Pengajian, cancelled "Ustadzah sakit"       Mon 30 Mar 09.00
  S6 Menjahit, not cancelled, no marks           Tue 31 Mar 23.00 (= 15.00 UTC): in March
  S7 Menjahit, 5 marks                           Wed 1 Apr 00.30 (= 31 Mar 16.30 UTC): April
  S8 Pengajian, 5 marks                          Mon 23 Feb 09.00: previous month
Marks (h hadir, t terlambat = present; i izin, s sakit = excused; a alpa = absent):
        R1 R2 R3 R4 R5 R6 R7 R8 R9 R10
  S1    h  h  h  h  h  h  h  h  s  a
  S2    h  h  h  h  h  h  h  t  i  h
  S3    h  h  h  h  h  a  a  s  h  —
  S4    h  h  h  h  h  h  a  a  a  —
  S8    h  h  h  h  a            (February)
  S7    h  h  h  h  h            (April)
Facilitator F1 (of partner P1, which is also a partner of Pengajian) leads S1, S2 and the
cancelled S5; facilitator F2 (no partner) leads S3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from binaan.attendance.models import Attendance, AttendanceReason
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.partners.models import Facilitator, Partner, PartnerKind
from binaan.programs.models import (
    Program,
    ProgramCategory,
    Session,
    SessionFacilitator,
    SessionStatus,
)
from binaan.reports.selectors import Month
from binaan.residents.models import (
    CustodyStatus,
    Movement,
    MovementKind,
    Resident,
    ResidentState,
)
from tests.factories import FacilityFactory, make_resident

MARCH = Month(2026, 3)
# After every session of the scenario, so S6 counts as "no attendance taken".
NOW = datetime(2026, 4, 10, 12, tzinfo=UTC)


def wita(day: date, hour: int, minute: int = 0) -> datetime:
    # WITA is UTC+8 all year (no daylight saving in Indonesia).
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


@dataclass
class SmallMonth:
    facility: Facility
    residents: list[Resident]
    pengajian: Program
    menjahit: Program
    sessions: dict[str, Session]


def _reason(code: str) -> AttendanceReason:
    # get_or_create: transactional (browser) tests flush the rows the data migrations shipped.
    present = code in {"hadir", "terlambat"}
    reason, _ = AttendanceReason.objects.get_or_create(
        facility=None,
        code=code,
        defaults={"label": code, "counts_present": present, "excused": code in {"izin", "sakit"}},
    )
    return reason


def _category(code: str, name: str, group: str) -> ProgramCategory:
    category, _ = ProgramCategory.objects.get_or_create(
        code=code, defaults={"name": name, "group": group}
    )
    return category


def build_small_month(facility: Facility, tag: str = "") -> SmallMonth:
    """The scenario above; `tag` suffixes names so it can be built again (query-count tests)."""
    block_a = Location.objects.create(
        facility=facility, name=f"Blok A{tag}", kind=LocationKind.BLOCK
    )
    block_b = Location.objects.create(
        facility=facility, name=f"Blok B{tag}", kind=LocationKind.BLOCK
    )
    residents = []
    for number in range(1, 11):
        residents.append(
            make_resident(
                facility,
                full_name=f"R{number}{tag}",
                sex="L" if number <= 6 else "P",
                custody_status=CustodyStatus.NARAPIDANA if number <= 8 else CustodyStatus.TAHANAN,
                religion="islam" if number <= 7 else "kristen",
                block=block_a if number <= 5 else block_b,
            )
        )
    r10 = residents[9]
    other = FacilityFactory(name=f"Lapas Kelas IIA Samarinda{tag}")
    Movement.objects.create(
        resident=r10,
        kind=MovementKind.TRANSFER_OUT,
        date=date(2026, 3, 12),
        from_facility=facility,
        to_facility=other,
    )
    r10.state = ResidentState.TRANSFERRED
    r10.save(update_fields=["state"])

    partner = Partner.objects.create(
        facility=facility, name=f"Majelis Taklim Qonita{tag}", kind=PartnerKind.MAJELIS_TAKLIM
    )
    pengajian = Program.objects.create(
        facility=facility,
        name=f"Pengajian Rutin Qonita{tag}",
        category=_category("ketakwaan", "Ketakwaan kepada Tuhan Yang Maha Esa", "kepribadian"),
        start_date=date(2026, 1, 1),
    )
    pengajian.partners.add(partner)
    menjahit = Program.objects.create(
        facility=facility,
        name=f"Pelatihan Menjahit{tag}",
        category=_category("keterampilan-kerja", "Keterampilan kerja", "kemandirian"),
        start_date=date(2026, 1, 1),
    )
    f1 = Facilitator.objects.create(
        facility=facility, name=f"Ustadzah Aminah{tag}", partner=partner
    )
    f2 = Facilitator.objects.create(facility=facility, name=f"Ibu Sri Wahyuni{tag}")

    def session(program: Program, start: datetime, **fields: object) -> Session:
        return Session.objects.create(
            facility=facility,
            program=program,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            **fields,
        )

    sessions = {
        "S1": session(pengajian, wita(date(2026, 3, 2), 9)),
        "S2": session(pengajian, wita(date(2026, 3, 9), 9)),
        "S3": session(menjahit, wita(date(2026, 3, 16), 9)),
        "S4": session(menjahit, wita(date(2026, 3, 23), 9)),
        "S5": session(
            pengajian,
            wita(date(2026, 3, 30), 9),
            status=SessionStatus.CANCELLED,
            cancel_reason="Ustadzah sakit",
        ),
        "S6": session(menjahit, wita(date(2026, 3, 31), 23)),
        "S7": session(menjahit, wita(date(2026, 4, 1), 0, 30)),
        "S8": session(pengajian, wita(date(2026, 2, 23), 9)),
    }
    grid = {
        "S1": "h h h h h h h h s a",
        "S2": "h h h h h h h t i h",
        "S3": "h h h h h a a s h -",
        "S4": "h h h h h h a a a -",
        "S8": "h h h h a - - - - -",
        "S7": "h h h h h - - - - -",
    }
    codes = {"h": "hadir", "t": "terlambat", "i": "izin", "s": "sakit", "a": "alpa"}
    reasons = {letter: _reason(code) for letter, code in codes.items()}
    marks = []
    for name, line in grid.items():
        for resident, letter in zip(residents, line.split(), strict=True):
            if letter != "-":
                marks.append(
                    Attendance(
                        facility=facility,
                        session=sessions[name],
                        resident=resident,
                        reason=reasons[letter],
                        marked_at=sessions[name].starts_at,
                    )
                )
    Attendance.objects.bulk_create(marks)
    for name, facilitator in (("S1", f1), ("S2", f1), ("S5", f1), ("S3", f2)):
        SessionFacilitator.objects.create(session=sessions[name], facilitator=facilitator)
    return SmallMonth(facility, residents, pengajian, menjahit, sessions)


@pytest.fixture
def small_month(facility: Facility) -> SmallMonth:
    return build_small_month(facility)
