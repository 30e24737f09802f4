from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role, User
from binaan.attendance import selectors, services
from binaan.attendance.models import Attendance, AttendanceReason
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.partners.models import Facilitator
from binaan.programs.models import Session, SessionFacilitator, SessionIntern
from tests.factories import AttResidentFactory, LocationFactory, user_with_roles
from tests.querycount import assert_flat_queries, assert_flat_queries_at, requesting

pytestmark = pytest.mark.django_db

Make = Callable[..., Session]
ClientFor = Callable[[User], Client]


def register_url(session: Session) -> str:
    return reverse("attendance:register", kwargs={"session_id": session.pk})


def post_data(session: Session, version: int = 0, **changes: str) -> dict[str, str]:
    data = {"version": str(version)}
    for resident in selectors.roster_for_session(session):
        data[f"m-{resident.pk}"] = "hadir"
    data.update(changes)
    return data


# --- today -------------------------------------------------------------------------------------


def test_today_lists_sessions_with_marking_state(
    officer: User, client_for: ClientFor, make_session: Make
) -> None:
    empty = make_session(3)
    partly = make_session(2)
    resident = selectors.roster_for_session(partly).first()
    assert resident is not None
    services.scan_mark(session=partly, code=resident.registration_number, user=officer)
    response = client_for(officer).get(reverse("attendance:today"))
    assert response.status_code == 200
    states = {item.session.pk: item.state for item in response.context["sessions"]}
    assert states == {empty.pk: "not_started", partly.pk: "partial"}
    assert "Take attendance" in response.content.decode() or "Isi" in response.content.decode()


def test_today_is_reachable_from_the_dashboard(officer: User, client_for: ClientFor) -> None:
    response = client_for(officer).get(reverse("dashboard"))
    assert reverse("attendance:today") in response.content.decode()


def test_today_wrong_method_and_roles(
    make_user: Callable[..., User], client_for: ClientFor
) -> None:
    officer = make_user(Role.OFFICER)
    assert client_for(officer).post(reverse("attendance:today")).status_code == 405
    for role in (Role.HUMAS, Role.CASEWORKER, Role.INTERN):
        assert client_for(make_user(role)).get(reverse("attendance:today")).status_code == 403


def test_today_partner_sees_only_the_sessions_they_facilitate(
    facility: Facility, make_user: Callable[..., User], client_for: ClientFor, make_session: Make
) -> None:
    partner = make_user(Role.PARTNER)
    mine, other = make_session(1), make_session(1)
    facilitator = Facilitator.objects.create(
        facility=facility, name="Ustadzah Aminah", user=partner
    )
    mine.program.facilitators.add(facilitator)
    response = client_for(partner).get(reverse("attendance:today"))
    assert [item.session for item in response.context["sessions"]] == [mine]
    assert other.program.name not in response.content.decode()


def test_today_query_count_does_not_grow(
    officer: User, client_for: ClientFor, make_session: Make
) -> None:
    client = client_for(officer)
    make_session(2)
    assert_flat_queries(
        requesting(client, reverse("attendance:today")),
        grow=lambda: [make_session(5) for _ in range(8)],
        ceiling=6,
    )


# --- register page -----------------------------------------------------------------------------


