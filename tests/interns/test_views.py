from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from binaan.accounts.models import Role, User
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.interns import certificates
from binaan.interns.models import LogbookEntry, LogbookState, Placement, PresenceDay
from tests.factories import (
    intern_entry,
    intern_placement,
    intern_presence,
    intern_session,
    user_with_roles,
)
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


def test_placement_list_create_and_constant_queries(
    facility: Facility,
    officer: User,
    client_for: Callable[[User], Client],
    intern: User,
    mentor: User,
) -> None:
    client = client_for(officer)
    url = reverse("interns:placement_list")
    intern_placement(facility)
    assert_flat_queries(
        requesting(client, url),
        grow=lambda: [intern_placement(facility) for _ in range(5)],
        ceiling=6,
    )
    response = client.post(
        reverse("interns:placement_create"),
        {
            "intern": intern.pk,
            "mentor": mentor.pk,
            "source_programme": "Program Magang Nasional (Kemnaker)",
            "batch": "Magang Nasional Batch 2",
            "start_date": "2025-11-24",
            "end_date": "2026-05-23",
            "competencies": "Komunikasi\nDokumentasi",
        },
    )
    placement = Placement.objects.get(intern=intern)
    assert response.status_code == 302 and response["Location"] == placement.get_absolute_url()
    assert placement.competencies.count() == 2
    bad = client.post(
        reverse("interns:placement_create"),
        {
            "intern": intern.pk,
            "mentor": mentor.pk,
            "batch": "x",
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
            "source_programme": "x",
        },
    )
    assert bad.status_code == 200 and "end_date" in bad.context["form"].errors
    assert client.delete(url).status_code == 405
    assert client_for(user_with_roles(facility, Role.HUMAS)).get(url).status_code == 403


def test_placement_detail_edit_stop(
    facility: Facility, officer: User, client_for: Callable[[User], Client], placement: Any
) -> None:
    client = client_for(officer)
    assert client.get(reverse("interns:placement_detail", args=[placement.pk])).status_code == 200
    edit = reverse("interns:placement_edit", args=[placement.pk])
    data = {
        "intern": placement.intern_id,
        "mentor": placement.mentor_id,
        "batch": "Batch 2B",
        "source_programme": placement.source_programme,
        "start_date": "2025-11-24",
        "end_date": "2026-05-23",
    }
    assert client.post(edit, data).status_code == 302
    placement.refresh_from_db()
    assert placement.batch == "Batch 2B"
    assert client.put(edit).status_code == 405
    stop = reverse("interns:placement_stop", args=[placement.pk])
    assert (
        client.post(
            stop, {"stopped_on": "2026-03-02", "stop_reason": "Mengundurkan diri"}
        ).status_code
        == 302
    )
    placement.refresh_from_db()
    assert placement.stopped_on == date(2026, 3, 2)
    # The intern cannot edit their own placement.
    assert client_for(placement.intern).get(edit).status_code in {403, 404}


def test_intern_checks_in_and_out_through_the_page(
    client_for: Callable[[User], Client], active_placement: Any, intern: User, mentor: User
) -> None:
    client = client_for(intern)
    check_in = reverse("interns:check_in", args=[active_placement.pk])
    assert client.get(check_in).status_code == 405
    assert client.post(check_in).status_code == 302
    presence = PresenceDay.objects.get(placement=active_placement)
    assert presence.check_in is not None
    follow = client.post(check_in, follow=True)
    assert "sudah" in follow.content.decode() or "already" in follow.content.decode()
    assert client_for(mentor).post(check_in).status_code == 403
    home = client.get(reverse("interns:intern_home"))
    assert home.status_code == 302 and home["Location"] == active_placement.get_absolute_url()


