"""The mentor's home."""

from __future__ import annotations

from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import render
from django.views.decorators.http import require_GET

from binaan.core.dates import facility_today
from binaan.core.permissions import permission_required
from binaan.core.scoping import current_facility
from binaan.interns import selectors
from binaan.interns.views.common import _user

# --- the mentor ---------------------------------------------------------------------------------


@permission_required("interns.mentor")
@require_GET
def mentor_home(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    today = facility_today(facility)
    overview = selectors.mentor_overview(facility=facility, user=_user(request), today=today)
    return render(request, "interns/mentor_home.html", {"overview": overview, "today": today})
