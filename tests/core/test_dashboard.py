"""The head's and officer's home: figures from binaan.reports.selectors, constant queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.accounts.navigation import nav_for
from binaan.accounts.workplace import load_workplace
from binaan.attendance.models import Attendance
from binaan.facilities.models import Facility
from binaan.partners.models import Partner, PartnerKind
from binaan.programs.models import Program, Session
from binaan.reports.selectors import week_start
from tests.factories import ProgramFactory, att_session_with_roster, make_resident
from tests.querycount import assert_flat_queries, requesting
from tests.reports.conftest import _reason

pytestmark = pytest.mark.django_db


def _session(program: Program, start: datetime, marks: str = "") -> Session:
    session = Session.objects.create(
        facility=program.facility, program=program, starts_at=start,
        ends_at=start + timedelta(minutes=1),
    )  # fmt: skip
    reasons = {"h": _reason("hadir"), "a": _reason("alpa")}
    Attendance.objects.bulk_create(
        Attendance(
            facility=program.facility,
            session=session,
            resident=make_resident(program.facility),
            reason=reasons[letter],
            marked_at=start,
        )  # fmt: skip
        for letter in marks
    )
    return session


def build(facility: Facility, tag: str = "") -> dict[str, object]:
    """Today (this week) 3 of 4 present; last week 4 of 4; a program falling from 100 % to 50 %
    with ten marks in each 4-week window; a past session without marks; an agreement ending."""
    zone = facility.tzinfo
    now = timezone.now()
    today = timezone.localdate(now, timezone=zone)
    midnight = datetime.combine(today, time(0, 1), tzinfo=zone)
    monday = datetime.combine(week_start(today), time(0, 1), tzinfo=zone)
    steady = ProgramFactory(facility=facility, name=f"Pengajian{tag}")
    _session(steady, midnight, "hhha")
    _session(steady, monday - timedelta(days=3), "hhhh")
    falling = ProgramFactory(facility=facility, name=f"Menjahit{tag}")
    _session(falling, now - timedelta(days=40), "hhhhhhhhhh")
    _session(falling, now - timedelta(days=20), "hhhhhaaaaa")
    forgotten = _session(steady, now - timedelta(days=3, hours=2))
    Partner.objects.create(
        facility=facility, name=f"Yayasan Uji{tag}", kind=PartnerKind.MAJELIS_TAKLIM,
        agreement_end=today + timedelta(days=10),
    )  # fmt: skip
    return {"forgotten": forgotten, "falling": falling}


def test_head_sees_the_figures(
    facility: Facility, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    build(facility)
    html = client_for(make_user(Role.HEAD)).get(reverse("dashboard")).content.decode()
    assert 'data-testid="dash-week-rate">75%' in html
    assert "100%" in html.split('data-testid="dash-last-week-rate"')[1][:120]
    falling = html.split('data-testid="dash-falling"')[1].split("</ul>")[0]
    assert "Menjahit" in falling and "100% → 50%" in falling
    assert "Pengajian" not in falling  # too few marks to judge (FALLING_MIN_MARKS)
    assert 'data-testid="dash-not-taken-count"><strong>1<' in html
    assert "Yayasan Uji" in html
    assert "dash-today-sessions" in html
    # The interns app is installed: the logbook panel shows its (here zero) count.
    assert 'data-testid="dash-logbooks">0<' in html


def _main(html: str) -> str:
    return html.split('<main id="main"')[1].split("</main>")[0]


def test_the_dashboard_repeats_no_entry_of_the_menu(
    facility: Facility, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    build(facility)
    admin = make_user(Role.ADMIN, Role.HEAD)
    main = _main(client_for(admin).get(reverse("dashboard")).content.decode())
    assert 'class="card' not in main
    # The one link to a menu page is today's attendance, under today's sessions.
    menu = {item["url"] for item in nav_for(load_workplace(admin, facility.pk), "/")}
    repeated = {url for url in menu if f'href="{url}"' in main}
    assert repeated == {reverse("attendance:today")}
    assert (
        main.index('id="dash-today"')
        < main.index('id="dash-unmarked"')
        < main.index('id="dash-week"')
    )


def test_todays_sessions_for_roles_without_figures(
    facility: Facility, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    session = att_session_with_roster(facility, 3)
    register = reverse("attendance:register", kwargs={"session_id": session.pk})
    program = reverse("programs:detail", kwargs={"program_id": session.program_id})
    # The caseworker reads registers: the session links to its register, and shows it unfilled.
    html = _main(client_for(make_user(Role.CASEWORKER)).get(reverse("dashboard")).content.decode())
    today = html.split('data-testid="dash-today-sessions"')[1].split("</ul>")[0]
    assert session.program.name in today and f'href="{register}"' in today
    assert 'data-testid="dash-not-filled"' in today
    assert reverse("attendance:today") not in html  # they do not mark
    # Humas reads programs, not registers: the session links to its program.
    html = _main(client_for(make_user(Role.HUMAS)).get(reverse("dashboard")).content.decode())
    today = html.split('data-testid="dash-today-sessions"')[1].split("</ul>")[0]
    assert f'href="{program}"' in today and register not in html


def test_roles_without_figures_keep_the_plain_home(
    facility: Facility, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    build(facility)
    response = client_for(make_user(Role.CASEWORKER)).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "dash-week-rate" not in response.content.decode()


def test_post_is_405(officer: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(officer).post(reverse("dashboard")).status_code == 405


def test_dashboard_queries_do_not_grow(
    facility: Facility, officer: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(officer)
    build(facility)

    def twice_more() -> None:
        build(facility, " II")
        build(facility, " III")

    assert_flat_queries(requesting(client, reverse("dashboard")), grow=twice_more, ceiling=13)
