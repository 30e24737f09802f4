"""The start page. Its figures are the reports app's (`selectors.dashboard`), so it lives here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from binaan.accounts.models import Role
from binaan.attendance.selectors import sessions_on_day, visible_sessions
from binaan.core.dates import facility_today
from binaan.core.scoping import workplace_of
from binaan.reports import charts
from binaan.reports import selectors as report_selectors

# The head's and officer's home shows the facility's figures.
DASHBOARD_FIGURE_ROLES = (Role.ADMIN, Role.HEAD, Role.OFFICER)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    workplace = workplace_of(request)
    context: dict[str, object] = {}
    facility = workplace.facility
    if facility is not None:
        today = facility_today(facility)
        context["today"] = today
        if workplace.has_role(*DASHBOARD_FIGURE_ROLES):
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
    return render(request, "reports/dashboard.html", context)
