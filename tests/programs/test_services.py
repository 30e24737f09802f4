from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from binaan.accounts.models import Role
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.partners.models import Facilitator
from binaan.programs import selectors, services
from binaan.programs.models import (
    AgendaItem,
    EndReason,
    Enrollment,
    EnrollmentStatus,
    Program,
    Session,
    SessionFacilitator,
    SessionIntern,
    SessionStatus,
)
from binaan.programs.schedule import WeeklySlot
from binaan.residents.models import CourtDate, CustodyStatus
from tests.factories import (
    FacilitatorFactory,
    LocationFactory,
    ProgramFactory,
    make_resident,
    program_category,
    user_with_roles,
)

pytestmark = pytest.mark.django_db
UNTIL = date(2026, 4, 27)


def starts(program: Program) -> list[datetime]:
    return list(Session.objects.filter(program=program).values_list("starts_at", flat=True))


# --- generation ----------------------------------------------------------------------------


def test_generation_gives_eight_mondays_at_one_utc_with_agenda(qonita: Program) -> None:
    result = services.sessions_generate(program=qonita, until=UNTIL)

    assert (result.created, result.kept, result.removed) == (8, 0, 0)
    sessions = list(Session.objects.filter(program=qonita))
    assert len(sessions) == 8
    assert all(s.starts_at.astimezone(UTC).time() == time(1) for s in sessions)
    assert datetime(2026, 3, 23, 1, tzinfo=UTC) not in [s.starts_at for s in sessions]
    assert all(s.location == qonita.default_location for s in sessions)
    assert [a.kind for a in sessions[0].agenda_items.all()] == ["tilawah", "tausiyah", "diskusi"]


def test_regeneration_after_cancel_and_move_changes_nothing(qonita: Program) -> None:
    services.sessions_generate(program=qonita, until=UNTIL)
    first, second = Session.objects.filter(program=qonita).order_by("starts_at")[:2]
    services.session_cancel(session=first, reason="Ustadzah berhalangan")
    moved_to = datetime(2026, 3, 10, 2, tzinfo=UTC)
    services.session_move(
        session=second, starts_at=moved_to, ends_at=moved_to + timedelta(hours=2), location=None
    )
    before = sorted(
        Session.objects.filter(program=qonita).values_list(
            "pk", "starts_at", "ends_at", "status", "location_id", "cancel_reason"
        )
    )

    result = services.sessions_generate(program=qonita, until=UNTIL)

    assert (result.created, result.kept, result.removed) == (0, 8, 0)
    after = sorted(
        Session.objects.filter(program=qonita).values_list(
            "pk", "starts_at", "ends_at", "status", "location_id", "cancel_reason"
        )
    )
    assert after == before
    assert Session.objects.get(pk=first.pk).status == SessionStatus.CANCELLED
    assert Session.objects.get(pk=second.pk).starts_at == moved_to


def test_generation_skips_pancasila_and_independence_day(qonita: Program) -> None:
    services.sessions_generate(program=qonita, until=date(2026, 8, 31))
    days = {s.date() for s in starts(qonita)}
    assert date(2026, 6, 1) not in days
    assert date(2026, 8, 17) not in days
    assert date(2026, 6, 8) in days


def test_schedule_change_removes_untouched_future_sessions_only(qonita: Program) -> None:
    today = date(2026, 3, 1)
    services.sessions_generate(program=qonita, until=UNTIL, today=today)
    edited = Session.objects.filter(program=qonita).order_by("-starts_at").first()
    assert edited is not None
    services.session_update_notes(session=edited, notes="Tamu dari Kemenag")
    services.program_update(program=qonita, data={}, slots=[WeeklySlot(1, time(9), time(11))])

    result = services.sessions_generate(program=qonita, until=UNTIL, today=today)

    # Sessions in the past (the clock is after April 2026) are history and stay as they are.
    assert result.removed == 0
    assert Session.objects.filter(pk=edited.pk).exists()


def test_generation_uses_facility_horizon(facility: Facility, qonita: Program) -> None:
    facility.schedule_horizon_weeks = 2
    facility.save()
    result = services.sessions_generate(program=qonita, today=date(2026, 3, 2))
    assert result.created == 3  # 2, 9 and 16 March


