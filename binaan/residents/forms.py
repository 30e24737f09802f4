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
    NEW_REMISSION_KINDS,
    Religion,
    Resident,
    ResidentGroup,
    ResidentState,
    SentenceChangeKind,
    SentenceKind,
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
        # "anak" filters by age on the day (UU 11/2012), the others by legal status.
        choices=[("", _("All"))] + ResidentGroup.choices,
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
            "declared_child",
            "religion",
            "nationality",
            "block",
            "room",
            "admission_date",
            "charge",
            "offence_date",
            "sentence_kind",
            "sentence_start",
            "sentence_years",
            "sentence_months",
            "sentence_days",
            "court_decision_date",
            "fine_unpaid",
            "subsider_days",
            "photo",
        ]
        widgets = {
            "birth_date": DATE_WIDGET,
            "admission_date": DATE_WIDGET,
            "offence_date": DATE_WIDGET,
            "sentence_start": DATE_WIDGET,
            "court_decision_date": DATE_WIDGET,
        }
        help_texts = {
            "register_code": _(
                "A.I–A.V for tahanan by the detaining authority; B.I more than 1 year (also life "
                "and death), B.IIa more than 3 months up to 1 year, B.IIb 3 months or less, "
                "B.III kurungan."
            ),
            "offence_date": _(
                "Decides whether the sentence is a child's (under 18 on that day, UU 11/2012)."
            ),
            "sentence_kind": _(
                "Life and death sentences have no length and no key dates until a change of "
                "sentence is recorded."
            ),
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
        # Left out means the common case: imprisonment for a term, no subsider.
        self.fields["sentence_kind"].required = False
        self.fields["subsider_days"].required = False

    def clean_sentence_kind(self) -> str:
        return str(self.cleaned_data.get("sentence_kind") or SentenceKind.PENJARA)

    def clean_subsider_days(self) -> int:
        return int(self.cleaned_data.get("subsider_days") or 0)

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
    kind = forms.ChoiceField(label=_("Kind"), choices=NEW_REMISSION_KINDS)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=3650)
    decree_number = forms.CharField(label=_("Decree number"), max_length=100, required=False)
    decree_date = forms.DateField(label=_("Decree date"), widget=DATE_WIDGET)


class RemissionRevokeForm(forms.Form):
    on = forms.DateField(label=_("Revoked on"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class SentenceChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of change"), choices=SentenceChangeKind.choices)
    decree_number = forms.CharField(label=_("Decree number"), max_length=100)
    decree_date = forms.DateField(label=_("Decree date"), widget=DATE_WIDGET)
    new_kind = forms.ChoiceField(label=_("New kind of sentence"), choices=SentenceKind.choices)
    new_years = forms.IntegerField(label=_("Years"), min_value=0, max_value=99, initial=0)
    new_months = forms.IntegerField(label=_("Months"), min_value=0, max_value=11, initial=0)
    new_days = forms.IntegerField(label=_("Days"), min_value=0, max_value=30, initial=0)
    new_start = forms.DateField(
        label=_("Counted from"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty to count from the start of the sentence (time served counts)."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


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
