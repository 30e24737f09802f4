from zoneinfo import ZoneInfo

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binaan.core.dates import ZONE_ABBREVIATIONS
from binaan.core.models import FacilityOwned


class FacilityType(models.TextChoices):
    RUTAN = "rutan", _("Rutan")
    LAPAS = "lapas", _("Lapas")
    LPP = "lpp", _("LPP")
    LPKA = "lpka", _("LPKA")


class TimeZoneName(models.TextChoices):
    # Indonesia's three zones; the abbreviation is what people read next to a time.
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,19}$",
    _("Use 2–20 capital letters, digits or hyphens, e.g. RUTAN-BPN."),
)


class RegionalOffice(models.Model):
    """Kanwil Ditjenpas: the provincial office facilities report to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    province = models.CharField(_("province"), max_length=100)

    class Meta:
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Facility(models.Model):
    """UPT: one correctional unit. Everything residents touch belongs to exactly one."""

    regional_office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.PROTECT,
        related_name="facilities",
        verbose_name=_("regional office"),
    )
    type = models.CharField(_("type"), max_length=10, choices=FacilityType.choices)
    facility_class = models.CharField(
        _("class"), max_length=20, blank=True, help_text=_("e.g. Kelas I, Kelas IIA, Kelas IIB")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("short code"), max_length=20, unique=True, validators=[code_validator]
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZoneName.choices, default=TimeZoneName.WIB
    )
    head_name = models.CharField(_("head's name"), max_length=200, blank=True)
    head_nip = models.CharField(
        _("head's NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("A NIP has 18 digits."))],
    )
    letterhead_lines = models.TextField(
        _("letterhead lines"),
        blank=True,
        help_text=_("One line per row, printed at the top of every document (kop surat)."),
    )
    attendance_lock_days = models.PositiveSmallIntegerField(
        _("attendance lock (days)"),
        default=7,
        help_text=_("After this many days only the head may amend attendance marks."),
    )
    schedule_horizon_weeks = models.PositiveSmallIntegerField(
        _("schedule horizon (weeks)"), default=12
    )

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:settings")

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.time_zone, self.time_zone)

    @property
    def letterhead(self) -> list[str]:
        lines = [line.strip() for line in self.letterhead_lines.splitlines() if line.strip()]
        return lines or [self.regional_office.name.upper(), self.name.upper()]


class LocationKind(models.TextChoices):
    BLOCK = "blok", _("Block")
    ROOM = "kamar", _("Room")
    CLASSROOM = "ruang", _("Room (class/office)")
    MOSQUE = "masjid", _("Mosque")
    CHURCH = "gereja", _("Church")
    HALL = "aula", _("Hall")
    WORKSHOP = "bengkel", _("Workshop")
    FIELD = "lapangan", _("Field")
    CLINIC = "klinik", _("Clinic")
    OTHER = "lainnya", _("Other")


class Location(FacilityOwned):
    """A place inside a facility: block, room, mosque, hall … Rooms may sit inside a block."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=LocationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("inside"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="location_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:location_edit", kwargs={"location_id": self.pk})
