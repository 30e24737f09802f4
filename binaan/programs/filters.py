"""The forms that find sessions: the filters of the session lists and the calendar's month jump.

Kept apart from `forms.py` (the forms that write): these only read the query string, and a bad
value answers a message next to its field, never an error page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from binaan.programs.models import Program
from binaan.programs.selectors import SessionState, SessionWhen

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Years a person may plausibly look at; outside them `date` would overflow or mean nothing.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")
BAD_MONTH = _("Enter a month as year and month, for example 2026-04 for April 2026.")


@dataclass(frozen=True)
class SessionFilters:
    when: str = SessionWhen.UPCOMING
    state: str = ""
    start: date | None = None
    end: date | None = None
    program: Program | None = None


class SessionFilterForm(forms.Form):
    """Upcoming / past / all, a state, a date range and (on the facility's list) a program."""

    when = forms.ChoiceField(
        label=_("Which sessions"),
        required=False,
        choices=SessionWhen.choices,
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *SessionState.choices],
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)
    program: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(
        self, *args: Any, programs: QuerySet[Program] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].error_messages["invalid"] = _(
            "Enter a date, for example 6 April 2026."
        )
        self.fields["end"].error_messages["invalid"] = _("Enter a date, for example 30 April 2026.")
        self.fields["when"].error_messages["invalid_choice"] = _("Choose one of the lists.")
        self.fields["state"].error_messages["invalid_choice"] = _("Choose one of the statuses.")
        if programs is None:
            del self.fields["program"]
        else:
            self.fields["program"].queryset = programs  # type: ignore[attr-defined]
            self.fields["program"].error_messages["invalid_choice"] = _(
                "Choose one of the programs in the list."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the range cannot be before its start."))
        return data

    def filters(self) -> SessionFilters:
        """The valid filters; a field with an error is left out (its message says why)."""
        if not self.is_bound:
            return SessionFilters()
        self.is_valid()

        def value(name: str) -> Any:
            return None if name in self.errors else self.cleaned_data.get(name) or None

        return SessionFilters(
            when=value("when") or SessionWhen.UPCOMING,
            state=value("state") or "",
            start=value("start"),
            end=value("end"),
            program=value("program"),
        )


class MonthJumpForm(forms.Form):
    """The calendar's month picker: `<input type="month">`, answered as `YYYY-MM`."""

    month = forms.CharField(
        label=_("Go to month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"max_length": BAD_MONTH},
    )

    def clean_month(self) -> tuple[int, int] | None:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return None
        match = MONTH_PATTERN.fullmatch(text)
        if match is None:
            raise forms.ValidationError(BAD_MONTH)
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise forms.ValidationError(_("A month is numbered 01 to 12."))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return year, month

    def first_day(self) -> date | None:
        if not self.is_bound or not self.is_valid() or not self.cleaned_data["month"]:
            return None
        year, month = self.cleaned_data["month"]
        return date(year, month, 1)
