"""Walk-ins are checked against the program's eligibility: a walk-in who fails a rule is marked
only with a reason, which is kept with the mark, shown in the register and its history, and
audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User
from binaan.attendance import selectors, services
from binaan.attendance.models import Attendance, AttendanceChange
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from binaan.programs.models import Session
from binaan.residents.models import Resident, Sex
from tests.factories import AttResidentFactory
from tests.querycount import assert_flat_queries

pytestmark = pytest.mark.django_db

Make = Callable[..., Session]
ClientFor = Callable[[User], Client]


def visitor(facility: Facility, **fields: object) -> Resident:
    return cast(Resident, AttResidentFactory(facility=facility, **fields))


def women_only(session: Session) -> Session:
    session.program.sexes = [Sex.FEMALE]
    session.program.save()
    return session


def roster_marks(session: Session) -> dict[int, tuple[str, str]]:
    return {r.pk: ("hadir", "") for r in selectors.roster_for_session(session)}


def test_an_ineligible_walk_in_needs_a_reason(
    facility: Facility, officer: User, make_session: Make
) -> None:
    session = women_only(make_session(2))
    man = visitor(facility, sex=Sex.MALE, full_name="Budi Tamu")
    marks = roster_marks(session) | {man.pk: ("hadir", "")}

    with pytest.raises(services.RegisterError) as refused:
        services.register_save(
            session=session, marks=marks, walk_ins=[man.pk], expected_version=0, user=officer
        )
    message = " ".join(refused.value.messages)
    assert "Budi Tamu" in message
    assert "The program is only for Female; the resident is Male." in message
    assert "Give a reason" in message
    assert not Attendance.objects.filter(session=session).exists()  # nothing half-saved

    services.register_save(
        session=session,
        marks=marks,
        walk_ins=[man.pk],
        walk_in_reasons={man.pk: "Petugas kebersihan masjid, diminta pembina"},
        expected_version=0,
        user=officer,
    )
    mark = Attendance.objects.get(session=session, resident=man)
    assert mark.is_walk_in and mark.walk_in_reason == "Petugas kebersihan masjid, diminta pembina"
    change = AttendanceChange.objects.get(session=session, resident=man)
    assert change.walk_in_reason == mark.walk_in_reason
    event = AuditEvent.objects.filter(object_type="attendance.sessionregister").latest("pk")
    assert event.after is not None
    assert event.after["walk_in_reasons"] == {str(man.pk): mark.walk_in_reason}
    # The history lists the walk-in with the reason, even though they were marked present.
    rows = [c for v in selectors.register_history(session) for c in v.rows]
    assert [c.walk_in_reason for c in rows if c.resident_id == man.pk] == [mark.walk_in_reason]


def test_an_eligible_walk_in_needs_no_reason(
    facility: Facility, officer: User, make_session: Make
) -> None:
    session = women_only(make_session(1))
    woman = visitor(facility, sex=Sex.FEMALE)
    services.register_save(
        session=session,
        marks=roster_marks(session) | {woman.pk: ("hadir", "")},
        walk_ins=[woman.pk],
        expected_version=0,
        user=officer,
    )
    assert Attendance.objects.get(resident=woman).walk_in_reason == ""


def test_the_register_page_warns_and_asks_for_the_reason(
    facility: Facility, officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = women_only(make_session(1))
    man = visitor(facility, sex=Sex.MALE, full_name="Budi Tamu")
    client = client_for(officer)
    search = reverse("attendance:walk_in", kwargs={"session_id": session.pk})
    register = reverse("attendance:register", kwargs={"session_id": session.pk})
    rule = "Program ini hanya untuk Perempuan; warga binaan ini Laki-laki."
    # The search result and the added row name the rule in Indonesian.
    assert rule in client.get(search, {"q": "Budi"}).content.decode()
    row = client.get(search, {"add": man.pk}).content.decode()
    assert rule in row and f'name="w-{man.pk}"' in row and "required" in row

    data = {"version": "0", "walk_in": str(man.pk), f"m-{man.pk}": "hadir"}
    data |= {f"m-{r.pk}": "hadir" for r in selectors.roster_for_session(session)}
    refused = client.post(register, data)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Berikan alasan" in page and f'name="w-{man.pk}"' in page

    saved = client.post(register, data | {f"w-{man.pk}": "Diminta pembina"})
    assert saved.status_code == 302
    page = client.get(register).content.decode()
    assert f'data-testid="walk-in-reason-{man.pk}"' in page and "Diminta pembina" in page
    assert "Diminta pembina" in page.split('id="history-title"')[1]


def test_the_walk_in_check_costs_the_same_for_many_candidates(
    facility: Facility, officer: User, client_for: ClientFor, make_session: Make
) -> None:
    session = women_only(make_session(1))
    client = client_for(officer)
    search = reverse("attendance:walk_in", kwargs={"session_id": session.pk})
    visitor(facility, sex=Sex.MALE, full_name="Tamu Satu")

    def more() -> None:
        for n in range(8):
            visitor(facility, sex=Sex.MALE, full_name=f"Tamu Lagi {n}")

    assert_flat_queries(lambda: client.get(search, {"q": "Tamu"}), grow=more, ceiling=12)
