"""Detention orders of tahanan (surat perintah / penetapan penahanan): the limits and the rules,
pure (no database). `binaan.residents.detention_services` records orders through `check_order`.

The law. From 2 January 2026 criminal procedure is Undang-Undang Nomor 20 Tahun 2025 tentang
Kitab Undang-Undang Hukum Acara Pidana (the new KUHAP), in force together with the KUHP
(UU 1/2023); it replaces UU 8/1981.

What was verified (public sources found with the project's search, December 2026): that UU
20/2025 was passed on 18 November 2025 and applies from 2 January 2026 together with UU 1/2023,
and that its detention articles are Pasal 99-108 (penahanan by penyidik, penuntut umum and
hakim, in steps). What was NOT verified: the enacted numbers of days of each step and who extends
each step in UU 20/2025. Press reports on the March 2025 draft gave totals of 60 days (penyidikan),
50 (penuntutan) and 90 (each court level, the Supreme Court too: 90 instead of 110); the enacted
text could not be read, so those numbers are not used. The table below therefore keeps the
periods of UU 8/1981 Pasal 24-28 with the Pasal 29 exceptional extensions, as the brief directs
when the new numbers cannot be verified. Replace `STAGES` (and its citation) once the enacted
Pasal 99-108 have been read; everything else reads this one table.

Counting. A period of N days starting on day S ends on S + N - 1 (the last day of lawful
detention): the first day counts as a whole day, as court records write it ("ditahan oleh
Penyidik sejak tanggal 5 Desember 2024 sampai dengan tanggal 24 Desember 2024" is 20 days). An
extension starts on the day after the order it extends ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binaan.core.dates import format_date

WARNING_DAYS = (10, 3, 0)  # the dashboard's and the block list's thresholds, in days left


class DetentionAuthority(models.TextChoices):
    """Whose detention it is (the stage of the case); the register code A.I-A.V follows it."""

    PENYIDIK = "penyidik", gettext_lazy("Investigator (penyidik)")
    PENUNTUT_UMUM = "penuntut_umum", gettext_lazy("Public prosecutor (penuntut umum)")
    HAKIM_PN = "hakim_pn", gettext_lazy("District court judge (hakim PN)")
    HAKIM_PT = "hakim_pt", gettext_lazy("High court judge (hakim PT)")
    HAKIM_MA = "hakim_ma", gettext_lazy("Supreme Court justice (hakim MA)")


class OrderIssuer(models.TextChoices):
    """Who signed the order: the detaining authority itself or the one that may extend it."""

    PENYIDIK = "penyidik", gettext_lazy("Investigator (penyidik)")
    PENUNTUT_UMUM = "penuntut_umum", gettext_lazy("Public prosecutor (penuntut umum)")
    HAKIM_PN = "hakim_pn", gettext_lazy("District court judge (hakim PN)")
    KETUA_PN = "ketua_pn", gettext_lazy("Chief of the district court (ketua PN)")
    HAKIM_PT = "hakim_pt", gettext_lazy("High court judge (hakim PT)")
    KETUA_PT = "ketua_pt", gettext_lazy("Chief of the high court (ketua PT)")
    HAKIM_MA = "hakim_ma", gettext_lazy("Supreme Court justice (hakim MA)")
    KETUA_MA = "ketua_ma", gettext_lazy("Chief Justice of the Supreme Court (ketua MA)")


class OrderKind(models.TextChoices):
    ORDER = "perintah", gettext_lazy("Detention order of the stage")
    EXTENSION = "perpanjangan", gettext_lazy("Extension")
    EXCEPTIONAL = "pasal29", gettext_lazy("Exceptional extension")


class ExceptionalGround(models.TextChoices):
    # UU 8/1981 Pasal 29 ayat (1) huruf a and b.
    ILLNESS = "sakit", gettext_lazy("Severe physical or mental illness (doctor's certificate)")
    NINE_YEARS = "ancaman9", gettext_lazy("Offence punishable by 9 years or more")


@dataclass(frozen=True)
class Stage:
    authority: DetentionAuthority
    register_code: str
    order_days: int  # the first order of the stage, at most
    extension_days: int  # the regular extension(s), at most in total
    extension_by: OrderIssuer
    exceptional_by: OrderIssuer  # Pasal 29 ayat (3)
    article: str
    law: str = "UU 8/1981"


# THE TABLE. UU 8/1981 (KUHAP) Pasal 24-28 and Pasal 29 ayat (2)-(3); see the module's docstring
# for what was and was not verified against UU 20/2025.
STAGES: dict[str, Stage] = {
    s.authority.value: s
    for s in (
        Stage(
            DetentionAuthority.PENYIDIK,
            "A.I",
            20,
            40,
            OrderIssuer.PENUNTUT_UMUM,
            OrderIssuer.KETUA_PN,
            "Pasal 24",
        ),
        Stage(
            DetentionAuthority.PENUNTUT_UMUM,
            "A.II",
            20,
            30,
            OrderIssuer.KETUA_PN,
            OrderIssuer.KETUA_PN,
            "Pasal 25",
        ),
        Stage(
            DetentionAuthority.HAKIM_PN,
            "A.III",
            30,
            60,
            OrderIssuer.KETUA_PN,
            OrderIssuer.KETUA_PT,
            "Pasal 26",
        ),
        Stage(
            DetentionAuthority.HAKIM_PT,
            "A.IV",
            30,
            60,
            OrderIssuer.KETUA_PT,
            OrderIssuer.KETUA_MA,
            "Pasal 27",
        ),
        Stage(
            DetentionAuthority.HAKIM_MA,
            "A.V",
            50,
            60,
            OrderIssuer.KETUA_MA,
            OrderIssuer.KETUA_MA,
            "Pasal 28",
        ),
    )
}
STAGE_ORDER = list(STAGES)

# THE CHILDREN'S TABLE. A child (Anak: under 18 on the day of the offence, UU 11/2012 Pasal 1
# angka 3 and Pasal 20) is detained for much shorter periods, each extended once, and the SPPA has
# no exceptional extension like KUHAP Pasal 29: when a period ends the child is released by law
# (Pasal 33 ayat (3), 34 ayat (3), 35 ayat (3), 37 ayat (3), 38 ayat (3)). The periods, from
# UU 11/2012 as commonly published (not checked here against the official gazette): penyidik 7 +
# 8 by the prosecutor (Pasal 33); prosecutor 5 + 5 by the district court judge (Pasal 34);
# district court 10 + 15 by its chief (Pasal 35); high court 10 + 15 by its chief (Pasal 37);
# Supreme Court 15 + 20 by its chief (Pasal 38). UU 20/2025 leaves the SPPA in force as the lex
# specialis for children.
CHILD_LAW = "UU 11/2012"
CHILD_LAW_CITATION = "UU 11/2012 (SPPA) Pasal 33-38"
CHILD_STAGES: dict[str, Stage] = {
    s.authority.value: s
    for s in (
        Stage(
            DetentionAuthority.PENYIDIK,
            "A.I",
            7,
            8,
            OrderIssuer.PENUNTUT_UMUM,
            OrderIssuer.PENUNTUT_UMUM,
            "Pasal 33",
            CHILD_LAW,
        ),
        Stage(
            DetentionAuthority.PENUNTUT_UMUM,
            "A.II",
            5,
            5,
            OrderIssuer.HAKIM_PN,
            OrderIssuer.HAKIM_PN,
            "Pasal 34",
            CHILD_LAW,
        ),
        Stage(
            DetentionAuthority.HAKIM_PN,
            "A.III",
            10,
            15,
            OrderIssuer.KETUA_PN,
            OrderIssuer.KETUA_PN,
            "Pasal 35",
            CHILD_LAW,
        ),
        Stage(
            DetentionAuthority.HAKIM_PT,
            "A.IV",
            10,
            15,
            OrderIssuer.KETUA_PT,
            OrderIssuer.KETUA_PT,
            "Pasal 37",
            CHILD_LAW,
        ),
        Stage(
            DetentionAuthority.HAKIM_MA,
            "A.V",
            15,
            20,
            OrderIssuer.KETUA_MA,
            OrderIssuer.KETUA_MA,
            "Pasal 38",
            CHILD_LAW,
        ),
    )
}


def stages_for(*, child: bool) -> dict[str, Stage]:
    """The periods that apply: the children's (UU 11/2012) or the adults' (KUHAP)."""
    return CHILD_STAGES if child else STAGES


EXCEPTIONAL_DAYS = 30  # Pasal 29 ayat (2): at most 30 days, once more at most 30 days
EXCEPTIONAL_COUNT = 2
LAW = "UU 8/1981"
LAW_CITATION = "UU 8/1981 (KUHAP) Pasal 24-29"


def expiry(start: date, days: int) -> date:
    """The last day of lawful detention of an order of `days` days from `start`."""
    if days < 1:
        raise ValueError("an order lasts at least one day")
    return start + timedelta(days=days - 1)


def days_left(expires: date, today: date) -> int:
    """0 on the last day; negative once it has passed."""
    return (expires - today).days


def urgency(expires: date, today: date) -> str:
    """`expired`, `today`, `3` or `10` (days or fewer left), or "" when further off."""
    left = days_left(expires, today)
    if left < 0:
        return "expired"
    if left == 0:
        return "today"
    if left <= 3:
        return "3"
    if left <= 10:
        return "10"
    return ""


@dataclass(frozen=True)
class Order:
    """What the rules need of a recorded or proposed order."""

    authority: str
    issuer: str
    kind: str
    start: date
    days: int
    ground: str = ""

    @property
    def expires(self) -> date:
        return expiry(self.start, self.days)


class DetentionRuleError(ValueError):
    """A refused order: `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _authority_label(value: str) -> str:
    return str(DetentionAuthority(value).label)


def _issuer_label(value: str) -> str:
    return str(OrderIssuer(value).label)


def check_order(
    chain: Sequence[Order], new: Order, *, is_tahanan: bool, is_child: bool = False
) -> None:
    """Refuse `new` (raise DetentionRuleError with the rule in plain words) unless it may follow
    `chain` (the resident's recorded orders, oldest first). Returns nothing when it may.
    `is_child`: the child's periods of UU 11/2012 apply instead of KUHAP's."""
    if not is_tahanan:
        raise DetentionRuleError(
            "authority",
            _(
                "Detention orders are recorded only for a remand prisoner (tahanan); a sentenced "
                "prisoner is held on the court's judgment, not on a detention order."
            ),
        )
    if new.days < 1:
        raise DetentionRuleError("days", _("An order lasts at least one day."))
    stage = stages_for(child=is_child)[new.authority]
    stage_name = _authority_label(new.authority)
    current = chain[-1] if chain else None
    same_stage = [o for o in chain if o.authority == new.authority]

    if new.kind == OrderKind.ORDER:
        if new.issuer != new.authority:
            raise DetentionRuleError(
                "issuer",
                _("The detention order of the stage %(stage)s is issued by %(issuer)s.")
                % {"stage": stage_name, "issuer": _issuer_label(new.authority)},
            )
        if new.days > stage.order_days:
            raise DetentionRuleError(
                "days",
                _(
                    "A detention order of %(stage)s lasts at most %(max)d days "
                    "(%(article)s ayat (1) %(law)s)."
                )
                % {
                    "stage": stage_name,
                    "max": stage.order_days,
                    "article": stage.article,
                    "law": stage.law,
                },
            )
        if current is not None and STAGE_ORDER.index(new.authority) < STAGE_ORDER.index(
            current.authority
        ):
            raise DetentionRuleError(
                "authority",
                _("The case is already at the stage %(current)s; it cannot go back to %(stage)s.")
                % {"current": _authority_label(current.authority), "stage": stage_name},
            )
        if same_stage:
            raise DetentionRuleError(
                "kind",
                _(
                    "The stage %(stage)s already has its detention order; "
                    "record an extension instead."
                )
                % {"stage": stage_name},
            )
        if current is not None:
            if new.start > current.expires + timedelta(days=1):
                raise DetentionRuleError(
                    "start",
                    _(
                        "The order starts after a gap: the previous order ended on %(end)s, so "
                        "detention without an order would lie in between. The new order must "
                        "start on the day after at the latest."
                    )
                    % {"end": _format(current.expires)},
                )
            if new.start < current.start:
                raise DetentionRuleError(
                    "start",
                    _("The order cannot start before the previous order (%(start)s).")
                    % {"start": _format(current.start)},
                )
        return

    # An extension of the current stage.
    if current is None or current.authority != new.authority:
        raise DetentionRuleError(
            "kind",
            _("Only the current detention can be extended: record the order of %(stage)s first.")
            % {"stage": stage_name},
        )
    if new.start != current.expires + timedelta(days=1):
        raise DetentionRuleError(
            "start",
            _(
                "An extension starts on the day after the order it extends ends: %(day)s "
                "(the order ends on %(end)s)."
            )
            % {
                "day": _format(current.expires + timedelta(days=1)),
                "end": _format(current.expires),
            },
        )
    if new.kind == OrderKind.EXTENSION:
        if new.issuer != stage.extension_by:
            raise DetentionRuleError(
                "issuer",
                _(
                    "The detention of %(stage)s is extended by %(issuer)s "
                    "(%(article)s ayat (2) %(law)s)."
                )
                % {
                    "stage": stage_name,
                    "issuer": _issuer_label(stage.extension_by),
                    "article": stage.article,
                    "law": stage.law,
                },
            )
        if any(o.kind == OrderKind.EXCEPTIONAL for o in same_stage):
            raise DetentionRuleError(
                "kind",
                _("After an exceptional extension only another exceptional extension may follow."),
            )
        used = sum(o.days for o in same_stage if o.kind == OrderKind.EXTENSION)
        if used + new.days > stage.extension_days:
            raise DetentionRuleError(
                "days",
                _(
                    "The detention of %(stage)s may be extended by at most %(max)d days "
                    "(%(article)s ayat (2) %(law)s); %(used)d already granted, %(left)d left."
                )
                % {
                    "stage": stage_name,
                    "max": stage.extension_days,
                    "article": stage.article,
                    "law": stage.law,
                    "used": used,
                    "left": stage.extension_days - used,
                },
            )
        return

    if is_child:
        raise DetentionRuleError(
            "kind",
            _(
                "A child's detention has no exceptional extension (UU 11/2012): when the "
                "period of %(stage)s ends, the child is released by law."
            )
            % {"stage": stage_name},
        )
    # Pasal 29: beyond the limits of Pasal 24-28, twice at most 30 days, on a stated ground.
    if new.issuer != stage.exceptional_by:
        raise DetentionRuleError(
            "issuer",
            _(
                "An exceptional extension at the stage %(stage)s is given by %(issuer)s "
                "(Pasal 29 UU 8/1981)."
            )
            % {"stage": stage_name, "issuer": _issuer_label(stage.exceptional_by)},
        )
    if not new.ground:
        raise DetentionRuleError(
            "ground",
            _(
                "An exceptional extension needs its ground: a severe illness shown by a doctor's "
                "certificate, or an offence punishable by 9 years or more (Pasal 29 UU 8/1981)."
            ),
        )
    if not any(o.kind == OrderKind.EXTENSION for o in same_stage):
        raise DetentionRuleError(
            "kind",
            _(
                "An exceptional extension comes only after the regular extension of the stage "
                "(Pasal 29 UU 8/1981: beyond the periods of Pasal 24-28)."
            ),
        )
    if new.days > EXCEPTIONAL_DAYS:
        raise DetentionRuleError(
            "days",
            _("An exceptional extension lasts at most %(max)d days (Pasal 29 ayat (2) UU 8/1981).")
            % {"max": EXCEPTIONAL_DAYS},
        )
    if sum(1 for o in same_stage if o.kind == OrderKind.EXCEPTIONAL) >= EXCEPTIONAL_COUNT:
        raise DetentionRuleError(
            "kind",
            _(
                "The stage %(stage)s has had its two exceptional extensions "
                "(Pasal 29 ayat (2) UU 8/1981); no further extension is lawful: "
                "the detainee must be released."
            )
            % {"stage": stage_name},
        )


def _format(value: date) -> str:
    return format_date(value, weekday=False)
