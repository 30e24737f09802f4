from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binaan.accounts.models import Role, User
from binaan.attendance import pdf, selectors, services
from binaan.attendance.forms import ReasonForm, RegisterForm, ScanForm
from binaan.attendance.models import PRESENT_CODE, AttendanceReason
from binaan.core.audit import audit_record
from binaan.core.dates import facility_today, local_day_bounds
from binaan.core.documents import made_by_line
from binaan.core.models import AuditAction
from binaan.core.scoping import (
    current_facility,
    get_scoped_or_404,
    roles_required,
    scoped,
    workplace_of,
)
from binaan.programs.models import Session
from binaan.programs.selectors import session_local_date
from binaan.residents.models import Resident

MARKER_ROLES = (Role.ADMIN, Role.HEAD, Role.OFFICER, Role.PARTNER)
STAFF_MARKERS = (Role.ADMIN, Role.HEAD, Role.OFFICER)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return user


def _visible_session(request: HttpRequest, session_id: int) -> Session:
    workplace = workplace_of(request)
    sessions = selectors.visible_sessions(user=_user(request), roles=workplace.roles)
    return get_scoped_or_404(request, sessions, pk=session_id)


def _markable_session(request: HttpRequest, session_id: int) -> Session:
    session = _visible_session(request, session_id)
    markable = selectors.markable_sessions(user=_user(request), roles=workplace_of(request).roles)
    if not markable.filter(pk=session.pk).exists():
        raise PermissionDenied
    return session


@roles_required(*MARKER_ROLES)
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    workplace = workplace_of(request)
    user = _user(request)
    day = facility_today(facility)
    visible = selectors.visible_sessions(user=user, roles=workplace.roles)
    markable_ids: set[int] | None = None
    if not workplace.has_role(*selectors.MARK_ALL_ROLES):
        start, end = local_day_bounds(facility, day)
        markable = selectors.markable_sessions(user=user, roles=workplace.roles)
        markable_ids = set(
            scoped(request, markable)
            .filter(starts_at__gte=start, starts_at__lt=end)
            .values_list("pk", flat=True)
        )
    sessions = selectors.sessions_on_day(
        sessions=scoped(request, visible), facility=facility, day=day, markable_ids=markable_ids
    )
    return render(request, "attendance/today.html", {"sessions": sessions, "day": day})


@dataclass
class DisplayRow:
    resident: Resident
    enrolled: bool
    saved_code: str
    saved_label: str
    selected: str
    note: str
    intended: str = ""
    intended_label: str = ""
    intended_note: str = ""

    @property
    def conflict(self) -> bool:
        return bool(self.intended) and self.intended != self.saved_code


def _display_rows(
    register: selectors.Register,
    intended: dict[int, tuple[str, str]] | None = None,
    *,
    keep_intended: bool = False,
    extra_walk_ins: list[Resident] | None = None,
) -> list[DisplayRow]:
    """Rows for the page. A never-saved register starts everyone as present. After a refused
    save, `intended` (the user's marks) either stays selected (`keep_intended`) or is shown beside
    the saved mark to re-apply in one tap (stale page)."""
    labels = {r.code: r.display_label for r in register.reasons}
    default = PRESENT_CODE if not register.is_saved else ""
    rows: list[DisplayRow] = []
    residents = [(row.resident, row.enrolled, row.mark) for row in register.rows]
    residents += [(r, False, None) for r in extra_walk_ins or []]
    for resident, enrolled, mark in residents:
        saved_code = mark.reason.code if mark else ""
        saved_note = mark.note if mark else ""
        wish = (intended or {}).get(resident.pk)
        row = DisplayRow(
            resident=resident,
            enrolled=enrolled,
            saved_code=saved_code,
            saved_label=labels.get(saved_code, saved_code),
            selected=saved_code or (default if enrolled else PRESENT_CODE),
            note=saved_note,
        )
        if wish is not None:
            if keep_intended or not mark:
                row.selected, row.note = wish
            else:
                row.intended, row.intended_note = wish
                row.intended_label = labels.get(wish[0], wish[0])
        rows.append(row)
    return rows


