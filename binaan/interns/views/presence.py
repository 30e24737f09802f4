"""Daily presence: check-in, check-out, absence and corrections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binaan.core.dates import facility_today, format_date, format_datetime
from binaan.core.permissions import permission_required
from binaan.core.scoping import get_scoped_or_404
from binaan.interns import services
from binaan.interns.forms import (
    AbsenceForm,
    CorrectionForm,
)
from binaan.interns.models import (
    Placement,
    PresenceDay,
)
from binaan.interns.views.common import (
    _errors,
    _form_errors,
    _is_intern,
    _is_mentor,
    _MethodNotAllowed,
    _placement_for,
    _post_only,
    _user,
    methods,
    simple_form_page,
)

# --- presence -----------------------------------------------------------------------------------


def _presence_action(
    request: HttpRequest,
    placement_id: int,
    record: Callable[..., PresenceDay],
    moment: Callable[[PresenceDay], datetime | None],
    done: str,
) -> HttpResponse:
    """Check-in and check-out: the intern's own placement only, by POST, the time confirmed."""
    placement = _placement_for(request, placement_id)
    _post_only(request)
    if not _is_intern(request, placement):
        raise PermissionDenied
    try:
        presence = record(placement=placement, by=_user(request))
    except ValidationError as error:
        _errors(request, error)
    else:
        when = moment(presence)
        assert when is not None  # noqa: S101 - just set by the service
        messages.success(request, done % {"time": format_datetime(when, placement.facility.tzinfo)})
    return redirect(placement)


@permission_required("interns.view_placement")
@methods
def check_in(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _presence_action(
        request,
        placement_id,
        services.presence_check_in,
        lambda presence: presence.check_in,
        _("Checked in at %(time)s."),
    )


@permission_required("interns.view_placement")
@methods
def check_out(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _presence_action(
        request,
        placement_id,
        services.presence_check_out,
        lambda presence: presence.check_out,
        _("Checked out at %(time)s."),
    )


@permission_required("interns.view_placement")
@methods
def absence(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    if not (_is_intern(request, placement) or placement.mentor_id == _user(request).pk):
        raise PermissionDenied
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    form = AbsenceForm(request.POST or None, initial={"date": facility_today(placement.facility)})
    return simple_form_page(
        request,
        form=form,
        placement=placement,
        title=_("Record an absence"),
        save=lambda: services.presence_absence(
            placement=placement,
            by=_user(request),
            day=form.cleaned_data["date"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        ),
        success=_("The absence was recorded."),
    )


def _aware(day: date, value: Any, placement: Placement) -> datetime | None:
    if value is None:
        return None
    return datetime.combine(day, value, placement.facility.tzinfo)


@permission_required("interns.view_placement")
@methods
def presence_correct(request: HttpRequest, presence_id: int) -> HttpResponse:
    presence = get_scoped_or_404(
        request,
        PresenceDay.objects.select_related("placement__facility", "placement__intern"),
        pk=presence_id,
    )
    placement = _placement_for(request, presence.placement_id, intern_ok=False)
    if not _is_mentor(request, placement):
        raise PermissionDenied
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    zone = placement.facility.tzinfo
    initial = {
        "check_in": timezone.localtime(presence.check_in, zone).time()
        if presence.check_in
        else None,
        "check_out": timezone.localtime(presence.check_out, zone).time()
        if presence.check_out
        else None,
        "absence_reason": presence.absence_reason,
        "absence_note": presence.absence_note,
        "half_day_assigned": presence.half_day_assigned,
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        data["check_in"] = _aware(presence.date, data["check_in"], placement)
        data["check_out"] = _aware(presence.date, data["check_out"], placement)
        try:
            services.presence_correct(
                presence=presence, by=_user(request), reason=reason, data=data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("The presence of %(day)s was corrected.") % {"day": format_date(presence.date)},
            )
            return redirect(
                reverse("interns:month", args=[placement.pk]) + f"?month={presence.date:%Y-%m}"
            )
    return render(
        request,
        "interns/presence_correct.html",
        {
            "form": form,
            "placement": placement,
            "presence": presence,
            "history": presence.corrections.select_related("corrected_by"),
        },
    )
