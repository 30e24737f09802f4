from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility, Location
from binaan.partners.models import Facilitator
from binaan.programs import services
from binaan.programs.models import Enrollment, Program, Session, SessionIntern, SessionStatus
from binaan.programs.schedule import WeeklySlot
from tests.factories import (
    FacilitatorFactory,
    ProgramFactory,
    make_resident,
    program_category,
)
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db
UNTIL = date(2026, 4, 27)
ClientFor = Callable[[User], Client]


@pytest.fixture
def officer_client(officer: User, client_for: ClientFor) -> Client:
    return client_for(officer)


@pytest.fixture
def generated(qonita: Program) -> Program:
    services.sessions_generate(program=qonita, until=UNTIL)
    return qonita


def a_session(program: Program) -> Session:
    session = Session.objects.filter(program=program).order_by("starts_at").first()
    assert session is not None
    return session


# --- happy paths -------------------------------------------------------------------------------


def test_program_list_and_detail(officer_client: Client, generated: Program) -> None:
    response = officer_client.get(reverse("programs:list"))
    assert response.status_code == 200
    assert "Pengajian Rutin Qonita" in response.content.decode()
    response = officer_client.get(reverse("programs:detail", args=[generated.pk]))
    assert response.status_code == 200
    assert "Masjid Blok Wanita" in response.content.decode()


def test_create_program_through_the_form(
    officer_client: Client, facility: Facility, mosque: Location
) -> None:
    response = officer_client.post(
        reverse("programs:create"),
        {
            "name": "Pengajian Rutin Qonita",
            "category": program_category().pk,
            "default_location": mosque.pk,
            "sexes": ["P"],
            "religions": ["islam"],
            "start_date": "2026-03-02",
            "duration_minutes": "120",
            "min_attendance_rate": "75",
            "agenda": "tilawah | Tilawah\ntausiyah\nDiskusi",
            "schedule_pattern": "weekly",
            "weekdays": ["0"],
            "start_time": "09:00",
        },
    )
    program = Program.objects.get(name="Pengajian Rutin Qonita")
    assert response.status_code == 302 and response["Location"] == program.get_absolute_url()
    assert program.sexes == ["P"] and program.religions == ["islam"]
    assert [(s.weekday, s.start_time, s.end_time) for s in program.slots.all()] == [
        (0, time(9), time(11))
    ]
    assert [i["kind"] for i in program.agenda_template] == ["tilawah", "tausiyah", "diskusi"]


def test_create_program_without_schedule_shows_error(officer_client: Client) -> None:
    response = officer_client.post(
        reverse("programs:create"),
        {
            "name": "X",
            "category": program_category().pk,
            "start_date": "2026-03-02",
            "duration_minutes": "120",
            "min_attendance_rate": "75",
        },
    )
    assert response.status_code == 200
    assert not Program.objects.exists()


