from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binaan.core.models import FacilityOwned

# A cooperation agreement (perjanjian kerja sama) shows a warning this many days before it ends.
AGREEMENT_WARNING_DAYS = 30


class PartnerKind(models.TextChoices):
    MAJELIS_TAKLIM = "majelis_taklim", _("Majelis taklim / religious organisation")
    GOVERNMENT = "instansi", _("Government agency")
    UNIVERSITY = "perguruan_tinggi", _("University")
    NGO = "lsm", _("NGO")
    PRIVATE = "swasta", _("Private company")


class Partner(FacilityOwned):
    """Mitra: an outside organisation that runs or supports programs under an agreement."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=100, blank=True)
    agreement_start = models.DateField(_("agreement start"), null=True, blank=True)
    agreement_end = models.DateField(_("agreement end"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="partner_unique_name"),
            models.CheckConstraint(
                condition=Q(agreement_end__isnull=True)
                | Q(agreement_start__isnull=True)
                | Q(agreement_end__gte=F("agreement_start")),
                name="partner_agreement_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:partner_detail", kwargs={"partner_id": self.pk})

    def agreement_state(self, today: date) -> str:
        """ "" (fine or no end date), "expiring" (within the warning window) or "expired"."""
        if self.agreement_end is None:
            return ""
        if self.agreement_end < today:
            return "expired"
        if self.agreement_end <= today + timedelta(days=AGREEMENT_WARNING_DAYS):
            return "expiring"
        return ""


class Facilitator(FacilityOwned):
    """Narasumber / ustadzah / pembina: a person who leads sessions, usually sent by a partner.
    With a `user` (role partner) they log in and see only the programs they facilitate."""

    name = models.CharField(_("name"), max_length=200)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitators",
        verbose_name=_("partner"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    teaches = models.CharField(_("teaches"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitator",
        verbose_name=_("login"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:facilitator_edit", kwargs={"facilitator_id": self.pk})