def test_archived_program_generates_nothing(qonita: Program) -> None:
    services.program_archive(program=qonita)
    assert services.sessions_generate(program=qonita, until=UNTIL).created == 0


def test_one_off_cancel_range_and_restore(qonita: Program) -> None:
    services.sessions_generate(program=qonita, until=UNTIL)
    extra = services.session_create_one_off(
        program=qonita,
        starts_at=datetime(2026, 3, 25, 1, tzinfo=UTC),
        ends_at=datetime(2026, 3, 25, 3, tzinfo=UTC),
    ).session
    assert extra.origin == "one_off" and extra.planned_start is None

    count = services.sessions_cancel_range(
        program=qonita, start=date(2026, 3, 9), end=date(2026, 3, 31), reason="Ustadzah umrah"
    )
    assert count == 4  # 9, 16 and 30 March and the one-off on 25 March
    cancelled = Session.objects.filter(program=qonita, status=SessionStatus.CANCELLED)
    assert set(cancelled.values_list("cancel_reason", flat=True)) == {"Ustadzah umrah"}
    restored = services.session_restore(session=cancelled.first()).session  # type: ignore[arg-type]
    assert restored.status == SessionStatus.SCHEDULED and restored.cancel_reason == ""
    assert services.sessions_generate(program=qonita, until=UNTIL).created == 0


def test_cancel_needs_a_reason(qonita: Program) -> None:
    services.sessions_generate(program=qonita, until=UNTIL)
    session = Session.objects.filter(program=qonita).first()
    assert session is not None
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, reason="  ")


def test_agenda_replace_and_assignments(facility: Facility, qonita: Program) -> None:
    services.sessions_generate(program=qonita, until=UNTIL)
    session = Session.objects.filter(program=qonita).first()
    assert session is not None
    ustadzah = FacilitatorFactory(facility=facility)
    services.agenda_replace(
        session=session,
        items=[
            {"kind": "tilawah", "topic": "Al-Kahf"},
            {"kind": "tausiyah", "topic": "Sabar", "facilitator": ustadzah},
        ],
    )
    assert [str(i.topic) for i in AgendaItem.objects.filter(session=session)] == [
        "Al-Kahf",
        "Sabar",
    ]
    services.session_facilitator_assign(session=session, facilitator=ustadzah, task="narasumber")
    intern = user_with_roles(facility, Role.INTERN)
    services.session_intern_assign(session=session, user=intern, task="pendamping")
    assert SessionIntern.objects.get(session=session).task == "pendamping"
    officer = user_with_roles(facility, Role.OFFICER)
    with pytest.raises(ValidationError):
        services.session_intern_assign(session=session, user=officer, task="pendamping")
    session.refresh_from_db()
    assert session.is_modified


# --- enrolment -------------------------------------------------------------------------------


def test_ineligible_resident_is_refused_with_the_rule(facility: Facility, qonita: Program) -> None:
    man = make_resident(facility, sex="L")
    with pytest.raises(ValidationError) as error:
        services.enrollment_add(program=qonita, resident=man)
    # Refused in Indonesian, naming the rule the resident fails.
    assert "hanya untuk Perempuan" in str(error.value)

    christian = make_resident(facility, religion="kristen")
    with pytest.raises(ValidationError) as error:
        services.enrollment_add(program=qonita, resident=christian)
    assert "hanya untuk agama Islam" in str(error.value)
    assert not Enrollment.objects.exists()


def test_block_and_custody_rules(facility: Facility) -> None:
    block = LocationFactory(facility=facility, kind=LocationKind.BLOCK)
    program = ProgramFactory(facility=facility, custody_statuses=[CustodyStatus.TAHANAN])
    program.blocks.set([block])
    outside = make_resident(facility, custody_status=CustodyStatus.TAHANAN)
    with pytest.raises(ValidationError, match="blok"):
        services.enrollment_add(program=program, resident=outside)
    sentenced = make_resident(facility, block=block)
    with pytest.raises(ValidationError):
        services.enrollment_add(program=program, resident=sentenced)
    ok = make_resident(facility, block=block, custody_status=CustodyStatus.TAHANAN)
    assert services.enrollment_add(program=program, resident=ok).enrollment.status == "enrolled"


