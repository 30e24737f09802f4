from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.facilities.models import Facility, Location
from binaan.facilities.services import FACILITY_EDITABLE_FIELDS


class FacilitySettingsForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = FACILITY_EDITABLE_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "letterhead_lines": forms.Textarea(attrs={"rows": 4}),
        }


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"))
    parent = forms.ModelChoiceField(
        label=_("Inside"), queryset=Location.objects.none(), required=False
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(
        self, *args: Any, facility: Facility, instance: Location | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        from binaan.facilities.models import LocationKind

        self.facility = facility
        self.instance = instance
        self.fields["kind"].choices = LocationKind.choices  # type: ignore[attr-defined]
        parents = Location.objects.filter(facility=facility)
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Location.objects.filter(facility=self.facility, name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("A location named “%(name)s” already exists."), params={"name": name}
            )
        return name
