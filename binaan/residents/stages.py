"""Key dates of a prison sentence and the pembinaan stage a resident is in.

Pure date arithmetic, deliberately free of Django so the rules can be tested
exhaustively and reused from models, views, reports and management commands alike.

Sources for the fractions used below:

* PP 31/1999 (Pembinaan dan Pembimbingan Warga Binaan Pemasyarakatan) divides
  pembinaan into tahap awal, tahap lanjutan and tahap akhir, with the boundaries
  at 1/3, 1/2 and 2/3 of the masa pidana; tahap lanjutan is split at 1/2 into two parts.
* Permenkumham 3/2018 as last amended by Permenkumham 7/2022 sets when the
  integration programmes open: asimilasi after 1/2 of the masa pidana, pembebasan
  bersyarat (PB) after 2/3 provided that 2/3 is at least 9 months (Pasal 82), and cuti
  bersyarat (CB) after 2/3 only for those sentenced to at most 1 year 6 months.

The other requirements of those programmes (conduct, Litmas, guarantor, crime-specific
conditions) are out of scope: this module only says from when a programme may be
proposed, never whether it will be granted.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

__all__ = ["STAGE_LABELS", "KeyDates", "Stage", "compute"]


class Stage(StrEnum):
    AWAL = "awal"
    LANJUTAN_1 = "lanjutan_1"
    LANJUTAN_2 = "lanjutan_2"
    AKHIR = "akhir"
    SELESAI = "selesai"


# Keyed by plain strings (a StrEnum member hashes as its value), so values read back
# from a CharField look up without converting to Stage first.
STAGE_LABELS: dict[str, str] = {
    Stage.AWAL: "Tahap awal",
    Stage.LANJUTAN_1: "Tahap lanjutan I",
    Stage.LANJUTAN_2: "Tahap lanjutan II",
    Stage.AKHIR: "Tahap akhir",
    Stage.SELESAI: "Selesai",
}

# PB requires the 2/3 served to amount to at least 9 months (Permenkumham 3/2018
# Pasal 82; the regulation as amended by Permenkumham 7/2022).
_PB_MIN_SERVED = relativedelta(months=9)

# CB is reserved for sentences of at most 1 year 6 months (Permenkumham 3/2018 as
# amended by 7/2022).
_CB_MAX_SENTENCE = relativedelta(years=1, months=6)


@dataclass(frozen=True, slots=True)
class KeyDates:
    expiry: date
    one_third: date
    half: date
    two_thirds: date
    asimilasi_from: date
    pb_from: date | None
    cb_from: date | None
    stage: Stage | None


def _fraction_date(start: date, total_days: int, k: int, n: int) -> date:
    # Rounded up because a fraction of the sentence counts as served only once the
    # whole day containing it has been served. Integer ceiling keeps the result
    # independent of float rounding.
    return start + timedelta(days=-(-total_days * k // n))


def _stage_on(on: date, one_third: date, half: date, two_thirds: date, expiry: date) -> Stage:
    # Each boundary date already belongs to the later stage: on the 1/3 date that
    # fraction has been served, which is when PP 31/1999 ends tahap awal.
    if on < one_third:
        return Stage.AWAL
    if on < half:
        return Stage.LANJUTAN_1
    if on < two_thirds:
        return Stage.LANJUTAN_2
    if on < expiry:
        return Stage.AKHIR
    return Stage.SELESAI


def compute(
    sentence_start: date,
    years: int,
    months: int,
    days: int,
    remission_days: int = 0,
    on: date | None = None,
) -> KeyDates:
    """Key dates of a sentence, and the stage on ``on`` when given.

    The fractions are taken of the sentence *after* remission, because remission
    shortens the masa pidana that the fractions are defined against. The CB length
    limit, however, is about the sentence the court imposed, so it ignores remission.
    """
    if min(years, months, days, remission_days) < 0:
        raise ValueError("sentence parts and remission_days must not be negative")

    # Calendar arithmetic rather than fixed day counts, since verdicts are worded in
    # years and months and those vary in length (leap years, 31 January + 1 month).
    sentence = relativedelta(years=years, months=months, days=days)
    full_expiry = sentence_start + sentence
    full_days = (full_expiry - sentence_start).days
    if full_days == 0:
        raise ValueError("sentence length must be positive")
    if remission_days >= full_days:
        raise ValueError(
            f"remission_days ({remission_days}) must be less than the sentence ({full_days} days)"
        )

    expiry = full_expiry - timedelta(days=remission_days)
    total = (expiry - sentence_start).days
    one_third = _fraction_date(sentence_start, total, 1, 3)
    half = _fraction_date(sentence_start, total, 1, 2)
    two_thirds = _fraction_date(sentence_start, total, 2, 3)

    pb_from = two_thirds if sentence_start + _PB_MIN_SERVED <= two_thirds else None
    # Lengths in months and days are compared on the resident's own calendar, so that
    # exactly 1 year 6 months qualifies whatever month the sentence starts in.
    is_short = full_expiry <= sentence_start + _CB_MAX_SENTENCE
    cb_from = two_thirds if is_short else None

    return KeyDates(
        expiry=expiry,
        one_third=one_third,
        half=half,
        two_thirds=two_thirds,
        asimilasi_from=half,
        pb_from=pb_from,
        cb_from=cb_from,
        stage=None if on is None else _stage_on(on, one_third, half, two_thirds, expiry),
    )
