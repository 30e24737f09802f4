from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binaan.core.permissions import permission_required
from binaan.core.scoping import current_facility, get_scoped_or_404
from binaan.facilities import selectors, services
from binaan.facilities.forms import FacilitySettingsForm, LocationForm
from binaan.facilities.models import Facility, Location


@permission_required("facilities.configure")
@require_http_methods(["GET", "POST"])
def facility_settings(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    # The form cleans its own copy: a ModelForm writes into its instance while cleaning, and an
    # invalid POST must not alter the facility the rest of the page shows.
    form = FacilitySettingsForm(request.POST or None, instance=Facility.objects.get(pk=facility.pk))
    if request.method == "POST" and form.is_valid():
        services.facility_update(facility=facility, data=form.cleaned_data)
        messages.success(request, _("Facility settings saved."))
        return redirect("facilities:settings")
    return render(request, "facilities/settings.html", {"form": form})


@permission_required("locations.view")
@require_GET
def location_list(request: HttpRequest) -> HttpResponse:
    locations = selectors.location_list(facility=current_facility(request))
    return render(request, "facilities/location_list.html", {"locations": locations})


@permission_required("locations.manage")
@require_http_methods(["GET", "POST"])
def location_create(request: HttpRequest) -> HttpResponse:
    facility = current_facility(request)
    form = LocationForm(request.POST or None, facility=facility)
    if request.method == "POST" and form.is_valid():
        location = services.location_create(
            facility=facility,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            parent=form.cleaned_data["parent"],
            capacity=form.cleaned_data["capacity"],
        )
        messages.success(request, _("Location %(name)s was added.") % {"name": location})
        return redirect("facilities:location_list")
    return render(request, "facilities/location_form.html", {"form": form})


@permission_required("locations.manage")
@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, location_id: int) -> HttpResponse:
    location = get_scoped_or_404(request, Location, pk=location_id)
    initial = {
        "name": location.name,
        "kind": location.kind,
        "parent": location.parent_id,
        "capacity": location.capacity,
        "is_active": location.is_active,
    }
    form = LocationForm(
        request.POST or None, initial=initial, facility=location.facility, instance=location
    )
    if request.method == "POST" and form.is_valid():
        services.location_update(location=location, data=form.cleaned_data)
        messages.success(request, _("Location %(name)s was saved.") % {"name": location})
        return redirect("facilities:location_list")
    return render(request, "facilities/location_form.html", {"form": form, "location": location})