def test_edit_program(officer_client: Client, qonita: Program) -> None:
    url = reverse("programs:edit", args=[qonita.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url,
        {
            "name": "Pengajian Qonita",
            "category": qonita.category_id,
            "start_date": "2026-03-02",
            "duration_minutes": "120",
            "min_attendance_rate": "80",
            "schedule_pattern": "weekly",
            "weekdays": ["0"],
            "start_time": "09:00",
        },
    )
    assert response.status_code == 302
    qonita.refresh_from_db()
    assert (qonita.name, qonita.min_attendance_rate) == ("Pengajian Qonita", 80)


def test_generate_and_archive(officer_client: Client, qonita: Program) -> None:
    response = officer_client.post(reverse("programs:generate", args=[qonita.pk]))
    assert response.status_code == 302
    assert Session.objects.filter(program=qonita).exists()
    response = officer_client.post(reverse("programs:archive", args=[qonita.pk]))
    assert response.status_code == 302
    qonita.refresh_from_db()
    assert qonita.status == "archived"


def test_enrol_page_bulk_and_selected(
    officer_client: Client, facility: Facility, qonita: Program
) -> None:
    qonita.capacity = 2
    qonita.save()
    women = [make_resident(facility) for _ in range(3)]
    url = reverse("programs:enroll", args=[qonita.pk])
    response = officer_client.get(url)
    assert (
        "3 memenuhi syarat, 2 mendapat tempat, 1 masuk daftar tunggu" in response.content.decode()
    )
    check = reverse("programs:enroll_all", args=[qonita.pk])
    assert officer_client.get(check).status_code == 200
    assert not Enrollment.objects.exists()
    shown = [str(w.pk) for w in women]
    assert officer_client.post(check, {"residents": shown}).status_code == 302
    assert Enrollment.objects.filter(status="enrolled").count() == 2
    # A man is not in the list of who may join; ticking his number anyway is refused.
    man = make_resident(facility, sex="L")
    assert man.full_name not in officer_client.get(url).content.decode()
    response = officer_client.post(url, {"residents": [str(man.pk)]})
    assert response.status_code == 200
    assert "tidak dapat lagi ikut" in response.content.decode()
    assert not Enrollment.objects.filter(resident=man).exists()
    assert {e.resident for e in Enrollment.objects.all()} == set(women)


def test_end_enrolment(officer_client: Client, facility: Facility, qonita: Program) -> None:
    row = services.enrollment_add(program=qonita, resident=make_resident(facility)).enrollment
    url = reverse("programs:enrollment_end", args=[row.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url, {"reason": "selesai", "ended_on": timezone.localdate(timezone=facility.tzinfo)}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "ended" and row.end_reason == "selesai"


def test_session_pages(officer_client: Client, generated: Program, facility: Facility) -> None:
    session = a_session(generated)
    assert (
        officer_client.get(reverse("programs:session_detail", args=[session.pk])).status_code == 200
    )

    response = officer_client.post(
        reverse("programs:session_move", args=[session.pk]),
        {"day": "2026-03-03", "start": "10:00", "end": "12:00", "location": "", "notes": "Pindah"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at.day, session.starts_at.hour) == (3, 2)  # 10.00 WITA = 02.00 UTC
    assert session.is_modified and session.notes == "Pindah"

    url = reverse("programs:session_cancel", args=[session.pk])
    assert officer_client.post(url, {"reason": ""}).status_code == 200  # reason required
    assert officer_client.post(url, {"reason": "Banjir"}).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.cancel_reason == "Banjir"

    assert (
        officer_client.post(reverse("programs:session_restore", args=[session.pk])).status_code
        == 302
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED

    response = officer_client.post(
        reverse("programs:session_agenda", args=[session.pk]),
        {"agenda": "tilawah | Al-Mulk | Ustadzah Aminah\ndiskusi | Sabar"},
    )
    assert response.status_code == 302
    assert [a.speaker for a in session.agenda_items.all()] == ["Ustadzah Aminah", ""]


def test_one_off_and_cancel_range(officer_client: Client, generated: Program) -> None:
    response = officer_client.post(
        reverse("programs:session_create", args=[generated.pk]),
        {"day": "2026-03-25", "start": "09:00", "end": "11:00"},
    )
    assert response.status_code == 302
    assert Session.objects.filter(program=generated, origin="one_off").count() == 1
    response = officer_client.post(
        reverse("programs:cancel_range", args=[generated.pk]),
        {"start": "2026-04-01", "end": "2026-04-30", "reason": "Ustadzah umrah"},
    )
    assert response.status_code == 302
    assert Session.objects.filter(status="cancelled").count() == 4


def test_staff_assignment(
    officer_client: Client, generated: Program, facility: Facility, make_user: Callable[..., User]
) -> None:
    session = a_session(generated)
    ustadzah: Facilitator = FacilitatorFactory(facility=facility)
    intern = make_user(Role.INTERN)
    url = reverse("programs:session_staff", args=[session.pk])
    officer_client.post(
        url, {"action": "add_facilitator", "facilitator": ustadzah.pk, "task": "narasumber"}
    )
    officer_client.post(url, {"action": "add_intern", "intern": intern.pk, "task": "pendamping"})
    assert SessionIntern.objects.filter(session=session, user=intern).exists()
    assert session.facilitator_assignments.filter(facilitator=ustadzah).exists()
    officer_client.post(url, {"action": "remove_intern", "user_id": intern.pk})
    assert not SessionIntern.objects.exists()


def test_calendar_views(officer_client: Client, generated: Program, mosque: Location) -> None:
    url = reverse("programs:calendar")
    response = officer_client.get(url, {"view": "month", "day": "2026-03-09"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="event"') == 4  # 2, 9, 16, 30 March
    assert "Maret 2026" in body
    week = officer_client.get(url, {"view": "week", "day": "2026-03-09"})
    assert week.content.decode().count('data-testid="event"') == 1
    fragment = officer_client.get(
        url, {"view": "month", "day": "2026-04-01", "location": mosque.pk}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in fragment.content.decode()
    # The April grid starts on Monday 30 March: 30 March, 6, 13, 20 and 27 April.
    assert fragment.content.decode().count('data-testid="event"') == 5
    by_program = officer_client.get(url, {"day": "2026-03-09", "program": generated.pk + 999})
    assert by_program.content.decode().count('data-testid="event"') == 0


def test_resident_calendar(officer_client: Client, generated: Program, facility: Facility) -> None:
    resident = make_resident(facility)
    services.enrollment_add(program=generated, resident=resident, on=date(2026, 3, 10))
    url = reverse("programs:resident_calendar", args=[resident.pk])
    response = officer_client.get(url, {"day": "2026-03-01"})
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="event"') == 2  # 16 and 30 March


def test_categories_admin(admin_user: User, client_for: ClientFor) -> None:
    client = client_for(admin_user)
    url = reverse("programs:category_list")
    assert "Kesadaran hukum" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Kesenian",
            "code": "kesenian",
            "group": "kemandirian",
            "order": 10,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    category = program_category("kesenian")
    assert category.name == "Kesenian"
    response = client.post(
        f"{url}?edit={category.pk}",
        {"name": "Seni budaya", "code": "kesenian", "group": "kemandirian", "order": 10},
    )
    category.refresh_from_db()
    assert (category.name, category.is_active) == ("Seni budaya", False)


# --- methods and roles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "needs_program"),
    [("programs:archive", True)],
)
def test_post_only_views_refuse_get(
    officer_client: Client, qonita: Program, name: str, needs_program: bool
) -> None:
    assert officer_client.get(reverse(name, args=[qonita.pk])).status_code == 405


def test_get_only_views_refuse_post(officer_client: Client, generated: Program) -> None:
    assert officer_client.post(reverse("programs:list")).status_code == 405
    assert officer_client.post(reverse("programs:detail", args=[generated.pk])).status_code == 405
    assert officer_client.post(reverse("programs:calendar")).status_code == 405
    session = a_session(generated)
    assert (
        officer_client.post(reverse("programs:session_detail", args=[session.pk])).status_code
        == 405
    )
    assert (
        officer_client.get(reverse("programs:session_restore", args=[session.pk])).status_code
        == 405
    )


@pytest.mark.parametrize("role", [Role.HUMAS, Role.CASEWORKER, Role.PARTNER, Role.INTERN])
def test_roles_without_rights_get_403(
    role: str, make_user: Callable[..., User], client_for: ClientFor, generated: Program
) -> None:
    client = client_for(make_user(role))
    session = a_session(generated)
    for url in [
        reverse("programs:create"),
        reverse("programs:edit", args=[generated.pk]),
        reverse("programs:enroll", args=[generated.pk]),
        reverse("programs:session_move", args=[session.pk]),
        reverse("programs:session_cancel", args=[session.pk]),
        reverse("programs:category_list"),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("programs:generate", args=[generated.pk])).status_code == 403


def test_intern_sees_only_assigned_sessions_and_no_program_pages(
    make_user: Callable[..., User], client_for: ClientFor, generated: Program
) -> None:
    intern = make_user(Role.INTERN)
    client = client_for(intern)
    mine, other = Session.objects.filter(program=generated).order_by("starts_at")[:2]
    services.session_intern_assign(session=mine, user=intern, task="pendamping")
    assert client.get(reverse("programs:list")).status_code == 403
    assert client.get(reverse("programs:detail", args=[generated.pk])).status_code == 403
    assert client.get(reverse("programs:session_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("programs:session_detail", args=[other.pk])).status_code == 404
    calendar = client.get(reverse("programs:calendar"), {"day": "2026-03-02"})
    assert calendar.content.decode().count('data-testid="event"') == 1


def test_partner_sees_only_programs_they_facilitate(
    facility: Facility, make_user: Callable[..., User], client_for: ClientFor, generated: Program
) -> None:
    partner_user = make_user(Role.PARTNER)
    FacilitatorFactory(facility=facility, user=partner_user).programs.add(generated)
    other = ProgramFactory(facility=facility, name="Program Lain")
    services.sessions_generate(program=other, until=UNTIL)
    client = client_for(partner_user)
    listing = client.get(reverse("programs:list")).content.decode()
    assert "Pengajian Rutin Qonita" in listing and "Program Lain" not in listing
    assert client.get(reverse("programs:detail", args=[generated.pk])).status_code == 200
    assert client.get(reverse("programs:detail", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("programs:session_detail", args=[a_session(other).pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("programs:session_detail", args=[a_session(generated).pk])).status_code
        == 200
    )


def test_partner_roster_has_no_case_data(
    facility: Facility, make_user: Callable[..., User], client_for: ClientFor, generated: Program
) -> None:
    partner_user = make_user(Role.PARTNER)
    FacilitatorFactory(facility=facility, user=partner_user).programs.add(generated)
    resident = make_resident(facility, charge="Pasal 363 KUHP", register_code="B.I")
    services.enrollment_add(program=generated, resident=resident, on=date(2026, 3, 2))
    client = client_for(partner_user)
    for url in [
        reverse("programs:detail", args=[generated.pk]),
        reverse("programs:session_detail", args=[a_session(generated).pk]),
    ]:
        body = client.get(url).content.decode()
        assert resident.full_name in body
        assert "Pasal 363" not in body and "B.I" not in body


# --- query counts ------------------------------------------------------------------------------


def test_program_list_query_count_is_constant(officer_client: Client, facility: Facility) -> None:
    ProgramFactory(facility=facility)
    assert_flat_queries(
        requesting(officer_client, reverse("programs:list")),
        grow=lambda: ProgramFactory.create_batch(15, facility=facility),
        ceiling=8,
    )


def test_program_detail_with_300_enrolments_is_constant(
    officer_client: Client, facility: Facility, generated: Program
) -> None:
    url = reverse("programs:detail", args=[generated.pk])
    services.enrollment_add(program=generated, resident=make_resident(facility))

    def enrol_300() -> None:
        for _ in range(300):
            make_resident(facility)
        services.enrollment_bulk_add(program=generated)
        assert Enrollment.objects.filter(program=generated).count() == 301

    # 15 before the page wrote its audit row (chain lock, last row, insert on PostgreSQL).
    assert_flat_queries(requesting(officer_client, url), grow=enrol_300, ceiling=17)


def test_calendar_month_query_count_is_constant(
    officer_client: Client, facility: Facility, mosque: Location
) -> None:
    url = reverse("programs:calendar")
    params = {"view": "month", "day": "2026-03-01"}
    program = ProgramFactory(facility=facility, default_location=mosque)
    services.sessions_generate(program=program, until=date(2026, 3, 31))

    def eight_more_programs() -> None:
        for n in range(8):
            extra = services.program_create(
                facility=facility,
                data={
                    "name": f"P{n}",
                    "category": program_category(),
                    "start_date": date(2026, 3, 1),
                },
                slots=[WeeklySlot(d, time(8 + n), time(9 + n)) for d in range(5)],
            )
            services.sessions_generate(program=extra, until=date(2026, 3, 31))
        assert Session.objects.count() > 100

    assert_flat_queries(
        requesting(officer_client, url, params), grow=eight_more_programs, ceiling=8
    )
