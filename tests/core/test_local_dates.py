"""Every page and document that shows a session's date shows the facility's date.

A session at 07.30 WITA on Monday 6 April 2026 starts at 23.30 UTC on Sunday 5 April; read as a
UTC date it lands on the previous day (so does 07.30 WIT, and 06.30 WIB; 07.30 WIB is 00.30 UTC,
the same day, and is kept because it is the case people meet). Each case renders the pages and
documents with a session date and checks that the local day appears and the previous day does
not. The clock is fixed at 10.00 local on the session's day, so "today" is that day too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from binaan.accounts.models import Role, User
from binaan.attendance import pdf, services
from binaan.attendance.models import PRESENT_CODE
from binaan.facilities.models import Facility
from binaan.interns import services as intern_services
from binaan.programs.models import Program, Session, SessionIntern
from binaan.reports import exports
from binaan.residents.models import Resident
from tests.factories import (
    FacilityFactory,
    ProgramFactory,
    intern_placement,
    make_enrollment,
    make_resident,
    user_with_roles,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 4, 6)  # Monday
FIRST = date(2026, 4, 1)  # Wednesday: a session on the 1st belongs to April, not March


@dataclass(frozen=True)
class Case:
    zone: str
    at: time
    suffix: str
    utc_day_before: bool  # whether the UTC date of the session is the previous day

    @property
    def id(self) -> str:
        return f"{self.zone.split('/')[1]}-{self.at:%H%M}"

    def local(self, day: date, at: time | None = None) -> datetime:
        return datetime.combine(day, at or self.at, ZoneInfo(self.zone))


CASES = [
    Case("Asia/Jakarta", time(7, 30), "WIB", utc_day_before=False),
    Case("Asia/Makassar", time(7, 30), "WITA", utc_day_before=True),
    Case("Asia/Jayapura", time(7, 30), "WIT", utc_day_before=True),
    Case("Asia/Jakarta", time(6, 30), "WIB", utc_day_before=True),
]


@dataclass
class World:
    case: Case
    facility: Facility
    officer: User
    intern: User
    program: Program
    session: Session
    first_session: Session
    resident: Resident
    placement: Any
    client: Client


@pytest.fixture(params=CASES, ids=lambda c: c.id)
def world(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    client_for: Callable[[User], Client],
) -> World:
    case: Case = request.param
    now = case.local(DAY, time(10, 0)).astimezone(UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)

    facility = FacilityFactory(name="Rutan Kelas IIA Balikpapan", time_zone=case.zone)
    officer = user_with_roles(facility, Role.HEAD, Role.OFFICER)
    intern = user_with_roles(facility, Role.INTERN)
    program = ProgramFactory(facility=facility, name="Pengajian Rutin Qonita")
    resident = make_resident(facility, full_name="Siti Aminah")
    make_enrollment(facility, program=program, resident=resident)

    def session_on(day: date) -> Session:
        starts = case.local(day)
        return Session.objects.create(
            facility=facility,
            program=program,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )

    session, first_session = session_on(DAY), session_on(FIRST)

    def held_day(held: Session) -> date:
        return DAY if held == session else FIRST

    for held in (first_session, session):
        utc_day = held.starts_at.astimezone(UTC).date()
        assert utc_day == held_day(held) - timedelta(days=case.utc_day_before)
        services.register_save(
            session=held,
            marks={resident.pk: (PRESENT_CODE, "")},
            expected_version=0,
            user=officer,
        )
    placement = intern_placement(facility, intern=intern, mentor=officer)
    SessionIntern.objects.create(session=session, user=intern)
    intern_services.presence_check_in(placement=placement, by=intern, at=case.local(DAY))
    return World(
        case=case,
        facility=facility,
        officer=officer,
        intern=intern,
        program=program,
        session=session,
        first_session=first_session,
        resident=resident,
        placement=placement,
        client=client_for(officer),
    )


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _mentions(text: str, day: str) -> bool:
    """`day` ("5 April 2026") as a whole date: not the tail of "15 April 2026"."""
    return re.search(rf"(?<!\d){re.escape(day)}", text) is not None


def _shows_the_local_day(html: str, case: Case) -> None:
    assert _mentions(html, "6 April 2026")
    assert not _mentions(html, "5 April 2026")
    assert "2026-04-05" not in html


def _cell(html: str, day: date) -> str:
    """The calendar cell of `day` (from its <td> to the next one)."""
    match = re.search(rf'data-date="{day.isoformat()}">(.*?)</td>', html, re.S)
    assert match is not None, day
    return match.group(1)


def test_session_page(world: World) -> None:
    html = _page(world.client, reverse("programs:session_detail", args=[world.session.pk]))
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None and "6 April 2026" in title.group(1)
    assert f"Senin, 6 April 2026, {world.case.at:%H.%M} {world.case.suffix}" in html
    assert "?day=2026-04-06" in html
    _shows_the_local_day(html, world.case)


def test_register(world: World) -> None:
    html = _page(world.client, reverse("attendance:register", args=[world.session.pk]))
    assert f"Senin, 6 April 2026, {world.case.at:%H.%M} {world.case.suffix}" in html
    _shows_the_local_day(html, world.case)


def test_calendar_week_and_month(world: World) -> None:
    url = reverse("programs:calendar")
    week = _page(world.client, f"{url}?view=week&day=2026-04-06")
    assert "Pengajian Rutin Qonita" in _cell(week, DAY)
    # Sunday 5 April ends the week before (weeks run Monday to Sunday).
    before = _page(world.client, f"{url}?view=week&day=2026-04-05")
    assert "Pengajian Rutin Qonita" not in _cell(before, DAY - timedelta(days=1))
    month = _page(world.client, f"{url}?view=month&day=2026-04-06")
    assert "Pengajian Rutin Qonita" in _cell(month, FIRST)
    assert "Pengajian Rutin Qonita" in _cell(month, DAY)
    assert "Pengajian Rutin Qonita" not in _cell(month, FIRST - timedelta(days=1))
    assert "Pengajian Rutin Qonita" not in _cell(month, DAY - timedelta(days=1))
    # Today is marked on the facility's calendar.
    assert re.search(r'class="[^"]*\btoday\b[^"]*" data-date="2026-04-06"', month)


def test_today_page_and_dashboard(world: World) -> None:
    html = _page(world.client, reverse("attendance:today"))
    assert "Senin, 6 April 2026" in html
    assert "Pengajian Rutin Qonita" in html
    assert f"{world.case.at:%H.%M} {world.case.suffix}" in html
    _shows_the_local_day(html, world.case)
    dashboard = _page(world.client, reverse("dashboard"))
    assert "Senin, 6 April 2026" in dashboard
    assert f"{world.case.at:%H.%M} {world.case.suffix} · Pengajian Rutin Qonita" in dashboard


def test_resident_last_attendance(world: World) -> None:
    html = _page(world.client, reverse("residents:detail", args=[world.resident.pk]))
    assert "6 April 2026 — Pengajian Rutin Qonita" in html
    assert "1 April 2026 — Pengajian Rutin Qonita" in html
    assert not _mentions(html, "5 April 2026")
    assert not _mentions(html, "31 Maret 2026")


def test_attendance_sheet_pdf(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # No PDF text extractor is installed; check what the view hands the renderer.
    sheets: list[Any] = []
    render = pdf.render_attendance_sheet

    def spy(sheet: Any) -> bytes:
        sheets.append(sheet)
        return render(sheet)

    monkeypatch.setattr(pdf, "render_attendance_sheet", spy)
    response = world.client.get(reverse("attendance:sheet_pdf", args=[world.session.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "daftar-hadir-20260406.pdf" in response["Content-Disposition"]
    (sheet,) = sheets
    suffix = world.case.suffix
    assert sheet.when == (
        f"Senin, 6 April 2026, {world.case.at:%H.%M} {suffix}"
        f"–{(world.case.local(DAY) + timedelta(hours=2)):%H.%M} {suffix}"
    )
    assert sheet.place_and_date.endswith("6 April 2026")
    assert _mentions(sheet.made_by, "6 April 2026")
    assert not _mentions(f"{sheet.when} {sheet.place_and_date} {sheet.made_by}", "5 April 2026")


def _monthly(world: World, month: str, fmt: str) -> bytes:
    url = reverse("reports:facility", args=[world.facility.pk])
    response = world.client.get(url, {"month": month, "export": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{month}.{fmt}"')
    return response.content


def test_monthly_report_csv_and_xlsx(world: World) -> None:
    def figures(month: str) -> dict[tuple[str, str], str]:
        text = _monthly(world, month, "csv").decode("utf-8-sig")
        return {(row[0], row[2]): row[3] for row in csv.reader(io.StringIO(text))}

    april = figures("2026-04")
    # Both sessions (1 and 6 April, 07.30 local) were held in April, none in March.
    assert april[("total", "held")] == "2"
    assert april[("total", "marked")] == "2"
    assert april[("previous_month", "held")] == "0"
    march = figures("2026-03")
    assert march[("total", "held")] == "0"
    assert march[("total", "marked")] == "0"

    keys = [key for key, _title in exports.metric_columns(True)]
    line = 6 + keys.index("held")
    for month, current, previous in (("2026-04", 2, 0), ("2026-03", 0, None)):
        sheet = load_workbook(io.BytesIO(_monthly(world, month, "xlsx"))).worksheets[0]
        assert sheet.cell(row=line, column=2).value == current
        assert sheet.cell(row=line, column=3).value in {previous, 0}
        assert _mentions(str(sheet["A3"].value), "6 April 2026")  # made on the facility's day


def test_intern_month_and_logbook(world: World, client_for: Callable[[User], Client]) -> None:
    url = reverse("interns:month", args=[world.placement.pk])
    html = _page(world.client, f"{url}?month=2026-04")
    row = re.search(r"<tr>(?:(?!</tr>).)*Senin, 6 April 2026(?:(?!</tr>).)*</tr>", html, re.S)
    assert row is not None
    assert f"{world.case.at:%H.%M} {world.case.suffix}" in row.group(0)
    assert not _mentions(html, "5 April 2026")

    xlsx = world.client.get(
        reverse("interns:month_xlsx", args=[world.placement.pk]), {"month": "2026-04"}
    )
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    # Day rows carry a real date cell (shown DD/MM/YYYY), then check-in and check-out.
    days = {
        r[0].date(): r[1] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], datetime)
    }
    assert days[DAY] == f"{world.case.at:%H.%M} {world.case.suffix}"
    assert DAY - timedelta(days=1) not in days
    exported = [r[0] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], str)]
    assert any(_mentions(text, "Senin, 6 April 2026") for text in exported)

    intern = client_for(world.intern)
    logbook = reverse("interns:logbook", args=[world.placement.pk])
    line = f"{world.case.at:%H.%M}–"
    assert line in _page(intern, f"{logbook}?date=2026-04-06")
    assert "Pengajian Rutin Qonita" not in _page(intern, f"{logbook}?date=2026-04-05")
