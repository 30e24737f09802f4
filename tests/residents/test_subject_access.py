"""Subject access (UU 27/2022 Pasal 7): the head downloads everything held about one resident."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binaan.accounts.models import Role, User
from binaan.attendance.models import Attendance, AttendanceChange, AttendanceReason
from binaan.core.audit import audit_record
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from binaan.residents import selectors, services
from binaan.residents.models import CourtDate, Movement, MovementKind, Resident
from tests.factories import (
    ResidentFactory,
    intern_entry,
    intern_placement,
    make_enrollment,
    make_session,
)
from tests.querycount import assert_flat_queries_at, requesting

pytestmark = pytest.mark.django_db


def _url(resident: Resident) -> str:
    return reverse("residents:subject_access", args=[resident.pk])


def _fill(resident: Resident, size: int) -> None:
    """`size` rows in every section of the resident's record."""
    facility = resident.facility
    present = AttendanceReason.objects.get(code="hadir", facility=None)
    absent = AttendanceReason.objects.get(code="alpa", facility=None)
    enrollment = make_enrollment(facility, resident=resident, note="Catatan pendaftaran")
    placement = intern_placement(facility)
    for n in range(size):
        Movement.objects.create(
            resident=resident, kind=MovementKind.BLOCK_CHANGE, date=date(2025, 1, 1), note=f"m{n}"
        )
        CourtDate.objects.create(resident=resident, date=date(2025, 1, 1) + timedelta(days=n))
        services.remission_add(
            resident=resident, kind="umum", days=1, decree_date=date(2025, 8, 17)
        )
        session = make_session(facility, program=enrollment.program)
        Attendance.objects.create(
            facility=facility, session=session, resident=resident, reason=present,
            note=f"catatan {n}", marked_at=timezone.now(),
        )  # fmt: skip
        AttendanceChange.objects.create(
            facility=facility, session=session, resident=resident, version=1, old_reason=absent,
            new_reason=present, changed_at=timezone.now(),
        )  # fmt: skip
        entry = intern_entry(facility, placement=placement, day=date(2025, 12, 1) + timedelta(n))
        entry.activities = f"Mendampingi {resident.full_name} membaca"
        entry.save()
        services.resident_access_record(resident=resident)


@pytest.fixture
def head_client(make_user: Callable[..., User], client_for: Callable[[User], Client]) -> Client:
    return client_for(make_user(Role.HEAD))


def _archive(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_head_downloads_every_section_and_the_export_is_audited(
    head_client: Client, resident: Resident
) -> None:
    _fill(resident, 2)
    archive = _archive(head_client.get(_url(resident)))
    assert sorted(archive.namelist()) == ["data-pribadi.json", "data-pribadi.pdf"]
    data = json.loads(archive.read("data-pribadi.json"))
    assert data["resident"][0]["full_name"] == "Siti Ãminah"
    assert data["resident"][0]["charge"] == "Pasal 378 KUHP penipuan"
    counts = {name: len(data[name]) for name in selectors.SUBJECT_ACCESS_SECTIONS}
    assert counts == {
        "resident": 1, "movements": 2, "court_dates": 2, "detention_orders": 0, "remissions": 2,
        "sentence_changes": 0,
        "enrolments": 1,
        "attendance": 2, "attendance_changes": 2, "logbook_mentions": 2,
        # two views and two remissions from _fill; the download's own event comes after
        "audit": 4,
    }  # fmt: skip
    assert data["attendance"][0]["reason__code"] == "hadir"
    assert data["attendance"][0]["note"] == "catatan 0"
    assert archive.read("data-pribadi.pdf").startswith(b"%PDF")
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert event.object_id == str(resident.pk) and event.after is not None
    assert event.after["format"] == "zip" and event.after["rows"]["attendance"] == 2
    assert "Siti" not in json.dumps(event.after)


def test_audit_rows_of_other_residents_stay_out(head_client: Client, resident: Resident) -> None:
    other = ResidentFactory(facility=resident.facility)
    audit_record(action=AuditAction.VIEW, obj=other)
    data = json.loads(_archive(head_client.get(_url(resident))).read("data-pribadi.json"))
    assert data["audit"] == [] and data["logbook_mentions"] == []


def test_photo_is_in_the_archive(
    head_client: Client, resident: Resident, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = str(tmp_path)
    resident.photo.save("x.png", ContentFile(b"\x89PNG fake"), save=True)
    archive = _archive(head_client.get(_url(resident)))
    assert archive.read("foto.png") == b"\x89PNG fake"


def test_sections_are_bounded(
    head_client: Client, resident: Resident, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "SECTION_LIMIT", 3)
    for n in range(5):
        CourtDate.objects.create(resident=resident, date=date(2025, 1, 1) + timedelta(days=n))
    data = json.loads(_archive(head_client.get(_url(resident))).read("data-pribadi.json"))
    assert len(data["court_dates"]) == 3 and data["truncated"] == ["court_dates"]


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.OFFICER, Role.CASEWORKER, Role.HUMAS, Role.PARTNER, Role.INTERN]
)
def test_other_roles_are_refused(
    role: str, role_client: Callable[[str], Client], resident: Resident
) -> None:
    assert role_client(role).get(_url(resident)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_another_facilitys_resident_is_404(head_client: Client, other_facility: Facility) -> None:
    stranger = ResidentFactory(facility=other_facility)
    assert head_client.get(_url(stranger)).status_code == 404


def test_post_is_refused(head_client: Client, resident: Resident) -> None:
    assert head_client.post(_url(resident)).status_code == 405


def test_profile_offers_the_download_to_the_head_only(
    head_client: Client, officer_client: Client, resident: Resident
) -> None:
    profile = reverse("residents:detail", args=[resident.pk])
    assert 'data-testid="subject-access"' in head_client.get(profile).content.decode()
    assert 'data-testid="subject-access"' not in officer_client.get(profile).content.decode()


def test_query_count_does_not_grow_with_the_record(head_client: Client, facility: Facility) -> None:
    def prepare(size: int) -> Callable[[], object]:
        resident = ResidentFactory(facility=facility)
        _fill(resident, size)
        return requesting(head_client, _url(resident))

    assert_flat_queries_at((2, 12), prepare, ceiling=20)


def test_a_lost_photo_file_does_not_break_the_download(
    head_client: Client, resident: Resident
) -> None:
    Resident.objects.filter(pk=resident.pk).update(photo="residents/1/gone.png")
    archive = _archive(head_client.get(_url(resident)))
    assert "foto.png" not in archive.namelist()
    data = json.loads(archive.read("data-pribadi.json"))
    assert data["resident"][0]["photo"] == "residents/1/gone.png"
