"""Bad program input answers in plain Indonesian next to its field and in the summary at the top;
no database or Python message reaches a person, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from dateutil.rrule import rrulestr
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
        "duration_minutes": "120",
        "min_attendance_rate": "75",
        "slot1_weekday": "0",
        "slot1_start": "09:00",
        "slot1_end": "11:00",
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


def test_an_unreadable_rule_gets_an_example_not_a_parser_message(officer_client: Client) -> None:
    page = _post(
        officer_client,
        rrule="FREQ=SOMETIMES;BYDAY=XX",
        rrule_start_time="09:00",
        slot1_weekday="",
        slot1_start="",
        slot1_end="",
    )
    assert "tidak dapat dibaca. Contoh: FREQ=MONTHLY;BYDAY=+1WE" in page
    # What the parser itself says (English, technical) is never shown.
    with pytest.raises((ValueError, TypeError)) as parser_error:
        rrulestr("FREQ=SOMETIMES;BYDAY=XX", dtstart=datetime(2026, 3, 2, 9, tzinfo=UTC))
    assert str(parser_error.value) not in page and "Traceback" not in page


def test_a_valid_form_has_no_error_summary(officer_client: Client) -> None:
    page = officer_client.get(reverse("programs:create")).content.decode()
    assert 'data-testid="error-summary"' not in page
