"""Waitlists: numbered 1..n after every change, eligibility checked again on promotion, and a
backdated release never puts the promoted resident on past (or locked) rosters."""

from __future__ import annotations

from datetime import date

import pytest

from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.programs import selectors, services
from binaan.programs.models import EndReason, Enrollment, EnrollmentStatus, Program, Session
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

MARCH_2 = date(2026, 3, 2)


def _fill(program: Program, facility: Facility, capacity: int, waiting: int) -> list[Enrollment]:
    program.capacity = capacity
    program.save()
    rows = []
    for _ in range(capacity + waiting):
        resident = make_resident(facility)
        rows.append(services.enrollment_add(program=program, resident=resident, on=MARCH_2))
    return [r.enrollment for r in rows]


def _positions(program: Program) -> list[tuple[int, int | None]]:
    return list(
        Enrollment.objects.filter(program=program, status=EnrollmentStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("resident_id", "waitlist_position")
    )


def test_positions_are_renumbered_after_a_promotion_and_a_withdrawal(
    facility: Facility, qonita: Program
) -> None:
    rows = _fill(qonita, facility, capacity=2, waiting=4)
    placed, waiting = rows[:2], rows[2:]
    assert [w.waitlist_position for w in waiting] == [1, 2, 3, 4]

    # A place is freed: #1 is promoted, #2..#4 become #1..#3.
    promoted = services.enrollment_end(
        enrollment=placed[0], reason=EndReason.WITHDRAWN, on=date(2026, 3, 20)
    )
    assert promoted is not None and promoted.pk == waiting[0].pk
    assert _positions(qonita) == [
        (waiting[1].resident_id, 1),
        (waiting[2].resident_id, 2),
        (waiting[3].resident_id, 3),
    ]
    # #2 (formerly #3) withdraws from the waitlist: the last one becomes #2.
    waiting[2].refresh_from_db()
    services.enrollment_end(enrollment=waiting[2], reason=EndReason.WITHDRAWN, on=date(2026, 3, 21))
    assert _positions(qonita) == [(waiting[1].resident_id, 1), (waiting[3].resident_id, 2)]
    # A newcomer joins at #3, not after the old numbers.
    late = services.enrollment_add(program=qonita, resident=make_resident(facility), on=MARCH_2)
    assert late.enrollment.waitlist_position == 3
    assert AuditEvent.objects.filter(
        object_type="programs.enrollment", after__has_key="waitlist_renumbered"
    ).exists()


def test_an_ineligible_resident_is_skipped_with_the_rule_and_the_next_promoted(
    facility: Facility, qonita: Program
) -> None:
    rows = _fill(qonita, facility, capacity=1, waiting=2)
    first, second = rows[1], rows[2]
    # Since joining the waitlist the first one's religion was corrected: Qonita is for Muslims.
    first.resident.religion = "kristen"
    first.resident.save()

    promotion = services.enrollment_end_promotion(
        enrollment=rows[0], reason=EndReason.WITHDRAWN, on=date(2026, 3, 20)
    )

    assert promotion.promoted is not None and promotion.promoted.pk == second.pk
    assert [row.pk for row, _rules in promotion.skipped] == [first.pk]
    first.refresh_from_db()
    assert first.status == EnrollmentStatus.WAITLISTED and first.waitlist_position == 1
    assert "agama" in first.skip_reason  # "Program hanya untuk agama Islam; …"
    assert AuditEvent.objects.filter(
        object_type="programs.enrollment", object_id=str(first.pk), after__has_key="skip_reason"
    ).exists()


def test_a_backdated_release_never_adds_the_promoted_resident_to_past_rosters(
    facility: Facility, qonita: Program
) -> None:
    services.sessions_generate(program=qonita, until=date(2026, 4, 30), today=MARCH_2)
    rows = _fill(qonita, facility, capacity=1, waiting=1)
    leaving, waiting = rows[0].resident, rows[1].resident

    # Recorded on Wednesday 15 April: the resident was released on Monday 16 March.
    services.enrollment_end_all_for_resident(
        resident=leaving, reason=EndReason.RELEASED, on=date(2026, 3, 16), today=date(2026, 4, 15)
    )

    promoted = Enrollment.objects.get(resident=waiting, program=qonita)
    assert promoted.status == EnrollmentStatus.ENROLLED
    assert promoted.enrolled_on == date(2026, 4, 15)

    def roster(day: date) -> set[int]:
        session = Session.objects.get(program=qonita, starts_at__date=day)
        return set(selectors.session_roster(session).values_list("pk", flat=True))

    # The Monday sessions of 16 and 30 March, 6 and 13 April (23 March is cuti bersama: no
    # session) are past, all but 13 April locked after 7 days: the promoted resident is on none
    # of them; the released one has left them from 16 March on.
    for day in (date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 6), date(2026, 4, 13)):
        assert roster(day) == set(), day
    assert roster(date(2026, 3, 9)) == {leaving.pk}
    assert roster(date(2026, 4, 20)) == {waiting.pk}
