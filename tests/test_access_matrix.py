"""The access matrix in docs/permissions.md is what the routes answer, cell by cell.

The generator (`binaan.devtools.access_matrix`) requests every route as every role; here it
runs in the test database, one URL namespace per test so that xdist spreads the work, and every
cell that differs from the committed document is printed as `route × role: committed → now`.
After a deliberate change of a rule, regenerate with `python manage.py permissions_matrix` and
commit the document with the change.

The URL walk also guards facility scoping: every URL keyword has an object factory, and another
facility's object answers 404 to every method even for a user holding every facility role.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpRequest
from django.test import Client
from django.urls import resolve, reverse

from binaan.accounts.models import User
from binaan.core import permissions, scoping
from binaan.devtools import access_matrix
from binaan.devtools.access_matrix import (
    POSITIONAL_ARGUMENTS,
    Route,
    all_routes,
    differences,
    measure,
    object_routes,
    parse,
    render,
)
from binaan.devtools.scoped_objects import SCOPED_OBJECT_FACTORIES
from binaan.facilities.models import Facility

DOCUMENT = Path(settings.BASE_DIR) / access_matrix.DOCUMENT
VALUES = {
    access_matrix.ALLOW,
    access_matrix.DENY,
    access_matrix.OWN_FACILITY,
    access_matrix.ASSIGNED_ONLY,
    access_matrix.ANY_FACILITY,
}


def committed() -> dict[str, access_matrix.Row]:
    return parse(DOCUMENT.read_text(encoding="utf-8"))


REGENERATE = (
    "docs/permissions.md differs from what the routes answer (route × role: committed → now). "
    "If the change is meant, run `python manage.py permissions_matrix` and commit the document:\n"
)


def _batches(size: int = 8) -> dict[str, list[Route]]:
    """The routes by namespace, a long namespace cut into batches: one test each, so that
    xdist spreads the requests over its workers."""
    by_namespace: dict[str, list[Route]] = {}
    for route in all_routes():
        by_namespace.setdefault(route.namespace or "root", []).append(route)
    batches: dict[str, list[Route]] = {}
    for namespace, routes in sorted(by_namespace.items()):
        for start in range(0, len(routes), size):
            batches[f"{namespace}-{start // size + 1}"] = routes[start : start + size]
    return batches


BATCHES = _batches()


@pytest.mark.django_db
@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_the_document_is_what_the_routes_answer(batch: str) -> None:
    routes = BATCHES[batch]
    document = committed()
    changed = differences(
        {r.name: document[r.name] for r in routes if r.name in document}, measure(routes)
    )
    assert not changed, REGENERATE + "\n".join(changed)


def test_the_document_lists_every_route() -> None:
    # The batches above compare the routes that exist; this catches a row of a removed route.
    assert sorted(committed()) == sorted(r.name for r in all_routes())


def test_the_document_is_rendered_by_the_generator() -> None:
    # The header and layout are the generator's, not edited by hand (the cells are checked
    # above); regenerating without a change gives the same bytes.
    text = DOCUMENT.read_text(encoding="utf-8")
    assert render(list(committed().values())) == text


def test_the_document_has_no_unexplained_value() -> None:
    # `error` (a 5xx), a status, or "other facility only" would be a bug the generator found.
    odd = {
        f"{name} × {role}: {value}"
        for name, row in committed().items()
        for role, value in row.cells.items()
        if value not in VALUES
    }
    assert not odd, sorted(odd)


def test_every_role_is_a_column() -> None:
    assert set(access_matrix.ROLES) == set(permissions.Role.values)
    assert all(len(row.cells) == len(access_matrix.ROLES) for row in committed().values())


def _refuse(monkeypatch: pytest.MonkeyPatch, route_name: str, role: str) -> None:
    """Take `role` out of the rule that guards `route_name`: its registry permission where the
    view names one, else the role check of its `roles_required` decorator."""
    view: Any = resolve(reverse(route_name)).func
    name = getattr(view, "binaan_permission", None)
    if name in permissions.REGISTRY:
        rule = permissions.REGISTRY[name]
        narrowed = dataclasses.replace(rule, roles=rule.roles - {role})
        monkeypatch.setitem(permissions.REGISTRY, name, narrowed)
        return
    original = scoping.require_roles

    def require_roles(request: HttpRequest, *roles: str) -> None:
        match = request.resolver_match
        if match is not None and match.view_name == route_name:
            roles = tuple(r for r in roles if r != role)
        original(request, *roles)

    monkeypatch.setattr(scoping, "require_roles", require_roles)


@pytest.mark.django_db
def test_a_changed_role_rule_fails_the_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    route = next(r for r in all_routes() if r.name == "facilities:location_list")
    assert committed()[route.name].cells["officer"] == access_matrix.ALLOW
    _refuse(monkeypatch, route.name, "officer")
    changed = differences({route.name: committed()[route.name]}, measure([route]))
    # An empty list here means _refuse no longer reaches the view's rule: point it at the
    # mechanism the view uses now.
    assert changed == ["facilities:location_list × officer: allow → deny"]


@pytest.mark.django_db
def test_a_changed_object_rule_fails_the_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    # The object rule, not the role: a partner loses the sessions of the programs they lead.
    route = next(r for r in all_routes() if r.name == "api:session_detail")
    assert committed()[route.name].cells["partner"] == access_matrix.ASSIGNED_ONLY
    monkeypatch.setitem(access_matrix.ASSIGNERS, "session_id", lambda role, user, facility: None)
    changed = differences({route.name: committed()[route.name]}, measure([route]))
    assert changed == [
        "api:session_detail × partner: assigned only → deny",
        "api:session_detail × intern: assigned only → deny",
    ]


# --- the URL walk as the scoping guard ----------------------------------------------------------


def test_walk_finds_the_known_urls() -> None:
    names = {r.name for r in all_routes()}
    # A guard on the walker itself: if it found nothing, the tests would pass vacuously.
    assert {"facilities:location_edit", "accounts:user_edit", "api:location_detail"} <= {
        r.name for r in object_routes()
    }
    assert {"dashboard", "interns:certificate_verify", "api:report_monthly"} <= names
    assert not any(name.startswith("admin:") for name in names)


def test_every_object_keyword_has_a_factory() -> None:
    missing = {k for r in object_routes() for k in r.kwargs if k not in SCOPED_OBJECT_FACTORIES}
    assert not missing, (
        "Add these URL keywords to binaan.devtools.scoped_objects.SCOPED_OBJECT_FACTORIES: "
        f"{sorted(missing)}"
    )
    positional = {r.name for r in all_routes() if r.positional} - POSITIONAL_ARGUMENTS.keys()
    assert not positional, f"Add these routes to access_matrix.POSITIONAL_ARGUMENTS: {positional}"


def _url(route: Route, facility: Facility) -> str:
    kwargs = {k: SCOPED_OBJECT_FACTORIES[k](facility).pk for k in route.kwargs}
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes(), ids=lambda r: r.name)
def test_other_facility_object_answers_404(
    route: Route,
    facility: Facility,
    other_facility: Facility,
    all_roles_user: User,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(all_roles_user)
    foreign = _url(route, other_facility)
    own = _url(route, facility)
    assert client.get(foreign).status_code == 404, f"GET {foreign}"
    # Control: the same URL with an object of the user's own facility is not a 404, so the 404
    # above comes from scoping and not from a broken URL.
    assert client.get(own).status_code != 404, own

    for method in ("post", "put", "patch", "delete"):
        status = getattr(client, method)(foreign).status_code
        if status == 405:
            # Refusing the method says nothing about the object, provided it is refused for
            # the user's own object too.
            assert getattr(client, method)(own).status_code == 405, f"{method.upper()} {own}"
        else:
            assert status == 404, f"{method.upper()} {foreign} → {status}"
