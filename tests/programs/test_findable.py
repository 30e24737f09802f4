"""Finding sessions and people: session lists with filters and paging, the calendar's month jump,
the header's search."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.attendance.models import Attendance, AttendanceReason
from binaan.core.dates import facility_today, local_day_bounds
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.partners.models import Facilitator
from binaan.programs.models import Program, Session, SessionStatus
from binaan.programs.views import SESSION_PAGE_SIZE
from binaan.residents.models import ResidentState
from tests.factories import FacilitatorFactory, ProgramFactory, make_resident, make_session
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


@pytest.fixture
def officer_client(officer: User, client_for: ClientFor) -> Client:
    return client_for(officer)


def a_program(facility: Facility, **fields: Any) -> Program:
    program: Program = ProgramFactory(facility=facility, **fields)  # type: ignore[assignment]
    return program


def lead(facility: Facility, user: User, program: Program) -> None:
    """`user` logs in for a facilitator of `program`."""
    facilitator: Facilitator = FacilitatorFactory(facility=facility, user=user)  # type: ignore[assignment]
    facilitator.programs.add(program)


def at(when: datetime, program: Program, **fields: object) -> Session:
    return make_session(
        program.facility,
        program=program,
        starts_at=when,
        ends_at=when + timedelta(hours=2),
        **fields,
    )


def marked(session: Session) -> Session:
    present = AttendanceReason.objects.filter(facility__isnull=True, counts_present=True).first()
    assert present is not None
    Attendance.objects.create(
        facility=session.facility,
        session=session,
        resident=make_resident(session.facility),
        reason=present,
        marked_at=session.starts_at,
    )
    return session


@pytest.fixture
def four_kinds(facility: Facility) -> dict[str, Session]:
    """One session of each state, in one program: two weeks ago held and not filled, one week
    ago cancelled, next week scheduled."""
    program = a_program(facility, name="Pengajian Rutin Qonita")
    now = timezone.now()
    return {
        "held": marked(at(now - timedelta(days=14), program)),
        "not_filled": at(now - timedelta(days=14, hours=3), program),
        "cancelled": at(now - timedelta(days=7), program, status=SessionStatus.CANCELLED),
        "scheduled": at(now + timedelta(days=7), program),
    }


def listed(response: Any) -> list[int]:
    rows = response.context["session_rows"]
    return [row.session.pk for row in rows]


# --- session lists -----------------------------------------------------------------------------


def test_program_page_lists_upcoming_by_default_and_past_on_request(
    officer_client: Client, four_kinds: dict[str, Session]
) -> None:
    program = four_kinds["held"].program
    url = reverse("programs:detail", args=[program.pk])
    assert listed(officer_client.get(url)) == [four_kinds["scheduled"].pk]
    past = officer_client.get(url, {"when": "past"})
    # Latest first; two weeks ago the not-filled one started three hours before the held one.
    assert listed(past) == [
        four_kinds["cancelled"].pk,
        four_kinds["held"].pk,
        four_kinds["not_filled"].pk,
    ]
    body = past.content.decode()
    for label in ("Terlaksana", "Belum diisi", "Dibatalkan"):
        assert label in body
    everything = officer_client.get(url, {"when": "all"})
    assert len(listed(everything)) == 4


@pytest.mark.parametrize("state", ["scheduled", "held", "cancelled", "not_filled"])
def test_status_filter(
    state: str, officer_client: Client, four_kinds: dict[str, Session], facility: Facility
) -> None:
    response = officer_client.get(reverse("programs:session_list"), {"when": "all", "state": state})
    assert listed(response) == [four_kinds[state].pk]
    rows = response.context["session_rows"]
    assert [row.state for row in rows] == [state]


def test_upcoming_starts_at_the_start_of_the_facilitys_today(
    officer_client: Client, facility: Facility
) -> None:
    program = a_program(facility)
    today_starts = local_day_bounds(facility, facility_today(facility))[0]
    early_today = at(today_starts + timedelta(minutes=1), program)
    yesterday = at(today_starts - timedelta(hours=3), program)
    url = reverse("programs:session_list")
    assert listed(officer_client.get(url)) == [early_today.pk]
    assert listed(officer_client.get(url, {"when": "past"})) == [yesterday.pk]


def test_date_range_is_of_local_days(officer_client: Client, facility: Facility) -> None:
    program = a_program(facility)
    # Balikpapan is WITA (UTC+8): 23.30 UTC on 5 April is 07.30 on 6 April there.
    sixth = at(datetime(2026, 4, 5, 23, 30, tzinfo=UTC), program)
    at(datetime(2026, 4, 7, 1, tzinfo=UTC), program)
    at(datetime(2026, 4, 5, 1, tzinfo=UTC), program)
    response = officer_client.get(
        reverse("programs:session_list"),
        {"when": "all", "start": "2026-04-06", "end": "2026-04-06"},
    )
    assert listed(response) == [sixth.pk]


def test_bad_filters_answer_a_message_next_to_the_field(
    officer_client: Client, four_kinds: dict[str, Session]
) -> None:
    url = reverse("programs:session_list")
    response = officer_client.get(
        url, {"when": "all", "start": "2026-04-30", "end": "2026-04-01", "state": "nonsense"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="error-summary"' in body
    assert "Akhir rentang tidak boleh sebelum awalnya." in body
    assert "Pilih salah satu status." in body
    # The valid filters still apply; the refused ones are left out.
    assert len(listed(response)) == 4
    garbled = officer_client.get(url, {"start": "kemarin", "page": "x", "program": "abc"})
    assert garbled.status_code == 200
    assert "Masukkan tanggal" in garbled.content.decode()


def test_program_filter_and_paging(officer_client: Client, facility: Facility) -> None:
    qonita = a_program(facility, name="Pengajian Rutin Qonita")
    other = a_program(facility, name="Pelatihan Menjahit")
    start = timezone.now() + timedelta(days=1)
    mine = [at(start + timedelta(days=n), qonita) for n in range(SESSION_PAGE_SIZE + 5)]
    at(start, other)
    url = reverse("programs:session_list")
    first = officer_client.get(url, {"program": qonita.pk})
    assert listed(first) == [s.pk for s in mine[:SESSION_PAGE_SIZE]]
    body = first.content.decode()
    assert "Halaman 1 dari 2" in body
    assert f"program={qonita.pk}&amp;page=2" in body
    second = officer_client.get(url, {"program": qonita.pk, "page": 2})
    assert listed(second) == [s.pk for s in mine[SESSION_PAGE_SIZE:]]


def test_calendar_links_to_the_list(officer_client: Client) -> None:
    body = officer_client.get(reverse("programs:calendar")).content.decode()
    assert f'href="{reverse("programs:session_list")}"' in body


def test_another_facilitys_sessions_never_listed(
    officer_client: Client, facility: Facility, other_facility: Facility
) -> None:
    theirs = a_program(other_facility)
    at(timezone.now() + timedelta(days=1), theirs)
    response = officer_client.get(reverse("programs:session_list"), {"when": "all"})
    assert listed(response) == []
    # Nor offered as a filter, nor accepted as one.
    assert theirs.name not in response.content.decode()
    refused = officer_client.get(reverse("programs:session_list"), {"program": theirs.pk})
    assert "Pilih salah satu program dalam daftar." in refused.content.decode()


def test_intern_lists_only_assigned_sessions(
    make_user: Callable[..., User], client_for: ClientFor, facility: Facility
) -> None:
    from binaan.programs import services

    intern = make_user(Role.INTERN)
    program = a_program(facility)
    mine = at(timezone.now() + timedelta(days=1), program)
    at(timezone.now() + timedelta(days=2), program)
    services.session_intern_assign(session=mine, user=intern, task="pendamping")
    response = client_for(intern).get(reverse("programs:session_list"))
    assert listed(response) == [mine.pk]


def test_session_lists_query_count_is_constant(officer_client: Client, facility: Facility) -> None:
    program = a_program(facility)
    start = timezone.now() + timedelta(days=1)
    at(start, program)
    marked(at(start - timedelta(days=3), program))

    def many_more() -> None:
        for n in range(60):
            at(start + timedelta(hours=3 * n + 3), program)
            if n % 2:
                marked(at(start - timedelta(days=4, hours=3 * n), program))

    pages = {
        "program": requesting(officer_client, reverse("programs:detail", args=[program.pk])),
        "list": requesting(officer_client, reverse("programs:session_list")),
        "past": requesting(officer_client, reverse("programs:session_list"), {"when": "past"}),
        "page 2": requesting(
            officer_client, reverse("programs:session_list"), {"when": "all", "page": 2}
        ),
    }
    assert_flat_queries(
        pages, grow=many_more, ceiling={"program": 19, "list": 9, "past": 9, "page 2": 9}
    )


# --- month jump --------------------------------------------------------------------------------


def test_month_jump_opens_the_month(officer_client: Client, facility: Facility) -> None:
    program = a_program(facility)
    april = at(datetime(2026, 4, 6, 1, tzinfo=UTC), program)
    url = reverse("programs:calendar")
    response = officer_client.get(url, {"view": "week", "month": "2026-04"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["view"] == "month"
    assert "April 2026" in body
    assert reverse("programs:session_detail", args=[april.pk]) in body
    assert 'type="month"' in body and 'value="2026-04"' in body
    # The filters travel with the jump.
    filtered = officer_client.get(url, {"month": "2026-04", "program": str(program.pk + 1)})
    assert 'data-testid="event"' not in filtered.content.decode()
    assert f'name="program" value="{program.pk + 1}"' in filtered.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13", "Bulan bernomor 01 sampai 12."),
        ("April", "Masukkan bulan sebagai tahun dan bulan"),
        ("0000-01", "Pilih tahun dari 2000 sampai 2100."),
        ("99999-01", "Masukkan bulan sebagai tahun dan bulan"),
        ("2026-4", "Masukkan bulan sebagai tahun dan bulan"),
    ],
)
def test_invalid_month_answers_a_message(
    value: str, message: str, officer_client: Client, facility: Facility
) -> None:
    for path in (
        reverse("programs:calendar"),
        reverse("programs:resident_calendar", args=[make_resident(facility).pk]),
    ):
        response = officer_client.get(path, {"month": value, "day": "2026-03-09"})
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body
        assert 'data-testid="error-summary"' in body
        assert "Maret 2026" in body  # stays where it was


def test_month_jump_in_htmx_answers_the_grid(officer_client: Client) -> None:
    response = officer_client.get(
        reverse("programs:calendar"), {"month": "2026-04"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and "April 2026" in body


# --- search ------------------------------------------------------------------------------------


@pytest.fixture
def findable(facility: Facility, other_facility: Facility) -> dict[str, Any]:
    program = a_program(facility, name="Pengajian Rutin Qonita")
    return {
        "siti": make_resident(facility, full_name="Siti Aminah", registration_number="BI-2026-017"),
        "released": make_resident(facility, full_name="Siti Rahma", state=ResidentState.RELEASED),
        "elsewhere": make_resident(other_facility, full_name="Siti Jayapura"),
        "program": program,
        "their_program": a_program(other_facility, name="Pengajian Jayapura"),
    }


def search(client: Client, q: str) -> tuple[Any, str]:
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return response, response.content.decode()


def test_officer_finds_residents_by_name_and_number_and_programs(
    officer_client: Client, findable: dict[str, Any]
) -> None:
    response, body = search(officer_client, "  siti  ")
    results = response.context["results"]
    assert [r.full_name for r in results.residents] == ["Siti Aminah", "Siti Rahma"]
    assert "Siti Jayapura" not in body
    _response, body = search(officer_client, "2026-017")
    assert "Siti Aminah" in body and "Siti Rahma" not in body
    response, body = search(officer_client, "pengajian")
    assert [p.name for p in response.context["results"].programs] == ["Pengajian Rutin Qonita"]
    assert "Pengajian Jayapura" not in body
    # Showing residents is a read of personal data, recorded once.
    assert AuditEvent.objects.filter(object_repr="search").count() == 3


@pytest.mark.parametrize("role", [Role.PARTNER, Role.HUMAS])
def test_partner_and_humas_find_programs_never_residents(
    role: str,
    make_user: Callable[..., User],
    client_for: ClientFor,
    facility: Facility,
    findable: dict[str, Any],
) -> None:
    user = make_user(role)
    if role == Role.PARTNER:
        lead(facility, user, findable["program"])
    client = client_for(user)
    header = client.get(reverse("programs:list")).content.decode()
    assert 'class="header-search"' in header and "Cari program" in header
    for q in ("siti", "BI-2026-017", "Pengajian"):
        response, body = search(client, q)
        for resident in ("siti", "released"):
            assert reverse("residents:detail", args=[findable[resident].pk]) not in body
        assert response.context["results"].residents == []
        assert 'id="found-residents"' not in body
    assert "Pengajian Rutin Qonita" in body
    assert not AuditEvent.objects.filter(object_repr="search").exists()


def test_partner_finds_only_the_programs_they_facilitate(
    make_user: Callable[..., User], client_for: ClientFor, facility: Facility
) -> None:
    user = make_user(Role.PARTNER)
    theirs = a_program(facility, name="Pengajian Qonita")
    a_program(facility, name="Pengajian Lain")
    lead(facility, user, theirs)
    _response, body = search(client_for(user), "pengajian")
    assert "Pengajian Qonita" in body and "Pengajian Lain" not in body


def test_intern_has_no_search(
    make_user: Callable[..., User], client_for: ClientFor, findable: dict[str, Any]
) -> None:
    client = client_for(make_user(Role.INTERN))
    assert client.get(reverse("search"), {"q": "siti"}).status_code == 403
    assert 'class="header-search"' not in client.get(reverse("dashboard")).content.decode()


def test_officer_header_has_the_search_box(officer_client: Client) -> None:
    body = officer_client.get(reverse("dashboard")).content.decode()
    assert '<form method="get" action="/search/" role="search" class="header-search">' in body
    assert "Cari penghuni dan program" in body


@pytest.mark.parametrize(
    ("q", "message"),
    [("", "Ketik nama, nomor registrasi, atau program."), ("s", "paling sedikit 2")],
)
def test_search_too_short_answers_a_message(q: str, message: str, officer_client: Client) -> None:
    _response, body = search(officer_client, q)
    assert message in body and 'data-testid="error-summary"' in body


def test_search_query_count_is_constant(officer_client: Client, facility: Facility) -> None:
    make_resident(facility, full_name="Siti Awal")
    a_program(facility, name="Siti Program")

    def more() -> None:
        for n in range(40):
            make_resident(facility, full_name=f"Siti Nomor {n}")
            a_program(facility, name=f"Siti Program {n}")

    assert_flat_queries(
        requesting(officer_client, reverse("search"), {"q": "siti"}), grow=more, ceiling=10
    )
