from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.reports.selectors import Month

EXPORT_FORMATS = ("xlsx", "pdf", "csv", "json")


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    export = forms.ChoiceField(
        choices=[("", "")] + [(f, f.upper()) for f in EXPORT_FORMATS], required=False
    )

    def clean_month(self) -> Month:
        text = self.cleaned_data["month"]
        try:
            return Month.parse(text)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a month; use the form YYYY-MM, e.g. 2026-03."),
                params={"value": text},
            ) from None

    def __init__(self, *args: Any, formats: tuple[str, ...] = EXPORT_FORMATS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["export"].choices = [("", "")] + [(f, f.upper()) for f in formats]  # type: ignore[attr-defined]
