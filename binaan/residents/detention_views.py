"""Pages of detention orders: the list of current orders per block, and recording an order or an
extension from the resident's profile (the profile shows the chain: `templatetags/detention.py`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binaan.core.audit import read_record
from binaan.core.dates import facility_today
from binaan.core.permissions import permission_required
from binaan.core.scoping import current_facility, get_scoped_or_404
from binaan.residents import detention, detention_selectors, detention_services
from binaan.residents.detention_forms import (
    DetentionFilterForm,
    DetentionOrderForm,
    suggested_initial,
)
from binaan.residents.models import Resident
from binaan.residents.views import _add_service_errors, _render_action


@permission_required("residents.view_detention")
@require_GET
def detention_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    today = facility_today(facility)
    form = DetentionFilterForm(request.GET or None, facility=facility)
    block = None
    soon = False
    if form.is_valid():
        block = form.cleaned_data["block"]
        soon = form.cleaned_data["soon"]
    rows = detention_selectors.current_orders(
        facility=facility,
        today=today,
        block=block,
        within_days=max(detention.WARNING_DAYS) if soon else None,
    )
    missing = list(detention_selectors.without_order(facility=facility, block=block))
    read_record(
        request,
        what="residents.detention",
        count=len(rows) + len(missing),
        filters={"block": block.pk if block else None, "soon": soon},
    )
    return render(
        request,
        "residents/detention_list.html",
        {"form": form, "rows": rows, "missing": missing, "today": today},
    )


@permission_required("residents.record_detention")
@require_http_methods(["GET", "POST"])
def detention_order_add(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = get_scoped_or_404(request, Resident, pk=resident_id)
    title = _("Record a detention order or extension")
    if request.method != "POST":
        current = resident.detention_orders.filter(is_current=True).first()
        first = resident.detention_orders.order_by("start", "pk").first()
        today = facility_today(resident.facility)
        child = detention_services.detained_as_child(resident, first.start if first else today)
        form = DetentionOrderForm(initial=suggested_initial(current, today, child=child))
        return _render_action(request, resident, form, title)
    form = DetentionOrderForm(request.POST)
    if form.is_valid():
        try:
            detention_services.detention_order_add(resident=resident, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Detention order recorded."))
            return redirect(f"{resident.get_absolute_url()}#detention")
    return _render_action(request, resident, form, title)
