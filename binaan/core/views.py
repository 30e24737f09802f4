from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from binaan.accounts.models import Role
from binaan.core import selectors
from binaan.core.forms import AuditFilterForm
from binaan.core.scoping import current_facility, roles_required, workplace_of

# The head's and officer's home shows the facility's figures (binaan.reports.selectors).
DASHBOARD_FIGURE_ROLES = (Role.ADMIN, Role.HEAD, Role.OFFICER)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    workplace = workplace_of(request)
    context: dict[str, object] = {}
    facility = workplace.facility
    if facility is not None:
        today = selectors.today_in(facility)
        context["today"] = today
        if workplace.has_role(*DASHBOARD_FIGURE_ROLES):
            from binaan.attendance.selectors import sessions_on_day, visible_sessions
            from binaan.reports import charts
            from binaan.reports import selectors as report_selectors

            figures = report_selectors.dashboard(facility=facility, today=today)
            context["figures"] = figures
            context["today_sessions"] = sessions_on_day(
                sessions=visible_sessions(user=request.user, roles=workplace.roles),  # type: ignore[arg-type]
                facility=facility,
                day=today,
                markable_ids=None,
            )
            context["week_chart"] = charts.data_uri(
                charts.trend_chart(figures.weeks, size=(5.0, 1.8))
            )
    return render(request, "core/dashboard.html", context)


@roles_required(Role.ADMIN, Role.HEAD)
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = AuditFilterForm(
        request.GET or None, object_types=selectors.audit_object_types(facility=facility)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(facility=facility, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "core/_audit_rows.html" if request.htmx else "core/audit_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
