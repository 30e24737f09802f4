from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role, User
from binaan.attendance import selectors
from binaan.attendance.models import Attendance
from binaan.programs.models import Session

pytestmark = pytest.mark.django_db


def url(session: Session) -> str:
    return reverse("api:session_attendance", kwargs={"session_id": session.pk})


def payload(session: Session, version: int, **changes: str) -> dict[str, object]:
    marks = [
        {"resident": r.pk, "reason": changes.get(r.registration_number, "hadir")}
        for r in selectors.roster_for_session(session)
    ]
    return {"version": version, "marks": marks}


def test_get_and_post_the_register(
    officer: User, client_for: Callable[[User], Client], make_session: Callable[..., Session]
) -> None:
    session = make_session(3)
    client = client_for(officer)
    data = client.get(url(session)).json()
    assert data["version"] == 0 and len(data["rows"]) == 3
    assert {r["code"] for r in data["reasons"]} >= {"hadir", "izin", "alpa"}
    first = data["rows"][0]
    saved = client.post(
        url(session),
        payload(session, 0, **{first["registration_number"]: "sakit"}),
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert Attendance.objects.get(resident_id=first["resident"]).reason.code == "sakit"

    stale = client.post(url(session), payload(session, 0), content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["version"] == 1 and stale.json()["saved_by"] == officer.display_name
    assert stale.json()["code"] == "stale_version" and stale.json()["field"] == "version"


def test_post_refusals(
    officer: User,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    make_session: Callable[..., Session],
) -> None:
    session = make_session(1)
    resident = selectors.roster_for_session(session).get()
    client = client_for(officer)
    note_missing = client.post(
        url(session),
        {"version": 0, "marks": [{"resident": resident.pk, "reason": "keluar"}]},
        content_type="application/json",
    )
    body = note_missing.json()
    assert note_missing.status_code == 400 and body["code"] == "invalid"
    assert body["field"] == "marks" and resident.full_name in body["message"]
    assert (
        client.post(url(session), {"version": -1}, content_type="application/json").status_code
        == 400
    )
    assert client.delete(url(session)).status_code == 405
    caseworker = client_for(make_user(Role.CASEWORKER))
    assert caseworker.get(url(session)).status_code == 200
    assert (
        caseworker.post(
            url(session), payload(session, 0), content_type="application/json"
        ).status_code
        == 403
    )
    assert client_for(make_user(Role.HUMAS)).get(url(session)).status_code == 403
