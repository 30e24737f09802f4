"""Pages of the holiday corrections (`HolidayOverride`): the list, a change shown before it is
made, and the confirmation that saves it and regenerates the sessions it touches. Kept apart
from `views.py`: one small feature, its form and its three views."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from binaan.core.dates import facility_today
from binaan.core.permissions import permission_required
from binaan.core.scoping import current_facility, get_scoped_or_404
from binaan.facilities.models import Facility
from binaan.programs import holidays, schedule
from binaan.programs.models import HolidayChange, HolidayOverride

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HolidayScope(models.TextChoices):
    FACILITY = "facility", gettext_lazy("This facility only")
    REGION = "region", gettext_lazy("Every facility of the regional office (Kanwil)")


class HolidayOverrideForm(forms.Form):
    """Posted once to see what the correction would do, and again with `confirm` to make it."""

    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET)
    change = forms.ChoiceField(
        label=gettext_lazy("Kind of correction"),
        choices=HolidayChange.choices,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "The holiday's name, e.g. Hari Jadi Provinsi; for a removed date, why "
            "(e.g. moved by the sidang isbat)."
        ),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Applies to"),
        choices=HolidayScope.choices,
        initial=HolidayScope.FACILITY,
        widget=forms.RadioSelect,
    )

    def row(self, facility: Facility) -> HolidayOverride:
        data = self.cleaned_data
        return HolidayOverride(
            facility=facility,
            regional_office_id=facility.regional_office_id
            if data["scope"] == HolidayScope.REGION
            else None,
            date=data["date"],
            change=data["change"],
            name=data["name"].strip(),
        )


def _year_calendar(facility: Facility, today: date) -> list[tuple[date, str]]:
    start, end = date(today.year, 1, 1), date(today.year + 1, 12, 31)
    found = schedule.holiday_dates(start, end, "id", facility=facility)
    return [(day, name) for day, name in found.items() if day >= today]


def _list_context(facility: Facility, form: HolidayOverrideForm) -> dict[str, Any]:
    today = facility_today(facility)
    corrections = (
        holidays.overrides_applying(facility)
        .filter(date__gte=today)
        .select_related("facility", "regional_office")
        .order_by("date", "pk")
    )
    return {
        "form": form,
        "corrections": corrections,
        "calendar": _year_calendar(facility, today),
        "facility": facility,
    }


@permission_required("programs.manage_holidays")
@require_http_methods(["GET", "POST"])
def holiday_list(request: HttpRequest) -> HttpResponse:
    """The corrections and the coming holidays; a posted correction is first shown with the
    sessions it would remove or add, and saved only when the confirmation is posted."""
    facility = current_facility(request)
    form = HolidayOverrideForm(request.POST or None)
    context = _list_context(facility, form)
    if request.method == "POST" and form.is_valid():
        row = form.row(facility)
        try:
            if request.POST.get("confirm") == "1":
                _saved, (created, removed) = holidays.holiday_override_add(row)
                messages.success(
                    request,
                    _("The correction was saved: %(created)d sessions added, %(removed)d removed.")
                    % {"created": created, "removed": removed},
                )
                return redirect("programs:holidays")
            context["preview"] = holidays.holiday_change_preview(row)
        except ValidationError as error:
            form.add_error(None, error)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "programs/holidays.html", context, status=status)


@permission_required("programs.manage_holidays")
@require_http_methods(["GET", "POST"])
def holiday_delete(request: HttpRequest, holiday_id: int) -> HttpResponse:
    """What taking the correction out would do (GET), and doing it (POST)."""
    row = get_scoped_or_404(request, HolidayOverride, pk=holiday_id)
    if request.method == "POST":
        try:
            created, removed = holidays.holiday_override_delete(row)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("programs:holidays")
        messages.success(
            request,
            _("The correction was deleted: %(created)d sessions added, %(removed)d removed.")
            % {"created": created, "removed": removed},
        )
        return redirect("programs:holidays")
    preview = holidays.holiday_change_preview(row, deleting=True)
    return render(request, "programs/holiday_delete.html", {"row": row, "preview": preview})
