from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binaan.core.dates import facility_today
from binaan.core.permissions import permission_required
from binaan.core.scoping import current_facility, get_scoped_or_404
from binaan.partners import selectors, services
from binaan.partners.forms import FacilitatorForm, PartnerForm
from binaan.partners.models import Facilitator, Partner


@permission_required("partners.manage")
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    partners = selectors.partner_list(facility=facility)
    today = facility_today(facility)
    rows = [(partner, partner.agreement_state(today)) for partner in partners]
    return render(request, "partners/partner_list.html", {"rows": rows})


@permission_required("partners.manage")
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = PartnerForm(request.POST or None, facility=facility)
    if request.method == "POST" and form.is_valid():
        partner = services.partner_create(facility=facility, data=form.cleaned_data)
        messages.success(request, _("Partner %(name)s was added.") % {"name": partner})
        return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form})


@permission_required("partners.manage")
@require_GET
def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_scoped_or_404(request, Partner, pk=partner_id)
    context = {
        "partner": partner,
        "agreement_state": partner.agreement_state(facility_today(current_facility(request))),
        "facilitators": partner.facilitators.order_by("name"),
        "programs": partner.programs.select_related("category").order_by("name"),
    }
    return render(request, "partners/partner_detail.html", context)


@permission_required("partners.manage")
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_scoped_or_404(request, Partner, pk=partner_id)
    form = PartnerForm(request.POST or None, instance=partner, facility=partner.facility)
    if request.method == "POST" and form.is_valid():
        services.partner_update(partner=partner, data=form.cleaned_data)
        messages.success(request, _("Partner %(name)s was saved.") % {"name": partner})
        return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@permission_required("partners.manage")
@require_GET
def facilitator_list(request: HttpRequest) -> HttpResponse:
    facilitators = selectors.facilitator_list(facility=current_facility(request))
    return render(request, "partners/facilitator_list.html", {"facilitators": facilitators})


@permission_required("partners.manage")
@require_http_methods(["GET", "POST"])
def facilitator_create(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = FacilitatorForm(request.POST or None, facility=facility)
    if request.method == "POST" and form.is_valid():
        facilitator = services.facilitator_create(facility=facility, data=form.cleaned_data)
        messages.success(request, _("Facilitator %(name)s was added.") % {"name": facilitator})
        return redirect("partners:facilitator_list")
    return render(request, "partners/facilitator_form.html", {"form": form})


@permission_required("partners.manage")
@require_http_methods(["GET", "POST"])
def facilitator_edit(request: HttpRequest, facilitator_id: int) -> HttpResponse:
    facilitator = get_scoped_or_404(request, Facilitator, pk=facilitator_id)
    form = FacilitatorForm(
        request.POST or None, instance=facilitator, facility=facilitator.facility
    )
    if request.method == "POST" and form.is_valid():
        services.facilitator_update(facilitator=facilitator, data=form.cleaned_data)
        messages.success(request, _("Facilitator %(name)s was saved.") % {"name": facilitator})
        return redirect("partners:facilitator_list")
    context = {"form": form, "facilitator": facilitator}
    return render(request, "partners/facilitator_form.html", context)
