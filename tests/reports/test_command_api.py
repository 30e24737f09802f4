"""The monthly_report command and the API return the selectors' figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from binaan.accounts.models import Role, User
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.reports.selectors import monthly_report, report_as_dict
from tests.reports.conftest import MARCH, SmallMonth

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "csv", "json"])
def test_command_writes_each_format(small_month: SmallMonth, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    call_command(
        "monthly_report", small_month.facility.code, "2026-03", "--format", fmt, "-o", str(target)
    )
    content = target.read_bytes()
    if fmt == "json":
        data = json.loads(content)
        expected = report_as_dict(monthly_report(facility=small_month.facility, month=MARCH))
        # The same figures as the page (which renders the same selector), minus the timestamps.
        for key in ("total", "previous_month", "breakdowns", "partners", "facilitators", "trend"):
            assert data[key] == expected[key], key
    elif fmt == "xlsx":
        book = load_workbook(BytesIO(content))
        assert book.worksheets[0]["B6"].value == 6  # planned
    elif fmt == "pdf":
        assert content.startswith(b"%PDF")
    else:
        assert content.startswith(b"\xef\xbb\xbf")
    event = AuditEvent.objects.get(action="export", object_type="reports.monthly")
    assert event.after == {
        "report": "monthly",
        "month": "2026-03",
        "format": fmt,
        "scope": "command",
    }


def test_command_refuses_bad_input(facility: Facility, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No facility"):
        call_command("monthly_report", "NOPE", "2026-03", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("monthly_report", facility.code, "03-2026", "-o", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_api_returns_the_page_figures(
    small_month: SmallMonth, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_user(Role.OFFICER))
    response = client.get(reverse("api:report_monthly"), {"month": "2026-03"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"]["planned"] == 6 and data["total"]["participants"] == 10
    assert data["breakdowns"]["block"]["rows"][1]["rate"] == 0.6
    bad = client.get(reverse("api:report_monthly"), {"month": "maret"})
    assert bad.status_code == 400 and bad.json()["field"] == "month"
    assert client.post(reverse("api:report_monthly")).status_code == 405
