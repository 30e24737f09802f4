from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.attendance.models import AttendanceReason
from binaan.attendance.rates import MarkKind
from binaan.facilities.models import Facility


class RegisterForm(forms.Form):
    """The register page posts `m-<resident id>` (reason code) and `n-<resident id>` (note) per
    row, `walk_in` for residents added on the spot with `w-<resident id>` (the reason to mark a
    walk-in who fails the program's rules), and the version the page showed."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    amend_reason = forms.CharField(
        label=_("Reason for amending (locked register)"), max_length=300, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        marks: dict[int, tuple[str, str]] = {}
        walk_ins: list[int] = []
        for key, value in self.data.items():
            if key.startswith("m-") and value:
                resident_id = _int_or_none(key[2:])
                if resident_id is None:
                    raise forms.ValidationError(_("Invalid row “%(key)s”."), params={"key": key})
                marks[resident_id] = (str(value), str(self.data.get(f"n-{resident_id}", "")))
        for value in self.data.getlist("walk_in") if hasattr(self.data, "getlist") else []:
            resident_id = _int_or_none(value)
            if resident_id is None:
                raise forms.ValidationError(
                    _("Invalid walk-in “%(value)s”."), params={"value": value}
                )
            walk_ins.append(resident_id)
        reasons: dict[int, str] = {}
        for resident_id in walk_ins:
            text = str(self.data.get(f"w-{resident_id}", "") or "").strip()
            if text:
                reasons[resident_id] = text
        cleaned["marks"] = marks
        cleaned["walk_ins"] = walk_ins
        cleaned["walk_in_reasons"] = reasons
        return cleaned


def _int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ScanForm(forms.Form):
    code = forms.CharField(label=_("Registration number or card"), max_length=100)


class ReasonForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=20)
    label = forms.CharField(label=_("Label"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Counts as"),
        choices=[
            (MarkKind.PRESENT.value, _("Present")),
            (MarkKind.EXCUSED.value, _("Excused absence (left out of the rate)")),
            (MarkKind.ABSENT.value, _("Unexcused absence")),
        ],
        widget=forms.RadioSelect,
    )
    needs_note = forms.BooleanField(label=_("A note is required"), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=100)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facility = facility

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].lower()
        clash = AttendanceReason.objects.filter(code=code, facility__isnull=True).exists() or (
            AttendanceReason.objects.filter(code=code, facility=self.facility).exists()
        )
        if clash:
            raise forms.ValidationError(
                _("A reason with the code “%(code)s” already exists."), params={"code": code}
            )
        return code
