from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from binaan.accounts.models import Role, User
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.interns import selectors, services
from binaan.interns.models import LogbookState, PresenceCorrection
from binaan.programs.models import AgendaItem, AssignmentTask, SessionIntern
from tests.factories import intern_program, intern_session, user_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    # The messages are matched in English; the UI's default language is Indonesian.
    with translation.override("en"):
        yield


WITA = ZoneInfo("Asia/Makassar")
APRIL_6 = date(2026, 4, 6)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WITA)


def test_placement_create_checks_roles_and_overlap(
    facility: Facility, intern: User, mentor: User
) -> None:
    placement = services.placement_create(
        facility=facility,
        intern=intern,
        mentor=mentor,
        batch="Magang Nasional Batch 2",
        start_date=date(2025, 11, 24),
        end_date=date(2026, 5, 23),
        competencies=["Administrasi", "Pendampingan", "administrasi"],
    )
    assert [c.name for c in placement.competencies.all()] == ["Administrasi", "Pendampingan"]
    assert AuditEvent.objects.filter(object_type="interns.placement").exists()
    with pytest.raises(ValidationError) as overlap:
        services.placement_create(
            facility=facility,
            intern=intern,
            mentor=mentor,
            batch="Batch 3",
            start_date=date(2026, 5, 1),
            end_date=date(2026, 10, 1),
        )
    assert "start_date" in overlap.value.message_dict
    with pytest.raises(ValidationError) as wrong_people:
        services.placement_create(
            facility=facility,
            intern=mentor,
            mentor=intern,
            batch="X",
            start_date=date(2027, 1, 1),
            end_date=date(2027, 6, 1),
        )
    assert set(wrong_people.value.message_dict) == {"intern", "mentor"}


def test_placement_stop_makes_it_stopped(placement: Any) -> None:
    services.placement_stop(placement=placement, on=date(2026, 2, 2), reason="Mengundurkan diri")
    assert placement.state_on(date(2026, 3, 1)) == "dihentikan"
    with pytest.raises(ValidationError):
        services.placement_stop(placement=placement, on=date(2026, 2, 3), reason="lagi")


def test_check_in_and_out_in_the_facility_zone(placement: Any, intern: User) -> None:
    # 07.45 WITA on 6 April is 23.45 UTC on 5 April: the day is the facility's.
    presence = services.presence_check_in(placement=placement, by=intern, at=at(APRIL_6, 7, 45))
    assert presence.date == APRIL_6
    with pytest.raises(ValidationError, match="already checked in"):
        services.presence_check_in(placement=placement, by=intern, at=at(APRIL_6, 8))
    with pytest.raises(ValidationError, match="after the check-in"):
        services.presence_check_out(placement=placement, by=intern, at=at(APRIL_6, 7, 0))
    presence = services.presence_check_out(placement=placement, by=intern, at=at(APRIL_6, 10))
    assert presence.is_unassigned_half_day
    with pytest.raises(ValidationError, match="already checked out"):
        services.presence_check_out(placement=placement, by=intern, at=at(APRIL_6, 16))


def test_check_out_before_check_in_is_refused(placement: Any, intern: User) -> None:
    with pytest.raises(ValidationError, match="Check in first"):
        services.presence_check_out(placement=placement, by=intern, at=at(APRIL_6, 16))


def test_only_the_intern_checks_in_and_only_while_active(
    placement: Any, mentor: User, intern: User
) -> None:
    with pytest.raises(ValidationError):
        services.presence_check_in(placement=placement, by=mentor, at=at(APRIL_6, 8))
    with pytest.raises(ValidationError, match="not active"):
        services.presence_check_in(placement=placement, by=intern, at=at(date(2026, 6, 1), 8))


