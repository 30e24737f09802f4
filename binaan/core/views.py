from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from binaan.core import selectors
from binaan.core.faults import OUTAGE_ERRORS, outage_response
from binaan.core.forms import AuditFilterForm
from binaan.core.permissions import permission_required
from binaan.core.scoping import current_facility


@permission_required("audit.view")
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
    """Liveness for the proxy and monitoring: JSON in both cases, 503 when the database is down."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except OUTAGE_ERRORS:
        return outage_response(request)
    return JsonResponse({"status": "ok"})
