"""Holiday corrections: merged with the national list, shown before they are made (nothing
written), then saved with the sessions regenerated. Dates derived by hand from the 2026
calendar: Qonita meets on Mondays 09.00–11.00 WITA from Monday 2 March 2026; the package has
Monday 23 March 2026 as cuti bersama Idul Fitri (no session that day)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from binaan.accounts.models import Role
from binaan.core.dates import facility_today
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.programs import holidays, schedule, services
from binaan.programs.models import HolidayChange, HolidayOverride, Program, ProgramSlot, Session
from tests.factories import FacilityFactory, ProgramFactory, RegionalOfficeFactory, user_with_roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # Monday
NOW = datetime(2026, 3, 1, 16, tzinfo=UTC)  # 2 March 2026, 00.00 WITA
MARCH_23 = date(2026, 3, 23)
MARCH_30 = date(2026, 3, 30)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def mondays(program: Program) -> set[date]:
    return {
        s.starts_at.date()  # 09.00 WITA is 01.00 UTC: the same calendar day
        for s in Session.objects.filter(program=program)
        if date(2026, 3, 1) <= s.starts_at.date() <= date(2026, 4, 30)
    }


@pytest.fixture
def generated(qonita: Program) -> Program:
    services.sessions_generate(program=qonita, today=TODAY, now=NOW)
    # March and April 2026: every Monday but 23 March (cuti bersama Idul Fitri).
    assert mondays(qonita) == {
        date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 30),
        date(2026, 4, 6), date(2026, 4, 13), date(2026, 4, 20), date(2026, 4, 27),
    }  # fmt: skip
    return qonita


def program_at(facility: Facility, **fields: Any) -> Program:
    return cast(Program, ProgramFactory(facility=facility, **fields))


def facility_in(office: Any, code: str) -> Facility:
    return cast(Facility, FacilityFactory(regional_office=office, code=code))


def correction(facility: Facility, day: date, change: str, name: str = "", **kw: object) -> Any:
    return HolidayOverride(facility=facility, date=day, change=change, name=name, **kw)


# --- the merged calendar -----------------------------------------------------------------------


def test_holiday_dates_merge_the_facility_and_kanwil_corrections(
    facility: Facility, other_facility: Facility
) -> None:
    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert MARCH_23 in schedule.holiday_dates(*march, facility=facility)
    HolidayOverride.objects.create(
        facility=facility, date=MARCH_23, change=HolidayChange.REMOVE, name="Sidang isbat"
    )
    # A neighbour of the same Kanwil declares 30 March for the whole Kanwil.
    neighbour = facility_in(facility.regional_office, "LAPAS-TTG")
    HolidayOverride.objects.create(
        facility=neighbour,
        regional_office=facility.regional_office,
        date=MARCH_30,
        change=HolidayChange.ADD,
        name="Cuti Bersama Idul Fitri (digeser)",
    )
    # Another Kanwil's correction does not apply here.
    HolidayOverride.objects.create(
        facility=other_facility,
        regional_office=other_facility.regional_office,
        date=date(2026, 3, 31),
        change=HolidayChange.ADD,
        name="Hari Jadi Papua",
    )
    found = schedule.holiday_dates(*march, facility=facility)
    assert MARCH_23 not in found
    assert found[MARCH_30] == "Cuti Bersama Idul Fitri (digeser)"
    assert date(2026, 3, 31) not in found
    assert MARCH_23 in schedule.holiday_dates(*march)  # the national list itself is unchanged
    # The facility's own decision wins over the Kanwil's for the same date.
    HolidayOverride.objects.create(
        facility=facility, date=MARCH_30, change=HolidayChange.REMOVE, name="Tetap masuk"
    )
    assert MARCH_30 not in schedule.holiday_dates(*march, facility=facility)
    assert other_facility.regional_office_id != facility.regional_office_id


# --- preview, then confirm ---------------------------------------------------------------------


def test_adding_a_holiday_shows_the_removed_session_and_writes_nothing(
    facility: Facility, generated: Program
) -> None:
    events, sessions = AuditEvent.objects.count(), Session.objects.count()
    row = correction(facility, MARCH_30, HolidayChange.ADD, "Cuti Bersama Idul Fitri (digeser)")

    preview = holidays.holiday_change_preview(row, today=TODAY, now=NOW)

    assert [(c.program, c.starts_at) for c in preview.removed] == [
        ("Pengajian Rutin Qonita", datetime(2026, 3, 30, 1, tzinfo=UTC))
    ]
    assert preview.appearing == [] and preview.left_alone == []
    assert (AuditEvent.objects.count(), Session.objects.count()) == (events, sessions)
    assert not HolidayOverride.objects.exists()

    saved, (created, removed) = holidays.holiday_override_add(row, today=TODAY, now=NOW)
    assert (created, removed) == (0, 1)
    assert MARCH_30 not in mondays(generated)
    assert AuditEvent.objects.filter(
        object_type="programs.holidayoverride", object_id=str(saved.pk), action="create"
    ).exists()


def test_removing_a_national_date_makes_its_session_appear(
    facility: Facility, generated: Program
) -> None:
    row = correction(facility, MARCH_23, HolidayChange.REMOVE, "Sidang isbat: bukan cuti")
    preview = holidays.holiday_change_preview(row, today=TODAY, now=NOW)
    assert [c.starts_at for c in preview.appearing] == [datetime(2026, 3, 23, 1, tzinfo=UTC)]
    assert preview.removed == []
    holidays.holiday_override_add(row, today=TODAY, now=NOW)
    assert MARCH_23 in mondays(generated)

    # Deleting the correction shows the session going away again, then does it.
    stored = HolidayOverride.objects.get()
    back = holidays.holiday_change_preview(stored, deleting=True, today=TODAY, now=NOW)
    assert [c.starts_at for c in back.removed] == [datetime(2026, 3, 23, 1, tzinfo=UTC)]
    assert holidays.holiday_override_delete(stored, today=TODAY, now=NOW) == (0, 1)
    assert MARCH_23 not in mondays(generated)
    assert AuditEvent.objects.filter(object_type="programs.holidayoverride", action="delete")


def test_a_session_someone_edited_is_left_alone_and_listed(
    facility: Facility, generated: Program
) -> None:
    edited = Session.objects.get(program=generated, starts_at__date=MARCH_30)
    services.session_update_notes(session=edited, notes="Tamu dari Kanwil")
    row = correction(facility, MARCH_30, HolidayChange.ADD, "Libur daerah")
    preview = holidays.holiday_change_preview(row, today=TODAY, now=NOW)
    assert preview.removed == []
    assert [c.session_id for c in preview.left_alone] == [edited.pk]
    holidays.holiday_override_add(row, today=TODAY, now=NOW)
    assert Session.objects.filter(pk=edited.pk).exists()


def test_the_rules_of_a_correction(facility: Facility, generated: Program) -> None:
    def refused(row: HolidayOverride) -> str:
        with pytest.raises(ValidationError) as error:
            holidays.holiday_change_preview(row, today=TODAY, now=NOW)
        return " ".join(error.value.messages)

    assert "past date" in refused(correction(facility, date(2026, 3, 1), HolidayChange.ADD, "X"))
    assert "nothing to remove" in refused(correction(facility, MARCH_30, HolidayChange.REMOVE))
    assert "name" in refused(correction(facility, MARCH_30, HolidayChange.ADD, " "))
    holidays.holiday_override_add(
        correction(facility, MARCH_30, HolidayChange.ADD, "Libur"), today=TODAY, now=NOW
    )
    assert "already a correction" in refused(
        correction(facility, MARCH_30, HolidayChange.ADD, "Lagi")
    )
    # A removal takes the package's name when none is given.
    row = correction(facility, MARCH_23, HolidayChange.REMOVE)
    holidays.holiday_change_preview(row, today=TODAY, now=NOW)
    assert row.name == "Cuti Bersama Hari Raya Idul Fitri"


def test_a_kanwil_correction_regenerates_every_facility_of_the_region(
    facility: Facility, generated: Program
) -> None:
    neighbour = facility_in(facility.regional_office, "LAPAS-BPP")
    theirs = program_at(neighbour, start_date=date(2026, 3, 2))
    services.sessions_generate(program=theirs, today=TODAY, now=NOW)
    far = facility_in(RegionalOfficeFactory(), "LAPAS-FAR")
    untouched = program_at(far, start_date=date(2026, 3, 2))
    services.sessions_generate(program=untouched, today=TODAY, now=NOW)

    row = correction(
        facility,
        MARCH_30,
        HolidayChange.ADD,
        "Cuti bersama (Kanwil)",
        regional_office=facility.regional_office,
    )
    preview = holidays.holiday_change_preview(row, today=TODAY, now=NOW)
    assert {c.facility for c in preview.removed} == {facility.name, neighbour.name}
    holidays.holiday_override_add(row, today=TODAY, now=NOW)
    for program in (generated, theirs):
        assert not Session.objects.filter(program=program, starts_at__date=MARCH_30).exists()
    assert Session.objects.filter(program=untouched, starts_at__date=MARCH_30).exists()


# --- the pages ---------------------------------------------------------------------------------


def _next_plain_weekday(facility: Facility, after: int) -> date:
    day = facility_today(facility) + timedelta(days=after)
    while day.weekday() > 4 or day in schedule.holiday_dates(day, day, facility=facility):
        day += timedelta(days=1)
    return day


def test_the_page_previews_then_confirms(facility: Facility, client_for: object) -> None:
    admin = user_with_roles(facility, Role.ADMIN)
    client: Client = client_for(admin)  # type: ignore[operator]
    target = _next_plain_weekday(facility, 14)
    program = program_at(facility, start_date=facility_today(facility), monday_slot=False)
    ProgramSlot.objects.create(
        program=program, weekday=target.weekday(), start_time=time(9), end_time=time(11)
    )
    services.sessions_generate(program=program)
    url = reverse("programs:holidays")
    assert client.get(url).status_code == 200
    data = {
        "date": target.isoformat(),
        "change": "add",
        "name": "Hari Jadi Kota",
        "scope": "facility",
    }

    shown = client.post(url, data)
    assert shown.status_code == 200
    page = shown.content.decode()
    assert 'data-testid="preview-removed"' in page and program.name in page
    assert not HolidayOverride.objects.exists()
    assert Session.objects.filter(program=program, starts_at__date=target).exists()

    done = client.post(url, data | {"confirm": "1"})
    assert done.status_code == 302
    assert HolidayOverride.objects.get().name == "Hari Jadi Kota"
    assert not Session.objects.filter(program=program, starts_at__date=target).exists()
    assert "Hari Jadi Kota" in client.get(url).content.decode()

    # A bad correction is refused next to its field, in plain words, and nothing is written.
    bad = client.post(url, data | {"confirm": "1"})
    assert bad.status_code == 400 and HolidayOverride.objects.count() == 1

    row = HolidayOverride.objects.get()
    delete = reverse("programs:holiday_delete", kwargs={"holiday_id": row.pk})
    assert 'data-testid="preview-appearing"' in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not HolidayOverride.objects.exists()
    assert Session.objects.filter(program=program, starts_at__date=target).exists()


def test_a_neighbours_kanwil_row_is_listed_but_only_its_facility_deletes_it(
    facility: Facility, client_for: object
) -> None:
    neighbour = facility_in(facility.regional_office, "LAPAS-NBR")
    theirs = HolidayOverride.objects.create(
        facility=neighbour,
        regional_office=facility.regional_office,
        date=_next_plain_weekday(facility, 20),
        change=HolidayChange.ADD,
        name="Hari Jadi Provinsi",
    )
    client: Client = client_for(user_with_roles(facility, Role.HEAD))  # type: ignore[operator]
    page = client.get(reverse("programs:holidays")).content.decode()
    assert "Hari Jadi Provinsi" in page and neighbour.name in page
    delete = reverse("programs:holiday_delete", kwargs={"holiday_id": theirs.pk})
    assert delete not in page
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    assert HolidayOverride.objects.filter(pk=theirs.pk).exists()
