from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.accounts.models import User
from binaan.core.permissions import roles_with
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.partners.models import Facilitator, Partner
from binaan.programs import schedule
from binaan.programs.models import (
    AgendaKind,
    AssignmentTask,
    CategoryGroup,
    EndReason,
    Program,
    ProgramCategory,
    Weekday,
)
from binaan.programs.services import PROGRAM_FIELDS
from binaan.residents.models import Religion, Resident, ResidentGroup, ResidentState, Sex

SLOT_ROWS = 4
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def parse_agenda(text: str) -> list[dict[str, str]]:
    """One item per line: "kind | topic" or just a kind or a topic (kind "lainnya")."""
    labels = {str(label).casefold(): value for value, label in AgendaKind.choices}
    items: list[dict[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head, _sep, topic = line.partition("|")
        key = head.strip().casefold()
        kind = key if key in AgendaKind.values else labels.get(key)
        if kind is None:
            items.append({"kind": AgendaKind.LAINNYA, "topic": line})
        else:
            items.append({"kind": kind, "topic": topic.strip()})
    return items


def agenda_text(items: list[dict[str, str]]) -> str:
    return "\n".join(
        f"{i.get('kind', '')} | {i['topic']}" if i.get("topic") else str(i.get("kind", ""))
        for i in items
    )


MAX_CAPACITY = 3000


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProgramCategory.objects.none())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=Facilitator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    default_location = forms.ModelChoiceField(
        label=_("Default location"), queryset=Location.objects.none(), required=False
    )
    # The largest unit holds about 3,000 residents: a larger capacity is a typing error.
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=MAX_CAPACITY,
        required=False,
        help_text=_("Empty means no limit."),
    )
    sexes = forms.MultipleChoiceField(
        label=_("Only for sex"),
        choices=Sex.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for everyone."),
    )
    religions = forms.MultipleChoiceField(
        label=_("Only for religions"),
        choices=Religion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for everyone."),
    )
    custody_statuses = forms.MultipleChoiceField(
        label=_("Only for custody statuses"),
        choices=ResidentGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for everyone."),
    )
    blocks = forms.ModelMultipleChoiceField(
        label=_("Only for blocks"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for everyone."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE_WIDGET)
    rrule = forms.CharField(
        label=_("Recurrence rule (RRULE)"),
        max_length=300,
        required=False,
        help_text=_(
            "Instead of weekly slots, e.g. FREQ=MONTHLY;BYDAY=+1WE (first Wednesday of the month)."
        ),
    )
    rrule_start_time = forms.TimeField(
        label=_("Start time (RRULE)"), required=False, widget=TIME_WIDGET
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes, RRULE)"), min_value=5, initial=120
    )
    runs_on_holidays = forms.BooleanField(label=_("Runs on public holidays"), required=False)
    agenda = forms.CharField(
        label=_("Default agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line: kind | topic, e.g. “tilawah | Surah Al-Kahf”."),
    )
    min_attendance_rate = forms.IntegerField(
        label=_("Minimum attendance for a certificate (%)"), min_value=0, max_value=100, initial=75
    )

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.fields["category"].queryset = ProgramCategory.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["partners"].queryset = Partner.objects.filter(facility=facility)  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = Facilitator.objects.filter(facility=facility)  # type: ignore[attr-defined]
        self.fields["default_location"].queryset = Location.objects.filter(  # type: ignore[attr-defined]
            facility=facility, is_active=True
        )
        self.fields["blocks"].queryset = Location.objects.filter(  # type: ignore[attr-defined]
            facility=facility, kind=LocationKind.BLOCK
        )
        for n in range(1, SLOT_ROWS + 1):
            self.fields[f"slot{n}_weekday"] = forms.TypedChoiceField(
                label=_("Slot %(n)s: day") % {"n": n},
                choices=[("", "—"), *Weekday.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"slot{n}_start"] = forms.TimeField(
                label=_("Slot %(n)s: start") % {"n": n}, required=False, widget=TIME_WIDGET
            )
            self.fields[f"slot{n}_end"] = forms.TimeField(
                label=_("Slot %(n)s: end") % {"n": n}, required=False, widget=TIME_WIDGET
            )

    @classmethod
    def initial_for(cls, program: Program) -> dict[str, Any]:
        # The agenda template is edited as text (below), every other stored field as itself.
        initial: dict[str, Any] = {
            name: getattr(program, name) for name in PROGRAM_FIELDS if name != "agenda_template"
        }
        initial["partners"] = list(program.partners.all())
        initial["facilitators"] = list(program.facilitators.all())
        initial["blocks"] = list(program.blocks.all())
        initial["agenda"] = agenda_text(program.agenda_template or [])
        for n, slot in enumerate(program.slots.all(), start=1):
            initial[f"slot{n}_weekday"] = slot.weekday
            initial[f"slot{n}_start"] = slot.start_time
            initial[f"slot{n}_end"] = slot.end_time
        return initial

    def slot_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"slot{n}_weekday"], self[f"slot{n}_start"], self[f"slot{n}_end"]]
            for n in range(1, SLOT_ROWS + 1)
        ]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("slot")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slots: list[schedule.WeeklySlot] = []
        for n in range(1, SLOT_ROWS + 1):
            weekday = data.get(f"slot{n}_weekday")
            start, end = data.get(f"slot{n}_start"), data.get(f"slot{n}_end")
            if weekday is None and start is None and end is None:
                continue
            if weekday is None or start is None or end is None:
                self.add_error(f"slot{n}_weekday", _("Give the day, start and end of the slot."))
                continue
            if end <= start:
                self.add_error(f"slot{n}_end", _("The slot must end after it starts."))
                continue
            slots.append(schedule.WeeklySlot(weekday, start, end))
        data["slots"] = slots
        start_date, end_date = data.get("start_date"), data.get("end_date")
        if start_date and end_date and end_date < start_date:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        rule = data.get("rrule", "").strip()
        if rule and data.get("start_date"):
            try:
                schedule.parse_rrule(
                    rule, start=data["start_date"], at=data.get("rrule_start_time") or time(9)
                )
            except (ValueError, TypeError):
                # The parser's own message is English and technical: never shown to a person.
                self.add_error(
                    "rrule",
                    _(
                        "The rule “%(rule)s” cannot be read. Example: FREQ=MONTHLY;BYDAY=+1WE "
                        "(first Wednesday of the month)."
                    )
                    % {"rule": rule},
                )
            if not data.get("rrule_start_time"):
                self.add_error("rrule_start_time", _("Give the start time of the rule."))
        elif not slots and not self.errors:
            raise forms.ValidationError(_("Give at least one weekly slot or a recurrence rule."))
        data["agenda_template"] = parse_agenda(data.get("agenda", ""))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for n in range(1, SLOT_ROWS + 1):
            for part in ("weekday", "start", "end"):
                data.pop(f"slot{n}_{part}", None)
        data.pop("agenda", None)
        data.pop("slots", None)
        data["capacity"] = data.get("capacity")
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ProgramCategory
        fields = ["name", "code", "group", "order", "is_active"]

    group = forms.ChoiceField(label=_("Group"), choices=CategoryGroup.choices)


class EnrollOneForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("Resident"), queryset=Resident.objects.none())
    enrolled_on = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = Resident.objects.filter(  # type: ignore[attr-defined]
            facility=facility, state=ResidentState.ACTIVE
        ).order_by("full_name")


class EnrollmentEndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
    ended_on = forms.DateField(label=_("Last day (exclusive)"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SessionTimeForm(forms.Form):
    """Date, times (in the facility's zone) and place of one session."""

    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    start = forms.TimeField(label=_("Start"), widget=TIME_WIDGET)
    end = forms.TimeField(label=_("End"), widget=TIME_WIDGET)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.fields["location"].queryset = Location.objects.filter(  # type: ignore[attr-defined]
            facility=facility, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The session must end after it starts."))
        return data

    def bounds(self) -> tuple[datetime, datetime]:
        zone = self.facility.tzinfo
        day: date = self.cleaned_data["day"]
        return (
            datetime.combine(day, self.cleaned_data["start"]).replace(tzinfo=zone),
            datetime.combine(day, self.cleaned_data["end"]).replace(tzinfo=zone),
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class CancelRangeForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class AgendaForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line: kind | topic | speaker."),
    )

    def items(self) -> list[dict[str, str]]:
        items = []
        for line in self.cleaned_data["agenda"].splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not any(parts):
                continue
            parsed = parse_agenda(" | ".join(parts[:2]))[0]
            parsed["speaker"] = parts[2] if len(parts) > 2 else ""
            items.append(parsed)
        return items


class AssignFacilitatorForm(forms.Form):
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=Facilitator.objects.none()
    )
    task = forms.ChoiceField(label=_("Task"), choices=AssignmentTask.choices)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = Facilitator.objects.filter(  # type: ignore[attr-defined]
            facility=facility, is_active=True
        )


class AssignInternForm(forms.Form):
    intern = forms.ModelChoiceField(label=_("Intern"), queryset=User.objects.none())
    task = forms.ChoiceField(label=_("Task"), choices=AssignmentTask.choices)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intern"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__facility=facility,
            memberships__role__in=sorted(roles_with("sessions.assist")),
        ).distinct()
