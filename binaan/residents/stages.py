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

Children (Anak, UU 11/2012 on the juvenile justice system, SPPA):

* UU 11/2012 Pasal 1 angka 3: an Anak in conflict with the law is 12 and not yet 18 years old
  when the offence was committed; Pasal 20: an offence committed before 18 is tried as an
  Anak's even when the person has turned 18 since. So whether a sentence is a child's is
  decided by the age on the day of the offence, not by today's age.
* UU 11/2012 Pasal 81 ayat (4): an Anak who has served 1/2 of the time in the LPKA and behaved
  well is entitled to pembebasan bersyarat. Permenkumham 3/2018 (as amended by 7/2022) follows
  it for Anak: PB after 1/2 of the masa pidana, without the adults' rule that the part served
  must amount to 9 months. Verified for this module: the adults' Pasal 82 wording (2/3, at
  least 9 months) and that LPKA grant PB to Anak after 1/2; the number of the Permenkumham
  article for Anak was not checked against the official text, so it is not cited here.
* Asimilasi and CB are computed as for adults (1/2 and 2/3); a shorter asimilasi threshold for
  Anak was not verified and is deliberately not applied.

Kurungan in lieu of an unpaid fine (pidana kurungan pengganti denda, "subsider"; KUHP 1946
Pasal 30, and UU 1/2023 Pasal 81–82 for offences under the new KUHP): it is served after the
prison sentence only when the fine is not paid, so it moves the expiry but not the fractions,
which are of the masa pidana the court imposed.

Life (seumur hidup) and death (mati) sentences have no expiry and no fractions: there is
nothing to compute until a change of sentence (grasi, or UU 1/2023 Pasal 69: life changed to
20 years) gives a fixed term; callers pass that term here.

The other requirements of those programmes (conduct, Litmas, guarantor, crime-specific
conditions) are out of scope: this module only says from when a programme may be
proposed, never whether it will be granted.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

__all__ = [
    "ADULT_AGE",
    "STAGE_LABELS",
    "KeyDates",
    "Stage",
    "adult_on",
    "age_on",
    "compute",
    "is_child_on",
    "sentence_months_and_days",
]


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


# UU 11/2012 Pasal 1 angka 3 (and UU 35/2014 on child protection): a child is under 18.
ADULT_AGE = 18


def adult_on(birth_date: date) -> date:
    """The 18th birthday. Someone born on 29 February becomes adult on 1 March of a common year
    (the 18 years are complete only once 28 February has passed); the later date keeps the
    protections of a child for the one doubtful day."""
    birthday = birth_date + relativedelta(years=ADULT_AGE)
    if (birth_date.month, birth_date.day) == (2, 29) and birthday.day == 28:
        birthday += timedelta(days=1)
    return birthday


def is_child_on(birth_date: date, on: date) -> bool:
    return on < adult_on(birth_date)


def age_on(birth_date: date, on: date) -> int:
    """Completed years on ``on`` (0 before the first birthday). The day and month compared as
    numbers, so 29 February turns a year older on 1 March of a common year, as in adult_on."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return max(on.year - birth_date.year - int(before_birthday), 0)


def sentence_months_and_days(years: int, months: int, days: int) -> tuple[int, int]:
    """A sentence's length as (months, days), the way register codes compare lengths."""
    return years * 12 + months, days


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
    *,
    child: bool = False,
    subsider_days: int = 0,
) -> KeyDates:
    """Key dates of a sentence, and the stage on ``on`` when given.

    The fractions are taken of the sentence *after* remission, because remission
    shortens the masa pidana that the fractions are defined against. The CB length
    limit, however, is about the sentence the court imposed, so it ignores remission.
    ``child``: the sentence is an Anak's (UU 11/2012): PB from 1/2, no 9-month minimum.
    ``subsider_days``: kurungan in lieu of an unpaid fine, served after the sentence; it
    moves the expiry only (the stage "selesai" starts when it has been served too).
    """
    if min(years, months, days, remission_days, subsider_days) < 0:
        raise ValueError("sentence parts, remission_days and subsider_days must not be negative")

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

    served_until = full_expiry - timedelta(days=remission_days)
    total = (served_until - sentence_start).days
    expiry = served_until + timedelta(days=subsider_days)
    one_third = _fraction_date(sentence_start, total, 1, 3)
    half = _fraction_date(sentence_start, total, 1, 2)
    two_thirds = _fraction_date(sentence_start, total, 2, 3)

    if child:
        pb_from: date | None = half
    else:
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
