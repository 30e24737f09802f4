"""Pages of the internship app, the partner portal and the public certificate check.

Who may open a placement: the facility's managers (admin, head, officer), the placement's mentor
and the intern themself. Anyone else gets 404 (an intern must not learn that other placements
exist) or 403 (staff without the right).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binaan.accounts.models import STAFF_ROLES, Role, User
from binaan.core import documents as core_documents
from binaan.core.audit import audit_record
from binaan.core.dates import format_date, format_datetime
from binaan.core.models import AuditAction
from binaan.core.scoping import current_facility, get_scoped_or_404, roles_required, workplace_of
from binaan.interns import certificates, documents, rules, selectors, services
from binaan.interns.forms import (
    AbsenceForm,
    AgendaFormSet,
    CompetenciesForm,
    CorrectionForm,
    EvaluationForm,
    LogbookForm,
    PlacementForm,
    ReviewForm,
    SessionNotesForm,
    StopForm,
    parse_day,
    parse_month,
)
from binaan.interns.models import (
    Evaluation,
    LogbookEntry,
    LogbookState,
    Placement,
    PlacementState,
    PresenceDay,
)
from binaan.programs.models import Session

MANAGERS = (Role.ADMIN, Role.HEAD, Role.OFFICER)
PLACEMENT_ROLES = (*MANAGERS, Role.CASEWORKER, Role.HUMAS, Role.INTERN)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return user


def _today(request: HttpRequest) -> date:
    return timezone.localtime(timezone.now(), current_facility(request).tzinfo).date()


def _post_only(request: HttpRequest) -> None:
    """For object URLs the object is fetched (404) before the method is refused (405), so a
    foreign id never learns anything from the status."""
    if request.method != "POST":
        raise _MethodNotAllowed


class _MethodNotAllowed(Exception):
    pass


def _placement_for(request: HttpRequest, placement_id: int, *, intern_ok: bool = True) -> Placement:
    placement = get_scoped_or_404(request, selectors.placements(), pk=placement_id)
    user = _user(request)
    workplace = workplace_of(request)
    if workplace.has_role(*MANAGERS) or placement.mentor_id == user.pk:
        return placement
    if intern_ok and workplace.has_role(Role.INTERN) and placement.intern_id == user.pk:
        return placement
    if workplace.has_role(*STAFF_ROLES):
        raise PermissionDenied
    raise Http404


def _is_mentor(request: HttpRequest, placement: Placement) -> bool:
    return placement.mentor_id == _user(request).pk or workplace_of(request).has_role(Role.HEAD)


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


# --- placements ---------------------------------------------------------------------------------


@roles_required(*MANAGERS)
@require_GET
def placement_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    today = _today(request)
    rows = [
        (p, PlacementState(p.state_on(today))) for p in selectors.placement_list(facility=facility)
    ]
    return render(request, "interns/placement_list.html", {"rows": rows})


@roles_required(*MANAGERS)
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


@roles_required(*PLACEMENT_ROLES)
@require_GET
def intern_home(request: HttpRequest) -> HttpResponse:
    """The intern's start page: their current placement, or a note that there is none."""
    placement = selectors.current_placement(
        facility=current_facility(request), user=_user(request), today=_today(request)
    )
    if placement is None:
        return render(request, "interns/no_placement.html")
    return redirect(placement)


@roles_required(*PLACEMENT_ROLES)
@require_GET
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    today = _today(request)
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
        "can_manage": workplace_of(request).has_role(*MANAGERS),
        "months": rules.months_of(
            placement.start_date, min(placement.last_day, max(today, placement.start_date))
        ),
        "certificate_ready": placement.state_on(today) == PlacementState.FINISHED,
    }
    return render(request, "interns/placement_detail.html", context)


@roles_required(*MANAGERS)
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


