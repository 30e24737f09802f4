from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binaan.accounts.models import User
from binaan.core.permissions import roles_with
from binaan.facilities.models import Facility, Location, LocationKind
from binaan.partners.models import Facilitator, Partner
from binaan.programs import recurrence, schedule
from binaan.programs.models import (
    AgendaKind,
    AssignmentTask,
    CategoryGroup,
    EndReason,
    Program,
    ProgramCategory,
    Weekday,
)
from binaan.programs.recurrence import MAX_DURATION_MINUTES, MonthWeek, Pattern
from binaan.programs.services import PROGRAM_FIELDS
from binaan.residents.models import Religion, ResidentGroup, Sex

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


class _FirstOptionLabel:
    """The field's label id is its first option's, so the error summary's link reaches a box."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index)  # type: ignore[misc]


# Named as Django's own widgets on purpose: templates tell widgets apart by `widget_type`, the
# lowercased class name, and these render exactly like them.
class CheckboxSelectMultiple(_FirstOptionLabel, forms.CheckboxSelectMultiple):
    pass


class RadioSelect(_FirstOptionLabel, forms.RadioSelect):
    pass


class ProgramForm(forms.Form):
    """Program set-up in four questions: who may join, when, where and how many; never an RRULE.

    The schedule is chosen (weekly days or "the first Wednesday of the month", a start time and
    a duration) and `recurrence.to_storage` turns the choice into the stored slots or rule. An
    existing schedule the choices cannot express is offered as "keep the current schedule"."""

    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProgramCategory.objects.none())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Who may join.
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
    # When.
    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty means the program keeps running."),
    )
    schedule_pattern = forms.ChoiceField(
        label=_("How often"),
        choices=[
            (Pattern.WEEKLY.value, Pattern.WEEKLY.label),
            (Pattern.MONTHLY.value, Pattern.MONTHLY.label),
        ],
        initial=Pattern.WEEKLY,
        widget=RadioSelect,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=CheckboxSelectMultiple,
    )
    interval = forms.TypedChoiceField(label=_("Repeat"), coerce=int, initial=1, required=False)
    month_week = forms.TypedChoiceField(
        label=_("Which one in the month"),
        choices=MonthWeek.choices,
        coerce=int,
        initial=MonthWeek.FIRST,
        required=False,
    )
    month_weekday = forms.TypedChoiceField(
        label=_("Day of the month's meeting"),
        choices=[("", "—"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=TIME_WIDGET,
        help_text=_("In the facility's time zone."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=MAX_DURATION_MINUTES,
        initial=120,
        required=False,
    )
    runs_on_holidays = forms.BooleanField(label=_("Runs on public holidays"), required=False)
    # Where and how many.
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
    # Who leads it, and the rest.
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
    agenda = forms.CharField(
        label=_("Default agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line: kind | topic, e.g. “tilawah | Surah Al-Kahf”."),
    )
    min_attendance_rate = forms.IntegerField(
        label=_("Minimum attendance for a certificate (%)"), min_value=0, max_value=100, initial=75
    )

    # (key, legend, fields, sub-groups): the four questions, then the rest.
    FIELDSETS: tuple[
        tuple[str, Any, tuple[str, ...], tuple[tuple[str, Any, tuple[str, ...]], ...]], ...
    ] = (
        ("about", _("The program"), ("name", "category", "description"), ()),
        ("who", _("Who may join"), ("sexes", "religions", "custody_statuses", "blocks"), ()),
        (
            "when",
            _("When it meets"),
            ("start_date", "end_date", "schedule_pattern"),
            (
                ("weekly", _("On chosen days of the week"), ("weekdays", "interval")),
                ("monthly", _("Once a month"), ("month_week", "month_weekday")),
                (
                    "hours",
                    _("Time of the meeting"),
                    ("start_time", "duration_minutes", "runs_on_holidays"),
                ),
            ),
        ),
        ("where", _("Where and how many"), ("default_location", "capacity"), ()),
        (
            "more",
            _("Led by, agenda and certificate"),
            ("partners", "facilitators", "agenda", "min_attendance_rate"),
            (),
        ),
    )

    def __init__(
        self, *args: Any, facility: Facility, program: Program | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.program = program
        self.fields["category"].queryset = ProgramCategory.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["partners"].queryset = Partner.objects.filter(facility=facility)  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = Facilitator.objects.filter(facility=facility)  # type: ignore[attr-defined]
        self.fields["default_location"].queryset = Location.objects.filter(  # type: ignore[attr-defined]
            facility=facility, is_active=True
        )
        self.fields["blocks"].queryset = Location.objects.filter(  # type: ignore[attr-defined]
            facility=facility, kind=LocationKind.BLOCK
        )
        self.fields["interval"].choices = recurrence.interval_choices()  # type: ignore[attr-defined]
        # A stored schedule the choices cannot express stays as it is unless a new one is picked.
        self.current_schedule = ""
        if program is not None and recurrence.recurrence_of(program) is None:
            self.current_schedule = recurrence.describe_program(program)
            pattern = self.fields["schedule_pattern"]
            pattern.choices = [  # type: ignore[attr-defined]
                (
                    Pattern.KEEP.value,
                    _("Keep the current schedule: %(schedule)s")
                    % {"schedule": self.current_schedule},
                ),
                *pattern.choices,  # type: ignore[attr-defined]
            ]

    @classmethod
    def initial_for(cls, program: Program) -> dict[str, Any]:
        # The agenda template is edited as text, the schedule as the choices; every other stored
        # field as itself.
        initial: dict[str, Any] = {
            name: getattr(program, name)
            for name in PROGRAM_FIELDS
            if name not in ("agenda_template", "rrule", "rrule_start_time")
        }
        initial["partners"] = list(program.partners.all())
        initial["facilitators"] = list(program.facilitators.all())
        initial["blocks"] = list(program.blocks.all())
        initial["agenda"] = agenda_text(program.agenda_template or [])
        choice = recurrence.recurrence_of(program)
        if choice is None:
            initial["schedule_pattern"] = Pattern.KEEP
            return initial
        initial |= {
            "schedule_pattern": choice.pattern,
            "start_time": choice.start,
            "duration_minutes": choice.duration,
        }
        if choice.pattern == Pattern.WEEKLY:
            initial |= {"weekdays": list(choice.weekdays), "interval": choice.interval}
        else:
            initial |= {"month_week": choice.month_week, "month_weekday": choice.weekdays[0]}
        return initial

    def fieldsets(self) -> list[dict[str, Any]]:
        intros = {
            "who": _("Leave a question empty when it does not limit who may join."),
            "when": _("Sessions are generated from this pattern; holidays are skipped."),
        }
        return [
            {
                "key": key,
                "legend": legend,
                "intro": intros.get(key, ""),
                "current_schedule": self.current_schedule if key == "when" else "",
                "fields": [self[name] for name in names],
                "groups": [
                    {"key": g_key, "legend": g_legend, "fields": [self[n] for n in g_names]}
                    for g_key, g_legend, g_names in groups
                ],
            }
            for key, legend, names, groups in self.FIELDSETS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start_date, end_date = data.get("start_date"), data.get("end_date")
        if start_date and end_date and end_date < start_date:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        data["stored"] = self._schedule(data)
        data["agenda_template"] = parse_agenda(data.get("agenda", ""))
        return data

    def _schedule(self, data: dict[str, Any]) -> recurrence.Stored | None:
        """The stored form of the chosen schedule; None to keep the current one (or on error)."""
        pattern = data.get("schedule_pattern")
        if pattern == Pattern.KEEP or not pattern:
            return None
        days: list[int] = []
        if pattern == Pattern.WEEKLY:
            days = list(data.get("weekdays") or [])
            if not days:
                self.add_error("weekdays", _("Choose at least one day of the week."))
        elif data.get("month_weekday") is None:
            self.add_error("month_weekday", _("Choose the day of the week of the meeting."))
        else:
            days = [data["month_weekday"]]
        if data.get("start_time") is None and "start_time" not in self.errors:
            self.add_error("start_time", _("Give the time the program starts."))
        if data.get("duration_minutes") is None and "duration_minutes" not in self.errors:
            self.add_error("duration_minutes", _("Give how long a meeting lasts, in minutes."))
        if not days or data.get("start_time") is None or data.get("duration_minutes") is None:
            return None
        choice = recurrence.Recurrence(
            pattern=pattern,
            weekdays=tuple(days),
            start=data["start_time"],
            duration=data["duration_minutes"],
            interval=data.get("interval") or 1,
            month_week=data.get("month_week") or MonthWeek.FIRST,
        )
        return recurrence.to_storage(choice)

    def service_data(self) -> dict[str, Any]:
        """The program's fields for `program_create`/`program_update`, schedule columns included."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name in PROGRAM_FIELDS or name in ("partners", "facilitators", "blocks")
        }
        data["capacity"] = data.get("capacity")
        stored: recurrence.Stored | None = self.cleaned_data.get("stored")
        source: Any = stored if stored is not None else self.program
        for name in ("rrule", "rrule_start_time", "duration_minutes"):
            data[name] = getattr(source, name)
        return data

    def slots(self) -> list[schedule.WeeklySlot] | None:
        """The weekly slots to save; None keeps the stored ones ("keep the current schedule")."""
        stored: recurrence.Stored | None = self.cleaned_data.get("stored")
        return None if stored is None else list(stored.slots)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ProgramCategory
        fields = ["name", "code", "group", "order", "is_active"]

    group = forms.ChoiceField(label=_("Group"), choices=CategoryGroup.choices)


class GenerateForm(forms.Form):
    """The period the check page lists and the confirmation generates: from today by default;
    an earlier start only when the person picks it."""

    start = forms.DateField(
        label=_("From"), required=False, widget=DATE_WIDGET, help_text=_("Empty means today.")
    )
    until = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)

    MAX_WEEKS = 104

    def __init__(self, *args: Any, defaults: dict[str, date], **kwargs: Any) -> None:
        kwargs["initial"] = defaults
        super().__init__(*args, **kwargs)
        self.defaults = defaults

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("start", "until"):
            if data.get(name) is None and name not in self.errors:
                data[name] = self.defaults[name]
        start, until = data.get("start"), data.get("until")
        if start and until and until < start:
            self.add_error("until", _("The last day must be on or after the first day."))
        elif start and until and (until - start).days > self.MAX_WEEKS * 7:
            self.add_error(
                "until",
                _("Generate at most %(weeks)s weeks at once.") % {"weeks": self.MAX_WEEKS},
            )
        return data


class CandidateFilterForm(forms.Form):
    """The search over the residents who may join (name or number, block)."""

    q = forms.CharField(label=_("Name or registration number"), required=False, max_length=100)
    block = forms.ModelChoiceField(
        label=_("Block"), queryset=Location.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = Location.objects.filter(  # type: ignore[attr-defined]
            facility=facility, kind=LocationKind.BLOCK
        ).order_by("name")

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "block": None}
        return {"q": self.cleaned_data["q"].strip(), "block": self.cleaned_data["block"]}


class EnrollSelectedForm(forms.Form):
    """The residents ticked in the filtered list, enrolled in one call."""

    residents = forms.TypedMultipleChoiceField(
        label=_("Residents"),
        coerce=int,
        error_messages={"required": _("Tick at least one resident.")},
    )
    enrolled_on = forms.DateField(
        label=_("From"), required=False, widget=DATE_WIDGET, help_text=_("Empty means today.")
    )

    def __init__(self, *args: Any, candidate_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residents"].choices = [(pk, pk) for pk in candidate_ids]  # type: ignore[attr-defined]
        self.fields["residents"].error_messages["invalid_choice"] = _(
            "One of the ticked residents can no longer join; search again."
        )


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
