"""Finding things in a browser: jump the calendar to a month in one action and open a session;
search a resident from the header; list a program's past sessions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.facilities.models import Facility
from binaan.programs.models import Program, Session
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import ProgramFactory, make_resident, make_session, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def qonita(facility: Facility) -> Program:
    program: Program = ProgramFactory(facility=facility, name="Pengajian Rutin Qonita")  # type: ignore[assignment]
    return program


def test_jump_the_calendar_to_april_2026_and_open_a_session(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    program = qonita(facility)
    # Monday 6 April 2026, 09.00 WITA.
    session: Session = make_session(
        facility,
        program=program,
        starts_at=datetime(2026, 4, 6, 1, tzinfo=UTC),
        ends_at=datetime(2026, 4, 6, 3, tzinfo=UTC),
    )
    login(user_with_roles(facility, Role.OFFICER))
    page.goto("/programs/calendar/")

    # One action: type the month and press Enter (htmx swaps the grid).
    page.get_by_label("Buka bulan").fill("2026-04")
    page.get_by_label("Buka bulan").press("Enter")
    expect(page.get_by_test_id("calendar-heading")).to_have_text("April 2026")
    cell = page.locator('td[data-date="2026-04-06"]')
    expect(cell.get_by_test_id("event")).to_have_count(1)
    assert "month=2026-04" in page.url
    assert_accessible(page)
    screenshot(page, "programs-calendar-month-jump")
    # Choosing a program afterwards keeps April (the filters learn the grid's month).
    page.get_by_label("Program", exact=True).select_option(label="Pengajian Rutin Qonita")
    expect(page).to_have_url(re.compile(f"program={program.pk}"))
    expect(page.get_by_test_id("calendar-heading")).to_have_text("April 2026")
    expect(cell.get_by_test_id("event")).to_have_count(1)
    cell.get_by_test_id("event").click()
    expect(page.get_by_role("heading", name="Pengajian Rutin Qonita")).to_be_visible()
    assert page.url.endswith(f"/programs/sessions/{session.pk}/")

    # A month that cannot be read answers a message next to the field, not an error page.
    page.goto("/programs/calendar/?month=2026-13")
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.locator("#id_month-error")).to_have_text("Bulan bernomor 01 sampai 12.")


def test_search_a_resident_from_the_header(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    siti = make_resident(facility, full_name="Siti Aminah", registration_number="BI-2026-017")
    make_resident(facility, full_name="Budi Santoso", sex="L")
    qonita(facility)
    login(user_with_roles(facility, Role.OFFICER))
    page.goto("/programs/")

    search = page.get_by_role("search").get_by_label("Cari penghuni dan program")
    search.fill("aminah")
    search.press("Enter")
    found = page.get_by_test_id("found-residents").get_by_role("link")
    expect(found).to_have_count(1)
    expect(found).to_have_text("Siti Aminah")
    assert_accessible(page)
    screenshot(page, "search-results")
    found.click()
    expect(page.get_by_role("heading", name="Siti Aminah")).to_be_visible()
    assert page.url.endswith(f"/residents/{siti.pk}/")

    # By registration number, and a program by name, from any page's header.
    page.get_by_role("search").get_by_label("Cari penghuni dan program").fill("2026-017")
    page.get_by_role("search").get_by_label("Cari penghuni dan program").press("Enter")
    expect(page.get_by_test_id("found-residents").get_by_role("link")).to_have_text("Siti Aminah")
    page.get_by_role("search").get_by_label("Cari penghuni dan program").fill("pengajian")
    page.get_by_role("search").get_by_label("Cari penghuni dan program").press("Enter")
    expect(page.get_by_test_id("found-programs").get_by_role("link")).to_have_text(
        "Pengajian Rutin Qonita"
    )


def test_program_page_lists_past_sessions_on_request(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    program = qonita(facility)
    now = datetime.now(UTC)
    for weeks in range(1, 4):
        start = now - timedelta(weeks=weeks)
        make_session(facility, program=program, starts_at=start, ends_at=start + timedelta(hours=2))
    start = now + timedelta(weeks=1)
    make_session(facility, program=program, starts_at=start, ends_at=start + timedelta(hours=2))
    login(user_with_roles(facility, Role.OFFICER))
    page.goto(f"/programs/{program.pk}/")
    expect(page.get_by_test_id("session-row")).to_have_count(1)
    page.get_by_label("Kegiatan yang ditampilkan").select_option(label="Sudah lewat")
    page.get_by_test_id("session-filters").get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("session-row")).to_have_count(3)
    expect(page.get_by_test_id("session-row").first).to_contain_text("Belum diisi")
    assert "when=past" in page.url and page.url.endswith("#sessions")
    assert_accessible(page)
    screenshot(page, "programs-program-sessions-past")
