from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.accounts.models import User
from binaan.core.permissions import roles_with
from binaan.facilities.models import Facility
from binaan.interns.models import DEFAULT_SOURCE_PROGRAMME, AbsenceReason, Competency
from binaan.programs.models import AgendaKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.username})"


class PlacementForm(forms.Form):
    intern = UserChoiceField(label=_("Intern"), queryset=User.objects.none())
    university = forms.CharField(label=_("University"), max_length=200, required=False)
    study_programme = forms.CharField(label=_("Study programme"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Email"), required=False)
    source_programme = forms.CharField(
        label=_("Source programme"), max_length=200, initial=DEFAULT_SOURCE_PROGRAMME
    )
    batch = forms.CharField(
        label=_("Batch"), max_length=100, help_text=_("e.g. Magang Nasional Batch 2")
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    unit = forms.CharField(label=_("Unit / section"), max_length=200, required=False)
    mentor = UserChoiceField(label=_("Mentor"), queryset=User.objects.none())
    competencies = forms.CharField(
        label=_("Learning goals / competencies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )

    def __init__(
        self, *args: Any, facility: Facility, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(memberships__facility=facility).order_by(
            "full_name", "username"
        )
        self.fields["intern"].queryset = people.filter(  # type: ignore[attr-defined]
            memberships__role__in=sorted(roles_with("interns.own_placement"))
        ).distinct()
        self.fields["mentor"].queryset = people.filter(  # type: ignore[attr-defined]
            memberships__role__in=sorted(roles_with("interns.mentor"))
        ).distinct()
        if editing:
            del self.fields["competencies"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data


class StopForm(forms.Form):
    stopped_on = forms.DateField(label=_("Stopped on"), widget=DATE)
    stop_reason = forms.CharField(label=_("Reason"), max_length=300)


class CompetenciesForm(forms.Form):
    names = forms.CharField(
        label=_("Learning goals / competencies"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line; the order here is the order in evaluations."),
    )


class AbsenceForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=AbsenceReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CorrectionForm(forms.Form):
    check_in = forms.TimeField(label=_("Check-in"), required=False, widget=TIME)
    check_out = forms.TimeField(label=_("Check-out"), required=False, widget=TIME)
    absence_reason = forms.ChoiceField(
        label=_("Absence"), choices=[("", "—"), *AbsenceReason.choices], required=False
    )
    absence_note = forms.CharField(label=_("Absence note"), max_length=300, required=False)
    half_day_assigned = forms.BooleanField(
        label=_("Half day assigned by the mentor"), required=False
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)


class LogbookForm(forms.Form):
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea(attrs={"rows": 6}))
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_value=24, decimal_places=1, max_digits=4
    )
    learned = forms.CharField(
        label=_("What I learned"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the intern"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class EvaluationForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(
        self,
        *args: Any,
        competencies: list[Competency],
        initial_scores: dict[int, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for competency in competencies:
            self.fields[f"score_{competency.pk}"] = forms.TypedChoiceField(
                label=competency.name,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=initial_scores.get(competency.pk),
            )
        self.order_fields([f"score_{c.pk}" for c in competencies] + ["narrative"])

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.competencies}


def parse_month(value: str | None, default: date) -> date:
    """'2026-04' → date(2026, 4, 1); anything unreadable gives `default`."""
    try:
        year, month = (int(part) for part in (value or "").split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        return default.replace(day=1)


def parse_day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return default


class AgendaRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)


AgendaFormSet = forms.formset_factory(AgendaRowForm, extra=1, can_delete=True)


class SessionNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