def test_logbook_page_prefills_and_submits(
    facility: Facility,
    client_for: Callable[[User], Client],
    placement: Any,
    intern: User,
    mentor: User,
) -> None:
    from binaan.programs.models import SessionIntern

    session = intern_session(facility)
    session.program.name = "Pengajian Rutin Qonita"
    session.program.save()
    SessionIntern.objects.create(session=session, user=intern, task="pendamping")
    client = client_for(intern)
    url = reverse("interns:logbook", args=[placement.pk]) + "?date=2026-04-06"
    page = client.get(url)
    assert page.status_code == 200
    assert (
        page.context["form"].initial["activities"]
        == "09.00–11.00 WITA · Pengajian Rutin Qonita · Pendamping"
    )
    assert page.context["form"].initial["hours"] == Decimal("2.0")
    response = client.post(
        url,
        {
            "activities": "09.00–11.00 WITA · Pengajian Rutin Qonita · Pendamping\nMenyiapkan ruang",
            "hours": "7.5",
            "learned": "Susunan acara",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    entry = LogbookEntry.objects.get(placement=placement)
    assert entry.state == LogbookState.SUBMITTED
    # The mentor may read but not write the intern's logbook.
    assert client_for(mentor).post(url, {"activities": "x", "hours": "1"}).status_code == 403
    review = reverse("interns:entry_review", args=[entry.pk])
    assert client.get(review).status_code in {403, 404}
    mentor_client = client_for(mentor)
    assert mentor_client.get(review).status_code == 200
    assert mentor_client.post(review, {"action": "verify", "comment": "Baik"}).status_code == 302
    entry.refresh_from_db()
    assert entry.state == LogbookState.VERIFIED
    assert mentor_client.patch(review).status_code == 405


def test_mentor_home_constant_queries_and_roles(
    facility: Facility, client_for: Callable[[User], Client], mentor: User, placement: Any
) -> None:
    client = client_for(mentor)
    url = reverse("interns:mentor_home")
    intern_entry(facility, placement=placement, day=date(2026, 4, 6))

    def more_entries_and_a_second_intern() -> None:
        for offset in range(1, 8):
            day = date(2026, 4, 6) + timedelta(days=offset)
            intern_entry(facility, placement=placement, day=day)
        other = intern_placement(facility, mentor=mentor)
        intern_entry(facility, placement=other, day=date(2026, 4, 6))

    assert_flat_queries(requesting(client, url), grow=more_entries_and_a_second_intern, ceiling=9)
    page = client.get(url)
    assert len(page.context["overview"].awaiting) == 9
    assert client_for(placement.intern).get(url).status_code == 403
    assert client.post(url).status_code == 405


def test_presence_correct_page(
    facility: Facility, client_for: Callable[[User], Client], mentor: User, placement: Any
) -> None:
    presence = intern_presence(facility, placement=placement, day=date(2026, 4, 6))
    url = reverse("interns:presence_correct", args=[presence.pk])
    client = client_for(mentor)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "check_in": "08:00",
            "check_out": "11:00",
            "half_day_assigned": "on",
            "reason": "Tugas setengah hari",
        },
    )
    assert response.status_code == 302
    presence.refresh_from_db()
    assert presence.half_day_assigned and presence.corrections.count() == 1
    assert client_for(placement.intern).get(url).status_code in {403, 404}
    assert client.delete(url).status_code == 405


def test_month_page_and_exports(
    facility: Facility, client_for: Callable[[User], Client], mentor: User, placement: Any
) -> None:
    client = client_for(mentor)
    url = reverse("interns:month", args=[placement.pk]) + "?month=2026-04"
    intern_presence(facility, placement=placement, day=date(2026, 4, 6))
    intern_entry(facility, placement=placement, day=date(2026, 4, 6))

    def four_more_days() -> None:
        for day in range(7, 11):
            intern_presence(facility, placement=placement, day=date(2026, 4, day))
            intern_entry(facility, placement=placement, day=date(2026, 4, day))

    assert_flat_queries(requesting(client, url), grow=four_more_days, ceiling=8)
    xlsx = client.get(reverse("interns:month_xlsx", args=[placement.pk]) + "?month=2026-04")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], datetime)]
    # 22 weekdays in April 2026, less Good Friday (Wafat Yesus Kristus, Friday 3 April).
    assert len(rows) == 21
    first = rows[0]
    assert first[0].date() == date(2026, 4, 1)  # a real date cell, read back as datetime
    april_6 = next(r for r in rows if r[0].date() == date(2026, 4, 6))
    assert april_6[1] == "08.00 WITA" and april_6[2] == "16.00 WITA"
    assert april_6[3] == 7.5 and isinstance(april_6[3], float)
    pdf = client.get(reverse("interns:month_pdf", args=[placement.pk]) + "?month=2026-04")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.post(reverse("interns:month_pdf", args=[placement.pk])).status_code == 405
    exports = AuditEvent.objects.filter(action="export", object_id=str(placement.pk))
    assert sorted(e.after["format"] for e in exports) == ["pdf", "xlsx"]  # type: ignore[index]
    assert all(
        e.after == {"document": "logbook_month", "month": "2026-04", "format": e.after["format"]}
        for e in exports
    )  # type: ignore[index]


