"""An intern and a partner reach only their own things.

Every URL pattern of the project is walked (binaan.devtools.access_matrix.walk), so pages added
later by any branch are checked without being listed here: outside the allow-lists below, an
intern and a partner get 403 or 404, for GET and POST alike. Every URL that names an object is opened with an
object of their own facility that is not theirs, and must answer 403 or 404 even when the page
itself is allowed. The allowed pages, opened with their own objects, never show case data.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse
from openpyxl import load_workbook

from binaan.accounts.models import Role, User
from binaan.accounts.navigation import nav_for
from binaan.accounts.workplace import load_workplace
from binaan.devtools.access_matrix import Route, walk
from binaan.devtools.scoped_objects import SCOPED_OBJECT_FACTORIES
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.partners.models import Facilitator, Partner
from binaan.programs.models import Enrollment, SessionFacilitator, SessionIntern
from binaan.residents.models import Resident
from tests.factories import (
    intern_entry,
    intern_placement,
    intern_program,
    intern_session,
    user_with_roles,
)

pytestmark = pytest.mark.django_db

# Pages without an object that every signed-in user may open, and why.
EVERYONE = {
    "dashboard": "the start page; shows the user's own roles and nav only",
    "core:healthz": "public liveness probe, no data",
    "accounts:login": "redirects a signed-in user away",
    "accounts:logout": "ends one's own session",
    "accounts:password_change": "one's own password",
    "accounts:switch_facility": "only among one's own memberships",
    "accounts:two_factor_verify": "the second step of one's own login; otherwise a redirect",
    "set_language": "one's own language",
    "api_schema": "describes the API's shape, holds no data",
    "interns:certificate_verify": "public by design: name, programme, facility, period only",
}
ALLOWED: dict[str, dict[str, str]] = {
    Role.INTERN: {
        **EVERYONE,
        "interns:intern_home": "redirects to the intern's own placement",
        "interns:placement_detail": "own placement only (others 404)",
        "interns:check_in": "own presence",
        "interns:check_out": "own presence",
        "interns:absence": "own absence",
        "interns:logbook": "own logbook",
        "interns:month": "own month",
        "interns:month_xlsx": "own month",
        "interns:month_pdf": "own month",
        "interns:evaluation": "own evaluations, once submitted",
        "interns:certificate": "own certificate",
        "interns:session_roster": "sessions the intern is assigned to: name, number, block",
        "interns:mentor_home": "never: staff only (listed to document the 403 below)",
        "api:placement_list": "own placement only",
        "api:placement_detail": "own placement only",
        "api:placement_logbook": "own logbook only",
        "programs:calendar": "only the sessions they are assigned to (visible_sessions)",
        "programs:session_list": "only the sessions they are assigned to (visible_sessions)",
        "api:session_list": "only the sessions they are assigned to (visible_sessions)",
    },
    Role.PARTNER: {
        **EVERYONE,
        "interns:portal": "the sessions their facilitator leads",
        "interns:session_notes": "agenda and notes of the sessions they lead",
        "interns:session_roster": "rosters of the sessions they lead: name, number, block",
        # From the programs branch: the program list filtered by visible_programs.
        "programs:list": "only the programs they facilitate",
        "programs:calendar": "only the sessions of their programs (visible_sessions)",
        "programs:session_list": "only the sessions of their programs (visible_sessions)",
        "search": "only the programs they facilitate, never residents",
        "attendance:today": "today's sessions they lead (visible_sessions)",
        "api:program_list": "only the programs they facilitate (visible_programs)",
        "api:session_list": "only the sessions of their programs (visible_sessions)",
    },
}
# Not in the allow-list of anyone outside staff, stated as a fact the walk must confirm.
del ALLOWED[Role.INTERN]["interns:mentor_home"]

# Words and values that are case data (DESIGN.md: charge, sentence, register code, remissions,
# religion, movements); the test resident carries them.
CASE_TOKENS = [
    "RAHASIA-DAKWAAN",
    "B.IIa",
    "Khonghucu",
    "Konghucu",
    "Confucian",
    "remisi",
    "remission",
    "2019-03-17",
    "17 Maret 2019",
    "sentence",
    "vonis",
]


def _story(facility: Facility) -> dict[str, Any]:
    zone = ZoneInfo(facility.time_zone)
    block = Location.objects.create(facility=facility, name="Blok Wanita", kind=LocationKind.BLOCK)
    program = intern_program(facility, "Pengajian Rutin Qonita")
    session = intern_session(
        facility, program=program, starts_at=datetime(2026, 4, 6, 9, 0, tzinfo=zone)
    )
    resident = Resident.objects.create(
        facility=facility,
        registration_number="BI.2019.0417",
        register_code="B.IIa",
        custody_status="narapidana",
        full_name="Siti Penghuni Roster",
        sex="P",
        religion="khonghucu",
        block=block,
        charge="Pasal 363 KUHP RAHASIA-DAKWAAN",
        sentence_start=date(2019, 3, 17),
        sentence_years=7,
        remission_days_total=90,
    )
    Enrollment.objects.create(
        facility=facility,
        program=program,
        resident=resident,
        status="enrolled",
        enrolled_on=date(2026, 1, 1),
    )
    intern = user_with_roles(facility, Role.INTERN)
    placement = intern_placement(facility, intern=intern)
    SessionIntern.objects.create(session=session, user=intern, task="pendamping")
    entry = intern_entry(facility, placement=placement, day=date(2026, 4, 6))
    partner_user = user_with_roles(facility, Role.PARTNER)
    partner = Partner.objects.create(
        facility=facility, name="Majelis Taklim Qonita", kind="majelis_taklim"
    )
    facilitator = Facilitator.objects.create(
        facility=facility, name="Ustadzah Uji", partner=partner, user=partner_user
    )
    SessionFacilitator.objects.create(session=session, facilitator=facilitator)
    return {
        "session": session,
        "resident": resident,
        "intern": intern,
        "placement": placement,
        "entry": entry,
        "partner": partner_user,
    }


def _all_routes() -> list[Route]:
    return sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r.name)


def _url_with_foreign_objects(route: Route, facility: Facility) -> str | None:
    """The URL with objects of the user's facility that are not theirs; None for routes whose
    arguments are positional (the public certificate check)."""
    kwargs = {k: SCOPED_OBJECT_FACTORIES[k](facility).pk for k in route.kwargs}
    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _assert_refused(client: Client, url: str) -> None:
    statuses = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
    assert set(statuses.values()) <= {403, 404, 405}, f"{url}: {statuses}"
    assert {403, 404} & set(statuses.values()), f"{url}: only 405 {statuses}"


def _text(response: Any) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    if response.get("Content-Type", "") == "application/pdf":
        # Rendered from the same MonthReport rows as the XLSX (checked above): no other source.
        return ""
    return response.content.decode()


def _assert_no_case_data(response: Any, url: str) -> str:
    text = _text(response)
    lowered = text.lower()
    for token in CASE_TOKENS:
        assert token.lower() not in lowered, f"case data {token!r} in {url}"
    return text


@pytest.mark.parametrize("role", [Role.INTERN, Role.PARTNER])
def test_every_url_outside_the_allow_list_is_refused(
    role: str, facility: Facility, client_for: Callable[[User], Client]
) -> None:
    story = _story(facility)
    user = story["intern"] if role == Role.INTERN else story["partner"]
    client = client_for(user)
    allowed = ALLOWED[role]
    checked = 0
    for route in _all_routes():
        url = _url_with_foreign_objects(route, facility)
        if url is None:
            assert route.name in allowed, f"{route.name}: positional arguments, list it"
            continue
        if route.kwargs or route.name not in allowed:
            _assert_refused(client, url)
            checked += 1
        else:
            response = client.get(url)
            # 400: a list that needs its query parameters (the session list's date range).
            assert response.status_code in {200, 302, 400, 405}, f"{url}: {response.status_code}"
            if route.name != "api_schema":  # names the register codes as an enum, holds no record
                _assert_no_case_data(response, url)
    # A guard on the walk: the project has far more than a handful of refused URLs.
    assert checked > 20


def test_intern_opens_own_pages_without_case_data(
    facility: Facility, client_for: Callable[[User], Client]
) -> None:
    story = _story(facility)
    client = client_for(story["intern"])
    placement, session = story["placement"], story["session"]
    pages = [
        reverse("interns:intern_home"),
        reverse("interns:placement_detail", args=[placement.pk]),
        reverse("interns:month", args=[placement.pk]) + "?month=2026-04",
        reverse("interns:month_xlsx", args=[placement.pk]) + "?month=2026-04",
        reverse("interns:month_pdf", args=[placement.pk]) + "?month=2026-04",
        reverse("interns:logbook", args=[placement.pk]) + "?date=2026-04-06",
        reverse("interns:evaluation", args=[placement.pk]) + "?month=2026-04",
        reverse("api:placement_list"),
        reverse("api:placement_detail", args=[placement.pk]),
        reverse("api:placement_logbook", args=[placement.pk]),
        reverse("dashboard"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in {200, 302}, f"{url}: {response.status_code}"
        _assert_no_case_data(response, url)
    roster_url = reverse("interns:session_roster", args=[session.pk])
    roster = client.get(roster_url)
    assert roster.status_code == 200
    text = _assert_no_case_data(roster, roster_url)
    assert "Siti Penghuni Roster" in text and "BI.2019.0417" in text and "Blok Wanita" in text
    # The API lists only the intern's own placement.
    assert [p["id"] for p in client.get(reverse("api:placement_list")).json()["results"]] == [
        placement.pk
    ]


def test_partner_opens_own_sessions_without_case_data(
    facility: Facility, client_for: Callable[[User], Client]
) -> None:
    story = _story(facility)
    client = client_for(story["partner"])
    session = story["session"]
    portal = client.get(reverse("interns:portal"))
    assert portal.status_code == 200
    assert "Pengajian Rutin Qonita" in _assert_no_case_data(portal, "portal")
    for url in (
        reverse("interns:session_notes", args=[session.pk]),
        reverse("interns:session_roster", args=[session.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_case_data(response, url)
    assert (
        "Siti Penghuni Roster"
        in client.get(reverse("interns:session_roster", args=[session.pk])).content.decode()
    )


def test_nav_shows_interns_and_partners_only_their_items(facility: Facility) -> None:
    story = _story(facility)
    for user, role in ((story["intern"], Role.INTERN), (story["partner"], Role.PARTNER)):
        workplace = load_workplace(user, None)
        urls = {item["url"] for item in nav_for(workplace, "/")}
        allowed_urls = set()
        for name in ALLOWED[role]:
            try:
                allowed_urls.add(reverse(name))
            except NoReverseMatch:
                continue
        assert urls <= allowed_urls, f"{role}: {urls - allowed_urls}"


def test_evaluation_draft_stays_hidden_from_the_intern(
    facility: Facility, client_for: Callable[[User], Client]
) -> None:
    from binaan.interns import services

    story = _story(facility)
    placement = story["placement"]
    services.evaluation_save(
        placement=placement,
        by=placement.mentor,
        month=date(2026, 4, 1),
        scores={},
        narrative="CATATAN-DRAF-MENTOR",
    )
    response = client_for(story["intern"]).get(
        reverse("interns:evaluation", args=[placement.pk]) + "?month=2026-04"
    )
    assert response.status_code == 200
    assert "CATATAN-DRAF-MENTOR" not in response.content.decode()
