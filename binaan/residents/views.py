from __future__ import annotations

import io
import mimetypes
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binaan.attendance.figures import resident_figures
from binaan.core.audit import read_record
from binaan.core.dates import facility_today, format_date
from binaan.core.documents import made_by_line
from binaan.core.permissions import allows, permission_required
from binaan.core.scoping import current_facility, get_scoped_or_404, scoped, workplace_of
from binaan.facilities.models import FacilityType
from binaan.residents import importing, selectors, services, subject_access
from binaan.residents.forms import (
    CourtDateForm,
    ImportUploadForm,
    MoveBlockForm,
    ReleaseForm,
    RemissionForm,
    RemissionRevokeForm,
    ResidentFilterForm,
    ResidentForm,
    SentenceChangeForm,
    TransferForm,
)
from binaan.residents.models import Remission, Resident, ResidentState
from binaan.residents.stages import STAGE_LABELS

# The register is for staff. A partner or an intern sees residents only on the rosters of the
# sessions they lead or are assigned to (name, number, block, photo), never the facility's list.
IMPORT_SESSION_KEY = "residents_import"
PAGE_SIZE = 50


def sees_case_data(request: HttpRequest) -> bool:
    """Partner and intern never see case data; a user who also holds a staff role does."""
    return allows(workplace_of(request), "residents.view_case_data")


