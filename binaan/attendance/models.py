from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binaan.core.models import FacilityOwned

# The eight reasons of DESIGN.md ship as global rows (facility empty); their labels are
# translated here so that the Indonesian UI and an English one both read naturally.
BUILTIN_LABELS = {
    "hadir": _("Present"),
    "terlambat": _("Late"),
    "izin": _("Excused (permission)"),
    "sakit": _("Sick"),
    "sidang": _("Court hearing"),
    "keluar": _("Temporarily out"),
    "sanksi": _("Disciplinary sanction"),
    "alpa": _("Absent without reason"),
}
PRESENT_CODE = "hadir"


class AttendanceReason(models.Model):
    """A reason a mark can carry, with the flags the one rate definition reads.

    Not `FacilityOwned`: the shipped reasons are shared by every facility (facility empty);
    a facility's admin adds its own rows with its facility set, which `scoped()` then finds.
    """

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facility"),
    )
    code = models.SlugField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=100)
    counts_present = models.BooleanField(_("counts as present"), default=False)
    excused = models.BooleanField(_("excused"), default=False)
    needs_note = models.BooleanField(_("needs a note"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("attendance reason")
        verbose_name_plural = _("attendance reasons")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(facility__isnull=True), name="reason_global_code"
            ),
            models.UniqueConstraint(
                fields=["facility", "code"],
                condition=Q(facility__isnull=False),
                name="reason_facility_code",
            ),
            # Present and excused at once would count a mark twice in the rate.
            models.CheckConstraint(
                condition=~Q(counts_present=True, excused=True), name="reason_present_or_excused"
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.facility_id is None and self.code in BUILTIN_LABELS:
            return str(BUILTIN_LABELS[self.code])
        return self.label

    @property
    def kind(self) -> str:
        """'present', 'excused' or 'absent': the colour and the rate class of the reason."""
        if self.counts_present:
            return "present"
        return "excused" if self.excused else "absent"


class Attendance(FacilityOwned):
    """Kehadiran: one resident's mark for one session."""

    session = models.ForeignKey(
        "programs.Session",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("resident"),
    )
    reason = models.ForeignKey(
        AttendanceReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("reason")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"))
    # A resident not enrolled on the session's date who came anyway.
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    # Why a walk-in who fails the program's eligibility rules was marked anyway (required then).
    walk_in_reason = models.CharField(_("reason for the walk-in"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "resident__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "resident"], name="attendance_unique"),
        ]
        indexes = [
            models.Index(fields=["facility", "session"], name="attendance_session"),
            models.Index(fields=["facility", "resident"], name="attendance_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} — {self.reason}"


class SessionRegister(FacilityOwned):
    """The register of one session: the version a page was based on (optimistic concurrency)
    and who saved it last. Kept apart from programs.Session so marking never edits the session."""

    session = models.OneToOneField(
        "programs.Session",
        on_delete=models.CASCADE,
        related_name="register",
        verbose_name=_("session"),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session register")
        verbose_name_plural = _("session registers")

    def __str__(self) -> str:
        return f"{self.session} v{self.version}"


class AttendanceChange(FacilityOwned):
    """One change of one mark, never edited or deleted: the history shown on the session."""

    session = models.ForeignKey(
        "programs.Session",
        on_delete=models.CASCADE,
        related_name="attendance_changes",
        verbose_name=_("session"),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("resident"),
    )
    version = models.PositiveIntegerField(_("version"))
    old_reason = models.ForeignKey(
        AttendanceReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("old reason"),
    )
    new_reason = models.ForeignKey(
        AttendanceReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("new reason")
    )
    old_note = models.CharField(_("old note"), max_length=300, blank=True)
    new_note = models.CharField(_("new note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    amend_reason = models.CharField(_("reason for amending"), max_length=300, blank=True)
    # The walk-in's reason given with this mark (see Attendance.walk_in_reason).
    walk_in_reason = models.CharField(_("reason for the walk-in"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(
                fields=["facility", "session", "version"], name="attendance_change_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident}: {self.old_reason} → {self.new_reason}"