@roles_required(*MANAGERS)
@methods
def placement_stop(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id, intern_ok=False)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    form = StopForm(request.POST or None, initial={"stopped_on": _today(request)})
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_stop(
                placement=placement,
                on=form.cleaned_data["stopped_on"],
                reason=form.cleaned_data["stop_reason"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The placement was stopped."))
            return redirect(placement)
    return render(
        request,
        "interns/simple_form.html",
        {
            "form": form,
            "placement": placement,
            "title": _("Stop the placement"),
        },
    )


@roles_required(*PLACEMENT_ROLES)
@methods
def competencies_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id, intern_ok=False)
    if not _is_mentor(request, placement):
        raise PermissionDenied
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    current = "\n".join(c.name for c in placement.competencies.all())
    form = CompetenciesForm(request.POST or None, initial={"names": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.competencies_update(
                placement=placement, names=form.cleaned_data["names"].splitlines()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Learning goals saved."))
            return redirect(placement)
    return render(
        request,
        "interns/simple_form.html",
        {
            "form": form,
            "placement": placement,
            "title": _("Learning goals / competencies"),
        },
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
        messages.success(request, done % {"time": format_datetime(when)})
    return redirect(placement)


@roles_required(Role.INTERN, *PLACEMENT_ROLES)
@methods
def check_in(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _presence_action(
        request,
        placement_id,
        services.presence_check_in,
        lambda presence: presence.check_in,
        _("Checked in at %(time)s."),
    )


@roles_required(Role.INTERN, *PLACEMENT_ROLES)
@methods
def check_out(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _presence_action(
        request,
        placement_id,
        services.presence_check_out,
        lambda presence: presence.check_out,
        _("Checked out at %(time)s."),
    )


@roles_required(*PLACEMENT_ROLES)
@methods
def absence(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    if not (_is_intern(request, placement) or placement.mentor_id == _user(request).pk):
        raise PermissionDenied
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    form = AbsenceForm(request.POST or None, initial={"date": _today(request)})
    if request.method == "POST" and form.is_valid():
        try:
            services.presence_absence(
                placement=placement,
                by=_user(request),
                day=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The absence was recorded."))
            return redirect(placement)
    return render(
        request,
        "interns/simple_form.html",
        {
            "form": form,
            "placement": placement,
            "title": _("Record an absence"),
        },
    )


def _aware(day: date, value: Any, placement: Placement) -> datetime | None:
    if value is None:
        return None
    return datetime.combine(day, value, placement.facility.tzinfo)


@roles_required(*PLACEMENT_ROLES)
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


# --- the month, exports, certificate ------------------------------------------------------------


def _month_of(request: HttpRequest, placement: Placement) -> date:
    default = min(_today(request), placement.last_day)
    return parse_month(request.GET.get("month"), max(default, placement.start_date))


@roles_required(*PLACEMENT_ROLES)
@require_GET
def month(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    first = _month_of(request, placement)
    report = selectors.month_report(placement=placement, month=first)
    months = rules.months_of(placement.start_date, placement.last_day)
    index = months.index(first) if first in months else -1
    return render(
        request,
        "interns/month.html",
        {
            "placement": placement,
            "report": report,
            "previous": months[index - 1] if index > 0 else None,
            "next": months[index + 1] if 0 <= index < len(months) - 1 else None,
            "is_intern": _is_intern(request, placement),
            "is_mentor": _is_mentor(request, placement),
        },
    )


def _export_report(request: HttpRequest, placement: Placement) -> selectors.MonthReport:
    report = selectors.month_report(placement=placement, month=_month_of(request, placement))
    report.generated = format_datetime(timezone.now())
    report.generated_by = str(_user(request))
    return report


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles_required(*PLACEMENT_ROLES)
@require_GET
def month_xlsx(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    report = _export_report(request, placement)
    audit_record(
        action=AuditAction.EXPORT,
        obj=placement,
        after={"month": f"{report.month:%Y-%m}", "format": "xlsx"},
    )
    return _attachment(
        documents.render_month_xlsx(report),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"logbook-{placement.intern.username}-{report.month:%Y-%m}.xlsx",
    )


@roles_required(*PLACEMENT_ROLES)
@require_GET
def month_pdf(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    report = _export_report(request, placement)
    audit_record(
        action=AuditAction.EXPORT,
        obj=placement,
        after={"month": f"{report.month:%Y-%m}", "format": "pdf"},
    )
    return _attachment(
        documents.render_month_pdf(report),
        "application/pdf",
        f"logbook-{placement.intern.username}-{report.month:%Y-%m}.pdf",
    )


def certificate_data(placement: Placement, verify_url: str) -> documents.CertificateData:
    facility = placement.facility
    end = placement.end_date
    return documents.CertificateData(
        letterhead=facility.letterhead,
        intern_name=str(placement.intern),
        university=placement.university,
        study_programme=placement.study_programme,
        source_programme=placement.source_programme,
        batch=placement.batch,
        facility_name=facility.name,
        unit=placement.unit,
        period=f"{format_date(placement.start_date, weekday=False)} – {format_date(end, weekday=False)}",
        competencies=[c.name for c in placement.competencies.all()],
        code=certificates.certificate_code(placement.pk, placement.start_date, end),
        verify_url=verify_url,
        place_and_date=core_documents.place_and_date(facility, end),
        head_name=facility.head_name,
        head_nip=facility.head_nip,
        mentor_name=str(placement.mentor),
        issued_on=end,
    )


@roles_required(*PLACEMENT_ROLES)
@require_GET
def certificate(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    if placement.state_on(_today(request)) != PlacementState.FINISHED:
        return render(
            request, "interns/certificate_not_ready.html", {"placement": placement}, status=409
        )
    code = certificates.certificate_code(placement.pk, placement.start_date, placement.end_date)
    verify_url = request.build_absolute_uri(reverse("interns:certificate_verify", args=[code]))
    audit_record(action=AuditAction.EXPORT, obj=placement, after={"certificate": code})
    return _attachment(
        documents.render_certificate_pdf(certificate_data(placement, verify_url)),
        "application/pdf",
        f"sertifikat-magang-{placement.intern.username}.pdf",
    )


@login_not_required
@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding a certificate may check it. Shows only name, programme, facility,
    period and validity — nothing else about the intern or the facility."""
    placement_id = certificates.placement_id_of(code)
    placement = (
        Placement.objects.select_related("intern", "facility").filter(pk=placement_id).first()
        if placement_id is not None
        else None
    )
    valid = (
        placement is not None
        and certificates.code_matches(code, placement.pk, placement.start_date, placement.end_date)
        and placement.state_on(timezone.localdate(timezone=placement.facility.tzinfo))
        == PlacementState.FINISHED
    )
    context: dict[str, Any] = {"code": code.upper(), "valid": valid}
    if valid and placement is not None:
        context.update(
            {
                "name": str(placement.intern),
                "programme": f"{placement.source_programme} — {placement.batch}",
                "facility": placement.facility.name,
                "period": f"{format_date(placement.start_date, weekday=False)} – {format_date(placement.end_date, weekday=False)}",
            }
        )
    return render(request, "interns/verify.html", context, status=200 if valid else 404)


# --- logbook ------------------------------------------------------------------------------------


@roles_required(*PLACEMENT_ROLES)
@methods
def logbook_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The intern's entry of one day (?date=YYYY-MM-DD), pre-filled from the sessions they were
    assigned to that day; "save" keeps a draft, "submit" sends it to the mentor."""
    placement = _placement_for(request, placement_id)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    day = parse_day(request.GET.get("date") or request.POST.get("date"), _today(request))
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
                    placement=placement, by=_user(request), day=day, **form.cleaned_data
                )
                if "submit" in request.POST:
                    services.logbook_submit(entry=entry, by=_user(request))
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


@roles_required(*PLACEMENT_ROLES)
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


# --- evaluations --------------------------------------------------------------------------------


@roles_required(*PLACEMENT_ROLES)
@methods
def evaluation_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    first = _month_of(request, placement)
    evaluation = (
        Evaluation.objects.filter(placement=placement, month=first)
        .prefetch_related("scores")
        .first()
    )
    mentor = _is_mentor(request, placement)
    if not mentor and (evaluation is None or evaluation.submitted_at is None):
        # The intern sees an evaluation only once the mentor has submitted it.
        evaluation = None
    competencies = list(placement.competencies.all())
    scores = {s.competency_id: s.score for s in evaluation.scores.all()} if evaluation else {}
    editable = mentor and (evaluation is None or evaluation.submitted_at is None)
    form = EvaluationForm(
        request.POST or None,
        competencies=competencies,
        initial_scores=scores,
        initial={"narrative": evaluation.narrative if evaluation else ""},
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                evaluation = services.evaluation_save(
                    placement=placement,
                    by=_user(request),
                    month=first,
                    scores=form.scores(),
                    narrative=form.cleaned_data["narrative"],
                )
                if "submit" in request.POST:
                    services.evaluation_submit(evaluation=evaluation, by=_user(request))
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The evaluation was saved."))
                return redirect(
                    reverse("interns:evaluation", args=[placement.pk]) + f"?month={first:%Y-%m}"
                )
    return render(
        request,
        "interns/evaluation.html",
        {
            "placement": placement,
            "month": first,
            "due": rules.evaluation_due(first),
            "evaluation": evaluation,
            "scores": [(c, scores.get(c.pk)) for c in competencies],
            "form": form,
            "editable": editable,
        },
    )


# --- the mentor ---------------------------------------------------------------------------------


@roles_required(*STAFF_ROLES)
@require_GET
def mentor_home(request: HttpRequest) -> HttpResponse:
    overview = selectors.mentor_overview(
        facility=current_facility(request), user=_user(request), today=_today(request)
    )
    return render(
        request, "interns/mentor_home.html", {"overview": overview, "today": _today(request)}
    )


# --- partner portal and rosters -----------------------------------------------------------------


def _optional_url(name: str, **kwargs: Any) -> str:
    """Pages of other apps (session page, attendance register) where they are installed."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _session_for(request: HttpRequest, session_id: int, *, intern_ok: bool) -> Session:
    session = get_scoped_or_404(
        request, Session.objects.select_related("program", "location", "facility"), pk=session_id
    )
    workplace = workplace_of(request)
    user = _user(request)
    if workplace.has_role(*MANAGERS):
        return session
    if workplace.has_role(Role.PARTNER) and (
        selectors.partner_sessions(facility=session.facility, user=user)
        .filter(pk=session.pk)
        .exists()
    ):
        return session
    if (
        intern_ok
        and workplace.has_role(Role.INTERN)
        and session.intern_assignments.filter(user=user).exists()
    ):
        return session
    raise Http404


@roles_required(Role.PARTNER)
@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    """Kegiatan saya: the sessions a partner's facilitator leads, upcoming first."""
    sessions = list(
        selectors.partner_sessions(facility=current_facility(request), user=_user(request))
    )
    now = timezone.now()
    rows: list[dict[str, Any]] = [
        {
            "session": s,
            "detail_url": _optional_url("programs:session_detail", session_id=s.pk),
            "register_url": _optional_url("attendance:register", session_id=s.pk),
        }
        for s in sessions
    ]
    return render(
        request,
        "interns/portal.html",
        {
            "upcoming": [r for r in rows if r["session"].ends_at >= now],
            "past": list(reversed([r for r in rows if r["session"].ends_at < now])),
        },
    )


@roles_required(Role.PARTNER, *MANAGERS)
@methods
def session_notes(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id, intern_ok=False)
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    items = list(session.agenda_items.all())
    form = SessionNotesForm(request.POST or None, initial={"notes": session.notes})
    formset = AgendaFormSet(
        request.POST or None,
        initial=[{"kind": a.kind, "topic": a.topic, "speaker": a.speaker} for a in items],
        prefix="agenda",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        agenda = [row for row in formset.cleaned_data if row and not row.get("DELETE")]
        try:
            services.partner_session_notes_update(
                session=session, notes=form.cleaned_data["notes"], agenda=agenda
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Notes and agenda saved."))
            return redirect("interns:session_notes", session_id=session.pk)
    return render(
        request,
        "interns/session_notes.html",
        {"session": session, "form": form, "formset": formset},
    )


@roles_required(Role.PARTNER, Role.INTERN, *MANAGERS)
@require_GET
def session_roster(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id, intern_ok=True)
    return render(
        request,
        "interns/session_roster.html",
        {
            "session": session,
            "roster": selectors.session_roster(session=session),
            "can_edit_notes": workplace_of(request).has_role(Role.PARTNER, *MANAGERS),
        },
    )
