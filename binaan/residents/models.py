from __future__ import annotations

import unicodedata
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binaan.core.models import FacilityOwned
from binaan.residents import detention, stages


class RegisterCode(models.TextChoices):
    # A.* tahanan by detaining authority; B.* narapidana by sentence length (DESIGN.md glossary).
    A_I = "A.I", _("A.I — detained by the investigator")
    A_II = "A.II", _("A.II — detained by the prosecutor")
    A_III = "A.III", _("A.III — detained by the district court")
    A_IV = "A.IV", _("A.IV — detained by the high court")
    A_V = "A.V", _("A.V — detained by the Supreme Court")
    # Checked against the custody status and the sentence by binaan.residents.registers.
    B_I = "B.I", _("B.I — sentenced to more than 1 year, life or death")
    B_IIA = "B.IIa", _("B.IIa — sentenced to more than 3 months up to 1 year")
    B_IIB = "B.IIb", _("B.IIb — sentenced to 3 months or less")
    B_III = "B.III", _("B.III — kurungan (confinement)")


class CustodyStatus(models.TextChoices):
    # UU 22/2022: tahanan receive pelayanan, narapidana and anak binaan receive pembinaan.
    # The legal status only: being a child (Anak, UU 11/2012) is a matter of age, kept apart
    # (Resident.is_child_on), so a detained child is both a tahanan and an Anak.
    TAHANAN = "tahanan", _("Remand prisoner (tahanan)")
    NARAPIDANA = "narapidana", _("Sentenced prisoner (narapidana)")


class ResidentGroup(models.TextChoices):
    """Who a program is for: a legal status, or children (an age, on the day of the check)."""

    TAHANAN = "tahanan", _("Remand prisoner (tahanan)")
    NARAPIDANA = "narapidana", _("Sentenced prisoner (narapidana)")
    ANAK = "anak", _("Child under 18 (anak)")


class SentenceKind(models.TextChoices):
    # KUHP (UU 1/2023) Pasal 64–65: the principal punishments; kurungan of the old KUHP is
    # still served under sentences passed before 2 January 2026.
    PENJARA = "penjara", _("Imprisonment (penjara) for a fixed term")
    KURUNGAN = "kurungan", _("Confinement (kurungan)")
    SEUMUR_HIDUP = "seumur_hidup", _("Life imprisonment (seumur hidup)")
    MATI = "mati", _("Death sentence (pidana mati)")


# Sentences without an end: no expiry and no stages until a change of sentence gives a term.
OPEN_ENDED_KINDS = frozenset({SentenceKind.SEUMUR_HIDUP, SentenceKind.MATI})


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    KRISTEN = "kristen", _("Protestant Christianity")
    KATOLIK = "katolik", _("Catholicism")
    HINDU = "hindu", _("Hinduism")
    BUDDHA = "buddha", _("Buddhism")
    KHONGHUCU = "khonghucu", _("Confucianism")
    KEPERCAYAAN = "kepercayaan", _("Indigenous belief (kepercayaan)")


class ResidentState(models.TextChoices):
    ACTIVE = "aktif", _("Active")
    RELEASED = "bebas", _("Released")
    TRANSFERRED = "pindah", _("Transferred out")
    DECEASED = "meninggal", _("Deceased")


