from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from binaan.devtools.demo import facilities as facilities_demo
from binaan.devtools.demo import interns as demo
from binaan.facilities.models import Facility
from binaan.interns.models import LogbookEntry, Placement
from binaan.programs.models import SessionIntern
from tests.factories import intern_program, intern_session

pytestmark = pytest.mark.django_db


def test_demo_batch_with_qonita_on_6_april_2026_is_idempotent() -> None:
    facilities_demo.seed()
    facility = Facility.objects.get(code="RUTAN-BPN")
    qonita = intern_program(facility, demo.QONITA)
    session = intern_session(
        facility,
        program=qonita,
        starts_at=datetime(2026, 4, 6, 9, tzinfo=ZoneInfo("Asia/Makassar")),
    )
    demo.seed()
    demo.seed()
    placements = Placement.objects.filter(facility=facility, batch=demo.BATCH)
    assert placements.count() == 4
    magang = placements.get(intern__username="magang")
    assert magang.start_date == date(2025, 11, 24) and magang.mentor.username == "petugas"
    assignment = SessionIntern.objects.get(session=session, user=magang.intern)
    entry = LogbookEntry.objects.get(placement=magang, date=date(2026, 4, 6))
    assert (
        f"09.00–11.00 WITA · Pengajian Rutin Qonita · {assignment.get_task_display()}"
        in entry.activities
    )
    assert SessionIntern.objects.filter(session=session).count() == 4
