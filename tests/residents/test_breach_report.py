"""Breach notice (UU 27/2022 Pasal 46): which residents an account could read in a period."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.accounts.services import user_set_roles
from binaan.core.audit import audit_record
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from binaan.residents.breach import breach_exposure
from binaan.residents.models import Resident
from tests.factories import (
    FacilitatorFactory,
    ProgramFactory,
    RegionalOfficeFactory,
    ResidentFactory,
    make_enrollment,
    make_session,
    regional_user,
    user_with_roles,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.now().date()
START, END = TODAY - timedelta(days=30), TODAY + timedelta(days=1)


@pytest.fixture
def world(facility: Facility, other_facility: Facility) -> dict[str, Any]:
    program = ProgramFactory(facility=facility)
    rostered = [ResidentFactory(facility=facility) for _ in range(2)]
    for resident in rostered:
        make_enrollment(facility, program=program, resident=resident)
    outsider = ResidentFactory(facility=facility)
    make_session(facility, program=program)
    elsewhere = ResidentFactory(facility=other_facility)
    partner = user_with_roles(facility, Role.PARTNER)
    facilitator = FacilitatorFactory(facility=facility, user=partner)
    program.facilitators.add(facilitator)
    return {
        "rostered": rostered, "outsider": outsider, "elsewhere": elsewhere,
        "partner": partner,
    }  # fmt: skip


def _ids(report: Any) -> dict[int, list[str]]:
    return {row.resident_id: row.category_list() for row in report.residents}


def test_partner_reads_only_roster_fields_of_their_sessions_residents(
    world: dict[str, Any],
) -> None:
    report = breach_exposure(user=world["partner"], start=START, end=END)
    ids = _ids(report)
    assert set(ids) == {r.pk for r in world["rostered"]}
    for categories in ids.values():
        assert "case data" not in categories and "identity" in categories
        assert "photo" in categories


def test_officer_reads_every_resident_of_their_facility_with_case_data(
    facility: Facility, world: dict[str, Any]
) -> None:
    officer = user_with_roles(facility, Role.OFFICER)
    ids = _ids(breach_exposure(user=officer, start=START, end=END))
    assert set(ids) == set(Resident.objects.filter(facility=facility).values_list("pk", flat=True))
    assert world["elsewhere"].pk not in ids
    assert ids[world["outsider"].pk] == ["identity", "case data", "attendance", "photo"]


def test_regional_user_reads_aggregates_only(world: dict[str, Any]) -> None:
    user = regional_user(RegionalOfficeFactory())
    out = io.StringIO()
    call_command("breach_report", "--user", user.username, "--from", str(START), "--to",
                 str(END), stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "Aggregates only" in text and "Residents the account could read: 0" in text


def test_audit_views_add_what_the_account_opened(
    facility: Facility, other_facility: Facility, world: dict[str, Any]
) -> None:
    partner: User = world["partner"]
    audit_record(action=AuditAction.VIEW, obj=world["outsider"], actor=partner)
    audit_record(action=AuditAction.EXPORT, obj=world["elsewhere"], actor=partner)
    report = breach_exposure(user=partner, start=START, end=END)
    rows = {r.resident_id: r for r in report.residents}
    assert rows[world["outsider"].pk].sources == {"audit"}
    assert rows[world["elsewhere"].pk].facility_code == other_facility.code
    assert "case data" in rows[world["elsewhere"].pk].category_list()


def test_roles_removed_during_the_period_still_count(
    facility: Facility, world: dict[str, Any]
) -> None:
    user = user_with_roles(facility, Role.OFFICER)
    user_set_roles(user=user, facility=facility, roles=[Role.HUMAS])
    report = breach_exposure(user=user, start=START, end=END)
    assert report.roles[facility.code] == ["humas", "officer"]
    assert world["outsider"].pk in _ids(report)
    # A period that ended before the account existed: nothing.
    before = breach_exposure(user=user, start=date(2001, 1, 1), end=date(2001, 1, 31))
    assert before.residents == []


def test_command_prints_the_72_hour_deadline_and_writes_a_safe_csv(
    world: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "breach.csv"
    out = io.StringIO()
    call_command("breach_report", "--user", world["partner"].username, "--from", str(START),
                 "--to", str(END), "--csv", str(target), stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "3 x 24 hours, UU 27/2022 Pasal 46" in text
    deadline = (timezone.now() + timedelta(hours=72)).isoformat(timespec="minutes")[:13]
    assert deadline in text
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0] == ["facility", "resident_id", "categories", "sources"] and len(rows) == 3
    for resident in world["rostered"]:
        assert resident.full_name not in text and resident.full_name not in target.read_text()
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.after == {
        "document": "breach_report", "from": str(START), "to": str(END), "residents": 2,
        "format": "csv",
    }  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["--user", "nobody", "--from", "2026-01-01", "--to", "2026-01-31"],
        ["--user", "x", "--from", "2026-13-01", "--to", "2026-01-31"],
        ["--user", "x", "--from", "2026-02-01", "--to", "2026-01-31"],
    ],
)
def test_bad_arguments_are_refused(args: list[str], world: dict[str, Any]) -> None:
    with pytest.raises(CommandError):
        call_command("breach_report", *args)