def test_capacity_waitlist_and_promotion(facility: Facility, qonita: Program) -> None:
    qonita.capacity = 2
    qonita.save()
    residents = [make_resident(facility) for _ in range(4)]
    results = [
        services.enrollment_add(program=qonita, resident=r, on=date(2026, 3, 2)) for r in residents
    ]
    assert [r.waitlisted for r in results] == [False, False, True, True]
    assert [r.enrollment.waitlist_position for r in results[2:]] == [1, 2]
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        services.enrollment_add(program=qonita, resident=residents[0])

    promoted = services.enrollment_end(
        enrollment=results[0].enrollment,
        reason=EndReason.WITHDRAWN,
        on=date(2026, 3, 20),
        today=date(2026, 3, 20),
    )

    assert promoted is not None and promoted.resident == residents[2]
    assert promoted.enrolled_on == date(2026, 3, 20) and promoted.waitlist_position is None
    assert Enrollment.objects.filter(program=qonita, status="enrolled").count() == 2


def test_bulk_preview_and_add(facility: Facility, qonita: Program) -> None:
    qonita.capacity = 38
    qonita.save()
    for _ in range(42):
        make_resident(facility)
    make_resident(facility, sex="L")

    preview = services.enrollment_bulk_preview(program=qonita)
    # The UI speaks Indonesian: "42 eligible, 38 fit, 4 go to the waitlist".
    assert preview.summary == "42 memenuhi syarat, 38 mendapat tempat, 4 masuk daftar tunggu"

    result, _warnings = services.enrollment_bulk_add(program=qonita)
    assert (len(result.fit), len(result.waitlisted)) == (38, 4)
    assert services.enrollment_bulk_preview(program=qonita).eligible == []
    positions = Enrollment.objects.filter(status="waitlisted").values_list(
        "waitlist_position", flat=True
    )
    assert sorted(positions) == [1, 2, 3, 4]
    assert AuditEvent.objects.filter(object_type="programs.enrollment").exists()


def test_end_all_for_resident_on_release(facility: Facility, qonita: Program) -> None:
    qonita.capacity = 1
    qonita.save()
    other = ProgramFactory(facility=facility)
    leaving, waiting = make_resident(facility), make_resident(facility)
    services.enrollment_add(program=qonita, resident=leaving, on=date(2026, 3, 2))
    services.enrollment_add(program=other, resident=leaving, on=date(2026, 3, 2))
    services.enrollment_add(program=qonita, resident=waiting, on=date(2026, 3, 2))

    ended = services.enrollment_end_all_for_resident(
        resident=leaving, reason=EndReason.RELEASED, on=date(2026, 4, 1)
    )

    assert ended == 2
    rows = Enrollment.objects.filter(resident=leaving)
    assert set(rows.values_list("status", "end_reason")) == {("ended", "bebas")}
    assert Enrollment.objects.get(resident=waiting).status == EnrollmentStatus.ENROLLED


# --- rosters and clashes ---------------------------------------------------------------------


def test_roster_is_who_was_enrolled_that_day(facility: Facility, qonita: Program) -> None:
    services.sessions_generate(program=qonita, until=UNTIL)
    early, late, gone = (make_resident(facility) for _ in range(3))
    services.enrollment_add(program=qonita, resident=early, on=date(2026, 3, 2))
    services.enrollment_add(program=qonita, resident=late, on=date(2026, 4, 1))
    row = services.enrollment_add(program=qonita, resident=gone, on=date(2026, 3, 2)).enrollment
    services.enrollment_end(enrollment=row, reason=EndReason.RELEASED, on=date(2026, 3, 16))

    def roster(day: date) -> set[int]:
        session = Session.objects.get(program=qonita, starts_at__date=day)
        return set(selectors.session_roster(session).values_list("pk", flat=True))

    assert roster(date(2026, 3, 9)) == {early.pk, gone.pk}
    assert roster(date(2026, 3, 16)) == {early.pk}
    assert roster(date(2026, 4, 6)) == {early.pk, late.pk}


