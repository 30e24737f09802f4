"""Facility scoping: the one way views and the API reach facility-owned rows.

Every facility-owned model inherits `FacilityOwned`; every view and API endpoint fetches through
`scoped()` (lists) or `get_scoped_or_404()` (one object). Anything outside the active facility of
the user answers 404, never 403, so that the existence of another facility's rows is not revealed.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


class WorkplaceLike(Protocol):
    """`binaan.accounts.workplace.Workplace`, as far as scoping needs it."""

    facility: Any
    roles: frozenset[str]


def workplace_of(request: HttpRequest) -> Any:
    workplace: WorkplaceLike | None = getattr(request, "workplace", None)
    if workplace is None:
        # DRF wraps the Django request; the middleware set the attribute on the original.
        workplace = getattr(getattr(request, "_request", None), "workplace", None)
    if workplace is None:
        raise Http404
    return workplace


def current_facility(request: HttpRequest) -> Any:
    facility = workplace_of(request).facility
    if facility is None:
        raise Http404
    return facility


def scoped(request: HttpRequest, model_or_queryset: type[M] | QuerySet[M]) -> QuerySet[M]:
    """The rows of the user's active facility, from a model or a prepared queryset."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    return queryset.filter(facility=current_facility(request))


def get_scoped_or_404(
    request: HttpRequest, model_or_queryset: type[M] | QuerySet[M], **lookup: Any
) -> M:
    return get_object_or_404(scoped(request, model_or_queryset), **lookup)
