from __future__ import annotations

import calendar as calendar_lib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from binaan.accounts.models import User
from binaan.attendance import figures as attendance_figures
from binaan.core.audit import read_record
from binaan.core.dates import (
    facility_today,
    format_date,
    format_month,
    local_day_bounds,
    weekday_name,
)
from binaan.core.permissions import allows, permission_required
from binaan.core.scoping import (
    current_facility,
    get_scoped_or_404,
    scoped,
    workplace_of,
)
from binaan.facilities.models import Facility, Location
from binaan.programs import selectors, services
from binaan.programs.filters import MonthJumpForm, SessionFilterForm
from binaan.programs.forms import (
    AgendaForm,
    AssignFacilitatorForm,
    AssignInternForm,
    CancelForm,
    CancelRangeForm,
    CandidateFilterForm,
    CategoryForm,
    EnrollmentEndForm,
    EnrollSelectedForm,
    GenerateForm,
    ProgramForm,
    SessionTimeForm,
)
from binaan.programs.models import (
    Enrollment,
    EnrollmentStatus,
    Program,
    ProgramCategory,
    ProgramStatus,
    Session,
)
from binaan.residents.models import Resident


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return user


def _warn(request: HttpRequest, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _can_manage(request: HttpRequest) -> bool:
    return allows(workplace_of(request), "programs.manage")


# --- programs ----------------------------------------------------------------------------------


@permission_required("programs.view")
@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    programs = selectors.program_list(selectors.visible_programs(workplace_of(request)))
    show = request.GET.get("status", ProgramStatus.ACTIVE)
    if show in ProgramStatus.values:
        programs = programs.filter(status=show)
    context = {"programs": programs, "status": show, "statuses": ProgramStatus.choices}
    return render(request, "programs/program_list.html", context)


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = ProgramForm(request.POST or None, facility=facility)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                facility=facility, data=form.service_data(), slots=form.slots() or []
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Program %(name)s was created.") % {"name": program})
            return redirect(program)
    return render(request, "programs/program_form.html", {"form": form})


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(request, Program, pk=program_id)
    form = ProgramForm(
        request.POST or None,
        initial=ProgramForm.initial_for(program),
        facility=program.facility,
        program=program,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(program=program, data=form.service_data(), slots=form.slots())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Program %(name)s was saved.") % {"name": program})
            return redirect(program)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@permission_required("programs.view")
@require_GET
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    programs = selectors.program_detail(selectors.visible_programs(workplace_of(request)))
    program = get_object_or_404(programs, pk=program_id)
    enrollments = list(selectors.enrollments_of(program))
    read_record(
        request, what="programs.detail", count=len(enrollments), filters={"program": program.pk}
    )
    context = {
        "program": program,
        "enrolled": [e for e in enrollments if e.status == EnrollmentStatus.ENROLLED],
        "waitlisted": [e for e in enrollments if e.status == EnrollmentStatus.WAITLISTED],
        "ended": [e for e in enrollments if e.status == EnrollmentStatus.ENDED],
        "can_manage": _can_manage(request),
        "participation": attendance_figures.program_participation(program),
    }
    sessions = selectors.visible_sessions(workplace_of(request)).filter(program=program)
    context |= _session_page(request, sessions, facility=program.facility)
    return render(request, "programs/program_detail.html", context)


@permission_required("programs.manage")
def program_archive(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(request, Program, pk=program_id)
    # POST-only views check the method after the scoped fetch, so another facility's object
    # answers 404 whatever the method (tests/test_access_matrix.py).
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    removed = services.program_archive(program=program)
    messages.success(
        request,
        _("Program archived; %(count)s future sessions removed.") % {"count": removed},
    )
    return redirect(program)


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def program_generate(request: HttpRequest, program_id: int) -> HttpResponse:
    """The check page: the sessions that will be created (from today unless an earlier day is
    picked), the holidays skipped and the clashes; only the confirmation (POST) writes, and it
    computes the plan again inside its transaction."""
    program = get_scoped_or_404(
        request, Program.objects.select_related("facility", "default_location"), pk=program_id
    )
    facility = program.facility
    today = facility_today(facility)
    defaults = {
        "start": max(today, program.start_date),
        "until": today + timedelta(weeks=facility.schedule_horizon_weeks),
    }
    if program.end_date is not None:
        defaults["until"] = max(min(defaults["until"], program.end_date), defaults["start"])
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = GenerateForm(data, defaults=defaults)
    period = form.cleaned_data if form.is_bound and form.is_valid() else defaults
    if request.method == "POST" and form.is_valid():
        result = services.sessions_generate(
            program=program, start=period["start"], until=period["until"]
        )
        messages.success(
            request,
            _("%(created)s sessions created, %(kept)s kept, %(removed)s removed.")
            % {"created": result.created, "kept": result.kept, "removed": result.removed},
        )
        _warn(request, result.warnings)
        return redirect(program)
    plan = None
    skipped: list[tuple[date, str]] = []
    if not form.is_bound or form.is_valid():
        plan = services.sessions_generate_preview(
            program=program, start=period["start"], until=period["until"]
        )
        if plan.start is not None and plan.until is not None:
            # The period as generation reads it: never before the program's start nor after
            # its end.
            period = {"start": plan.start, "until": plan.until}
            skipped = services.skipped_holidays(program, start=plan.start, end=plan.until)
    context = {
        "program": program,
        "form": form,
        "plan": plan,
        "skipped": skipped,
        "period": period,
        "before_today": period["start"] < today,
        "today": today,
    }
    return render(request, "programs/generate_check.html", context)


# --- enrolment ---------------------------------------------------------------------------------

CANDIDATES_PER_PAGE = 25


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def program_enroll(request: HttpRequest, program_id: int) -> HttpResponse:
    """Enrol residents: search the ones who may join (name or number, block), tick them and
    enrol them in one call; or go to the check page that enrols every eligible resident."""
    program = get_scoped_or_404(
        request, selectors.program_detail(Program.objects.all()), pk=program_id
    )
    filters = CandidateFilterForm(request.GET, facility=program.facility)
    candidates = selectors.enrollment_candidates(program, **filters.filters())
    form = EnrollSelectedForm(
        request.POST if request.method == "POST" else None,
        candidate_ids=list(selectors.enrollment_candidates(program).values_list("pk", flat=True)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            result, warnings = services.enrollment_bulk_add(
                program=program,
                resident_ids=form.cleaned_data["residents"],
                on=form.cleaned_data["enrolled_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(fit)s enrolled, %(wait)s added to the waitlist.")
                % {"fit": len(result.fit), "wait": len(result.waitlisted)},
            )
            _warn(request, warnings)
            return redirect(program)
    page = Paginator(candidates, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "program": program,
        "filters": filters,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "preview": services.enrollment_bulk_preview(program=program),
        "chosen": set(request.POST.getlist("residents")),
    }
    template = "programs/_candidates.html" if request.htmx else "programs/enroll.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def program_enroll_all(request: HttpRequest, program_id: int) -> HttpResponse:
    """The check page of "enrol all eligible": who gets a place and who goes to the waitlist,
    by name, number and block. Nothing is written until the confirmation, which enrols the
    residents shown (those still eligible) in one transaction."""
    program = get_scoped_or_404(
        request, selectors.program_detail(Program.objects.all()), pk=program_id
    )
    if request.method == "POST":
        shown = [int(pk) for pk in request.POST.getlist("residents") if pk.isdigit()]
        try:
            result, warnings = services.enrollment_bulk_add(program=program, resident_ids=shown)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                _("%(fit)s enrolled, %(wait)s added to the waitlist.")
                % {"fit": len(result.fit), "wait": len(result.waitlisted)},
            )
            missing = len(shown) - len(result.eligible)
            if missing:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)s resident on the check page could no longer be enrolled.",
                        "%(n)s residents on the check page could no longer be enrolled.",
                        missing,
                    )
                    % {"n": missing},
                )
            _warn(request, warnings)
            return redirect(program)
    preview = services.enrollment_bulk_preview(program=program)
    return render(request, "programs/enroll_check.html", {"program": program, "preview": preview})


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def enrollment_end(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = get_scoped_or_404(
        request,
        Enrollment.objects.select_related("program__facility", "resident"),
        pk=enrollment_id,
    )
    form = EnrollmentEndForm(
        request.POST or None, initial={"ended_on": facility_today(enrollment.program.facility)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            promotion = services.enrollment_end_promotion(
                enrollment=enrollment,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The enrolment was ended."))
            for skipped, failures in promotion.skipped:
                messages.warning(
                    request,
                    _("%(resident)s was skipped on the waitlist: %(rules)s")
                    % {"resident": skipped.resident, "rules": " ".join(failures)},
                )
            if promotion.promoted is not None:
                messages.success(
                    request,
                    _("%(resident)s moved up from the waitlist, from %(date)s.")
                    % {
                        "resident": promotion.promoted.resident,
                        "date": format_date(promotion.promoted.enrolled_on),
                    },
                )
            return redirect(enrollment.program)
    return render(request, "programs/enrollment_end.html", {"form": form, "enrollment": enrollment})


# --- sessions ----------------------------------------------------------------------------------


def _managed_session(request: HttpRequest, session_id: int) -> Session:
    """A session of the facility, for the staff pages that change it."""
    return get_scoped_or_404(
        request, Session.objects.select_related("program", "facility"), pk=session_id
    )


def _session_for(request: HttpRequest, session_id: int) -> Session:
    sessions = selectors.session_detail(selectors.visible_sessions(workplace_of(request)))
    return get_object_or_404(sessions, pk=session_id)


@permission_required("sessions.view")
@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id)
    roster = list(selectors.session_roster(session))
    read_record(
        request, what="programs.session_detail", count=len(roster), filters={"session": session.pk}
    )
    context = {
        "session": session,
        "roster": roster,
        "can_manage": _can_manage(request),
        "facilitator_form": AssignFacilitatorForm(facility=session.facility),
        "intern_form": AssignInternForm(facility=session.facility),
    }
    return render(request, "programs/session_detail.html", context)


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(request, Program, pk=program_id)
    form = SessionTimeForm(
        request.POST or None,
        facility=program.facility,
        initial={"location": program.default_location_id},
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.bounds()
        try:
            result = services.session_create_one_off(
                program=program,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session was added."))
            _warn(request, result.warnings)
            return redirect(result.session)
    context = {"form": form, "program": program, "title": _("Add a one-off session")}
    return render(request, "programs/session_form.html", context)


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def session_move(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    zone = session.facility.tzinfo
    local_start = timezone.localtime(session.starts_at, zone)
    initial = {
        "day": local_start.date(),
        "start": local_start.time(),
        "end": timezone.localtime(session.ends_at, zone).time(),
        "location": session.location_id,
        "notes": session.notes,
    }
    form = SessionTimeForm(request.POST or None, facility=session.facility, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.bounds()
        try:
            result = services.session_edit(
                session=session,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session was saved."))
            _warn(request, result.warnings)
            return redirect(session)
    context = {
        "form": form,
        "program": session.program,
        "session": session,
        "title": _("Move or edit the session"),
    }
    return render(request, "programs/session_form.html", context)


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(session=session, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session was cancelled."))
            return redirect(session)
    return render(request, "programs/session_cancel.html", {"form": form, "session": session})


@permission_required("programs.manage")
def session_restore(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        result = services.session_restore(session=session)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The session was restored."))
        _warn(request, result.warnings)
    return redirect(session)


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def sessions_cancel_range(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(request, Program, pk=program_id)
    form = CancelRangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.sessions_cancel_range(
                program=program,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s sessions cancelled.") % {"count": count})
            return redirect(program)
    return render(request, "programs/cancel_range.html", {"form": form, "program": program})


@permission_required("programs.manage")
@require_http_methods(["GET", "POST"])
def session_agenda(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    lines = [
        f"{i.kind} | {i.topic} | {i.speaker}" if i.speaker else f"{i.kind} | {i.topic}"
        for i in session.agenda_items.all()
    ]
    form = AgendaForm(request.POST or None, initial={"agenda": "\n".join(lines)})
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_replace(session=session, items=form.items())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agenda was saved."))
            return redirect(session)
    return render(request, "programs/agenda_form.html", {"form": form, "session": session})


@permission_required("programs.manage")
def session_staff(request: HttpRequest, session_id: int) -> HttpResponse:
    """Assign or remove a facilitator or an intern (the form says which)."""
    session = _managed_session(request, session_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    try:
        if action == "add_facilitator":
            form: Any = AssignFacilitatorForm(request.POST, facility=session.facility)
            if form.is_valid():
                result = services.session_facilitator_assign(
                    session=session,
                    facilitator=form.cleaned_data["facilitator"],
                    task=form.cleaned_data["task"],
                )
                _warn(request, result.warnings)
                messages.success(request, _("The facilitator was assigned."))
        elif action == "add_intern":
            form = AssignInternForm(request.POST, facility=session.facility)
            if form.is_valid():
                services.session_intern_assign(
                    session=session,
                    user=form.cleaned_data["intern"],
                    task=form.cleaned_data["task"],
                )
                messages.success(request, _("The intern was assigned."))
        elif action == "remove_facilitator":
            services.session_facilitator_remove(
                session=session, facilitator_id=int(request.POST.get("facilitator_id", 0))
            )
            messages.success(request, _("The assignment was removed."))
        elif action == "remove_intern":
            services.session_intern_remove(
                session=session, user_id=int(request.POST.get("user_id", 0))
            )
            messages.success(request, _("The assignment was removed."))
        else:
            messages.error(request, _("Unknown action."))
    except (ValidationError, ValueError) as error:
        if isinstance(error, ValidationError):
            _errors(request, error)
        else:
            messages.error(request, _("Unknown action."))
    return redirect(session)


# --- session lists -----------------------------------------------------------------------------

SESSION_PAGE_SIZE = 20


def _session_page(
    request: HttpRequest,
    sessions: QuerySet[Session],
    *,
    facility: Facility,
    programs: QuerySet[Program] | None = None,
) -> dict[str, Any]:
    """The filter form, one page of sessions and the query string of the other pages: the
    program page's sessions and the facility's list share it."""
    form = SessionFilterForm(request.GET or None, programs=programs)
    found = selectors.session_list(sessions, facility=facility, **vars(form.filters()))
    page = Paginator(found, SESSION_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "session_form": form,
        "page": page,
        "session_rows": selectors.session_rows(list(page.object_list)),
        "query": query.urlencode(),
    }


@permission_required("sessions.view")
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    """The facility's sessions the user may see, with the program page's filters and a
    program filter (the programs of those sessions)."""
    sessions = selectors.visible_sessions(workplace_of(request))
    programs = Program.objects.filter(pk__in=sessions.values("program_id")).order_by("name")
    context = _session_page(
        request, sessions, facility=current_facility(request), programs=programs
    )
    return render(request, "programs/session_list.html", context)


# --- calendar ----------------------------------------------------------------------------------


def _parse_day(text: str | None, facility: Facility) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return facility_today(facility)


def _window(view: str, day: date) -> tuple[date, date, date, date]:
    """(first shown day, last shown day, previous anchor, next anchor) of a week or month grid."""
    if view == "week":
        start = day - timedelta(days=day.weekday())
        return (
            start,
            start + timedelta(days=6),
            start - timedelta(days=7),
            start + timedelta(days=7),
        )
    first = day.replace(day=1)
    last = first.replace(day=calendar_lib.monthrange(first.year, first.month)[1])
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    previous = (first - timedelta(days=1)).replace(day=1)
    return start, end, previous, last + timedelta(days=1)


def _calendar_context(
    request: HttpRequest,
    sessions: Any,
    *,
    title: str,
    extra: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    facility = current_facility(request)
    view = "week" if request.GET.get("view") == "week" else "month"
    day = _parse_day(request.GET.get("day"), facility)
    jump = MonthJumpForm(request.GET if "month" in request.GET else None)
    first_day = jump.first_day()
    if first_day is not None:
        view, day = "month", first_day
    elif not jump.is_bound:
        jump = MonthJumpForm(initial={"month": f"{day:%Y-%m}"})
    # A month that cannot be read keeps the calendar where it was; its field says why.
    start, end, previous, following = _window(view, day)
    lo, hi = local_day_bounds(facility, start, through=end)
    rows = sessions(lo, hi) if callable(sessions) else selectors.calendar_sessions(sessions, lo, hi)
    days = selectors.calendar_days(
        rows, start, end, month=day.month if view == "month" else None, facility=facility
    )
    heading = (
        format_month(day.year, day.month)
        if view == "month"
        else f"{format_date(start, weekday=False)} – {format_date(end, weekday=False)}"
    )
    return {
        "title": title,
        "view": view,
        "day": day,
        "heading": heading,
        "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
        "previous": previous.isoformat(),
        "next": following.isoformat(),
        "today": facility_today(facility).isoformat(),
        "extra_query": urlencode(extra),
        "extra_fields": extra,
        "month_form": jump,
        "weekday_names": [weekday_name(start + timedelta(days=i)) for i in range(7)],
        "session_count": len(rows),
    }


@permission_required("sessions.view")
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    sessions = selectors.visible_sessions(workplace_of(request))
    extra: list[tuple[str, str]] = []
    title = _("Calendar")
    locations = scoped(request, Location).filter(is_active=True).order_by("name")
    programs = selectors.visible_programs(workplace_of(request)).order_by("name")
    location_id = request.GET.get("location", "")
    program_id = request.GET.get("program", "")
    if location_id.isdigit():
        sessions = sessions.filter(location_id=int(location_id))
        extra.append(("location", location_id))
    if program_id.isdigit():
        sessions = sessions.filter(program_id=int(program_id))
        extra.append(("program", program_id))
    context = _calendar_context(request, sessions, title=title, extra=extra)
    context |= {
        "locations": locations,
        "programs": programs,
        "location_id": location_id,
        "program_id": program_id,
        "base_url": request.path,
    }
    template = "programs/_calendar.html" if request.htmx else "programs/calendar.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@permission_required("residents.view")
@require_GET
def resident_calendar(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = get_scoped_or_404(
        request, Resident.objects.select_related("facility"), pk=resident_id
    )

    def rows(lo: datetime, hi: datetime) -> list[Session]:
        return selectors.resident_sessions(resident, lo, hi)

    context = _calendar_context(
        request, rows, title=_("Schedule of %(name)s") % {"name": resident.full_name}
    )
    context |= {"resident": resident, "base_url": request.path}
    read_record(
        request,
        what="programs.resident_calendar",
        count=context["session_count"],
        filters={"view": context["view"], "day": context["day"]},
        obj=resident,
    )
    template = "programs/_calendar.html" if request.htmx else "programs/calendar.html"  # type: ignore[attr-defined]
    return render(request, template, context)


# --- categories (reference data) ---------------------------------------------------------------


@permission_required("programs.manage_categories")
@require_http_methods(["GET", "POST"])
def category_list(request: HttpRequest) -> HttpResponse:
    """The PP 31/1999 categories; admin may add, rename or retire them. Categories are shared by
    every facility, so the one being edited travels in the query (?edit=ID), not the path."""
    editing = None
    edit_id = request.GET.get("edit", "")
    if edit_id.isdigit():
        editing = get_object_or_404(ProgramCategory, pk=int(edit_id))
    form = CategoryForm(request.POST or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        category = services.category_save(category=editing, data=form.cleaned_data)
        messages.success(request, _("Category %(name)s was saved.") % {"name": category})
        return redirect("programs:category_list")
    context = {
        "categories": ProgramCategory.objects.all(),
        "form": form,
        "editing": editing,
    }
    return render(request, "programs/category_list.html", context)
