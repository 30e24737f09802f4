from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.accounts.models import User
from binaan.core.permissions import roles_with
from binaan.facilities.models import Facility
from binaan.partners.models import Facilitator, Partner
from binaan.partners.services import FACILITATOR_FIELDS, PARTNER_FIELDS


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = PARTNER_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "agreement_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agreement_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.facility = facility

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Partner.objects.filter(facility=self.instance.facility, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("A partner named “%(name)s” already exists."), params={"name": name}
            )
        return name


class FacilitatorForm(forms.ModelForm):
    class Meta:
        model = Facilitator
        fields = FACILITATOR_FIELDS

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.facility = facility
        self.fields["partner"].queryset = Partner.objects.filter(facility=facility)  # type: ignore[attr-defined]
        # Only accounts that may lead sessions as a facilitator here may be a facilitator's login.
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__facility=facility,
            memberships__role__in=sorted(roles_with("sessions.facilitate")),
        ).distinct()
        self.fields["user"].help_text = _(
            "An account with the partner role; it will see only this facilitator's programs."
        )
