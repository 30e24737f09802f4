"""Bad program input answers in plain Indonesian next to its field and in the summary at the top;
no database or Python message reaches a person, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User
from binaan.programs.models import Program
from tests.factories import program_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(officer: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(officer)


def _post(client: Client, **changes: Any) -> str:
    data = {
        "name": "Pengajian Rutin Qonita",
        "category": program_category().pk,
        "start_date": "2026-03-02",
        "schedule_pattern": "weekly",
        "weekdays": ["0"],
        "interval": "1",
        "start_time": "09:00",
        "duration_minutes": "120",
        "min_attendance_rate": "75",
        **changes,
    }
    response = client.post(reverse("programs:create"), data)
    assert response.status_code == 200
    assert not Program.objects.exists()
    return response.content.decode()


def test_an_end_before_the_start_is_named_at_its_field(officer_client: Client) -> None:
    page = _post(officer_client, end_date="2026-03-01")
    assert "Tanggal selesai harus sama dengan atau setelah tanggal mulai." in page
    assert 'data-testid="error-summary"' in page and 'href="#id_end_date"' in page
    assert "program_dates_ordered" not in page and "constraint" not in page.lower()


def test_a_capacity_beyond_any_unit_is_refused(officer_client: Client) -> None:
    page = _post(officer_client, capacity="99999999")
    assert 'href="#id_capacity"' in page
    assert "3000" in page or "3.000" in page


def test_a_weekly_schedule_without_a_day_is_named_at_its_field(officer_client: Client) -> None:
    page = _post(officer_client, weekdays=[])
    assert "Pilih setidaknya satu hari dalam seminggu." in page
    assert 'href="#id_weekdays_0"' in page


def test_a_monthly_schedule_without_its_weekday_is_named_at_its_field(
    officer_client: Client,
) -> None:
    page = _post(officer_client, schedule_pattern="monthly", month_week="1", month_weekday="")
    assert "Pilih hari pertemuan." in page
    assert 'href="#id_month_weekday"' in page


def test_a_missing_time_and_an_absurd_duration_are_refused(officer_client: Client) -> None:
    page = _post(officer_client, start_time="", duration_minutes="100000")
    assert "Isi jam mulai program." in page
    assert 'href="#id_start_time"' in page and 'href="#id_duration_minutes"' in page
    assert "720" in page


def test_the_form_never_asks_for_a_rule(officer_client: Client) -> None:
    page = officer_client.get(reverse("programs:create")).content.decode()
    assert "RRULE" not in page and "FREQ=" not in page
    assert 'name="rrule"' not in page


def test_a_valid_form_has_no_error_summary(officer_client: Client) -> None:
    page = officer_client.get(reverse("programs:create")).content.decode()
    assert 'data-testid="error-summary"' not in page
