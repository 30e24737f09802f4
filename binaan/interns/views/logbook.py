"""The logbook: the intern's daily entries and the mentor's review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from binaan.core.dates import facility_today, format_date
from binaan.core.permissions import permission_required
from binaan.core.scoping import get_scoped_or_404
from binaan.interns import selectors, services
from binaan.interns.forms import (
    LogbookForm,
    ReviewForm,
    parse_day,
)
from binaan.interns.models import (
    LogbookEntry,
    LogbookState,
)
from binaan.interns.views.common import (
    _form_errors,
    _is_intern,
    _is_mentor,
    _MethodNotAllowed,
    _placement_for,
    _user,
    methods,
)

# --- logbook ------------------------------------------------------------------------------------


@permission_required("interns.view_placement")
@methods
def logbook_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The intern's entry of one day (?date=YYYY-MM-DD), pre-filled from the sessions they were
    assigned to that day; "save" keeps a draft, "submit" sends it to the mentor."""
    placement = _placement_for(request, placement_id)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    day = parse_day(
        request.GET.get("date") or request.POST.get("date"), facility_today(placement.facility)
    )
    entry = LogbookEntry.objects.filter(placement=placement, date=day).first()
    prefill = selectors.logbook_prefill(placement=placement, day=day)
    editable = _is_intern(request, placement) and (entry is None or entry.is_editable)
    if entry is not None:
        initial: dict[str, Any] = {
            "activities": entry.activities,
            "hours": entry.hours,
            "learned": entry.learned,
        }
    else:
        hours = selectors.prefill_hours(placement=placement, day=day)
        initial = {"activities": "\n".join(prefill), "hours": hours or None}
    form = LogbookForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                entry = services.logbook_save(
                    placement=placement,
                    by=_user(request),
                    day=day,
                    submit="submit" in request.POST,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                if "submit" in request.POST:
                    messages.success(
                        request,
                        _("The entry of %(day)s was submitted to your mentor.")
                        % {"day": format_date(day)},
                    )
                else:
                    messages.success(
                        request,
                        _("The entry of %(day)s was saved as a draft.") % {"day": format_date(day)},
                    )
                return redirect(
                    reverse("interns:logbook", args=[placement.pk]) + f"?date={day.isoformat()}"
                )
    return render(
        request,
        "interns/logbook_edit.html",
        {
            "placement": placement,
            "day": day,
            "entry": entry,
            "prefill": prefill,
            "form": form,
            "editable": editable,
        },
    )


@permission_required("interns.view_placement")
@methods
def entry_review(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_scoped_or_404(
        request, LogbookEntry.objects.select_related("placement"), pk=entry_id
    )
    placement = _placement_for(request, entry.placement_id, intern_ok=False)
    if not _is_mentor(request, placement):
        raise PermissionDenied
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if request.POST.get("action") == "return":
                services.logbook_return(entry=entry, by=_user(request), comment=comment)
                messages.success(request, _("The entry was returned to the intern."))
            else:
                services.logbook_verify(entry=entry, by=_user(request), comment=comment)
                messages.success(request, _("The entry was verified."))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("interns:mentor_home")
    return render(
        request,
        "interns/entry_review.html",
        {
            "entry": entry,
            "placement": placement,
            "form": form,
            "prefill": selectors.logbook_prefill(placement=placement, day=entry.date),
            "reviewable": entry.state == LogbookState.SUBMITTED,
        },
    )