def _register_context(
    request: HttpRequest,
    session: Session,
    *,
    intended: dict[int, tuple[str, str]] | None = None,
    keep_intended: bool = False,
    extra_walk_ins: list[Resident] | None = None,
    errors: list[str] | None = None,
    stale: services.StaleRegisterError | None = None,
    amend_reason: str = "",
) -> dict[str, object]:
    workplace = workplace_of(request)
    register = selectors.session_register(session)
    can_mark = (
        workplace.has_role(*MARKER_ROLES)
        and selectors.markable_sessions(user=_user(request), roles=workplace.roles)
        .filter(pk=session.pk)
        .exists()
    )
    now = timezone.now()
    rows = _display_rows(
        register, intended, keep_intended=keep_intended, extra_walk_ins=extra_walk_ins
    )
    return {
        "session": session,
        "register": register,
        "rows": rows,
        "reasons": register.reasons,
        "can_mark": can_mark,
        "blocked": services.check_markable(
            session=session, user=_user(request), amend_reason="-", now=now
        ),
        "locked": services.is_locked(session, now=now),
        "show_photos": workplace.has_role(*selectors.READ_ALL_ROLES),
        "roster_only": not workplace.has_role(*selectors.READ_ALL_ROLES),
        "history": selectors.register_history(session)
        if workplace.has_role(*selectors.READ_ALL_ROLES, Role.PARTNER)
        else [],
        "errors": errors or [],
        "stale": stale,
        "conflicts": sum(1 for row in rows if row.conflict),
        "amend_reason": amend_reason,
        "walk_ins": [row.resident.pk for row in rows if not row.enrolled],
    }


@roles_required(*selectors.REGISTER_ROLES)
@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, session_id: int) -> HttpResponse:
    if request.method == "GET":
        session = _visible_session(request, session_id)
        staff = workplace_of(request).has_role(*STAFF_MARKERS)
        added = [int(pk) for pk in request.GET.getlist("add") if pk.isdigit() and staff]
        extra = selectors.walk_in_candidates_by_id(session, added) if added else None
        context = _register_context(request, session, extra_walk_ins=extra)
        return render(request, "attendance/register.html", context)

    session = _markable_session(request, session_id)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        context = _register_context(request, session, errors=_form_errors(form))
        return render(request, "attendance/register.html", context, status=400)
    marks = form.cleaned_data["marks"]
    walk_ins = form.cleaned_data["walk_ins"]
    if walk_ins and not workplace_of(request).has_role(*STAFF_MARKERS):
        # Adding residents from outside the roster is for staff: it reveals other residents.
        raise PermissionDenied
    amend_reason = form.cleaned_data["amend_reason"]
    try:
        result = services.register_save(
            session=session,
            marks=marks,
            walk_ins=walk_ins,
            expected_version=form.cleaned_data["version"],
            user=_user(request),
            amend_reason=amend_reason,
        )
    except services.StaleRegisterError as stale:
        extra = selectors.walk_in_candidates_by_id(session, walk_ins)
        context = _register_context(
            request, session, intended=marks, extra_walk_ins=extra, stale=stale,
            errors=stale.messages, amend_reason=amend_reason,
        )  # fmt: skip
        return render(request, "attendance/register.html", context, status=409)
    except services.RegisterError as error:
        extra = selectors.walk_in_candidates_by_id(session, walk_ins)
        context = _register_context(
            request, session, intended=marks, keep_intended=True, extra_walk_ins=extra,
            errors=error.messages, amend_reason=amend_reason,
        )  # fmt: skip
        return render(request, "attendance/register.html", context, status=400)
    if result.created or result.updated:
        messages.success(
            request,
            _("Attendance saved: %(count)d marks changed.")
            % {"count": result.created + result.updated},
        )
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("attendance:register", session_id=session.pk)


def _form_errors(form: RegisterForm) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


