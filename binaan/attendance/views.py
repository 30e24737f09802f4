from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binaan.accounts.models import User
from binaan.attendance import pdf, selectors, services
from binaan.attendance.forms import ReasonForm, RegisterForm, ScanForm
from binaan.attendance.models import PRESENT_CODE, AttendanceReason
from binaan.attendance.rates import MarkKind
from binaan.core.audit import export_record, read_record
from binaan.core.dates import facility_today, local_day_bounds
from binaan.core.documents import made_by_line
from binaan.core.permissions import allows, allows_all, permission_required
from binaan.core.scoping import (
    current_facility,
    get_scoped_or_404,
    scoped,
    workplace_of,
)
from binaan.programs.models import Session
from binaan.programs.selectors import markable_sessions, session_local_date, visible_sessions
from binaan.residents.models import Resident


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return user


def _visible_session(request: HttpRequest, session_id: int) -> Session:
    return get_scoped_or_404(request, visible_sessions(workplace_of(request)), pk=session_id)


def _markable_session(request: HttpRequest, session_id: int) -> Session:
    session = _visible_session(request, session_id)
    if not markable_sessions(workplace_of(request)).filter(pk=session.pk).exists():
        raise PermissionDenied
    return session


@permission_required("attendance.mark")
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    workplace = workplace_of(request)
    day = facility_today(facility)
    visible = visible_sessions(workplace)
    markable_ids: set[int] | None = None
    if not allows_all(workplace, "attendance.mark"):
        start, end = local_day_bounds(facility, day)
        markable = markable_sessions(workplace)
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
    # A walk-in: the program's rules they fail (before the first save) and the reason given.
    eligibility: list[str] = field(default_factory=list)
    walk_in_reason: str = ""

    @property
    def conflict(self) -> bool:
        return bool(self.intended) and self.intended != self.saved_code


def _display_rows(
    register: selectors.Register,
    intended: dict[int, tuple[str, str]] | None = None,
    *,
    keep_intended: bool = False,
    extra_walk_ins: list[Resident] | None = None,
    walk_in_reasons: dict[int, str] | None = None,
) -> list[DisplayRow]:
    """Rows for the page. A never-saved register starts everyone as present. After a refused
    save, `intended` (the user's marks) either stays selected (`keep_intended`) or is shown beside
    the saved mark to re-apply in one tap (stale page). A walk-in not yet marked carries the
    eligibility rules they fail, so the page asks for a reason."""
    labels = {r.code: r.display_label for r in register.reasons}
    failing = selectors.walk_in_failures(register.session, extra_walk_ins or [])
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
            eligibility=failing.get(resident.pk, []),
            walk_in_reason=mark.walk_in_reason
            if mark
            else (walk_in_reasons or {}).get(resident.pk, ""),
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
    walk_in_reasons: dict[int, str] | None = None,
) -> dict[str, object]:
    workplace = workplace_of(request)
    register = selectors.session_register(session)
    can_mark = markable_sessions(workplace).filter(pk=session.pk).exists()
    now = timezone.now()
    rows = _display_rows(
        register,
        intended,
        keep_intended=keep_intended,
        extra_walk_ins=extra_walk_ins,
        walk_in_reasons=walk_in_reasons,
    )
    read_record(
        request, what="attendance.register", count=len(rows), filters={"session": session.pk}
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
        "show_photos": allows(workplace, "attendance.view_full_register"),
        "roster_only": not allows(workplace, "attendance.view_full_register"),
        "history": selectors.register_history(session)
        if allows(workplace, "attendance.view_history")
        else [],
        "errors": errors or [],
        "stale": stale,
        "conflicts": sum(1 for row in rows if row.conflict),
        "amend_reason": amend_reason,
        "walk_ins": [row.resident.pk for row in rows if not row.enrolled],
    }


