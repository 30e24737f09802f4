from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.attendance import selectors, services
from binaan.attendance.models import (
    Attendance,
    AttendanceChange,
    AttendanceReason,
    SessionRegister,
)
from binaan.core.dates import local_day_bounds
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.programs.models import EnrollmentStatus, Session, SessionStatus
from binaan.programs.selectors import session_local_date
from tests.factories import (
    AttEnrollmentFactory,
    AttResidentFactory,
    AttSessionFactory,
    user_with_roles,
)
from tests.querycount import assert_flat_queries_at, captured_sql

pytestmark = pytest.mark.django_db


def all_present(session: Session) -> dict[int, tuple[str, str]]:
    return {r.pk: ("hadir", "") for r in selectors.roster_for_session(session)}


def test_roster_is_who_was_enrolled_on_the_day(facility: Facility) -> None:
    session = AttSessionFactory(facility=facility)
    day = session_local_date(session)
    program = session.program
    enrolled = AttEnrollmentFactory(program=program).resident
    ended_later = AttEnrollmentFactory(
        program=program, status=EnrollmentStatus.ENDED, ended_on=day + timedelta(days=1)
    ).resident
    AttEnrollmentFactory(program=program, status=EnrollmentStatus.ENDED, ended_on=day)
    AttEnrollmentFactory(program=program, status=EnrollmentStatus.WAITLISTED)
    AttEnrollmentFactory(program=program, enrolled_on=day + timedelta(days=1))
    AttEnrollmentFactory(facility=facility)  # another program
    assert set(selectors.roster_for_session(session)) == {enrolled, ended_later}