def test_register_starts_everyone_present(
    officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(3)
    response = client_for(officer).get(register_url(session))
    assert response.status_code == 200
    html = response.content.decode()
    for resident in selectors.roster_for_session(session):
        assert f'id="m{resident.pk}-hadir" value="hadir" checked' in html
        assert resident.registration_number in html
    assert 'name="version" value="0"' in html


def test_register_save_with_two_exceptions(
    officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(5)
    a, b, *_ = selectors.roster_for_session(session)
    data = post_data(session, **{f"m-{a.pk}": "izin", f"m-{b.pk}": "sakit"})
    response = client_for(officer).post(register_url(session), data)
    assert response.status_code == 302
    codes = dict(Attendance.objects.values_list("resident_id", "reason__code"))
    assert codes[a.pk] == "izin" and codes[b.pk] == "sakit" and len(codes) == 5
    page = client_for(officer).get(register_url(session)).content.decode()
    assert 'name="version" value="1"' in page
    assert "History" in page or "Riwayat" in page


def test_register_note_error_keeps_the_users_marks(
    officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(2)
    a, b = selectors.roster_for_session(session)
    data = post_data(session, **{f"m-{a.pk}": "keluar", f"m-{b.pk}": "izin"})
    response = client_for(officer).post(register_url(session), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert a.full_name in html and 'role="alert"' in html
    assert f'id="m{b.pk}-izin" value="izin" checked' in html
    assert not Attendance.objects.exists()


def test_two_officers_save_from_stale_pages(
    facility: Facility, client_for: ClientFor, make_session: Make
) -> None:
    """The second save is refused; the page shows the first officer's saved marks AND the
    second officer's intended marks, highlighted, to re-apply."""
    first = user_with_roles(facility, Role.OFFICER, full_name="Petugas Pertama")
    second = user_with_roles(facility, Role.OFFICER, full_name="Petugas Kedua")
    session = make_session(4)
    a, b, c, _ = selectors.roster_for_session(session)
    first_client, second_client = client_for(first), client_for(second)
    assert 'value="0"' in first_client.get(register_url(session)).content.decode()
    assert 'value="0"' in second_client.get(register_url(session)).content.decode()

    saved = first_client.post(register_url(session), post_data(session, **{f"m-{a.pk}": "izin"}))
    assert saved.status_code == 302
    refused = second_client.post(
        register_url(session),
        post_data(session, **{f"m-{a.pk}": "sakit", f"m-{b.pk}": "alpa", f"m-{c.pk}": "izin"}),
    )

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Petugas Pertama" in html  # who saved in between
    assert 'name="version" value="1"' in html  # a second save now goes through
    rows = {row.resident.pk: row for row in refused.context["rows"]}
    # First officer's saved marks are what the page holds...
    assert rows[a.pk].selected == "izin" and rows[b.pk].selected == "hadir"
    # ...and the second officer's intended marks are highlighted with a one-tap re-apply.
    assert (rows[a.pk].intended, rows[b.pk].intended, rows[c.pk].intended) == (
        "sakit",
        "alpa",
        "izin",
    )
    assert all(rows[pk].conflict for pk in (a.pk, b.pk, c.pk))
    assert f'for="m{b.pk}-alpa"' in html and "conflict" in html
    # Nothing of the second save was written.
    assert Attendance.objects.get(resident=a).reason.code == "izin"
    assert Attendance.objects.get(resident=b).reason.code == "hadir"

    # Re-applying and saving again (version 1) now succeeds.
    again = second_client.post(
        register_url(session),
        post_data(session, 1, **{f"m-{a.pk}": "sakit", f"m-{b.pk}": "alpa", f"m-{c.pk}": "izin"}),
    )
    assert again.status_code == 302
    assert Attendance.objects.get(resident=b).reason.code == "alpa"


def test_register_wrong_method_and_roles(
    make_user: Callable[..., User], client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(1)
    officer = make_user(Role.OFFICER)
    assert client_for(officer).put(register_url(session)).status_code == 405
    assert client_for(make_user(Role.HUMAS)).get(register_url(session)).status_code == 403
    caseworker = make_user(Role.CASEWORKER)
    page = client_for(caseworker).get(register_url(session))
    assert page.status_code == 200 and 'type="radio"' not in page.content.decode()
    assert client_for(caseworker).post(register_url(session), post_data(session)).status_code == 403


def test_intern_sees_roster_of_assigned_sessions_only(
    facility: Facility, make_user: Callable[..., User], client_for: ClientFor, make_session: Make
) -> None:
    intern = make_user(Role.INTERN)
    assigned, other = make_session(2), make_session(2)
    SessionIntern.objects.create(session=assigned, user=intern)
    resident = selectors.roster_for_session(assigned).first()
    assert resident is not None
    resident.charge = "Pasal 362 KUHP"
    resident.save()
    client = client_for(intern)
    page = client.get(register_url(assigned))
    html = page.content.decode()
    assert page.status_code == 200
    assert resident.full_name in html and resident.registration_number in html
    assert "Pasal 362" not in html and 'type="radio"' not in html and "thumb" not in html
    assert client.get(register_url(other)).status_code == 404
    assert client.post(register_url(assigned), post_data(assigned)).status_code == 403


def test_partner_marks_only_sessions_they_facilitate(
    facility: Facility, make_user: Callable[..., User], client_for: ClientFor, make_session: Make
) -> None:
    partner = make_user(Role.PARTNER)
    facilitator = Facilitator.objects.create(facility=facility, name="Ustadzah", user=partner)
    mine, other = make_session(2), make_session(2)
    SessionFacilitator.objects.create(session=mine, facilitator=facilitator)
    client = client_for(partner)
    page = client.get(register_url(mine))
    assert page.status_code == 200 and "thumb" not in page.content.decode()
    assert "walk-in-q" not in page.content.decode()
    walk_in = reverse("attendance:walk_in", kwargs={"session_id": mine.pk})
    assert client.get(walk_in, {"q": "Penghuni"}).status_code == 403
    assert client.post(register_url(mine), post_data(mine)).status_code == 302
    assert client.get(register_url(other)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_register_query_count_same_for_10_and_300(
    method: str, officer: User, client_for: ClientFor, make_session: Make
) -> None:
    client = client_for(officer)

    def prepare(size: int) -> Callable[[], object]:
        session = make_session(size)
        if method == "get":
            return requesting(client, register_url(session))
        data = post_data(session)

        def save() -> None:
            assert client.post(register_url(session), data).status_code == 302

        return save

    # SQLite splits a bulk INSERT of 300 rows into batches (999 parameters per statement).
    assert_flat_queries_at(
        (10, 300),
        prepare,
        ceiling=18,
        exclude=lambda sql: sql.startswith('INSERT INTO "attendance_'),
    )


# --- walk-ins and scan mode ------------------------------------------------------------------


def test_walk_in_search_and_row(
    facility: Facility, officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(1)
    visitor = AttResidentFactory(facility=facility, full_name="Nur Tamu")
    client = client_for(officer)
    url = reverse("attendance:walk_in", kwargs={"session_id": session.pk})
    found = client.get(url, {"q": "tamu"})
    assert "Nur Tamu" in found.content.decode()
    row = client.get(url, {"add": visitor.pk}).content.decode()
    assert f'name="walk_in" value="{visitor.pk}"' in row and "Nur Tamu" in row
    assert client.post(url).status_code == 405
    data = post_data(session, **{f"m-{visitor.pk}": "hadir"}) | {"walk_in": str(visitor.pk)}
    assert client.post(register_url(session), data).status_code == 302
    assert Attendance.objects.get(resident=visitor).is_walk_in


def test_scan_mode_htmx_marks_and_explains(
    officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(2)
    resident = selectors.roster_for_session(session).first()
    assert resident is not None
    client = client_for(officer)
    url = reverse("attendance:scan", kwargs={"session_id": session.pk})
    page = client.get(url).content.decode()
    assert "autofocus" in page
    ok = client.post(url, {"code": resident.registration_number}, HTTP_HX_REQUEST="true")
    assert "scan-ok" in ok.content.decode() and resident.full_name in ok.content.decode()
    bad = client.post(url, {"code": "TIDAK-ADA"}, HTTP_HX_REQUEST="true")
    assert "scan-error" in bad.content.decode() and "TIDAK-ADA" in bad.content.decode()
    full = client.post(url, {"code": "TIDAK-ADA"})
    assert full.status_code == 200 and "scan-error" in full.content.decode()
    assert client.put(url).status_code == 405


def test_scan_mode_roles(
    make_user: Callable[..., User], client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(1)
    url = reverse("attendance:scan", kwargs={"session_id": session.pk})
    assert client_for(make_user(Role.CASEWORKER)).get(url).status_code == 403


# --- printables ------------------------------------------------------------------------------


def test_sheet_and_cards_pdf(
    facility: Facility, officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(12)
    client = client_for(officer)
    sheet = client.get(reverse("attendance:sheet_pdf", kwargs={"session_id": session.pk}))
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
    assert sheet.content.startswith(b"%PDF")
    cards = client.get(reverse("attendance:session_cards_pdf", kwargs={"session_id": session.pk}))
    assert cards.content.startswith(b"%PDF") and b"/Count 2" in cards.content  # 12 cards, 2 pages
    block = LocationFactory(facility=facility, name="Blok Wanita")
    AttResidentFactory(facility=facility, block=block)
    by_block = client.get(reverse("attendance:cards_pdf"), {"block": block.pk})
    assert by_block.status_code == 200 and b"/Count 1" in by_block.content
    assert client.post(reverse("attendance:cards_pdf")).status_code == 405
    # One export row per download: what and which format, never the content.
    exports = list(AuditEvent.objects.filter(action="export").order_by("id"))
    assert [e.after for e in exports] == [
        {"document": "daftar_hadir", "format": "pdf"},
        {"document": "kartu_peserta", "cards": 12, "format": "pdf"},
        {"document": "kartu_penghuni", "cards": 1, "block": block.pk, "format": "pdf"},
    ]
    assert all(e.actor == officer and e.facility_id == facility.pk for e in exports)


def test_printables_roles(
    make_user: Callable[..., User], client_for: ClientFor, make_session: Make
) -> None:
    session = make_session(1)
    partner = make_user(Role.PARTNER)
    assert client_for(partner).get(reverse("attendance:cards_pdf")).status_code == 403
    caseworker = client_for(make_user(Role.CASEWORKER))
    url = reverse("attendance:sheet_pdf", kwargs={"session_id": session.pk})
    assert caseworker.get(url).status_code == 403


def test_pdf_query_count_does_not_grow(
    officer: User, client_for: ClientFor, make_session: Make
) -> None:
    client = client_for(officer)

    def prepare(size: int) -> Callable[[], object]:
        session = make_session(size)
        return requesting(
            client, reverse("attendance:sheet_pdf", kwargs={"session_id": session.pk})
        )

    assert_flat_queries_at((3, 40), prepare, ceiling=15)


# --- reasons -----------------------------------------------------------------------------------


def test_reasons_admin_adds_and_retires_a_facility_reason(
    facility: Facility, admin_user: User, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    client = client_for(admin_user)
    url = reverse("attendance:reason_list")
    assert client.get(url).status_code == 200
    created = client.post(
        url, {"code": "kerja", "label": "Tugas kerja", "kind": "excused", "order": "90"}
    )
    assert created.status_code == 302
    reason = AttendanceReason.objects.get(facility=facility, code="kerja")
    assert reason.excused and not reason.counts_present
    duplicate = client.post(url, {"code": "hadir", "label": "X", "kind": "present", "order": "1"})
    assert duplicate.status_code == 400 and "hadir" in duplicate.content.decode()
    toggle = reverse("attendance:reason_toggle", kwargs={"reason_id": reason.pk})
    assert client.get(toggle).status_code == 405
    client.post(toggle)
    reason.refresh_from_db()
    assert not reason.is_active
    officer = client_for(make_user(Role.OFFICER))
    assert officer.get(url).status_code == 200
    assert officer.post(url, {"code": "x"}).status_code == 403
    assert client_for(make_user(Role.PARTNER)).get(url).status_code == 403
    assert client.delete(url).status_code == 405


def test_global_reasons_cannot_be_toggled(admin_user: User, client_for: ClientFor) -> None:
    built_in = AttendanceReason.objects.get(facility=None, code="hadir")
    url = reverse("attendance:reason_toggle", kwargs={"reason_id": built_in.pk})
    assert client_for(admin_user).post(url).status_code == 404