def fold(text: str) -> str:
    """Lower-case, accent-free form used for searching names the same way on every database."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def photo_path(instance: Resident, filename: str) -> str:
    """A random name under the facility's folder: the uploaded file's name never reaches the
    file system (it may carry a path, a resident's name or a crafted extension)."""
    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix in {".jpg", ".jpeg", ".png"} else ".img"
    return f"residents/{instance.facility_id}/{uuid.uuid4().hex}{suffix}"


class Resident(FacilityOwned):
    """A person held at a facility (penghuni). Case fields are never shown to partner or intern."""

    registration_number = models.CharField(_("registration number"), max_length=40)
    register_code = models.CharField(
        _("register code"), max_length=8, choices=RegisterCode.choices, blank=True
    )
    custody_status = models.CharField(
        _("custody status"), max_length=12, choices=CustodyStatus.choices
    )
    full_name = models.CharField(_("full name"), max_length=200)
    alias = models.CharField(_("alias"), max_length=200, blank=True)
    search_name = models.CharField(max_length=420, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    religion = models.CharField(_("religion"), max_length=12, choices=Religion.choices, blank=True)
    nationality = models.CharField(_("nationality"), max_length=60, default="Indonesia")
    block = models.ForeignKey(
        "facilities.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents_in_block",
        verbose_name=_("block"),
    )
    room = models.ForeignKey(
        "facilities.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents_in_room",
        verbose_name=_("room"),
    )
    admission_date = models.DateField(_("admission date"), null=True, blank=True)
    charge = models.CharField(_("charge / article"), max_length=300, blank=True)
    sentence_start = models.DateField(_("sentence start"), null=True, blank=True)
    sentence_years = models.PositiveSmallIntegerField(_("sentence years"), default=0)
    sentence_months = models.PositiveSmallIntegerField(
        _("sentence months"), default=0, validators=[MaxValueValidator(11)]
    )
    sentence_days = models.PositiveSmallIntegerField(
        _("sentence days"), default=0, validators=[MaxValueValidator(30)]
    )
    court_decision_date = models.DateField(_("court decision date"), null=True, blank=True)
    sentence_kind = models.CharField(
        _("kind of sentence"),
        max_length=12,
        choices=SentenceKind.choices,
        default=SentenceKind.PENJARA,
    )
    # Kurungan in lieu of an unpaid fine (subsider): served after the sentence, only while the
    # fine is not paid, so it counts towards the expiry only when the flag is set.
    fine_unpaid = models.BooleanField(_("fine not paid (subsider applies)"), default=False)
    subsider_days = models.PositiveSmallIntegerField(
        _("subsider (days of kurungan in lieu of the fine)"),
        default=0,
        validators=[MaxValueValidator(999)],
    )
    # Whether a sentence is a child's is decided by the age on the day of the offence
    # (UU 11/2012 Pasal 1 angka 3 and Pasal 20).
    offence_date = models.DateField(_("date of the offence"), null=True, blank=True)
    # Only where no birth date is recorded: the record says the person is a child.
    declared_child = models.BooleanField(
        _("child (no date of birth recorded)"),
        default=False,
        help_text=_("Only used when the date of birth is unknown."),
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ResidentState.choices, default=ResidentState.ACTIVE
    )
    # Key dates kept in columns (recomputed by services whenever sentence or remissions change),
    # so lists can filter by stage in SQL.
    remission_days_total = models.PositiveIntegerField(_("remission days"), default=0)
    expiry_date = models.DateField(_("expiry"), null=True, blank=True)
    one_third_date = models.DateField(_("1/3 date"), null=True, blank=True)
    half_date = models.DateField(_("1/2 date"), null=True, blank=True)
    two_thirds_date = models.DateField(_("2/3 date"), null=True, blank=True)
    # Retention (UU 27/2022 Pasal 43): a released resident's identity is removed after
    # BINAAN_RETENTION_YEARS; the year of birth is all that is kept of the birth date.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["full_name", "registration_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "registration_number"], name="resident_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "state", "search_name"], name="resident_list"),
            models.Index(fields=["facility", "block"], name="resident_block"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.registration_number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(f"{self.full_name} {self.alias}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"full_name", "alias"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("residents:detail", kwargs={"resident_id": self.pk})

    @property
    def is_sentenced(self) -> bool:
        return self.custody_status == CustodyStatus.NARAPIDANA

    @property
    def is_open_ended(self) -> bool:
        """A life or death sentence not (yet) changed to a fixed term."""
        return self.is_sentenced and self.sentence_kind in OPEN_ENDED_KINDS

    @property
    def has_sentence(self) -> bool:
        return (
            self.is_sentenced
            and not self.is_open_ended
            and self.sentence_start is not None
            and (self.sentence_years or self.sentence_months or self.sentence_days) > 0
        )

    def is_child_on(self, on: date) -> bool:
        """An Anak on ``on`` by the birth date; without one, as the record declares."""
        if self.birth_date is None:
            return self.declared_child
        return stages.is_child_on(self.birth_date, on)

    def age_on(self, on: date) -> int | None:
        return None if self.birth_date is None else stages.age_on(self.birth_date, on)

    @property
    def adult_on(self) -> date | None:
        """The 18th birthday, when the birth date is known."""
        return None if self.birth_date is None else stages.adult_on(self.birth_date)

    @property
    def sentenced_as_child(self) -> bool:
        """The sentence is an Anak's (UU 11/2012): the age on the day of the offence decides;
        without that date, the day of the decision, then the start of the sentence."""
        on = self.offence_date or self.court_decision_date or self.sentence_start
        if on is None or self.birth_date is None:
            return self.declared_child if self.birth_date is None else False
        return stages.is_child_on(self.birth_date, on)

    @property
    def subsider_in_effect(self) -> int:
        return self.subsider_days if self.fine_unpaid else 0

    def key_dates(self, on: date | None = None) -> stages.KeyDates | None:
        if not self.has_sentence:
            return None
        assert self.sentence_start is not None  # noqa: S101 - has_sentence checked it
        return stages.compute(
            self.sentence_start,
            self.sentence_years,
            self.sentence_months,
            self.sentence_days,
            self.remission_days_total,
            on=on,
            child=self.sentenced_as_child,
            subsider_days=self.subsider_in_effect,
        )


class RemissionKind(models.TextChoices):
    # Keppres 174/1999 (remisi umum, khusus, tambahan, Pasal 2–3 and 5; kemanusiaan
    # Pasal 5 for the old and the ill) and remisi dasawarsa (every tenth anniversary).
    UMUM = "umum", _("General (17 August)")
    KHUSUS = "khusus", _("Religious holiday")
    TAMBAHAN = "tambahan", _("Additional")
    DASAWARSA = "dasawarsa", _("Decennial")
    KEMANUSIAAN = "kemanusiaan", _("Humanitarian")
    # Rows recorded before the kinds above were complete; not offered for new remissions.
    LAINNYA = "lainnya", _("Other (recorded earlier)")


NEW_REMISSION_KINDS = [(k, v) for k, v in RemissionKind.choices if k != RemissionKind.LAINNYA]


class RemissionQuerySet(models.QuerySet["Remission"]):
    def in_force(self) -> RemissionQuerySet:
        return self.filter(revoked_on__isnull=True)


class Remission(models.Model):
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="remissions", verbose_name=_("resident")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RemissionKind.choices)
    days = models.PositiveIntegerField(_("days"))
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A revoked remission stays on record (with why); it no longer counts towards the total.
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    objects = RemissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("remission")
        verbose_name_plural = _("remissions")
        ordering = ["decree_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.days} {_('days')}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


class SentenceChangeKind(models.TextChoices):
    # UU 22/2002 as amended by UU 5/2010 (grasi): the President may reduce, change or remit a
    # sentence. UU 1/2023 Pasal 69: life imprisonment changed to 20 years by Keputusan
    # Presiden after 15 years served; Pasal 100–101: a death sentence changed to life.
    GRASI = "grasi", _("Clemency (grasi)")
    LIFE_TO_TERM = "seumur_hidup_ke_sementara", _("Life imprisonment changed to a fixed term")
    DEATH_TO_LIFE = "mati_ke_seumur_hidup", _("Death sentence changed to life imprisonment")
    REVIEW = "peninjauan_kembali", _("Case review (peninjauan kembali)")


class SentenceChange(models.Model):
    """A recorded change of sentence with its decree; the sentence before it is kept here, so
    the history of the resident's sentence is never overwritten."""

    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="sentence_changes",
        verbose_name=_("resident"),
    )
    kind = models.CharField(_("kind of change"), max_length=30, choices=SentenceChangeKind.choices)
    decree_number = models.CharField(_("decree number"), max_length=100)
    decree_date = models.DateField(_("decree date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    previous_kind = models.CharField(max_length=12, choices=SentenceKind.choices)
    previous_start = models.DateField(null=True, blank=True)
    previous_years = models.PositiveSmallIntegerField(default=0)
    previous_months = models.PositiveSmallIntegerField(default=0)
    previous_days = models.PositiveSmallIntegerField(default=0)
    new_kind = models.CharField(
        _("new kind of sentence"), max_length=12, choices=SentenceKind.choices
    )
    new_start = models.DateField(_("sentence counted from"), null=True, blank=True)
    new_years = models.PositiveSmallIntegerField(_("years"), default=0)
    new_months = models.PositiveSmallIntegerField(
        _("months"), default=0, validators=[MaxValueValidator(11)]
    )
    new_days = models.PositiveSmallIntegerField(
        _("days"), default=0, validators=[MaxValueValidator(30)]
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of sentence")
        verbose_name_plural = _("changes of sentence")
        ordering = ["decree_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decree_number}"


class MovementKind(models.TextChoices):
    ADMISSION = "masuk", _("Admission")
    BLOCK_CHANGE = "pindah_blok", _("Block change")
    TRANSFER_OUT = "mutasi_keluar", _("Transfer out")
    TRANSFER_IN = "mutasi_masuk", _("Transfer in")
    RELEASE = "bebas", _("Release")
    DEATH = "meninggal", _("Death")


class Movement(models.Model):
    """A change of place; rows are only ever added, so the history is never overwritten."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="movements", verbose_name=_("resident")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MovementKind.choices)
    date = models.DateField(_("date"))
    from_facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_block = models.ForeignKey(
        "facilities.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_block = models.ForeignKey(
        "facilities.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class CourtDate(models.Model):
    """A tahanan's hearing; programs warn when a session clashes with it."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="court_dates", verbose_name=_("resident")
    )
    date = models.DateField(_("date"))
    court = models.CharField(_("court"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("court date")
        verbose_name_plural = _("court dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "date"], name="court_date_unique"),
        ]
        indexes = [models.Index(fields=["date"], name="court_date_day")]

    def __str__(self) -> str:
        return f"{self.resident} — {self.date}"


class DetentionOrder(models.Model):
    """One order of a tahanan's detention chain: the stage's order or an extension of it. The
    rules (limits, who extends, no gap) are `binaan.residents.detention`; rows are written only
    by `binaan.residents.detention_services.detention_order_add` and never edited."""

    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="detention_orders",
        verbose_name=_("resident"),
    )
    authority = models.CharField(
        _("detaining authority"), max_length=16, choices=detention.DetentionAuthority.choices
    )
    kind = models.CharField(_("kind"), max_length=16, choices=detention.OrderKind.choices)
    issuer = models.CharField(_("issued by"), max_length=16, choices=detention.OrderIssuer.choices)
    ground = models.CharField(
        _("ground (exceptional extension)"),
        max_length=10,
        choices=detention.ExceptionalGround.choices,
        blank=True,
    )
    number = models.CharField(_("order number"), max_length=100)
    issued_on = models.DateField(_("date of the order"), null=True, blank=True)
    start = models.DateField(_("detained from"))
    days = models.PositiveSmallIntegerField(_("days"))
    # Derived (start + days - 1) and kept in a column, so the warning lists filter in SQL.
    expires = models.DateField(_("detained until"), editable=False)
    # The latest order of the chain: the one whose end is the chain's current expiry.
    is_current = models.BooleanField(_("current"), default=True, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("detention order")
        verbose_name_plural = _("detention orders")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(is_current=True),
                name="detention_one_current",
            ),
        ]
        indexes = [models.Index(fields=["is_current", "expires"], name="detention_current")]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_authority_display()})"

    def as_rule_input(self) -> detention.Order:
        return detention.Order(
            authority=self.authority,
            issuer=self.issuer,
            kind=self.kind,
            start=self.start,
            days=self.days,
            ground=self.ground,
        )
