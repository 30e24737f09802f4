from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binaan.core.models import FacilityOwned


class CategoryGroup(models.TextChoices):
    # PP 31/1999 Pasal 2–3: pembinaan covers personality (kepribadian) and self-reliance
    # (kemandirian).
    KEPRIBADIAN = "kepribadian", _("Personality (kepribadian)")
    KEMANDIRIAN = "kemandirian", _("Self-reliance (kemandirian)")


class ProgramCategory(models.Model):
    """Reference data shared by all facilities; the PP 31/1999 list ships in a data migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=12, choices=CategoryGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("program category")
        verbose_name_plural = _("program categories")
        ordering = ["group", "order", "name"]

    def __str__(self) -> str:
        return self.name


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class Program(FacilityOwned):
    """A recurring offer (program pembinaan / pelayanan), e.g. "Pengajian Rutin Qonita".

    Eligibility: each empty list means "everyone"; a resident must pass every non-empty rule.
    Schedule: weekly `slots` or, when `rrule` is set, the RRULE (RFC 5545) starting each day at
    `rrule_start_time` for `duration_minutes`. Times are wall-clock in the facility's zone.
    """

    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        ProgramCategory,
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("category"),
    )
    description = models.TextField(_("description"), blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="programs", verbose_name=_("partners")
    )
    facilitators = models.ManyToManyField(
        "partners.Facilitator", blank=True, related_name="programs", verbose_name=_("facilitators")
    )
    default_location = models.ForeignKey(
        "facilities.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default location"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    sexes = models.JSONField(_("sexes"), default=list, blank=True)
    religions = models.JSONField(_("religions"), default=list, blank=True)
    custody_statuses = models.JSONField(_("custody statuses"), default=list, blank=True)
    blocks = models.ManyToManyField(
        "facilities.Location", blank=True, related_name="+", verbose_name=_("blocks")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    rrule = models.CharField(
        _("recurrence rule (RRULE)"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the weekly slots, e.g. FREQ=MONTHLY;BYDAY=1WE"),
    )
    rrule_start_time = models.TimeField(_("start time (RRULE)"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=120, validators=[MinValueValidator(5)]
    )
    runs_on_holidays = models.BooleanField(_("runs on public holidays"), default=False)
    agenda_template = models.JSONField(
        _("default agenda"), default=list, blank=True, help_text=_("List of {kind, topic}.")
    )
    min_attendance_rate = models.PositiveSmallIntegerField(
        _("minimum attendance for a certificate (%)"),
        default=75,
        validators=[MaxValueValidator(100)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="program_unique_name"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="program_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["facility", "status"], name="program_status")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", kwargs={"program_id": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == ProgramStatus.ACTIVE

    @property
    def is_archived(self) -> bool:
        return self.status == ProgramStatus.ARCHIVED

    @property
    def schedule_description(self) -> str:
        """ "Setiap Rabu pertama tiap bulan, 09.00–11.00 WITA": never the stored rule's text."""
        from binaan.programs.recurrence import describe_program

        return describe_program(self)

    @property
    def eligibility_description(self) -> str:
        from binaan.programs.eligibility import eligibility_words

        return eligibility_words(self)

    def clean(self) -> None:
        from binaan.programs.schedule import parse_rrule
        from binaan.residents.models import Religion, ResidentGroup, Sex

        errors: dict[str, str] = {}
        for name, choices in (
            ("sexes", Sex),
            ("religions", Religion),
            ("custody_statuses", ResidentGroup),
        ):
            values = getattr(self, name) or []
            unknown = [v for v in values if v not in choices.values]
            if not isinstance(values, list) or unknown:
                errors[name] = _("Unknown value(s): %(values)s") % {"values": ", ".join(unknown)}
        if self.rrule and self.start_date:
            try:
                parse_rrule(self.rrule, start=self.start_date, at=self.rrule_start_time or time(9))
            except (ValueError, TypeError) as error:
                errors["rrule"] = _("The rule “%(rule)s” cannot be read: %(error)s") % {
                    "rule": self.rrule,
                    "error": error,
                }
        if errors:
            raise ValidationError(errors)


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ProgramSlot(models.Model):
    """One weekly meeting time of a program, wall-clock in the facility's zone."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="slots", verbose_name=_("program")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))

    class Meta:
        verbose_name = _("weekly slot")
        verbose_name_plural = _("weekly slots")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "weekday", "start_time"], name="program_slot_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="program_slot_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H.%M}–{self.end_time:%H.%M}"


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("Waitlisted")
    ENDED = "ended", _("Ended")


class EndReason(models.TextChoices):
    COMPLETED = "selesai", _("Completed")
    WITHDRAWN = "mengundurkan_diri", _("Withdrew")
    TRANSFERRED = "dipindah", _("Transferred")
    RELEASED = "bebas", _("Released")
    SANCTION = "sanksi", _("Disciplinary sanction")
    OTHER = "lainnya", _("Other")


class Enrollment(FacilityOwned):
    """Peserta: a resident's place in a program, or in its waitlist."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("program")
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("resident"),
    )
    status = models.CharField(_("status"), max_length=12, choices=EnrollmentStatus.choices)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    # Date the place starts; for a waitlisted row, the date it joined the waitlist until promoted.
    enrolled_on = models.DateField(_("enrolled on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Why a waitlisted resident was passed over when a place was freed (the eligibility rules
    # they failed at that moment); cleared when they are promoted.
    skip_reason = models.CharField(_("reason skipped"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["program", "status", "waitlist_position", "enrolled_on", "pk"]
        constraints = [
            # A resident holds at most one open place (or waitlist row) per program.
            models.UniqueConstraint(
                fields=["program", "resident"],
                condition=Q(status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED]),
                name="enrollment_one_open_per_program",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"], name="enrollment_program_status"),
            models.Index(fields=["resident", "status"], name="enrollment_resident_status"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} — {self.program}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class SessionOrigin(models.TextChoices):
    GENERATED = "generated", _("Generated")
    ONE_OFF = "one_off", _("One-off")


class Session(FacilityOwned):
    """Kegiatan: one occurrence of a program, a real row.

    Generated rows keep `planned_start` (the UTC start the pattern produced) so that regeneration
    recognises them even after someone moved them; `is_modified` marks rows a person edited,
    moved or cancelled, which generation never touches again. One-off sessions belong to a
    program too (an extra meeting), so the roster and attendance always have a program.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("program")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    planned_start = models.DateTimeField(_("planned start"), null=True, blank=True, editable=False)
    location = models.ForeignKey(
        "facilities.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("location"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    is_modified = models.BooleanField(_("edited by a person"), default=False)
    origin = models.CharField(
        _("origin"), max_length=10, choices=SessionOrigin.choices, default=SessionOrigin.GENERATED
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "planned_start"],
                condition=Q(planned_start__isnull=False),
                name="session_unique_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "starts_at"], name="session_facility_start"),
            models.Index(fields=["program", "starts_at"], name="session_program_start"),
            models.Index(fields=["location", "starts_at"], name="session_location_start"),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.starts_at:%Y-%m-%d %H:%M} UTC"

    def get_absolute_url(self) -> str:
        return reverse("programs:session_detail", kwargs={"session_id": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class AgendaKind(models.TextChoices):
    TILAWAH = "tilawah", _("Qur'an recitation (tilawah)")
    TAUSIYAH = "tausiyah", _("Sermon (tausiyah)")
    DISKUSI = "diskusi", _("Discussion")
    CERAMAH = "ceramah", _("Talk (ceramah)")
    PRAKTIK = "praktik", _("Practice")
    LAINNYA = "lainnya", _("Other")


class AgendaItem(models.Model):
    """Susunan acara: one item of a session's agenda."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("session")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=AgendaKind.choices)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        "partners.Facilitator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("facilitator"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic}" if self.topic else self.get_kind_display()


class AssignmentTask(models.TextChoices):
    PREPARATION = "persiapan", _("Preparation")
    ASSISTANT = "pendamping", _("Assisting")
    DOCUMENTATION = "dokumentasi", _("Documentation")
    SPEAKER = "narasumber", _("Speaker")
    OTHER = "lainnya", _("Other")


class SessionFacilitator(models.Model):
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="facilitator_assignments",
        verbose_name=_("session"),
    )
    facilitator = models.ForeignKey(
        "partners.Facilitator",
        on_delete=models.CASCADE,
        related_name="session_assignments",
        verbose_name=_("facilitator"),
    )
    task = models.CharField(
        _("task"), max_length=12, choices=AssignmentTask.choices, default=AssignmentTask.SPEAKER
    )

    class Meta:
        verbose_name = _("session facilitator")
        verbose_name_plural = _("session facilitators")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "facilitator"], name="session_facilitator_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facilitator} — {self.get_task_display()}"


class SessionIntern(models.Model):
    """An intern (a user with the intern role) assigned to a session with a task; the interns'
    logbook is pre-filled from these rows."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="intern_assignments",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_assignments",
        verbose_name=_("intern"),
    )
    task = models.CharField(
        _("task"), max_length=12, choices=AssignmentTask.choices, default=AssignmentTask.ASSISTANT
    )

    class Meta:
        verbose_name = _("session intern")
        verbose_name_plural = _("session interns")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="session_intern_unique"),
        ]
        indexes = [models.Index(fields=["user", "session"], name="session_intern_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_task_display()}"


class HolidayChange(models.TextChoices):
    ADD = "add", _("Holiday added")
    REMOVE = "remove", _("National holiday removed")


class HolidayOverride(FacilityOwned):
    """A correction of the holiday calendar, kept as data and merged with the `holidays` package
    (binaan.programs.schedule.holiday_dates): a regional holiday added, or a national date taken
    out (after the sidang isbat moves Idul Fitri: remove the package's date, add the new one).

    It applies to its facility, or to every facility of `regional_office` when that is set (a
    Kanwil-wide correction, written and changed by the facility that entered it).
    """

    regional_office = models.ForeignKey(
        "facilities.RegionalOffice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whole regional office"),
    )
    date = models.DateField(_("date"))
    change = models.CharField(_("change"), max_length=6, choices=HolidayChange.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("holiday correction")
        verbose_name_plural = _("holiday corrections")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "date"],
                condition=Q(regional_office__isnull=True),
                name="holiday_override_facility_date",
            ),
            models.UniqueConstraint(
                fields=["regional_office", "date"],
                condition=Q(regional_office__isnull=False),
                name="holiday_override_region_date",
            ),
        ]
        indexes = [models.Index(fields=["facility", "date"], name="holiday_override_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_change_display()}: {self.name}"

    @property
    def is_removal(self) -> bool:
        return self.change == HolidayChange.REMOVE