# Staff only: searching every resident of the facility is more than a partner's roster.
@roles_required(*STAFF_MARKERS)
@require_GET
def walk_in_search(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _markable_session(request, session_id)
    add = request.GET.get("add", "")
    if add.isdigit():
        residents = selectors.walk_in_candidates_by_id(session, [int(add)])
        register = selectors.session_register(session)
        rows = _display_rows(register, extra_walk_ins=residents)[len(register.rows) :]
        return render(
            request,
            "attendance/_register_rows.html",
            {"rows": rows, "reasons": register.reasons, "can_mark": True, "session": session,
             "show_photos": workplace_of(request).has_role(*selectors.READ_ALL_ROLES)},
        )  # fmt: skip
    candidates = selectors.walk_in_candidates(session, request.GET.get("q", ""))
    return render(
        request,
        "attendance/_walk_in_results.html",
        {"candidates": candidates, "session": session, "query": request.GET.get("q", "")},
    )


@roles_required(*MARKER_ROLES)
@require_http_methods(["GET", "POST"])
def session_scan(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _markable_session(request, session_id)
    result: services.ScanResult | None = None
    form = ScanForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            result = services.scan_mark(
                session=session, code=form.cleaned_data["code"], user=_user(request)
            )
        else:
            result = services.ScanResult(False, _("Nothing was scanned."))
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "attendance/_scan_result.html", {"result": result})
        form = ScanForm()
    register = selectors.session_register(session)
    return render(
        request,
        "attendance/scan.html",
        {
            "session": session,
            "form": form,
            "result": result,
            "register": register,
            "blocked": services.check_markable(
                session=session, user=_user(request), amend_reason="-", now=timezone.now()
            ),
        },
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@roles_required(*MARKER_ROLES)
@require_GET
def session_sheet_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _markable_session(request, session_id)
    sheet = selectors.attendance_sheet(session, officer=_user(request))
    audit_record(action=AuditAction.EXPORT, obj=session, object_repr=f"Daftar hadir {session}")
    day = session_local_date(session)
    return _pdf_response(pdf.render_attendance_sheet(sheet), f"daftar-hadir-{day:%Y%m%d}.pdf")


@roles_required(*STAFF_MARKERS)
@require_GET
def session_cards_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _visible_session(request, session_id)
    residents = selectors.roster_for_session(session)
    cards = selectors.id_cards(residents, session.facility)
    audit_record(action=AuditAction.EXPORT, obj=session, object_repr=f"Kartu peserta {session}")
    made_by = made_by_line(_user(request).display_name, timezone.now(), session.facility.tzinfo)
    return _pdf_response(pdf.render_id_cards(cards, made_by=made_by), f"kartu-{session.pk}.pdf")


@roles_required(*STAFF_MARKERS)
@require_GET
def cards_pdf(request: HttpRequest) -> HttpResponse:
    """Cards for a block (?block=<id>) or a selection (?resident=<id>&resident=<id>)."""
    facility = current_facility(request)
    block = request.GET.get("block", "")
    ids = [int(pk) for pk in request.GET.getlist("resident") if pk.isdigit()]
    residents = selectors.residents_for_cards(
        facility=facility, block_id=int(block) if block.isdigit() else None, resident_ids=ids
    )
    cards = selectors.id_cards(residents, facility)
    audit_record(
        action=AuditAction.EXPORT,
        facility=facility,
        object_type="attendance.idcard",
        object_repr=f"Kartu penghuni ({len(cards)})",
    )
    made_by = made_by_line(_user(request).display_name, timezone.now(), facility.tzinfo)
    return _pdf_response(pdf.render_id_cards(cards, made_by=made_by), "kartu-penghuni.pdf")


@roles_required(Role.ADMIN, Role.HEAD, Role.OFFICER)
@require_http_methods(["GET", "POST"])
def reason_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    is_admin = workplace_of(request).has_role(Role.ADMIN)
    form = ReasonForm(request.POST or None, facility=facility)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            reason = services.reason_create(
                facility=facility,
                code=form.cleaned_data["code"],
                label=form.cleaned_data["label"],
                counts_present=kind == "present",
                excused=kind == "excused",
                needs_note=form.cleaned_data["needs_note"],
                order=form.cleaned_data["order"],
            )
            messages.success(request, _("Reason %(label)s was added.") % {"label": reason.label})
            return redirect("attendance:reason_list")
    reasons = selectors.reasons_for(facility, active_only=False)
    return render(
        request,
        "attendance/reasons.html",
        {"reasons": reasons, "form": form, "is_admin": is_admin},
        status=400 if request.method == "POST" else 200,
    )


@roles_required(Role.ADMIN)
def reason_toggle(request: HttpRequest, reason_id: int) -> HttpResponse:
    # Scope first, method second: another facility's reason is a 404 whatever the method.
    reason = get_scoped_or_404(request, AttendanceReason, pk=reason_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.reason_set_active(reason=reason, is_active=not reason.is_active)
    return redirect("attendance:reason_list")
