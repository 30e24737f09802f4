from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from binaan.accounts.models import User
from binaan.attendance import figures, selectors, services
from binaan.attendance.models import Attendance, SessionRegister
from binaan.devtools.demo import attendance as demo
from binaan.facilities.models import Facility
from binaan.programs.models import Session
from tests.factories import AttEnrollmentFactory, AttSessionFactory
from tests.querycount import assert_flat_queries_at

pytestmark = pytest.mark.django_db


def mark(session: Session, user: User, codes: dict[int, str]) -> None:
    notes = {"keluar": "RS", "sanksi": "Register F"}
    services.register_save(
        session=session,
        marks={pk: (code, notes.get(code, "")) for pk, code in codes.items()},
        expected_version=SessionRegister.objects.filter(session=session).count(),
        user=user,
        amend_reason="Uji",  # older sessions are locked; the head amends them with a reason
    )


def program_with_sessions(facility: Facility, weeks: int, size: int) -> list[Session]:
    """Weekly sessions; the last one started an hour ago and is still running."""
    now = timezone.now()
    starts = [now - timedelta(days=7 * k, hours=3) for k in range(weeks - 1, 0, -1)]
    starts.append(now - timedelta(hours=1))
    first = AttSessionFactory(facility=facility, starts_at=starts[0])
    sessions = [first] + [
        AttSessionFactory(facility=facility, program=first.program, starts_at=start)
        for start in starts[1:]
    ]
    for _ in range(size):
        AttEnrollmentFactory(program=first.program)
    return sessions


def test_session_resident_and_program_figures(
    facility: Facility, make_user: Callable[..., User]
) -> None:
    head = make_user("head")
    sessions = program_with_sessions(facility, 4, 2)
    a, b = selectors.roster_for_session(sessions[0])
    # a: present, sick (excused), alpa, alpa; b: alpa, sidang, alpa, alpa (3 unexcused in a row)
    plan = [("hadir", "alpa"), ("sakit", "sidang"), ("alpa", "alpa"), ("alpa", "alpa")]
    for session, (mark_a, mark_b) in zip(sessions, plan, strict=True):
        mark(session, head, {a.pk: mark_a, b.pk: mark_b})

    tally = figures.session_tally(sessions[0])
    assert (tally.marked, tally.present, tally.excused, tally.percent) == (2, 1, 0, 50)

    resident = figures.resident_figures(a)
    assert resident.overall.percent == 33  # 1 ÷ (4 − 1)
    assert len(resident.programs) == 1 and len(resident.recent) == 4

    participation = figures.program_participation(sessions[0].program)
    by_resident = {p.resident.pk: p for p in participation.participants}
    assert not by_resident[a.pk].streak_flag and by_resident[b.pk].streak_flag
    assert by_resident[b.pk].tally.percent == 0 and by_resident[b.pk].below_minimum
    assert participation.unmarked_sessions == []

    months = figures.program_months(facility=facility)
    assert sum(m.tally.marked for m in months) == 8
    assert all(m.program == sessions[0].program.name for m in months)

    html = render_to_string(
        "attendance/_program_participants.html", {"participation": participation}
    )
    assert "flag" in html and b.full_name in html
    html = render_to_string("attendance/_resident_attendance.html", {"figures": resident})
    assert "33%" in html


def test_past_session_without_marks_is_flagged(facility: Facility) -> None:
    sessions = program_with_sessions(facility, 2, 1)
    flagged = figures.program_participation(sessions[0].program).unmarked_sessions
    assert set(flagged) == {sessions[0]}  # the second one has not ended yet


def test_figures_cost_constant_queries(facility: Facility, make_user: Callable[..., User]) -> None:
    head = make_user("head")

    def prepare(size: int) -> Callable[[], object]:
        sessions = program_with_sessions(facility, 3, size)
        for session in sessions:
            mark(session, head, {r.pk: "hadir" for r in selectors.roster_for_session(session)})
        resident = selectors.roster_for_session(sessions[0]).first()
        assert resident is not None

        def read() -> None:
            figures.program_participation(sessions[0].program)
            figures.resident_figures(resident)
            figures.program_months(facility=facility)

        return read

    assert_flat_queries_at((2, 20), prepare, ceiling=9)


def test_demo_seed_marks_past_sessions_once(facility: Facility) -> None:
    sessions = program_with_sessions(facility, 3, 10)
    assert demo.seed() == 2  # the last session has not ended yet
    assert Attendance.objects.filter(session=sessions[0]).count() == 10
    assert demo.seed() == 0
    assert Attendance.objects.count() == 20
