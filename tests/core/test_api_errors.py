"""Every API error is {"code", "message", "field", "errors"} (binaan.core.api), in the request's
language, and bad query input answers 400 naming the parameter, never 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User
from binaan.core.permissions import Role
from binaan.devtools import scoped_objects as so
from binaan.facilities.models import Facility
from binaan.programs import api as programs_api

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
SHAPE = {"code", "message", "field", "errors"}


def client_of(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_error(body: dict[str, Any], code: str, field: str | None) -> None:
    assert SHAPE <= set(body), body
    assert body["code"] == code and body["field"] == field, body
    assert body["message"] and body["message"] in sum(body["errors"].values(), [])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "0001-01-01", "end": "2026-01-01"}, "start"),
        ({"start": "9999-12-31", "end": "9999-12-31"}, "start"),
        ({"start": "2026-01-01", "end": "2026-01-02", "program": HUGE}, "program"),
        ({"start": "2026-01-01", "end": "2026-01-02", "program": "-3"}, "program"),
        ({"start": "2026-01-01", "end": "2026-01-02", "program": "abc"}, "program"),
        ({"start": "2026-02-30", "end": "2026-03-02"}, "start"),
        ({"start": "2026-03-01", "end": "2026-02-01"}, "end"),
        ({"start": "2026-01-01", "end": "2027-06-01"}, "end"),
        ({"end": "2026-01-01"}, "start"),
        ({"start": "2026-01-01", "end": "2100-12-31x"}, "end"),
    ],
)
def test_bad_session_queries_are_400_naming_the_parameter(
    facility: Facility, query: dict[str, str], field: str
) -> None:
    response = client_of(so.member(facility, Role.OFFICER)).get(reverse("api:session_list"), query)
    assert response.status_code == 400
    assert_error(response.json(), "invalid", field)


def test_messages_are_indonesian_by_default_and_english_by_choice(facility: Facility) -> None:
    user = so.member(facility, Role.OFFICER)
    query = {"start": "0001-01-01", "end": "2026-01-01"}
    indonesian = client_of(user).get(reverse("api:session_list"), query)
    assert indonesian.json()["message"] == "Isi tanggal dari 2000-01-01 sampai 2100-12-31."
    assert indonesian["Content-Language"] == "id"
    user.language = "en"
    user.save(update_fields=["language"])
    english = client_of(user).get(reverse("api:session_list"), query)
    assert english.json()["message"] == "Give a date from 2000-01-01 to 2100-12-31."
    required = client_of(user).get(reverse("api:session_list")).json()
    assert required["errors"]["start"] == ["This field is required."]


def test_other_list_filters_refuse_bad_values(facility: Facility) -> None:
    client = client_of(so.member(facility, Role.OFFICER))
    for query, field in (
        ({"block": HUGE}, "block"),
        ({"sex": "Q"}, "sex"),
        ({"state": "zzz"}, "state"),
    ):
        response = client.get(reverse("api:resident_list"), query)
        assert response.status_code == 400, query
        assert_error(response.json(), "invalid", field)
    month = client.get(reverse("api:report_monthly"), {"month": "9999-12"})
    assert month.status_code == 400
    assert_error(month.json(), "invalid", "month")


def test_404_403_405_and_unauthenticated(facility: Facility, other_facility: Facility) -> None:
    officer = client_of(so.member(facility, Role.OFFICER))
    elsewhere = so.session(other_facility)
    for url in (
        reverse("api:session_detail", args=[elsewhere.pk]),
        reverse("api:session_detail", args=[int(HUGE)]),
        reverse("api:resident_detail", args=[so.resident(other_facility).pk]),
        reverse("api:resident_list") + "?page=" + HUGE,
    ):
        response = officer.get(url)
        assert response.status_code == 404, url
        assert_error(response.json(), "not_found", None)
        assert "matches the given query" not in response.json()["message"]

    intern = client_of(so.member(facility, Role.INTERN))
    forbidden = intern.get(reverse("api:program_list"))
    assert forbidden.status_code == 403
    assert_error(forbidden.json(), "permission_denied", None)

    wrong_method = officer.delete(reverse("api:program_list"))
    assert wrong_method.status_code == 405
    assert_error(wrong_method.json(), "method_not_allowed", None)

    anonymous = Client().get(reverse("api:program_list"))
    assert anonymous.status_code == 403
    assert_error(anonymous.json(), "not_authenticated", None)
    assert anonymous.json()["message"] == "Data autentikasi tidak diberikan."


def test_a_bug_answers_server_error_without_a_trace(
    facility: Facility, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail of a bug")

    monkeypatch.setattr(programs_api.selectors, "visible_sessions", broken)
    response = client_of(so.member(facility, Role.OFFICER)).get(
        reverse("api:session_list"), {"start": "2026-01-01", "end": "2026-01-02"}
    )
    assert response.status_code == 500
    assert_error(response.json(), "server_error", None)
    assert "secret detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_nested_field_errors_have_dotted_paths(facility: Facility) -> None:
    session = so.session(facility)
    response = client_of(so.member(facility, Role.OFFICER)).post(
        reverse("api:session_attendance", args=[session.pk]),
        {"version": 0, "marks": [{"resident": HUGE, "reason": "hadir"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert_error(response.json(), "invalid", "marks.0.resident")
    huge_version = client_of(so.member(facility, Role.OFFICER)).post(
        reverse("api:session_attendance", args=[session.pk]),
        {"version": 2**40, "marks": []},
        content_type="application/json",
    )
    assert huge_version.status_code == 400
    assert_error(huge_version.json(), "invalid", "version")
