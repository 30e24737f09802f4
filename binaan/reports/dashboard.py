"""The start page. Its figures are the reports app's (`selectors.dashboard`), so it lives here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binaan.attendance.selectors import sessions_on_day
from binaan.core.dates import facility_today
from binaan.core.permissions import allows
from binaan.core.scoping import workplace_of
from binaan.programs.selectors import allowed_sessions, visible_sessions
from binaan.reports import charts
from binaan.reports import selectors as report_selectors


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    workplace = workplace_of(request)
    context: dict[str, object] = {}
    facility = workplace.facility
    if facility is not None:
        today = facility_today(facility)
        context["today"] = today
        # Today's sessions with their fill state, for everyone who sees sessions: linked to the
        # register where the user may open it (staff, the partner who leads it, the assigned
        # intern), else to the program (humas).
        if allows(workplace, "sessions.view"):
            sessions = (
                allowed_sessions(workplace, "attendance.view_register")
                if allows(workplace, "attendance.view_register")
                else visible_sessions(workplace)
            )
            context["show_today"] = True
            context["now"] = timezone.now()
            context["today_sessions"] = sessions_on_day(
                sessions=sessions, facility=facility, day=today, markable_ids=None
            )
        # The head's and officer's home shows the facility's figures: those of its reports.
        if allows(workplace, "reports.view_facility"):
            figures = report_selectors.dashboard(facility=facility, today=today)
            context["figures"] = figures
            context["week_chart"] = charts.trend_svg(
                figures.weeks,
                title=_("Attendance rate per week, last 12 weeks"),
                chart_id="week-chart",
                width=420,
                height=160,
            )
    return render(request, "reports/dashboard.html", context)