def test_correction_keeps_history_and_assigns_half_day(
    placement: Any, intern: User, mentor: User
) -> None:
    presence = services.presence_check_in(placement=placement, by=intern, at=at(APRIL_6, 8))
    services.presence_check_out(placement=placement, by=intern, at=at(APRIL_6, 11))
    with pytest.raises(ValidationError):
        services.presence_correct(presence=presence, by=mentor, reason=" ", data={})
    services.presence_correct(
        presence=presence,
        by=mentor,
        reason="Ditugaskan setengah hari untuk kegiatan Qonita",
        data={"check_in": at(APRIL_6, 7, 30), "half_day_assigned": True},
    )
    presence.refresh_from_db()
    assert presence.check_in == at(APRIL_6, 7, 30)
    assert presence.is_half_day and not presence.is_unassigned_half_day
    correction = PresenceCorrection.objects.get(presence=presence)
    assert correction.corrected_by == mentor
    assert datetime.fromisoformat(correction.before["check_in"]) == at(APRIL_6, 8)
    with pytest.raises(ValidationError, match="must fall on"):
        services.presence_correct(
            presence=presence,
            by=mentor,
            reason="x",
            data={"check_out": at(APRIL_6 + timedelta(days=1), 9)},
        )


def test_absence_is_refused_after_a_check_in(placement: Any, intern: User) -> None:
    presence = services.presence_absence(
        placement=placement, by=intern, day=date(2026, 4, 7), reason="sakit", note="Surat dokter"
    )
    assert presence.get_absence_reason_display()
    with pytest.raises(ValidationError, match="absence is recorded"):
        services.presence_check_in(placement=placement, by=intern, at=at(date(2026, 4, 7), 8))
    services.presence_check_in(placement=placement, by=intern, at=at(APRIL_6, 8))
    with pytest.raises(ValidationError, match="check-in"):
        services.presence_absence(placement=placement, by=intern, day=APRIL_6, reason="izin")


def test_prefill_of_6_april_2026_reads_the_qonita_session_and_task(
    facility: Facility, placement: Any, intern: User
) -> None:
    program = intern_program(facility, "Pengajian Rutin Qonita")
    session = intern_session(facility, program=program, starts_at=at(APRIL_6, 9))
    SessionIntern.objects.create(session=session, user=intern, task=AssignmentTask.ASSISTANT)
    # Someone else's assignment and another day's session stay out.
    other = intern_session(facility, program=program, starts_at=at(date(2026, 4, 13), 9))
    SessionIntern.objects.create(session=other, user=intern, task=AssignmentTask.DOCUMENTATION)
    SessionIntern.objects.create(
        session=session, user=user_with_roles(facility, Role.INTERN), task="dokumentasi"
    )
    lines = selectors.logbook_prefill(placement=placement, day=APRIL_6)
    assert lines == ["09.00–11.00 WITA · Pengajian Rutin Qonita · Pendamping"]
    assert services.logbook_prefill(placement=placement, day=APRIL_6) == lines
    assert selectors.prefill_hours(placement=placement, day=APRIL_6) == Decimal("2.0")


def test_logbook_flow_draft_submit_return_verify(
    placement: Any, intern: User, mentor: User
) -> None:
    entry = services.logbook_save(
        placement=placement, by=intern, day=APRIL_6, activities="Mendampingi", hours=Decimal("7.5")
    )
    assert entry.state == LogbookState.DRAFT
    with pytest.raises(ValidationError):
        services.logbook_verify(entry=entry, by=mentor)
    services.logbook_submit(entry=entry, by=intern)
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.logbook_save(
            placement=placement, by=intern, day=APRIL_6, activities="x", hours=Decimal(1)
        )
    with pytest.raises(ValidationError):
        services.logbook_return(entry=entry, by=mentor, comment="")
    with pytest.raises(ValidationError, match="mentor"):
        services.logbook_verify(entry=entry, by=user_with_roles(placement.facility, Role.OFFICER))
    services.logbook_return(entry=entry, by=mentor, comment="Tambahkan apa yang dipelajari")
    assert entry.state == LogbookState.RETURNED
    services.logbook_save(
        placement=placement,
        by=intern,
        day=APRIL_6,
        activities="Mendampingi",
        hours=Decimal("7.5"),
        learned="Tata cara pengajian",
    )
    entry.refresh_from_db()
    services.logbook_submit(entry=entry, by=intern)
    services.logbook_verify(entry=entry, by=mentor, comment="Baik")
    entry.refresh_from_db()
    assert entry.state == LogbookState.VERIFIED and entry.verified_by == mentor


def test_logbook_refuses_days_outside_the_period(placement: Any, intern: User) -> None:
    with pytest.raises(ValidationError, match="outside"):
        services.logbook_save(
            placement=placement, by=intern, day=date(2025, 11, 1), activities="x", hours=Decimal(1)
        )


