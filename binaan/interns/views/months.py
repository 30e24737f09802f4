"""The intern's month, its XLSX and PDF, the certificate and its public verification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from binaan.core import documents as core_documents
from binaan.core.audit import export_record
from binaan.core.dates import facility_today, format_date, format_datetime
from binaan.core.permissions import permission_required
from binaan.interns import certificates, documents, rules, selectors
from binaan.interns.forms import (
    parse_month,
)
from binaan.interns.models import (
    Placement,
    PlacementState,
)
from binaan.interns.views.common import (
    _is_intern,
    _is_mentor,
    _placement_for,
    _user,
)

# --- the month, exports, certificate ------------------------------------------------------------


def _month_of(request: HttpRequest, placement: Placement) -> date:
    default = min(facility_today(placement.facility), placement.last_day)
    return parse_month(request.GET.get("month"), max(default, placement.start_date))


@permission_required("interns.view_placement")
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
    report.generated = format_datetime(timezone.now(), placement.facility.tzinfo)
    report.generated_by = str(_user(request))
    return report


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _month_export(
    request: HttpRequest,
    placement_id: int,
    *,
    fmt: str,
    render_file: Callable[[selectors.MonthReport], bytes],
    content_type: str,
) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    report = _export_report(request, placement)
    export_record(
        fmt=fmt,
        details={"document": "logbook_month", "month": f"{report.month:%Y-%m}"},
        obj=placement,
    )
    return _attachment(
        render_file(report),
        content_type,
        f"logbook-{placement.intern.username}-{report.month:%Y-%m}.{fmt}",
    )


@permission_required("interns.view_placement")
@require_GET
def month_xlsx(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _month_export(
        request,
        placement_id,
        fmt="xlsx",
        render_file=documents.render_month_xlsx,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@permission_required("interns.view_placement")
@require_GET
def month_pdf(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _month_export(
        request,
        placement_id,
        fmt="pdf",
        render_file=documents.render_month_pdf,
        content_type="application/pdf",
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


@permission_required("interns.view_placement")
@require_GET
def certificate(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    if placement.state_on(facility_today(placement.facility)) != PlacementState.FINISHED:
        return render(
            request, "interns/certificate_not_ready.html", {"placement": placement}, status=409
        )
    code = certificates.certificate_code(placement.pk, placement.start_date, placement.end_date)
    verify_url = request.build_absolute_uri(reverse("interns:certificate_verify", args=[code]))
    export_record(
        fmt="pdf", details={"document": "certificate", "certificate": code}, obj=placement
    )
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
        and placement.state_on(facility_today(placement.facility)) == PlacementState.FINISHED
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