def test_save_creates_marks_history_and_audit(
    facility: Facility, officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(4)
    marks = all_present(session)
    first, second = list(marks)[:2]
    marks[first] = ("izin", "")
    marks[second] = ("keluar", "Rumah sakit")

    result = services.register_save(session=session, marks=marks, expected_version=0, user=officer)

    assert (result.version, result.created, result.updated) == (1, 4, 0)
    assert Attendance.objects.filter(session=session).count() == 4
    assert Attendance.objects.get(session=session, resident_id=second).note == "Rumah sakit"
    assert AttendanceChange.objects.filter(session=session, version=1).count() == 4
    register = SessionRegister.objects.get(session=session)
    assert (register.version, register.saved_by) == (1, officer)
    assert AuditEvent.objects.filter(object_type="attendance.sessionregister").exists()

    marks[first] = ("sakit", "")
    again = services.register_save(session=session, marks=marks, expected_version=1, user=officer)
    assert (again.version, again.created, again.updated, again.unchanged) == (2, 0, 1, 3)
    change = AttendanceChange.objects.get(session=session, version=2)
    assert (change.old_reason.code, change.new_reason.code) == ("izin", "sakit")


def test_saving_the_same_marks_changes_nothing(
    officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(3)
    services.register_save(
        session=session, marks=all_present(session), expected_version=0, user=officer
    )
    result = services.register_save(
        session=session, marks=all_present(session), expected_version=1, user=officer
    )
    assert (result.version, result.unchanged) == (1, 3)


def test_future_and_cancelled_sessions_are_refused(
    facility: Facility, officer: User, make_session: Callable[..., Session]
) -> None:
    future = make_session(2, starts_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(services.RegisterError, match="before it starts"):
        services.register_save(
            session=future, marks=all_present(future), expected_version=0, user=officer
        )
    cancelled = make_session(2, status=SessionStatus.CANCELLED)
    with pytest.raises(services.RegisterError, match="cancelled"):
        services.register_save(
            session=cancelled, marks=all_present(cancelled), expected_version=0, user=officer
        )
    assert not Attendance.objects.exists()


def test_locked_register_only_head_with_a_reason(
    facility: Facility,
    officer: User,
    make_user: Callable[..., User],
    make_session: Callable[..., Session],
) -> None:
    old = timezone.now() - timedelta(days=facility.attendance_lock_days + 2)
    session = make_session(2, starts_at=old)
    marks = all_present(session)
    with pytest.raises(services.RegisterError, match="only the head"):
        services.register_save(session=session, marks=marks, expected_version=0, user=officer)
    head = make_user(Role.HEAD)
    with pytest.raises(services.RegisterError, match="give a reason"):
        services.register_save(session=session, marks=marks, expected_version=0, user=head)
    services.register_save(
        session=session, marks=marks, expected_version=0, user=head, amend_reason="Kertas hilang"
    )
    assert set(
        AttendanceChange.objects.filter(session=session).values_list("amend_reason", flat=True)
    ) == {"Kertas hilang"}


def test_within_the_lock_period_the_officer_may_still_edit(
    facility: Facility, officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(
        1, starts_at=timezone.now() - timedelta(days=facility.attendance_lock_days)
    )
    assert not services.is_locked(session)
    services.register_save(
        session=session, marks=all_present(session), expected_version=0, user=officer
    )


def test_reason_needing_a_note_names_the_resident_and_saves_nothing(
    officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(3)
    marks = all_present(session)
    resident = selectors.roster_for_session(session).first()
    assert resident is not None
    marks[resident.pk] = ("sanksi", "  ")
    with pytest.raises(services.RegisterError) as caught:
        services.register_save(session=session, marks=marks, expected_version=0, user=officer)
    assert resident.full_name in caught.value.messages[0]
    assert "needs a note" in caught.value.messages[0]
    assert not Attendance.objects.exists()
    assert not SessionRegister.objects.filter(version__gt=0).exists()


def test_unknown_reason_and_resident_off_the_roster_are_refused(
    facility: Facility, officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(1)
    outsider = AttResidentFactory(facility=facility)
    marks = all_present(session)
    marks[outsider.pk] = ("hadir", "")
    with pytest.raises(services.RegisterError, match="walk-in"):
        services.register_save(session=session, marks=marks, expected_version=0, user=officer)
    marks = {pk: ("bolos", "") for pk in all_present(session)}
    with pytest.raises(services.RegisterError, match="bolos"):
        services.register_save(session=session, marks=marks, expected_version=0, user=officer)


def test_walk_in_is_marked_and_flagged(
    facility: Facility,
    other_facility: Facility,
    officer: User,
    make_session: Callable[..., Session],
) -> None:
    session = make_session(1)
    walk_in = AttResidentFactory(facility=facility)
    foreign = AttResidentFactory(facility=other_facility)
    marks = all_present(session) | {walk_in.pk: ("hadir", "")}
    services.register_save(
        session=session, marks=marks, walk_ins=[walk_in.pk], expected_version=0, user=officer
    )
    assert Attendance.objects.get(resident=walk_in).is_walk_in
    with pytest.raises(services.RegisterError, match="not active residents"):
        services.register_save(
            session=session, marks={}, walk_ins=[foreign.pk], expected_version=1, user=officer
        )


def test_stale_save_is_refused_naming_who_and_what(
    facility: Facility, make_user: Callable[..., User], make_session: Callable[..., Session]
) -> None:
    first = user_with_roles(facility, Role.OFFICER, full_name="Siti Petugas")
    second = make_user(Role.OFFICER)
    session = make_session(3)
    mine = all_present(session)
    theirs = dict(mine)
    absent = next(iter(theirs))
    theirs[absent] = ("sakit", "")
    services.register_save(session=session, marks=theirs, expected_version=0, user=first)

    with pytest.raises(services.StaleRegisterError) as caught:
        services.register_save(session=session, marks=mine, expected_version=0, user=second)
    error = caught.value
    assert error.saved_by == "Siti Petugas" and error.version == 1
    assert "Siti Petugas" in error.messages[0]
    sick = AttendanceReason.objects.get(code="sakit", facility=None).display_label
    assert any(sick in change for change in error.changes)
    assert Attendance.objects.get(session=session, resident_id=absent).reason.code == "sakit"


def test_scan_marks_present_by_number_or_card(
    facility: Facility, officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(2)
    resident, other = list(selectors.roster_for_session(session))
    result = services.scan_mark(
        session=session, code=f" {resident.registration_number} ", user=officer
    )
    assert result.ok and resident.full_name in result.message
    again = services.scan_mark(
        session=session, code=resident.registration_number.lower(), user=officer
    )
    assert again.ok and again.already
    assert Attendance.objects.get(resident=resident).reason.code == "hadir"

    unknown = services.scan_mark(session=session, code="XX-999", user=officer)
    assert not unknown.ok and "XX-999" in unknown.message
    outsider = AttResidentFactory(facility=facility, full_name="Bukan Peserta")
    refused = services.scan_mark(session=session, code=outsider.registration_number, user=officer)
    assert (
        not refused.ok and "Bukan Peserta" in refused.message and "not enrolled" in refused.message
    )
    assert SessionRegister.objects.get(session=session).version == 1
    assert other.pk not in set(Attendance.objects.values_list("resident_id", flat=True))


def test_scan_turns_an_excused_mark_into_present(
    officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(1)
    resident = selectors.roster_for_session(session).get()
    services.register_save(
        session=session, marks={resident.pk: ("izin", "")}, expected_version=0, user=officer
    )
    assert services.scan_mark(session=session, code=resident.registration_number, user=officer).ok
    assert Attendance.objects.get(resident=resident).reason.code == "hadir"


def test_scan_refuses_a_cancelled_session(
    officer: User, make_session: Callable[..., Session]
) -> None:
    session = make_session(1, status=SessionStatus.CANCELLED)
    resident = selectors.roster_for_session(session).get()
    result = services.scan_mark(session=session, code=resident.registration_number, user=officer)
    assert not result.ok and "cancelled" in result.message


BULK_INSERT = ('INSERT INTO "attendance_attendance"', 'INSERT INTO "attendance_attendancechange"')


def test_saving_costs_the_same_for_10_and_300_residents(
    officer: User, make_session: Callable[..., Session]
) -> None:
    def saving(size: int, *, edit: bool = False) -> Callable[[], object]:
        """The first save of a register of `size`, or (edit=True) the edit after it."""
        session = make_session(size)
        marks = all_present(session)
        first = next(iter(marks))
        marks[first] = ("izin", "")
        if edit:
            services.register_save(session=session, marks=marks, expected_version=0, user=officer)
            marks = {**marks, first: ("sakit", "")}
        return lambda: services.register_save(
            session=session, marks=marks, expected_version=int(edit), user=officer
        )

    # SQLite allows 999 parameters per statement, so Django splits one bulk INSERT of 300 rows
    # into batches; everything else is the same statements.
    sqlite = connection.vendor == "sqlite"
    batched = (lambda sql: sql.startswith(BULK_INSERT)) if sqlite else None
    assert_flat_queries_at((10, 300), saving, ceiling=16, exclude=batched)
    assert_flat_queries_at((10, 300), lambda size: saving(size, edit=True), ceiling=15)
    if sqlite:
        inserts = [sql for sql in captured_sql(saving(300)) if sql.startswith(BULK_INSERT)]
        assert len(inserts) <= 2 * (300 * 14 // 999 + 1)


def test_date_helpers(facility: Facility) -> None:
    start, end = local_day_bounds(facility, date(2026, 4, 6))
    assert (end - start) == timedelta(days=1)
    assert start.utcoffset() == timedelta(hours=8)  # WITA