@permission_required("attendance.view_register")
@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, session_id: int) -> HttpResponse:
    if request.method == "GET":
        session = _visible_session(request, session_id)
        staff = allows(workplace_of(request), "attendance.add_walk_ins")
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
    if walk_ins and not allows(workplace_of(request), "attendance.add_walk_ins"):
        # Adding residents from outside the roster is for staff: it reveals other residents.
        raise PermissionDenied
    amend_reason = form.cleaned_data["amend_reason"]
    walk_in_reasons = form.cleaned_data["walk_in_reasons"]
    try:
        result = services.register_save(
            session=session,
            marks=marks,
            walk_ins=walk_ins,
            walk_in_reasons=walk_in_reasons,
            expected_version=form.cleaned_data["version"],
            user=_user(request),
            amend_reason=amend_reason,
        )
    except services.StaleRegisterError as stale:
        extra = selectors.walk_in_candidates_by_id(session, walk_ins)
        context = _register_context(
            request, session, intended=marks, extra_walk_ins=extra, stale=stale,
            errors=stale.messages, amend_reason=amend_reason, walk_in_reasons=walk_in_reasons,
        )  # fmt: skip
        return render(request, "attendance/register.html", context, status=409)
    except services.RegisterError as error:
        extra = selectors.walk_in_candidates_by_id(session, walk_ins)
        context = _register_context(
            request, session, intended=marks, keep_intended=True, extra_walk_ins=extra,
            errors=error.messages, amend_reason=amend_reason, walk_in_reasons=walk_in_reasons,
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
@permission_required("attendance.add_walk_ins")
@require_GET
def walk_in_search(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _markable_session(request, session_id)
    add = request.GET.get("add", "")
    if add.isdigit():
        residents = selectors.walk_in_candidates_by_id(session, [int(add)])
        read_record(
            request,
            what="attendance.walk_in_add",
            count=len(residents),
            filters={"session": session.pk},
        )
        register = selectors.session_register(session)
        rows = _display_rows(register, extra_walk_ins=residents)[len(register.rows) :]
        return render(
            request,
            "attendance/_register_rows.html",
            {"rows": rows, "reasons": register.reasons, "can_mark": True, "session": session,
             "show_photos": allows(workplace_of(request), "attendance.view_full_register")},
        )  # fmt: skip
    candidates = selectors.walk_in_candidates(session, request.GET.get("q", ""))
    read_record(
        request,
        what="attendance.walk_in_search",
        count=len(candidates),
        filters={"session": session.pk, "q": request.GET.get("q", "")},
    )
    failing = selectors.walk_in_failures(session, candidates)
    return render(
        request,
        "attendance/_walk_in_results.html",
        {
            "candidates": [(r, failing.get(r.pk, [])) for r in candidates],
            "session": session,
            "query": request.GET.get("q", ""),
        },
    )


@permission_required("attendance.mark")
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


@permission_required("attendance.mark")
@require_GET
def session_sheet_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _markable_session(request, session_id)
    sheet = selectors.attendance_sheet(session, officer=_user(request))
    export_record(
        fmt="pdf",
        details={"document": "daftar_hadir"},
        obj=session,
        object_repr=f"Daftar hadir {session}",
    )
    day = session_local_date(session)
    return _pdf_response(pdf.render_attendance_sheet(sheet), f"daftar-hadir-{day:%Y%m%d}.pdf")


@permission_required("attendance.print_cards")
@require_GET
def session_cards_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _visible_session(request, session_id)
    residents = selectors.roster_for_session(session)
    cards = selectors.id_cards(residents, session.facility)
    export_record(
        fmt="pdf",
        details={"document": "kartu_peserta", "cards": len(cards)},
        obj=session,
        object_repr=f"Kartu peserta {session}",
    )
    made_by = made_by_line(_user(request).display_name, timezone.now(), session.facility.tzinfo)
    return _pdf_response(pdf.render_id_cards(cards, made_by=made_by), f"kartu-{session.pk}.pdf")


@permission_required("attendance.print_cards")
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
    export_record(
        fmt="pdf",
        details={
            "document": "kartu_penghuni",
            "cards": len(cards),
            "block": int(block) if block.isdigit() else None,
        },
        facility=facility,
        object_type="attendance.idcard",
        object_repr=f"Kartu penghuni ({len(cards)})",
    )
    made_by = made_by_line(_user(request).display_name, timezone.now(), facility.tzinfo)
    return _pdf_response(pdf.render_id_cards(cards, made_by=made_by), "kartu-penghuni.pdf")


@permission_required("attendance.view_reasons")
@require_http_methods(["GET", "POST"])
def reason_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    is_admin = allows(workplace_of(request), "attendance.manage_reasons")
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
                counts_present=kind == MarkKind.PRESENT.value,
                excused=kind == MarkKind.EXCUSED.value,
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


@permission_required("attendance.manage_reasons")
def reason_toggle(request: HttpRequest, reason_id: int) -> HttpResponse:
    # Scope first, method second: another facility's reason is a 404 whatever the method.
    reason = get_scoped_or_404(request, AttendanceReason, pk=reason_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.reason_set_active(reason=reason, is_active=not reason.is_active)
    return redirect("attendance:reason_list")