def test_verification_rounds_warn_under_two_a_month(
    facility: Facility, placement: Any, intern: User, mentor: User, today: date
) -> None:
    from binaan.interns.models import LogbookEntry

    for day in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)):
        entry = services.logbook_save(
            placement=placement, by=intern, day=day, activities="a", hours=Decimal(8)
        )
        services.logbook_submit(entry=entry, by=intern)
        services.logbook_verify(entry=entry, by=mentor)
    # All three verified on one date: one round in March.
    LogbookEntry.objects.filter(placement=placement).update(verified_at=at(date(2026, 3, 6), 15))
    overview = selectors.mentor_overview(facility=facility, user=mentor, today=today)
    march = next(r for r in overview.rounds if r.month == date(2026, 3, 1))
    assert march.rounds == 1 and march.warn
    LogbookEntry.objects.filter(placement=placement, date=date(2026, 3, 4)).update(
        verified_at=at(date(2026, 3, 20), 15)
    )
    overview = selectors.mentor_overview(facility=facility, user=mentor, today=today)
    march = next(r for r in overview.rounds if r.month == date(2026, 3, 1))
    assert march.rounds == 2 and not march.warn


def test_evaluation_save_submit_and_reminders(
    facility: Facility, placement: Any, mentor: User, intern: User, today: date
) -> None:
    competencies = services.competencies_update(
        placement=placement, names=["Komunikasi", "Dokumentasi"]
    )
    reminders = selectors.mentor_reminders(facility=facility, user=mentor, today=today)
    assert date(2026, 3, 1) in {r.month for r in reminders}
    evaluation = services.evaluation_save(
        placement=placement,
        by=mentor,
        month=date(2026, 3, 15),
        scores={competencies[0].pk: 4, competencies[1].pk: None},
        narrative="",
    )
    assert evaluation.month == date(2026, 3, 1)
    with pytest.raises(ValidationError, match="Dokumentasi"):
        services.evaluation_submit(evaluation=evaluation, by=mentor)
    evaluation = services.evaluation_save(
        placement=placement,
        by=mentor,
        month=date(2026, 3, 1),
        scores={competencies[0].pk: 4, competencies[1].pk: 5},
        narrative="Aktif dan teliti.",
    )
    services.evaluation_submit(evaluation=evaluation, by=mentor)
    reminders = selectors.mentor_reminders(facility=facility, user=mentor, today=today)
    assert date(2026, 3, 1) not in {r.month for r in reminders}
    with pytest.raises(ValidationError, match="submitted"):
        services.evaluation_save(
            placement=placement, by=mentor, month=date(2026, 3, 1), scores={}, narrative="x"
        )
    with pytest.raises(ValidationError, match="scored"):
        services.competencies_update(placement=placement, names=["Komunikasi"])
    with pytest.raises(ValidationError, match="mentor"):
        services.evaluation_save(
            placement=placement, by=intern, month=date(2026, 4, 1), scores={}, narrative=""
        )
    with pytest.raises(ValidationError, match="outside"):
        services.evaluation_save(
            placement=placement, by=mentor, month=date(2026, 9, 1), scores={}, narrative=""
        )


def test_partner_session_notes_update_replaces_the_agenda(facility: Facility) -> None:
    session = intern_session(facility)
    AgendaItem.objects.create(session=session, order=0, kind="tilawah", topic="Lama")
    AgendaItem.objects.create(session=session, order=1, kind="diskusi")
    services.partner_session_notes_update(
        session=session,
        notes="Peserta antusias",
        agenda=[
            {"kind": "tilawah", "topic": "Al-Mulk"},
            {"kind": "tausiyah", "topic": "Sabar", "speaker": "Ustadzah"},
            {"kind": "diskusi"},
        ],
    )
    session.refresh_from_db()
    assert session.notes == "Peserta antusias"
    assert [(a.kind, a.topic) for a in session.agenda_items.all()] == [
        ("tilawah", "Al-Mulk"),
        ("tausiyah", "Sabar"),
        ("diskusi", ""),
    ]
    services.partner_session_notes_update(session=session, notes="", agenda=[{"kind": "diskusi"}])
    assert session.agenda_items.count() == 1
