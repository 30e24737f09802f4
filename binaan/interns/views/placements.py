"""Placements: the list, creating, editing and stopping one, the intern's home, competencies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binaan.core.dates import facility_today
from binaan.core.permissions import allows, permission_required
from binaan.core.scoping import current_facility, workplace_of
from binaan.interns import rules, selectors, services
from binaan.interns.forms import (
    CompetenciesForm,
    PlacementForm,
    StopForm,
)
from binaan.interns.models import (
    Evaluation,
    LogbookEntry,
    PlacementState,
    PresenceDay,
)
from binaan.interns.views.common import (
    _form_errors,
    _is_intern,
    _is_mentor,
    _MethodNotAllowed,
    _placement_for,
    _user,
    methods,
    simple_form_page,
)

# --- placements ---------------------------------------------------------------------------------


@permission_required("interns.manage")
@require_GET
def placement_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    today = facility_today(facility)
    rows = [
        (p, PlacementState(p.state_on(today))) for p in selectors.placement_list(facility=facility)
    ]
    return render(request, "interns/placement_list.html", {"rows": rows})


@permission_required("interns.manage")
@require_http_methods(["GET", "POST"])
def placement_create(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = PlacementForm(request.POST or None, facility=facility)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        names = [line for line in data.pop("competencies", "").splitlines() if line.strip()]
        try:
            placement = services.placement_create(facility=facility, competencies=names, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("Placement of %(name)s was added.") % {"name": placement.intern}
            )
            return redirect(placement)
    return render(request, "interns/placement_form.html", {"form": form})


@permission_required("interns.view_placement")
@require_GET
def intern_home(request: HttpRequest) -> HttpResponse:
    """The intern's start page: their current placement, or a note that there is none."""
    facility = current_facility(request)
    placement = selectors.current_placement(
        facility=facility, user=_user(request), today=facility_today(facility)
    )
    if placement is None:
        return render(request, "interns/no_placement.html")
    return redirect(placement)


@permission_required("interns.view_placement")
@require_GET
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    today = facility_today(placement.facility)
    presence = PresenceDay.objects.filter(placement=placement, date=today).first()
    recent = list(LogbookEntry.objects.filter(placement=placement).order_by("-date")[:10])
    evaluations = list(
        Evaluation.objects.filter(placement=placement).prefetch_related("scores__competency")
    )
    if _is_intern(request, placement) and not _is_mentor(request, placement):
        evaluations = [e for e in evaluations if e.submitted_at is not None]
    assignments = list(
        selectors.intern_sessions(facility=placement.facility, user=placement.intern)
    )
    upcoming = [a for a in assignments if a.session.ends_at >= timezone.now()][:10]
    past = [a for a in assignments if a.session.ends_at < timezone.now()][-10:]
    context = {
        "placement": placement,
        "state": PlacementState(placement.state_on(today)),
        "today": today,
        "presence": presence,
        "recent": recent,
        "evaluations": evaluations,
        "competencies": list(placement.competencies.all()),
        "upcoming": upcoming,
        "past": list(reversed(past)),
        "is_intern": _is_intern(request, placement),
        "is_mentor": _is_mentor(request, placement),
        "can_manage": allows(workplace_of(request), "interns.manage"),
        "months": rules.months_of(
            placement.start_date, min(placement.last_day, max(today, placement.start_date))
        ),
        "certificate_ready": placement.state_on(today) == PlacementState.FINISHED,
    }
    return render(request, "interns/placement_detail.html", context)


@permission_required("interns.manage")
@methods
def placement_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id, intern_ok=False)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    initial = {name: getattr(placement, name) for name in services.PLACEMENT_EDITABLE_FIELDS}
    form = PlacementForm(
        request.POST or None, initial=initial, facility=placement.facility, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_update(placement=placement, data=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Placement saved."))
            return redirect(placement)
    return render(request, "interns/placement_form.html", {"form": form, "placement": placement})


@permission_required("interns.manage")
@methods
def placement_stop(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id, intern_ok=False)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    form = StopForm(
        request.POST or None, initial={"stopped_on": facility_today(placement.facility)}
    )
    return simple_form_page(
        request,
        form=form,
        placement=placement,
        title=_("Stop the placement"),
        save=lambda: services.placement_stop(
            placement=placement,
            on=form.cleaned_data["stopped_on"],
            reason=form.cleaned_data["stop_reason"],
        ),
        success=_("The placement was stopped."),
    )


@permission_required("interns.view_placement")
@methods
def competencies_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id, intern_ok=False)
    if not _is_mentor(request, placement):
        raise PermissionDenied
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    current = "\n".join(c.name for c in placement.competencies.all())
    form = CompetenciesForm(request.POST or None, initial={"names": current})
    return simple_form_page(
        request,
        form=form,
        placement=placement,
        title=_("Learning goals / competencies"),
        save=lambda: services.competencies_update(
            placement=placement, names=form.cleaned_data["names"].splitlines()
        ),
        success=_("Learning goals saved."),
    )