def test_certificate_and_public_verification(
    facility: Facility, client_for: Callable[[User], Client], placement: Any, today: date
) -> None:
    client = client_for(placement.intern)
    response = client.get(reverse("interns:certificate", args=[placement.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    code = certificates.certificate_code(placement.pk, placement.start_date, placement.end_date)
    assert AuditEvent.objects.get(action="export").after == {
        "document": "certificate",
        "certificate": code,
        "format": "pdf",
    }
    public = Client()
    page = public.get(reverse("interns:certificate_verify", args=[code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert str(placement.intern) in text and facility.name in text
    assert placement.university not in text  # only name, programme, facility, period
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert public.get(reverse("interns:certificate_verify", args=[forged])).status_code == 404
    # Changing the dates invalidates the printed code.
    Placement.objects.filter(pk=placement.pk).update(
        end_date=placement.end_date - timedelta(days=1)
    )
    assert public.get(reverse("interns:certificate_verify", args=[code])).status_code == 404
    running = intern_placement(
        facility, start=today - timedelta(days=5), end=today + timedelta(days=5)
    )
    assert (
        client_for(running.mentor)
        .get(reverse("interns:certificate", args=[running.pk]))
        .status_code
        == 409
    )


def test_evaluation_page_mentor_writes(
    client_for: Callable[[User], Client], mentor: User, placement: Any
) -> None:
    from binaan.interns.services import competencies_update

    first, second = competencies_update(placement=placement, names=["Komunikasi", "Dokumentasi"])
    url = reverse("interns:evaluation", args=[placement.pk]) + "?month=2026-03"
    client = client_for(mentor)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            f"score_{first.pk}": "4",
            f"score_{second.pk}": "5",
            "narrative": "Baik sekali",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    evaluation = placement.evaluations.get()
    assert evaluation.submitted_at is not None and evaluation.scores.count() == 2
    intern_page = client_for(placement.intern).get(url)
    assert "Baik sekali" in intern_page.content.decode()
    assert client_for(placement.intern).post(url, {"narrative": "x"}).status_code == 403


def test_dashboard_shows_evaluation_reminders_to_mentors(
    client_for: Callable[[User], Client], mentor: User, placement: Any
) -> None:
    page = client_for(mentor).get(reverse("dashboard"))
    assert 'data-testid="mentor-reminders"' in page.content.decode()
    intern_page = client_for(placement.intern).get(reverse("dashboard"))
    assert 'data-testid="mentor-reminders"' not in intern_page.content.decode()


def test_partner_edits_notes_and_agenda_of_own_session(
    facility: Facility, client_for: Callable[[User], Client]
) -> None:
    from binaan.partners.models import Facilitator
    from binaan.programs.models import SessionFacilitator

    partner = user_with_roles(facility, Role.PARTNER)
    session = intern_session(facility)
    facilitator = Facilitator.objects.create(facility=facility, name="Ustadzah", user=partner)
    SessionFacilitator.objects.create(session=session, facilitator=facilitator)
    client = client_for(partner)
    url = reverse("interns:session_notes", args=[session.pk])
    assert client.get(url).status_code == 200
    data = {
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-kind": "tilawah",
        "agenda-0-topic": "QS Al-Mulk",
        "agenda-1-kind": "tausiyah",
        "agenda-1-topic": "Sabar",
        "agenda-1-speaker": "Ustadzah",
        "notes": "Berjalan lancar",
    }
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.notes == "Berjalan lancar" and session.agenda_items.count() == 2
    other = intern_session(facility)
    assert client.get(reverse("interns:session_notes", args=[other.pk])).status_code == 404
    assert client.delete(url).status_code == 405
    assert client_for(user_with_roles(facility, Role.HUMAS)).get(url).status_code == 403
    portal = reverse("interns:portal")

    def four_more_weeks() -> None:
        for week in range(1, 5):
            extra = intern_session(
                facility,
                program=session.program,
                starts_at=session.starts_at + timedelta(weeks=week),
            )
            SessionFacilitator.objects.create(session=extra, facilitator=facilitator)

    assert_flat_queries(requesting(client, portal), grow=four_more_weeks, ceiling=6)
