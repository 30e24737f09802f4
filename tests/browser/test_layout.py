"""The layout at three sizes: a 1280-pixel screen, a 10-inch tablet upright (800 × 1280) and a
phone (390 × 844). The admin's menu fits one row on the wide screen; on small screens it folds
behind a menu button and the header stays one short bar, so the register is on screen; the
register's name filter narrows the rows without losing the marks of the rows it hides; the
dashboard shows figures, not a copy of the menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.attendance import selectors
from binaan.attendance.models import Attendance
from binaan.facilities.models import Facility
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_attendance import qonita
from tests.core.test_dashboard import build
from tests.factories import user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, TABLET, PHONE = (1280, 800), (800, 1280), (390, 844)
SIZES = pytest.mark.parametrize(
    "size", [WIDE, TABLET, PHONE], ids=["1280x800", "800x1280", "390x844"]
)
# The phone's bar: one row of brand and a 44-pixel menu button with its padding.
HEADER_MAX_SMALL = 64
# The wide screen's bar and menu row together.
HEADER_MAX_WIDE = 110


@pytest.fixture(autouse=True)
def _reasons(builtin_reasons: None) -> None:
    """The register tests mark attendance (tests/conftest.py `builtin_reasons`)."""


def _open_at(page: Any, size: tuple[int, int]) -> None:
    width, height = size
    page.set_viewport_size({"width": width, "height": height})


def _tops(locator: Any) -> set[int]:
    boxes = [locator.nth(i).bounding_box() for i in range(locator.count())]
    assert all(box is not None for box in boxes)
    return {round(box["y"]) for box in boxes}


@SIZES
def test_menu_fits_or_folds(
    page: Any, login: Callable[[User], Any], facility: Facility, size: tuple[int, int]
) -> None:
    admin = user_with_roles(facility, Role.ADMIN, Role.HEAD, full_name="Rahmat Hidayat")
    _open_at(page, size)
    login(admin)
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()
    nav = page.get_by_role("navigation", name="Navigasi utama")
    entries = nav.locator(":scope > ul > li")
    toggle = page.get_by_role("button", name="Menu")
    header = page.locator(".topbar")

    if size == WIDE:
        expect(toggle).to_be_hidden()
        expect(nav).to_be_visible()
        # The daily pages and "Lainnya" share one row: a single distinct top.
        expect(entries.first).to_be_visible()
        assert entries.count() >= 7
        assert len(_tops(entries)) == 1, _tops(entries)
        bar, menu = header.bounding_box(), nav.bounding_box()
        assert bar["height"] + menu["height"] <= HEADER_MAX_WIDE, (bar, menu)
        # The administration pages are one click away, under "Lainnya"; Escape folds it.
        users = nav.get_by_role("link", name="Pengguna")
        expect(users).to_be_hidden()
        nav.get_by_text("Lainnya").click()
        expect(users).to_be_visible()
        assert_accessible(page)
        page.keyboard.press("Escape")
        expect(users).to_be_hidden()
        # The account's own pages are in the user's menu.
        page.locator(".user-menu summary").click()
        expect(page.get_by_role("link", name="Kata sandi")).to_be_visible()
        page.mouse.click(640, 600)  # a click elsewhere closes it
        expect(page.get_by_role("link", name="Kata sandi")).to_be_hidden()
        assert_accessible(page)
        return

    # Small screens: one short bar with the menu button; the menu is folded.
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    bar = header.bounding_box()
    assert bar is not None and bar["height"] <= HEADER_MAX_SMALL, bar
    assert_accessible(page)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Program", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_be_hidden()  # in the user's menu
    # The menu's entries stack, each a full-width target of at least 44 pixels.
    link = nav.get_by_role("link", name="Kalender").bounding_box()
    assert link is not None and link["height"] >= 44 and link["width"] >= size[0] * 0.8, link
    assert_accessible(page)
    if size == PHONE:
        screenshot(page, "layout-phone-menu-open", full_page=False)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    # Escape folds it too, and gives the focus back to the button.
    toggle.click()
    expect(nav).to_be_visible()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()


@SIZES
def test_register_and_its_name_filter(
    page: Any, login: Callable[[User], Any], facility: Facility, size: tuple[int, int]
) -> None:
    officer = user_with_roles(facility, Role.OFFICER, full_name="Siti Rahmawati")
    session = qonita(facility, 40)
    roster = list(selectors.roster_for_session(session))
    _open_at(page, size)
    login(officer)
    page.goto(f"/attendance/sessions/{session.pk}/")
    rows = page.locator("#mark-list .mark-row")
    expect(rows).to_have_count(40)
    expect(page.locator("input[type=radio]:checked")).to_have_count(40)

    # The first resident's whole row is on screen above the save bar, without scrolling.
    save = page.get_by_role("button", name="Simpan kehadiran")
    expect(save).to_be_visible()
    first = rows.first.bounding_box()
    bar = page.locator(".save-bar").bounding_box()
    assert first is not None and bar is not None
    assert first["y"] + first["height"] <= bar["y"], (first, bar)
    # The save button sits at the bottom of the screen, under the thumb.
    button = save.bounding_box()
    assert button is not None and button["y"] + button["height"] <= size[1]
    assert button["y"] >= size[1] * 0.8, button
    # Every reason is a large target.
    reason = page.locator(f"label:has(#m{roster[0].pk}-izin)").bounding_box()
    assert reason is not None and reason["height"] >= 44 and reason["width"] >= 44, reason
    assert_accessible(page)
    if size == PHONE:
        screenshot(page, "attendance-register-phone", full_page=False)

    # A first mark, then the filter: one resident by part of her name, another by her number.
    a, b = roster[5], roster[30]
    page.locator(f"label:has(#m{a.pk}-izin)").click()
    search = page.get_by_label("Cari nama atau nomor")
    search.fill(b.full_name.lower())
    expect(page.locator(f"#row-{b.pk}")).to_be_visible()
    expect(page.locator(f"#row-{a.pk}")).to_be_hidden()
    search.fill(b.registration_number)
    expect(page.locator("#mark-list .mark-row:visible")).to_have_count(1)
    expect(page.locator("#register-filter-status")).to_have_text("Menampilkan 1 dari 40")
    page.locator(f"label:has(#m{b.pk}-sakit)").click()
    search.fill("tidak ada nama begini")
    expect(page.locator("#mark-list .mark-row:visible")).to_have_count(0)
    expect(page.locator("#register-filter-status")).to_have_text("Menampilkan 0 dari 40")
    # Enter in the filter filters; it does not save the register.
    search.press("Enter")
    assert not Attendance.objects.filter(session=session).exists()

    # Saved while every row is hidden: the hidden rows' marks are sent all the same.
    with page.expect_navigation():
        save.click()
    marks = dict(
        Attendance.objects.filter(session=session).values_list("resident_id", "reason__code")
    )
    assert len(marks) == 40
    assert marks[a.pk] == "izin" and marks[b.pk] == "sakit"


@SIZES
def test_dashboard_shows_information_not_the_menu(
    page: Any, login: Callable[[User], Any], facility: Facility, size: tuple[int, int]
) -> None:
    build(facility)
    qonita(facility, 6)  # a session of today, started, not filled yet
    officer = user_with_roles(facility, Role.OFFICER, Role.ADMIN)
    _open_at(page, size)
    login(officer)
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()
    main = page.locator("main")
    # No tiles repeating the menu: the only links of the page lead to sessions and programs.
    expect(main.locator(".card")).to_have_count(0)
    expect(main.get_by_role("link", name="Lokasi")).to_have_count(0)
    today = page.get_by_test_id("dash-today-sessions")
    expect(today.get_by_role("link", name="Pengajian Rutin Qonita")).to_be_visible()
    expect(today.get_by_test_id("dash-not-filled")).to_have_text("Sudah mulai, belum diisi")
    expect(page.get_by_test_id("dash-not-taken-count")).to_contain_text("1")
    expect(page.get_by_test_id("dash-week-rate")).to_have_text("75%")
    expect(page.get_by_test_id("dash-falling")).to_contain_text("Menjahit")
    # Today's sessions come first, on screen at every size.
    panel = page.locator(".dash-today").bounding_box()
    assert panel is not None and panel["y"] < size[1] / 2, panel
    assert_accessible(page)
    if size == WIDE:
        screenshot(page, "dashboard-officer-1280")
    page.get_by_test_id("today-attendance").click()
    expect(page.get_by_role("heading", name="Hari ini")).to_be_visible()
