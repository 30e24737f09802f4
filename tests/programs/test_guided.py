"""Guided program set-up and the check pages: the form builds the schedule from choices and the
pages say it in words (never FREQ=…); "generate sessions" and "enrol all eligible" show what
they will do and write nothing until confirmed; the enrolment list searches and filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User
from binaan.core.dates import facility_today, local_date
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.programs import services
from binaan.programs.models import Enrollment, Program, Session
from tests.factories import LocationFactory, make_resident, program_category
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(officer: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(officer)


def _form(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Kajian Bulanan",
        "category": program_category().pk,
        "start_date": "2026-03-02",
        "schedule_pattern": "monthly",
        "month_week": "1",
        "month_weekday": "2",
        "start_time": "09:00",
        "duration_minutes": "120",
        "min_attendance_rate": "75",
        **changes,
    }


def _page(client: Client, url: str, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# --- the guided form ---------------------------------------------------------------------------


def test_first_wednesday_is_built_from_choices_and_shown_in_words(
    officer_client: Client, facility: Facility
) -> None:
    response = officer_client.post(reverse("programs:create"), _form())
    assert response.status_code == 302
    program = Program.objects.get(name="Kajian Bulanan")
    assert (program.rrule, program.rrule_start_time) == ("FREQ=MONTHLY;BYDAY=+1WE", time(9))
    assert not program.slots.exists()
    words = "Setiap Rabu pertama tiap bulan, 09.00–11.00 WITA"
    for url in (reverse("programs:list"), program.get_absolute_url()):
        page = _page(officer_client, url)
        assert words in page
        assert "FREQ=" not in page and "BYDAY" not in page
    edit = _page(officer_client, reverse("programs:edit", args=[program.pk]))
    assert 'value="monthly" required id="id_schedule_pattern_1" checked' in edit
    assert '<option value="2" selected>' in edit
    assert "FREQ=" not in edit and "Pertahankan jadwal" not in edit


def test_weekly_days_become_slots_and_the_edit_form_shows_them_ticked(
    officer_client: Client,
) -> None:
    data = _form(schedule_pattern="weekly", weekdays=["1", "3"], interval="1", start_time="13:00")
    assert officer_client.post(reverse("programs:create"), data).status_code == 302
    program = Program.objects.get()
    assert program.rrule == ""
    assert [(s.weekday, s.start_time, s.end_time) for s in program.slots.all()] == [
        (1, time(13), time(15)),
        (3, time(13), time(15)),
    ]
    assert program.schedule_description == "Setiap Selasa dan Kamis, 13.00–15.00 WITA"
    edit = _page(officer_client, reverse("programs:edit", args=[program.pk]))
    assert 'name="weekdays" value="1"' in edit and 'id="id_weekdays_1" checked' in edit
    assert 'id="id_weekdays_3" checked' in edit and 'id="id_weekdays_0" checked' not in edit


def test_a_rule_the_choices_cannot_express_is_kept_unless_a_new_schedule_is_picked(
    officer_client: Client, facility: Facility
) -> None:
    program = services.program_create(
        facility=facility,
        data={
            "name": "Kajian Khusus",
            "category": program_category(),
            "start_date": date(2026, 3, 2),
            "rrule": "FREQ=MONTHLY;BYDAY=1WE,3WE",
            "rrule_start_time": time(10),
            "duration_minutes": 90,
        },
    )
    url = reverse("programs:edit", args=[program.pk])
    page = _page(officer_client, url)
    assert "Setiap Rabu pertama dan Rabu ketiga tiap bulan, 10.00–11.30 WITA" in page
    assert "Pertahankan jadwal sekarang" in page and "FREQ=" not in page
    keep = _form(
        name="Kajian Khusus Baru", schedule_pattern="keep", start_time="", month_weekday=""
    )
    assert officer_client.post(url, keep).status_code == 302
    program.refresh_from_db()
    assert program.name == "Kajian Khusus Baru"
    assert (program.rrule, program.rrule_start_time, program.duration_minutes) == (
        "FREQ=MONTHLY;BYDAY=1WE,3WE",
        time(10),
        90,
    )
    assert officer_client.post(url, _form(name="Kajian Khusus Baru")).status_code == 302
    program.refresh_from_db()
    assert program.rrule == "FREQ=MONTHLY;BYDAY=+1WE"


def test_keep_is_not_offered_for_a_new_program(officer_client: Client) -> None:
    response = officer_client.post(reverse("programs:create"), _form(schedule_pattern="keep"))
    assert response.status_code == 200
    assert 'href="#id_schedule_pattern_0"' in response.content.decode()
    assert not Program.objects.exists()


def test_the_program_page_shows_its_participants_once(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    resident = make_resident(facility, full_name="Siti Aminah Sekali")
    row = services.enrollment_add(program=qonita, resident=resident).enrollment
    page = _page(officer_client, qonita.get_absolute_url())
    assert page.count("Siti Aminah Sekali") == 1
    assert page.count('data-testid="program-participants"') == 1
    assert reverse("programs:enrollment_end", args=[row.pk]) in page
    assert "Perempuan · Islam" in page


# --- check page before generating --------------------------------------------------------------


def _session_audit() -> int:
    return AuditEvent.objects.filter(object_type="programs.session").count()


def test_the_check_page_lists_sessions_from_today_and_writes_nothing(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    today = facility_today(facility)
    url = reverse("programs:generate", args=[qonita.pk])
    before = _session_audit()
    page = _page(officer_client, url)
    assert not Session.objects.exists() and _session_audit() == before
    listed = page.count('data-testid="planned-session"')
    assert listed > 5
    assert "akan dibuat" in page and "Konfirmasi dan buat kegiatan" in page
    assert 'data-testid="before-today"' not in page

    response = officer_client.post(
        url,
        {"start": today.isoformat(), "until": (today + timedelta(weeks=12)).isoformat()},
    )
    assert response.status_code == 302
    created = list(Session.objects.filter(program=qonita))
    assert len(created) == listed
    assert min(local_date(s.starts_at, facility) for s in created) >= today


def test_a_plain_confirmation_also_starts_today(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    assert officer_client.post(reverse("programs:generate", args=[qonita.pk])).status_code == 302
    days = [local_date(s.starts_at, facility) for s in Session.objects.all()]
    assert days and min(days) >= facility_today(facility)


def test_an_earlier_start_must_be_picked_and_is_flagged(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    url = reverse("programs:generate", args=[qonita.pk])
    page = _page(officer_client, url, start="2026-03-16", until="2026-03-31")
    assert 'data-testid="before-today"' in page
    # 16 and 30 March; 23 March is cuti bersama Idul Fitri and is listed as skipped.
    assert page.count('data-testid="planned-session"') == 2
    skipped = page.split('data-testid="skipped-holidays"')[1].split("</ul>")[0]
    assert "23 Maret 2026" in skipped
    assert not Session.objects.exists()
    officer_client.post(url, {"start": "2026-03-16", "until": "2026-03-31"})
    days = sorted(local_date(s.starts_at, facility) for s in Session.objects.all())
    assert days == [date(2026, 3, 16), date(2026, 3, 30)]


def test_a_period_ending_before_it_starts_is_refused_at_its_field(
    officer_client: Client, qonita: Program
) -> None:
    url = reverse("programs:generate", args=[qonita.pk])
    response = officer_client.post(url, {"start": "2026-12-10", "until": "2026-12-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hari terakhir harus sama dengan atau setelah hari pertama." in page
    assert 'href="#id_until"' in page
    assert not Session.objects.exists()


def test_the_check_page_lists_clashes(
    officer_client: Client, facility: Facility, qonita: Program, mosque: Location
) -> None:
    other = services.program_create(
        facility=facility,
        data={
            "name": "Tahsin",
            "category": program_category(),
            "start_date": date(2026, 3, 2),
            "default_location": mosque,
        },
        slots=services._slots_of(qonita),
    )
    services.sessions_generate(program=other, start=date(2026, 3, 2), until=date(2026, 3, 31))
    page = _page(
        officer_client,
        reverse("programs:generate", args=[qonita.pk]),
        start="2026-03-02",
        until="2026-03-09",
    )
    clashes = page.split('data-testid="clashes"')[1].split("</ul>")[0]
    assert "Masjid Blok Wanita" in clashes and "Tahsin" in clashes
    assert not Session.objects.filter(program=qonita).exists()


# --- check page before bulk enrolment ----------------------------------------------------------


def test_enrol_all_shows_who_gets_a_place_and_who_waits_before_writing(
    officer_client: Client, facility: Facility, qonita: Program, women_block: Location
) -> None:
    qonita.capacity = 2
    qonita.save()
    women = [
        make_resident(facility, full_name=f"Warga {n}", block=women_block) for n in range(1, 4)
    ]
    url = reverse("programs:enroll_all", args=[qonita.pk])
    page = _page(officer_client, url)
    assert not Enrollment.objects.exists()
    fit = page.split('data-testid="will-enrol"')[1].split("</table>")[0]
    wait = page.split('data-testid="will-wait"')[1].split("</table>")[0]
    assert "Warga 1" in fit and "Warga 2" in fit and women[0].registration_number in fit
    assert "Blok Wanita" in fit
    assert "Warga 3" in wait and "Warga 1" not in wait
    assert officer_client.post(url, {"residents": [w.pk for w in women]}).status_code == 302
    assert Enrollment.objects.filter(status="enrolled").count() == 2
    assert Enrollment.objects.get(status="waitlisted").resident == women[2]


def test_enrol_all_enrols_only_those_shown(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    shown = make_resident(facility)
    make_resident(facility)  # arrived after the check page was shown
    url = reverse("programs:enroll_all", args=[qonita.pk])
    response = officer_client.post(url, {"residents": [shown.pk]})
    assert response.status_code == 302
    assert [e.resident for e in Enrollment.objects.all()] == [shown]


# --- the searchable list -----------------------------------------------------------------------


def test_the_list_searches_filters_and_shows_only_who_may_join(
    officer_client: Client, facility: Facility, qonita: Program, women_block: Location
) -> None:
    other_block = LocationFactory(facility=facility, name="Blok Melati", kind=LocationKind.BLOCK)
    aminah = make_resident(facility, full_name="Aminah", block=women_block)
    make_resident(facility, full_name="Bunga", block=other_block)
    make_resident(facility, full_name="Budi", sex="L")
    make_resident(facility, full_name="Maria", religion="kristen")
    url = reverse("programs:enroll", args=[qonita.pk])
    page = _page(officer_client, url)
    assert "Aminah" in page and "Bunga" in page
    assert "Budi" not in page and "Maria" not in page
    found = _page(officer_client, url, q="amin")
    assert "Aminah" in found and "Bunga" not in found
    assert aminah.registration_number in _page(
        officer_client, url, q=aminah.registration_number[-4:]
    )
    by_block = _page(officer_client, url, block=other_block.pk)
    assert "Bunga" in by_block and "Aminah" not in by_block
    partial = officer_client.get(url, {"q": "bun"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "Bunga" in partial.content.decode()


def test_ticked_residents_are_enrolled_in_one_call(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    chosen = [make_resident(facility) for _ in range(3)]
    make_resident(facility)
    url = reverse("programs:enroll", args=[qonita.pk])
    response = officer_client.post(url, {"residents": [r.pk for r in chosen]})
    assert response.status_code == 302
    assert {e.resident for e in Enrollment.objects.all()} == set(chosen)
    audit = AuditEvent.objects.filter(object_type="programs.enrollment")
    assert audit.count() == 1
    nothing = officer_client.post(url, {"residents": []})
    assert "Centang setidaknya satu warga binaan." in nothing.content.decode()


def test_the_list_is_paged_and_its_queries_do_not_grow(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    url = reverse("programs:enroll", args=[qonita.pk])
    for _ in range(3):
        make_resident(facility)

    def many() -> None:
        for _ in range(60):
            make_resident(facility)

    assert_flat_queries(requesting(officer_client, url), grow=many, ceiling=20)
    page = _page(officer_client, url)
    assert page.count('data-testid="candidate"') == 25
    assert "63 warga binaan boleh ikut" in page


def test_the_enrol_all_check_page_costs_the_same_for_3_or_60_residents(
    officer_client: Client, facility: Facility, qonita: Program, women_block: Location
) -> None:
    qonita.capacity = 10
    qonita.save()
    for _ in range(3):
        make_resident(facility, block=women_block)

    def many() -> None:
        for _ in range(60):
            make_resident(facility, block=women_block)

    url = reverse("programs:enroll_all", args=[qonita.pk])
    assert_flat_queries(requesting(officer_client, url), grow=many, ceiling=15)
    page = _page(officer_client, url)
    assert page.count("Blok Wanita") == 63
