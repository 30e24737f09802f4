"""Report pages. Facility users see their active facility; regional (Kanwil) and national
(Ditjenpas) users see the facilities in their scope, aggregate only (no resident names)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binaan.core.dates import NATIONAL_ZONE, facility_today
from binaan.core.numbers import format_number, format_percent
from binaan.core.permissions import permission_required, require
from binaan.core.scoping import workplace_of
from binaan.facilities.models import Facility
from binaan.reports import charts, exports, selectors, services
from binaan.reports.documents import export_monthly
from binaan.reports.forms import EXPORT_FORMATS, MonthForm
from binaan.reports.selectors import Month

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def _month_form(request: HttpRequest, today: date, formats: tuple[str, ...]) -> MonthForm:
    data = request.GET.dict()
    if not data.get("month"):
        data["month"] = str(Month.of(today))
    return MonthForm(data, formats=formats)


def _chosen(form: MonthForm, today: date) -> tuple[Month, str]:
    if form.is_valid():
        return form.cleaned_data["month"], form.cleaned_data.get("export") or ""
    return Month.of(today), ""


def _user_name(request: HttpRequest) -> str:
    user: Any = request.user
    return getattr(user, "full_name", "") or user.get_username()


def _download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    return response


def _signed(difference: int | Decimal) -> str:
    """'+3', '-1,5', '0': a change, with the separators of the figures it compares."""
    text = format_number(-difference if difference < 0 else difference)
    return f"+{text}" if difference > 0 else f"-{text}" if difference < 0 else text


def summary_lines(report: selectors.MonthlyReport) -> list[dict[str, Any]]:
    """The summary table: this month, the previous month and the change, from the same rows."""
    current, previous = report.total.as_dict(), report.previous.as_dict()
    lines = []
    for key, label in exports.metric_columns(True):
        value: Any = current.get(key)
        before: Any = previous.get(key)
        if key == "rate":
            now, then = report.total.report_percent, report.previous.report_percent
            value = now  # data-value: the figure shown, 87.5 for 87,5%
            shown, previous_shown = format_percent(now), format_percent(then)
            change = "" if now is None or then is None else _signed(now - then)
        else:
            shown, previous_shown = format_number(value), format_number(before)  # counts
            change = _signed((value or 0) - (before or 0))
        lines.append(
            {"key": key, "label": label, "value": value, "shown": shown,
             "previous_shown": previous_shown, "change": change}
        )  # fmt: skip
    return lines


def _forward(request: HttpRequest, viewname: str, **kwargs: int) -> HttpResponse:
    """Redirect to the report page keeping the query: ``/reports/?month=2026-04&export=pdf``
    is a link people bookmark and build exports on, so the month and the format must survive
    (the target page validates them and explains a bad month next to the field)."""
    url = reverse(viewname, kwargs=kwargs)
    query = request.GET.urlencode()
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    workplace = workplace_of(request)
    if workplace.facility is not None:
        require(request, "reports.view_facility")
        return _forward(request, "reports:facility", facility_id=workplace.facility.pk)
    require(request, "reports.view_aggregate")
    offices = list(selectors.offices_in_scope(workplace))
    if not workplace.is_national and len(offices) == 1:
        return _forward(request, "reports:regional", regional_office_id=offices[0].pk)
    return render(request, "reports/index.html", {"offices": offices})


@permission_required("reports.view")
@require_GET
def facility_report(request: HttpRequest, facility_id: int) -> HttpResponse:
    """The monthly report of one facility (the active one, or one in a Kanwil/national scope)."""
    facility: Facility = get_object_or_404(
        selectors.facilities_in_scope(workplace_of(request)), pk=facility_id
    )
    today = facility_today(facility)
    form = _month_form(request, today, EXPORT_FORMATS)
    month, fmt = _chosen(form, today)
    report = selectors.monthly_report(facility=facility, month=month)
    if fmt:
        content = export_monthly(report, fmt, _user_name(request))
        services.report_export_record(
            kind="monthly",
            fmt=fmt,
            month=str(month),
            facility=facility,
            actor=request.user,  # type: ignore[arg-type]
        )
        return _download(content, fmt, f"laporan-bulanan-{facility.code}-{month}")
    context = {
        "form": form,
        "report": report,
        "facility": facility,
        "month": month,
        "previous_month": month.shifted(-1),
        "next_month": month.shifted(1),
        "area": report.breakdown("area"),
        "trend_chart": charts.trend_svg(
            report.trend,
            title=_("Attendance rate per month over the last 12 months"),
            chart_id="trend-chart",
        ),
        "category_chart": charts.category_svg(
            report.breakdown("area").rows,
            title=_("Participations by area (PP 31/1999)"),
            chart_id="area-chart",
        ),
        "summary": summary_lines(report),
        "export_formats": EXPORT_FORMATS,
    }
    return render(request, "reports/monthly.html", context)


def _consolidation_response(
    request: HttpRequest,
    facilities: Any,
    title: str,
    scope_label: str,
    kind: str,
    zone: str,
) -> HttpResponse:
    today = facility_today(zone)
    form = _month_form(request, today, ("xlsx", "json"))
    month, fmt = _chosen(form, today)
    report = selectors.consolidation(facilities=facilities, month=month, title=title)
    if fmt:
        name = _user_name(request)
        content = (
            exports.consolidation_xlsx(report, user_name=name)
            if fmt == "xlsx"
            else exports.consolidation_json(report, user_name=name)
        )
        services.report_export_record(
            kind=kind, fmt=fmt, month=str(month), facility=None, actor=request.user,  # type: ignore[arg-type]
            scope=scope_label,
        )  # fmt: skip
        return _download(content, fmt, f"laporan-{kind}-{scope_label}-{month}")
    return render(
        request,
        "reports/consolidation.html",
        {
            "form": form,
            "report": report,
            "month": month,
            "kind": kind,
            "by_region": kind == "national",
            "export_formats": ("xlsx", "json"),
        },
    )


@require_GET
def regional(request: HttpRequest, regional_office_id: int) -> HttpResponse:
    """A Kanwil's facilities side by side. The office is looked up in the user's scope first
    (another region is a 404), then the role is checked (a facility user: 403)."""
    workplace = workplace_of(request)
    office = get_object_or_404(selectors.offices_in_scope(workplace), pk=regional_office_id)
    require(request, "reports.view_aggregate")
    facilities = selectors.facilities_in_scope(workplace).filter(regional_office=office)
    # A province keeps one zone; its facilities' calendar decides which month is "this month".
    zone = facilities.values_list("time_zone", flat=True).first() or NATIONAL_ZONE
    return _consolidation_response(request, facilities, office.name, office.code, "regional", zone)


@permission_required("reports.view_national")
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    facilities = selectors.facilities_in_scope(workplace_of(request))
    return _consolidation_response(
        request,
        facilities,
        _("All regional offices (national)"),
        "nasional",
        "national",
        NATIONAL_ZONE,
    )
