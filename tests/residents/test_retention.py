"""Retention (UU 27/2022 Pasal 43): `anonymise_released` removes identity, keeps every figure."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.management import call_command

from binaan.attendance.figures import resident_figures, session_tally
from binaan.attendance.models import Attendance, AttendanceReason
from binaan.core.dates import facility_today
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.reports.selectors import Month, monthly_report
from binaan.residents.models import CourtDate, Movement, MovementKind, Resident, ResidentState
from binaan.residents.retention import pseudonym, residents_anonymise_released
from tests.factories import LocationFactory, ResidentFactory, make_enrollment, make_session

pytestmark = pytest.mark.django_db

MARCH_2013 = Month(2013, 3)
NOW = datetime(2026, 4, 6, 3, tzinfo=UTC)


def _released(facility: Facility, years_ago: int, **fields: Any) -> Resident:
    resident = ResidentFactory(facility=facility, **fields)
    released_on = facility_today(facility) - relativedelta(years=years_ago, days=1)
    Movement.objects.create(
        resident=resident, kind=MovementKind.RELEASE, date=released_on, note="Bebas murni, ikut ibu"
    )
    Resident.objects.filter(pk=resident.pk).update(state=ResidentState.RELEASED)
    resident.refresh_from_db()
    return resident


@pytest.fixture
def world(facility: Facility, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = str(tmp_path)
    block = LocationFactory(facility=facility, name="Blok Mawar")
    old = _released(
        facility, 12, full_name="Rina Lama", registration_number="BI 0001/2012",
        birth_date=date(1990, 5, 17), birth_place="Samarinda", alias="Ina", block=block,
        sex="P", religion="kristen",
    )  # fmt: skip
    old.photo.save("face.png", ContentFile(b"\x89PNG"), save=True)
    recent = _released(facility, 5, full_name="Dewi Baru", block=block)
    active = ResidentFactory(facility=facility, full_name="Aktif Sekarang", block=block)
    CourtDate.objects.create(resident=old, date=date(2012, 2, 1), court="PN Balikpapan", note="x")
    present = AttendanceReason.objects.get(code="hadir", facility=None)
    excused = AttendanceReason.objects.get(code="sakit", facility=None)
    absent = AttendanceReason.objects.get(code="alpa", facility=None)
    sessions = []
    for day, reasons in ((4, (present, excused, absent)), (11, (absent, present, present))):
        start = datetime(2013, 3, day, 1, tzinfo=UTC)
        session = make_session(facility, starts_at=start, ends_at=start + relativedelta(hours=2))
        sessions.append(session)
        for resident, reason in zip((old, recent, active), reasons, strict=True):
            make_enrollment(facility, program=session.program, resident=resident, note="n")
            Attendance.objects.create(
                facility=facility, session=session, resident=resident, reason=reason,
                note="Sakit gigi, diantar Bu Rina", marked_at=start,
            )  # fmt: skip
    return {"old": old, "recent": recent, "active": active, "sessions": sessions}


def _figures(facility: Facility, world: dict[str, Any]) -> Any:
    report = dataclasses.asdict(monthly_report(facility=facility, month=MARCH_2013, now=NOW))
    report.pop("generated_at")
    rates = [session_tally(s) for s in world["sessions"]]
    people = [resident_figures(world[k]).overall for k in ("old", "recent", "active")]
    return report, rates, people


def test_anonymises_only_the_long_released_and_keeps_every_figure(
    facility: Facility, world: dict[str, Any]
) -> None:
    before = _figures(facility, world)
    # The figures compared are real ones: six marks, three present, one excused, three people.
    total = before[0]["total"]
    assert (total["marked"], total["present"], total["excused"]) == (6, 3, 1)
    assert total["participants"] == 3
    photo_name = world["old"].photo.name
    result = residents_anonymise_released(years=10)
    assert result.resident_ids == [world["old"].pk] and result.by_facility == {"RUTAN-BPN": 1}
    assert _figures(facility, world) == before

    old = Resident.objects.get(pk=world["old"].pk)
    assert old.full_name == f"Anonim {old.pk}" and old.search_name == f"anonim {old.pk}"
    assert old.registration_number.startswith("ANON-")
    assert old.registration_number == pseudonym(world["old"])  # stable: from the old number
    assert old.birth_date is None and old.birth_year == 1990
    assert old.alias == "" and old.birth_place == "" and not old.photo
    assert not world["old"].photo.storage.exists(photo_name)
    assert old.anonymised_at is not None
    assert old.sex == "P" and old.religion == "kristen" and old.block == world["old"].block
    assert set(Movement.objects.filter(resident=old).values_list("note", flat=True)) == {""}
    assert set(Attendance.objects.filter(resident=old).values_list("note", flat=True)) == {""}
    assert CourtDate.objects.get(resident=old).note == ""
    assert old.enrollments.exclude(note="").count() == 0
    for key in ("recent", "active"):
        kept = Resident.objects.get(pk=world[key].pk)
        assert kept.full_name == world[key].full_name
        assert Attendance.objects.filter(resident=kept).exclude(note="").count() == 2


def test_is_idempotent_and_writes_one_audit_row_per_run_without_names(
    facility: Facility, world: dict[str, Any]
) -> None:
    residents_anonymise_released(years=10)
    once = Resident.objects.get(pk=world["old"].pk)
    again = residents_anonymise_released(years=10)
    assert again.count == 0
    twice = Resident.objects.get(pk=world["old"].pk)
    assert (twice.registration_number, twice.anonymised_at) == (
        once.registration_number,
        once.anonymised_at,
    )
    rows = list(AuditEvent.objects.filter(object_type="residents.retention").order_by("id"))
    assert [r.after["count"] for r in rows] == [1, 0]  # type: ignore[index]
    text = str([(r.object_repr, r.after) for r in rows])
    assert "Rina" not in text and "BI 0001" not in text


def test_dry_run_changes_nothing(facility: Facility, world: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("anonymise_released", "--years", "3", "--dry-run", stdout=out)
    assert "2 residents released more than 3 years ago would be anonymised" in out.getvalue()
    assert Resident.objects.get(pk=world["old"].pk).full_name == "Rina Lama"
    assert not AuditEvent.objects.filter(object_type="residents.retention").exists()


def test_command_defaults_to_the_setting_and_prints_no_names(
    facility: Facility, world: dict[str, Any], settings: Any
) -> None:
    settings.BINAAN_RETENTION_YEARS = 3
    out = io.StringIO()
    call_command("anonymise_released", stdout=out)
    assert "2 residents released more than 3 years ago anonymised" in out.getvalue()
    assert "Rina" not in out.getvalue() and "Dewi" not in out.getvalue()
    assert Resident.objects.get(pk=world["recent"].pk).full_name.startswith("Anonim ")


def test_a_release_inside_the_period_on_the_facilitys_calendar_is_kept(
    facility: Facility, world: dict[str, Any]
) -> None:
    # Released exactly ten years ago today (facility's calendar): not *more* than ten years.
    edge = ResidentFactory(facility=facility, full_name="Tepat Sepuluh")
    Movement.objects.create(
        resident=edge, kind=MovementKind.RELEASE,
        date=facility_today(facility) - relativedelta(years=10),
    )  # fmt: skip
    Resident.objects.filter(pk=edge.pk).update(state=ResidentState.RELEASED)
    assert edge.pk not in residents_anonymise_released(years=10).resident_ids


@pytest.mark.parametrize("years", ["0", "-2"])
def test_bad_years_are_refused(years: str) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("anonymise_released", "--years", years)