def test_waitlisted_never_on_roster_even_after_ending(facility: Facility, qonita: Program) -> None:
    qonita.capacity = 1
    qonita.save()
    services.sessions_generate(program=qonita, until=UNTIL)
    services.enrollment_add(program=qonita, resident=make_resident(facility), on=date(2026, 3, 2))
    waiting = services.enrollment_add(
        program=qonita, resident=make_resident(facility), on=date(2026, 3, 2)
    ).enrollment
    services.enrollment_end(enrollment=waiting, reason=EndReason.OTHER, on=date(2026, 4, 1))
    session = Session.objects.get(program=qonita, starts_at__date=date(2026, 3, 9))
    assert selectors.session_roster(session).count() == 1


def test_clash_warnings(facility: Facility, qonita: Program, mosque: Location) -> None:
    services.sessions_generate(program=qonita, until=UNTIL)
    tahanan = make_resident(facility, custody_status=CustodyStatus.TAHANAN, full_name="Ani Tahanan")
    services.enrollment_add(program=qonita, resident=tahanan, on=date(2026, 3, 2))
    CourtDate.objects.create(resident=tahanan, date=date(2026, 4, 6))
    ustadzah: Facilitator = FacilitatorFactory(facility=facility, name="Ustadzah Aminah")
    monday = Session.objects.get(program=qonita, starts_at__date=date(2026, 4, 6))
    services.session_facilitator_assign(session=monday, facilitator=ustadzah, task="narasumber")

    other = services.program_create(
        facility=facility,
        data={
            "name": "Kelas Membaca",
            "category": program_category("intelektual"),
            "start_date": date(2026, 3, 2),
            "facilitators": [ustadzah],
        },
        slots=[WeeklySlot(0, time(10), time(12))],
    )
    services.enrollment_add(program=other, resident=tahanan, on=date(2026, 3, 2))
    result = services.session_create_one_off(
        program=other,
        starts_at=datetime(2026, 4, 6, 2, tzinfo=UTC),  # 10.00 WITA, overlaps Qonita
        ends_at=datetime(2026, 4, 6, 4, tzinfo=UTC),
        location=mosque,
    )
    text = "\n".join(result.warnings)
    assert "Masjid Blok Wanita" in text  # location double-booked
    assert "Ustadzah Aminah" in text  # facilitator double-booked
    assert "Ani Tahanan" in text and "Pengajian Rutin Qonita" in text  # resident in two sessions
    assert any("jadwal sidang" in w for w in result.warnings)  # court date that day
    # Warnings never stop the save.
    assert Session.objects.filter(pk=result.session.pk).exists()


def test_moving_away_clears_the_clash(facility: Facility, qonita: Program) -> None:
    services.sessions_generate(program=qonita, until=UNTIL)
    monday = Session.objects.get(program=qonita, starts_at__date=date(2026, 4, 6))
    other = ProgramFactory(facility=facility, default_location=qonita.default_location)
    clash = services.session_create_one_off(
        program=other, starts_at=monday.starts_at, ends_at=monday.ends_at
    )
    assert clash.warnings
    moved = services.session_move(
        session=clash.session,
        starts_at=monday.ends_at,
        ends_at=monday.ends_at + timedelta(hours=1),
        location=clash.session.location,
    )
    assert moved.warnings == []


def test_program_facilitators_are_assigned_to_generated_sessions(
    facility: Facility, qonita: Program
) -> None:
    ustadzah = FacilitatorFactory(facility=facility)
    qonita.facilitators.set([ustadzah])
    services.sessions_generate(program=qonita, until=UNTIL)
    assert SessionFacilitator.objects.filter(facilitator=ustadzah).count() == 8


def test_program_needs_a_schedule(facility: Facility) -> None:
    with pytest.raises(ValidationError):
        services.program_create(
            facility=facility,
            data={"name": "X", "category": program_category(), "start_date": date(2026, 3, 2)},
            slots=[],
        )


def test_bad_rrule_is_refused(facility: Facility) -> None:
    with pytest.raises(ValidationError):
        services.program_create(
            facility=facility,
            data={
                "name": "X",
                "category": program_category(),
                "start_date": date(2026, 3, 2),
                "rrule": "FREQ=SOMETIMES",
            },
        )
