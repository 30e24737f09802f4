"""Every URL that carries an object answers 404 for another facility's object.

The patterns are discovered by walking the URL configuration, so a URL added by any later change
is checked without being listed here. A keyword argument without an entry in
`tests.factories.SCOPED_OBJECT_FACTORIES` fails the test: register how to build the object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from binaan.accounts.models import User
from binaan.facilities.models import Facility
from tests.factories import SCOPED_OBJECT_FACTORIES

# Namespaces that are not Binaan's own pages (Django's admin is for superusers only).
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[str, ...]


def walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            if inner in SKIPPED_NAMESPACES:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            outer_kwargs = tuple(getattr(entry.pattern, "converters", {}))
            for route in walk(entry.url_patterns, full):
                yield Route(route.name, outer_kwargs + route.kwargs)
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            converters = getattr(entry.pattern, "converters", None)
            if converters is None:  # re_path: named groups are the keywords
                kwargs = tuple(entry.pattern.regex.groupindex)
            else:
                kwargs = tuple(converters)
            yield Route(name, kwargs)


def object_routes() -> list[Route]:
    return sorted({r for r in walk(get_resolver().url_patterns) if r.kwargs}, key=lambda r: r.name)


def test_walk_finds_the_known_object_urls() -> None:
    names = {r.name for r in object_routes()}
    # A guard on the walker itself: if it found nothing, the test below would pass vacuously.
    assert {"facilities:location_edit", "accounts:user_edit", "api:location_detail"} <= names


def test_every_object_keyword_has_a_factory() -> None:
    missing = {k for r in object_routes() for k in r.kwargs if k not in SCOPED_OBJECT_FACTORIES}
    assert not missing, f"Add these URL keywords to SCOPED_OBJECT_FACTORIES: {sorted(missing)}"


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
