from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from binaan.core.images import clean_uploaded_image
from binaan.facilities.models import Facility
from binaan.residents import selectors
from binaan.residents.importing import MAX_FILE_BYTES
from binaan.residents.models import (
    CustodyStatus,
    Religion,
    RemissionKind,
    Resident,
    ResidentState,
    Sex,
)
from binaan.residents.stages import STAGE_LABELS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAGE_CHOICES = [("", _("All"))] + [(k, v) for k, v in STAGE_LABELS.items()]


class ResidentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    block: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Block"), queryset=None, required=False, empty_label=_("All")
    )
    custody_status = forms.ChoiceField(
        label=_("Custody status"),
        required=False,
        choices=[("", _("All"))] + CustodyStatus.choices,
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=ResidentState.choices + [("all", _("All states"))],
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All"))] + Sex.choices)
    religion = forms.ChoiceField(
        label=_("Religion"), required=False, choices=[("", _("All"))] + Religion.choices
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=STAGE_CHOICES)

    # Partner and intern may not filter by what they may not see: a filter is a disclosure too.
    CASE_FILTERS = ("custody_status", "state", "religion", "stage")

    def __init__(self, *args: Any, facility: Facility, limited: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = selectors.block_choices(facility=facility)  # type: ignore[attr-defined]
        if limited:
            for name in self.CASE_FILTERS:
                del self.fields[name]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.setdefault("state", ResidentState.ACTIVE)
        return data


class ResidentForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = [
            "registration_number",
            "full_name",
            "alias",
            "custody_status",
            "register_code",
            "sex",
            "birth_place",
            "birth_date",
            "religion",
            "nationality",
            "block",
            "room",
            "admission_date",
            "charge",
            "sentence_start",
            "sentence_years",
            "sentence_months",
            "sentence_days",
            "court_decision_date",
            "photo",
        ]
        widgets = {
            "birth_date": DATE_WIDGET,
            "admission_date": DATE_WIDGET,
            "sentence_start": DATE_WIDGET,
            "court_decision_date": DATE_WIDGET,
        }

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.fields["block"].queryset = selectors.block_choices(facility=facility)  # type: ignore[attr-defined]
        self.fields["room"].queryset = selectors.room_choices(facility=facility)  # type: ignore[attr-defined]
        if self.instance.pk:
            # Block changes go through "move to another block", which keeps the history.
            del self.fields["block"]
            del self.fields["room"]

    def clean_registration_number(self) -> str:
        number: str = self.cleaned_data["registration_number"].strip()
        clash = Resident.objects.filter(facility=self.facility, registration_number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Registration number %(number)s is already in use."), params={"number": number}
            )
        return number

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return clean_uploaded_image(photo)
        return photo  # unchanged, or False for "clear"

    def _post_clean(self) -> None:
        # The model is validated by the service (with its facility set); avoid a half check here.
        pass


class RemissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RemissionKind.choices)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=3650)
    decree_number = forms.CharField(label=_("Decree number"), max_length=100, required=False)
    decree_date = forms.DateField(label=_("Decree date"), widget=DATE_WIDGET)


class CourtDateForm(forms.Form):
    on = forms.DateField(label=_("Hearing date"), widget=DATE_WIDGET)
    court = forms.CharField(label=_("Court"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MoveBlockForm(forms.Form):
    block: forms.ModelChoiceField = forms.ModelChoiceField(label=_("New block"), queryset=None)
    room: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Room"), queryset=None, required=False
    )
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = selectors.block_choices(facility=facility)  # type: ignore[attr-defined]
        self.fields["room"].queryset = selectors.room_choices(facility=facility)  # type: ignore[attr-defined]


class TransferForm(forms.Form):
    to_facility: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("To facility"), queryset=None
    )
    registration_number = forms.CharField(
        label=_("Registration number at the new facility"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to keep the current number."),
    )
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_facility"].queryset = Facility.objects.exclude(pk=facility.pk).order_by(  # type: ignore[attr-defined]
            "name"
        )


class ReleaseForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("At most 5 MB. Use the template for the column headers."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."),
                params={"limit": MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload
