from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binaan.core.models import FacilityOwned
from binaan.interns import rules

DEFAULT_SOURCE_PROGRAMME = rules.MAGANG_NASIONAL


class PlacementState(models.TextChoices):
    UPCOMING = rules.AKAN_DATANG, _("Upcoming")
    ACTIVE = rules.AKTIF, _("Active")
    FINISHED = rules.SELESAI, _("Finished")
    STOPPED = rules.DIHENTIKAN, _("Stopped")


class Placement(FacilityOwned):
    """Peserta magang: an intern (a user with the intern role) placed at a facility for a period.

    The state is not stored: it follows from the period and `stopped_on` (rules.placement_state),
    so a placement becomes active or finished on the right day without a scheduled job.
    """

    intern = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("intern"),
    )
    university = models.CharField(_("university"), max_length=200, blank=True)
    study_programme = models.CharField(_("study programme"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    source_programme = models.CharField(
        _("source programme"), max_length=200, default=DEFAULT_SOURCE_PROGRAMME
    )
    batch = models.CharField(
        _("batch"), max_length=100, help_text=_("e.g. Magang Nasional Batch 2")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    unit = models.CharField(_("unit / section"), max_length=200, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentored_placements",
        verbose_name=_("mentor"),
    )
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(_("reason for stopping"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="placement_dates_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "start_date"], name="placement_facility_start"),
            models.Index(fields=["mentor", "end_date"], name="placement_mentor"),
            models.Index(fields=["intern", "end_date"], name="placement_intern"),
        ]

    def __str__(self) -> str:
        return f"{self.intern} — {self.batch}"

    def get_absolute_url(self) -> str:
        return reverse("interns:placement_detail", kwargs={"placement_id": self.pk})

    def state_on(self, today: date) -> str:
        return rules.placement_state(self.start_date, self.end_date, self.stopped_on, today)

    @property
    def last_day(self) -> date:
        return self.stopped_on or self.end_date


class Competency(models.Model):
    """A learning goal / competency of a placement; the mentor edits the list and scores each
    one in the monthly evaluation."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("placement"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("competency"), max_length=200)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["placement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "name"], name="competency_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class AbsenceReason(models.TextChoices):
    EXCUSED = "izin", _("Excused (izin)")
    SICK = "sakit", _("Sick")
    OTHER = "lainnya", _("Other")


class PresenceDay(FacilityOwned):
    """One day of an intern's presence: check-in and check-out (UTC, shown in the facility zone),
    or an absence with a reason."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="presence_days",
        verbose_name=_("placement"),
    )
    date = models.DateField(_("date"))
    check_in = models.DateTimeField(_("check-in"), null=True, blank=True)
    check_out = models.DateTimeField(_("check-out"), null=True, blank=True)
    absence_reason = models.CharField(
        _("absence"), max_length=10, choices=AbsenceReason.choices, blank=True
    )
    absence_note = models.CharField(_("absence note"), max_length=300, blank=True)
    # The mentor may assign a short day (e.g. a morning session only); only then is a half day
    # not flagged.
    half_day_assigned = models.BooleanField(_("half day assigned by the mentor"), default=False)

    class Meta:
        verbose_name = _("presence day")
        verbose_name_plural = _("presence days")
        ordering = ["placement", "date"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="presence_unique_day"),
            models.CheckConstraint(
                condition=Q(check_out__isnull=True)
                | (Q(check_in__isnull=False) & Q(check_out__gt=F("check_in"))),
                name="presence_check_out_after_in",
            ),
        ]
        indexes = [models.Index(fields=["facility", "date"], name="presence_facility_date")]

    def __str__(self) -> str:
        return f"{self.placement.intern} {self.date:%Y-%m-%d}"

    @property
    def is_half_day(self) -> bool:
        return rules.is_half_day(self.check_in, self.check_out)

    @property
    def is_unassigned_half_day(self) -> bool:
        return self.is_half_day and not self.half_day_assigned


class PresenceCorrection(models.Model):
    """History of the mentor's corrections of a presence day; rows are never changed."""

    presence = models.ForeignKey(
        PresenceDay, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("day")
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300)
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))

    class Meta:
        verbose_name = _("presence correction")
        verbose_name_plural = _("presence corrections")
        ordering = ["presence", "corrected_at", "pk"]

    def __str__(self) -> str:
        return f"{self.presence} — {self.reason}"


class LogbookState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


class LogbookEntry(FacilityOwned):
    """Laporan kegiatan harian: one entry per working day, verified by the mentor."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="logbook_entries",
        verbose_name=_("placement"),
    )
    date = models.DateField(_("date"))
    activities = models.TextField(_("activities"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    learned = models.TextField(_("what I learned"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=LogbookState.choices, default=LogbookState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    mentor_comment = models.TextField(_("mentor's comment"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["placement", "date"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="logbook_unique_day"),
        ]
        indexes = [
            models.Index(fields=["facility", "state"], name="logbook_facility_state"),
            models.Index(fields=["placement", "verified_at"], name="logbook_verified"),
        ]

    def __str__(self) -> str:
        return f"{self.placement.intern} {self.date:%Y-%m-%d}"

    @property
    def is_editable(self) -> bool:
        return self.state in {LogbookState.DRAFT, LogbookState.RETURNED}


class Evaluation(FacilityOwned):
    """The mentor's monthly evaluation: a score 1–5 per competency and a narrative, due by the
    1st of the next month."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("placement")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month evaluated."))
    narrative = models.TextField(_("narrative"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["placement", "month"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="evaluation_unique_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="evaluation_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.placement.intern} {self.month:%Y-%m}"

    @property
    def due(self) -> date:
        return rules.evaluation_due(self.month)


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="scores", verbose_name=_("competency")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "competency"], name="evaluation_score_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="evaluation_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.score}"
