from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binaan.core.permissions import FACILITY_ROLES, NO_CASE_DATA_ROLES, STAFF_ROLES, Role

__all__ = ["FACILITY_ROLES", "NO_CASE_DATA_ROLES", "STAFF_ROLES", "Membership", "Role", "User"]


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The interface language is the account's own choice, never the browser's: an office PC
    # with an English browser still shows Indonesian (binaan.accounts.middleware).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="id"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class Membership(models.Model):
    """A role held by a user: at a facility, over a regional office, or nationally."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("facility"),
    )
    regional_office = models.ForeignKey(
        "facilities.RegionalOffice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("regional office"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "facility"],
                condition=Q(facility__isnull=False),
                name="membership_unique_facility_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "regional_office"],
                condition=Q(regional_office__isnull=False),
                name="membership_unique_regional_role",
            ),
            # The scope a role needs: a facility for facility roles, a regional office for
            # `regional`, nothing for `national`.
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=sorted(r.value for r in FACILITY_ROLES),
                        facility__isnull=False,
                        regional_office__isnull=True,
                    )
                    | Q(role="regional", facility__isnull=True, regional_office__isnull=False)
                    | Q(role="national", facility__isnull=True, regional_office__isnull=True)
                ),
                name="membership_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        scope = self.facility or self.regional_office or "Ditjenpas"
        return f"{self.user} — {self.get_role_display()} — {scope}"
