"""Correcting the holiday calendar in a browser: the head adds a regional holiday, sees the
session it would remove before anything is saved, then confirms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from typing import Any, cast

import pytest
from playwright.sync_api import expect

from binaan.accounts.models import Role, User
from binaan.core.dates import facility_today
from binaan.facilities.models import Facility
from binaan.programs import schedule, services
from binaan.programs.models import HolidayOverride, Program, ProgramSlot, Session
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import ProgramFactory, program_category, user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_previews_then_confirms_a_regional_holiday(
    page: Any, login: Callable[[User], Any], facility: Facility
) -> None:
    program_category()  # transactional tests may start without the migration's rows
    day = facility_today(facility) + timedelta(days=14)
    while day.weekday() > 4 or day in schedule.holiday_dates(day, day, facility=facility):
        day += timedelta(days=1)
    program = cast(
        Program,
        ProgramFactory(
            facility=facility,
            name="Pelatihan Menjahit",
            start_date=facility_today(facility),
            monday_slot=False,
        ),
    )
    ProgramSlot.objects.create(
        program=program, weekday=day.weekday(), start_time=time(9), end_time=time(11)
    )
    services.sessions_generate(program=program)
    login(user_with_roles(facility, Role.HEAD))

    page.goto("/programs/holidays/")
    assert_accessible(page)
    page.get_by_label("Tanggal").fill(day.isoformat())
    page.get_by_role("group", name="Jenis koreksi").get_by_label("Hari libur ditambahkan").check()
    page.get_by_label("Nama", exact=True).fill("Hari Jadi Kota")
    page.get_by_role("button", name="Tampilkan perubahannya").click()

    removed = page.get_by_test_id("preview-removed")
    expect(removed).to_be_visible()
    expect(removed).to_contain_text("Pelatihan Menjahit")
    assert not HolidayOverride.objects.exists()  # nothing written before the confirmation
    assert_accessible(page)
    screenshot(page, "programs-holiday-preview")

    page.get_by_role("button", name="Konfirmasi dan buat ulang jadwal kegiatan").click()
    expect(page.get_by_test_id("corrections")).to_contain_text("Hari Jadi Kota")
    assert HolidayOverride.objects.get().date == day
    assert not Session.objects.filter(program=program, starts_at__date=day).exists()