def _add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@permission_required("residents.view")
@require_GET
def resident_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    case_data = sees_case_data(request)
    form = ResidentFilterForm(request.GET or None, facility=facility, limited=not case_data)
    filters = form.filters() if request.GET else {"state": ResidentState.ACTIVE}
    residents = selectors.resident_list(
        facility=facility, today=facility_today(facility), **filters
    )
    page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("page"))
    read_record(
        request,
        what="residents.list",
        count=page.paginator.count,
        filters={**filters, "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "case_data": case_data,
        "can_edit": allows(workplace_of(request), "residents.manage"),
    }
    template = "residents/_resident_rows.html" if request.htmx else "residents/resident_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@permission_required("residents.view")
@require_GET
def resident_detail(request: HttpRequest, resident_id: int) -> HttpResponse:
    case_data = sees_case_data(request)
    queryset = Resident.objects.select_related("block")
    if case_data:
        queryset = selectors.resident_profile(queryset=queryset)
    resident = get_scoped_or_404(request, queryset, pk=resident_id)
    services.resident_access_record(resident=resident)
    facility = current_facility(request)
    today = facility_today(facility)
    key_dates = resident.key_dates(on=today) if case_data else None
    workplace = workplace_of(request)
    context: dict[str, Any] = {
        "resident": resident,
        "case_data": case_data,
        "key_dates": key_dates,
        "stage_label": STAGE_LABELS.get(key_dates.stage or "") if key_dates else "",
        "today": today,
        "can_edit": allows(workplace, "residents.manage")
        and resident.state == ResidentState.ACTIVE,
        "can_manage": allows(workplace, "residents.discharge")
        and resident.state == ResidentState.ACTIVE,
        "attendance_figures": resident_figures(resident) if case_data else None,
        "age": resident.age_on(today),
        "is_child": resident.is_child_on(today),
        "turns_adult_soon": resident.is_child_on(today)
        and resident.adult_on is not None
        and (resident.adult_on - today).days <= selectors.ADULT_NOTICE_DAYS,
        "at_lpka": facility.type == FacilityType.LPKA,
    }
    if context["can_edit"]:
        context["remission_form"] = RemissionForm(initial={"decree_date": today})
        context["revoke_form"] = RemissionRevokeForm(initial={"on": today})
        context["sentence_change_form"] = SentenceChangeForm(
            initial={"decree_date": today, "new_kind": resident.sentence_kind}
        )
        context["move_form"] = MoveBlockForm(facility=facility, initial={"on": today})
        context["court_date_form"] = CourtDateForm()
    if context["can_manage"]:
        context["transfer_form"] = TransferForm(facility=facility, initial={"on": today})
        context["release_form"] = ReleaseForm(initial={"on": today})
    return render(request, "residents/resident_detail.html", context)


@permission_required("residents.view_photo")
@require_GET
def resident_photo(request: HttpRequest, resident_id: int) -> HttpResponse | FileResponse:
    """The only way to a resident's photo: scoped and signed-in, never a public media URL."""
    # The name and number too: the audit row names whose photo was seen.
    residents = Resident.objects.only("pk", "photo", "full_name", "registration_number")
    if not allows(workplace_of(request), "residents.view"):
        residents = selectors.residents_on_rosters_of(request, residents)
    resident = get_scoped_or_404(request, residents, pk=resident_id)
    read_record(request, what="residents.photo", count=1, obj=resident)
    response: HttpResponse | FileResponse
    if not resident.photo:
        response = HttpResponse(PLACEHOLDER_SVG, content_type="image/svg+xml")
    else:
        try:
            handle = resident.photo.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        content_type = mimetypes.guess_type(resident.photo.name or "")[0]
        response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 150" role="img">'
    '<rect width="120" height="150" fill="#e7eef0"/><circle cx="60" cy="55" r="26" fill="#9aa7b2"/>'
    '<rect x="22" y="92" width="76" height="50" rx="30" fill="#9aa7b2"/></svg>'
)


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def resident_create(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = ResidentForm(request.POST or None, request.FILES or None, facility=facility)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.resident_create(facility=facility, data=form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Resident %(name)s was added.") % {"name": resident})
            return redirect(resident)
    return render(request, "residents/resident_form.html", {"form": form})


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def resident_edit(request: HttpRequest, resident_id: int) -> HttpResponse:
    facility = current_facility(request)
    resident = get_scoped_or_404(request, Resident, pk=resident_id)
    form = ResidentForm(
        request.POST or None, request.FILES or None, instance=resident, facility=facility
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_update(resident=resident, data=form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Resident %(name)s was saved.") % {"name": resident})
            return redirect(resident)
    return render(request, "residents/resident_form.html", {"form": form, "resident": resident})


def _action(
    request: HttpRequest,
    resident_id: int,
    form_class: type[forms.Form],
    **form_kwargs: Any,
) -> tuple[Resident, forms.Form]:
    resident = get_scoped_or_404(request, Resident, pk=resident_id)
    if request.method == "POST":
        return resident, form_class(request.POST, **form_kwargs)
    # GET shows the same form on a page of its own (also the fallback without JavaScript).
    today = facility_today(resident.facility)
    return resident, form_class(initial={"on": today, "decree_date": today}, **form_kwargs)


def _render_action(
    request: HttpRequest, resident: Resident, form: forms.Form, title: str
) -> HttpResponse:
    return render(
        request,
        "residents/resident_action.html",
        {"resident": resident, "form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def remission_add(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident, form = _action(request, resident_id, RemissionForm)
    if request.method == "POST" and form.is_valid():
        try:
            services.remission_add(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Remission added."))
            return redirect(resident)
    return _render_action(request, resident, form, _("Add remission"))


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def remission_revoke(request: HttpRequest, remission_id: int) -> HttpResponse:
    # A remission belongs to a resident; the resident decides the facility (scoped: 404).
    remissions = Remission.objects.select_related("resident").filter(
        resident__in=scoped(request, Resident)
    )
    remission = get_object_or_404(remissions, pk=remission_id)
    resident = remission.resident
    if request.method == "POST":
        form = RemissionRevokeForm(request.POST)
    else:
        form = RemissionRevokeForm(initial={"on": facility_today(resident.facility)})
    if request.method == "POST" and form.is_valid():
        try:
            services.remission_revoke(remission=remission, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The remission was revoked."))
            return redirect(resident)
    title = _("Revoke remission: %(remission)s, %(date)s") % {
        "remission": remission,
        "date": format_date(remission.decree_date, weekday=False),
    }
    return _render_action(request, resident, form, title)


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def sentence_change_add(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident, form = _action(request, resident_id, SentenceChangeForm)
    if request.method == "POST" and form.is_valid():
        try:
            services.sentence_change_record(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The change of sentence was recorded."))
            return redirect(resident)
    return _render_action(request, resident, form, _("Record a change of sentence"))


@permission_required("residents.view_case_data")
@require_GET
def age_review(request: HttpRequest) -> HttpResponse:
    """Children and the 18th birthday (UU 11/2012 Pasal 86): who turns 18 soon and who has."""
    facility = current_facility(request)
    today = facility_today(facility)
    lpka = facility.type == FacilityType.LPKA
    rows = selectors.age_review(facility=facility, today=today, lpka=lpka)
    read_record(request, what="residents.age_review", count=len(rows))
    context = {
        "rows": rows,
        "today": today,
        "lpka": lpka,
        "notice_days": selectors.ADULT_NOTICE_DAYS,
    }
    return render(request, "residents/age_review.html", context)


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def court_date_add(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident, form = _action(request, resident_id, CourtDateForm)
    if request.method == "POST" and form.is_valid():
        try:
            services.court_date_add(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Court date added."))
            return redirect(resident)
    return _render_action(request, resident, form, _("Add court date"))


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def resident_move(request: HttpRequest, resident_id: int) -> HttpResponse:
    facility = current_facility(request)
    resident, form = _action(request, resident_id, MoveBlockForm, facility=facility)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_move_block(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The resident was moved to another block."))
            return redirect(resident)
    return _render_action(request, resident, form, _("Move to another block"))


@permission_required("residents.discharge")
@require_http_methods(["GET", "POST"])
def resident_transfer(request: HttpRequest, resident_id: int) -> HttpResponse:
    facility = current_facility(request)
    resident, form = _action(request, resident_id, TransferForm, facility=facility)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_transfer(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was transferred to %(facility)s.")
                % {"name": resident.full_name, "facility": resident.facility},
            )
            return redirect("residents:list")
    return _render_action(request, resident, form, _("Transfer to another facility"))


@permission_required("residents.discharge")
@require_http_methods(["GET", "POST"])
def resident_release(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident, form = _action(request, resident_id, ReleaseForm)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_release(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The release was recorded."))
            return redirect(resident)
    return _render_action(request, resident, form, _("Record release"))


@permission_required("residents.discharge")
@require_http_methods(["GET", "POST"])
def resident_death(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident, form = _action(request, resident_id, ReleaseForm)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_record_death(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The death was recorded."))
            return redirect(resident)
    return _render_action(request, resident, form, _("Record death"))


@permission_required("residents.subject_access")
@require_GET
def resident_subject_access(request: HttpRequest, resident_id: int) -> HttpResponse:
    """UU 27/2022 Pasal 7: everything held about the resident, as one ZIP (JSON, PDF, photo)."""
    resident = get_scoped_or_404(
        request, Resident.objects.select_related("facility"), pk=resident_id
    )
    record = selectors.subject_access_record(resident)
    user = request.user
    made_at = timezone.now()
    name = getattr(user, "display_name", "") or user.get_username()
    content = subject_access.render_zip(
        record,
        made_by=user.get_username(),
        made_by_line=made_by_line(name, made_at, resident.facility.tzinfo),
        made_at=made_at,
    )
    services.resident_subject_access_record(resident=resident, counts=record.counts())
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{resident.pk}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Import: upload → preview (dry run) → confirm -------------------------------------------


def _staged(request: HttpRequest) -> dict[str, Any] | None:
    """The upload this user previewed at the active facility, as kept in the session."""
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or stored.get("facility_id") != current_facility(request).pk:
        return None
    return dict(stored)


def _discard_upload(request: HttpRequest) -> None:
    stored = _staged(request)
    if stored is not None:
        services.import_unstage(token=stored["token"])
    request.session.pop(IMPORT_SESSION_KEY, None)


@permission_required("residents.manage")
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "headers": importing.COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(importing.MAX_FILE_BYTES + 1)
        result = services.resident_import(
            facility=facility, file=io.BytesIO(data), filename=upload.name, dry_run=True
        )
        _discard_upload(request)
        if result.ok:
            token = services.import_stage(data=data, user_id=request.user.pk)  # type: ignore[arg-type]
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "name": upload.name[:200],
                "facility_id": facility.pk,
            }
        context["result"] = result
    template = "residents/_import_preview.html" if request.htmx else "residents/import.html"  # type: ignore[attr-defined]
    # htmx swaps only 2xx answers, so the fragment with the form's errors comes back as 200.
    refused = request.method == "POST" and "result" not in context and not request.htmx  # type: ignore[attr-defined]
    status = 400 if refused else 200
    return render(request, template, context, status=status)


@permission_required("residents.manage")
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    stored = _staged(request)
    result = (
        services.resident_import_confirm(
            facility=facility, token=stored["token"], filename=stored["name"]
        )
        if stored is not None
        else None
    )
    if result is None:
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return redirect("residents:import")
    if not result.ok:
        # The register changed between preview and confirm; show what is wrong now.
        form = ImportUploadForm()
        context = {"form": form, "headers": importing.COLUMNS, "result": result}
        return render(request, "residents/import.html", context, status=400)
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        _("Import finished: %(created)s added, %(updated)s updated.")
        % {"created": len(result.created), "updated": len(result.updated)},
    )
    if result.missing:
        messages.warning(
            request,
            _("%(count)s active residents are not in the file; they were kept: %(numbers)s")
            % {"count": len(result.missing), "numbers": ", ".join(result.missing[:20])},
        )
    return redirect("residents:list")


@permission_required("residents.manage")
@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    """Drop the previewed upload: the staged file is deleted now, not after a day."""
    _discard_upload(request)
    messages.info(request, _("The upload was discarded."))
    return redirect("residents:import")


@permission_required("residents.manage")
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="template-impor-penghuni.xlsx"'
    return response
