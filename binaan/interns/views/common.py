"""What the internship pages share: who may open a placement, method checks, error lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render

from binaan.accounts.models import User
from binaan.core.permissions import allows
from binaan.core.scoping import get_scoped_or_404, workplace_of
from binaan.interns import selectors
from binaan.interns.models import (
    Placement,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return user


def _post_only(request: HttpRequest) -> None:
    """For object URLs the object is fetched (404) before the method is refused (405), so a
    foreign id never learns anything from the status."""
    if request.method != "POST":
        raise _MethodNotAllowed


class _MethodNotAllowed(Exception):
    pass


def _placement_for(request: HttpRequest, placement_id: int, *, intern_ok: bool = True) -> Placement:
    placement = get_scoped_or_404(request, selectors.placements(), pk=placement_id)
    workplace = workplace_of(request)
    if allows(workplace, "interns.manage") or allows(workplace, "interns.mentor", placement):
        return placement
    if intern_ok and allows(workplace, "interns.own_placement", placement):
        return placement
    # Staff (who could mentor a placement) learn that it exists; outsiders get a 404.
    if allows(workplace, "interns.mentor"):
        raise PermissionDenied
    raise Http404


def _is_mentor(request: HttpRequest, placement: Placement) -> bool:
    """The placement's mentor, or the head (who may act for any mentor)."""
    return allows(workplace_of(request), "interns.mentor", placement)


def _is_intern(request: HttpRequest, placement: Placement) -> bool:
    return placement.intern_id == _user(request).pk


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field_name, errors in error.message_dict.items():
            target = field_name if field_name in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def simple_form_page(
    request: HttpRequest,
    *,
    form: Any,
    placement: Placement,
    title: str,
    save: Callable[[], object],
    success: str,
) -> HttpResponse:
    """A one-form page of a placement: on a valid POST call `save` (a service); its validation
    errors go back to the form, success returns to the placement."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(placement)
    return render(
        request,
        "interns/simple_form.html",
        {"form": form, "placement": placement, "title": title},
    )


def methods(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _MethodNotAllowed:
            return HttpResponseNotAllowed(["POST"])
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped
