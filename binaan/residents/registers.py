"""Which register code (buku register) fits a resident: one rule, used by the form and the import.

Register A is for tahanan, by the authority that detains them (A.I investigator, A.II prosecutor,
A.III district court, A.IV high court, A.V Supreme Court). Register B is for narapidana, by the
sentence the court imposed (not shortened by remission, not lengthened by a subsider):

* B.I — imprisonment of more than 1 year (life and death sentences are kept in B.I too);
* B.IIa — more than 3 months up to 1 year;
* B.IIb — 3 months or less;
* B.III — kurungan (confinement), whatever its length.

Lengths compare years and months as months and then days (1 year = 12 months), the way a
verdict words them, so "1 year" is B.IIa and "1 year 1 day" is B.I whatever the calendar.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from binaan.residents.models import CustodyStatus, RegisterCode, SentenceKind
from binaan.residents.stages import sentence_months_and_days

DETENTION_CODES = frozenset(
    {RegisterCode.A_I, RegisterCode.A_II, RegisterCode.A_III, RegisterCode.A_IV, RegisterCode.A_V}
)


def expected_sentence_code(kind: str, years: int, months: int, days: int) -> str | None:
    """The B register of a sentence, or None when no length is recorded yet."""
    if kind == SentenceKind.KURUNGAN:
        return RegisterCode.B_III
    if kind in {SentenceKind.SEUMUR_HIDUP, SentenceKind.MATI}:
        return RegisterCode.B_I
    length = sentence_months_and_days(years, months, days)
    if length == (0, 0):
        return None
    if length > (12, 0):
        return RegisterCode.B_I
    if length > (3, 0):
        return RegisterCode.B_IIA
    return RegisterCode.B_IIB


def register_code_error(
    *, code: str, custody_status: str, kind: str, years: int, months: int, days: int
) -> str | None:
    """Why the code does not fit, in a sentence that states the rule; None when it fits.

    An empty code is allowed (not recorded yet)."""
    if not code:
        return None
    if custody_status == CustodyStatus.TAHANAN:
        if code in DETENTION_CODES:
            return None
        return _(
            "Register %(code)s is for sentenced prisoners; a remand prisoner (tahanan) is "
            "registered in A.I–A.V by the authority that detains them."
        ) % {"code": code}
    if code in DETENTION_CODES:
        return _(
            "Register %(code)s is for remand prisoners (tahanan); a sentenced prisoner is "
            "registered in B.I, B.IIa, B.IIb or B.III."
        ) % {"code": code}
    expected = expected_sentence_code(kind, years, months, days)
    if expected is None or code == expected:
        return None
    rule = {
        RegisterCode.B_I: _("a sentence of more than 1 year, life or death is registered in B.I"),
        RegisterCode.B_IIA: _(
            "a sentence of more than 3 months up to 1 year is registered in B.IIa"
        ),
        RegisterCode.B_IIB: _("a sentence of 3 months or less is registered in B.IIb"),
        RegisterCode.B_III: _("kurungan is registered in B.III"),
    }[RegisterCode(expected)]
    return _("Register %(code)s does not fit this sentence: %(rule)s.") % {
        "code": code,
        "rule": rule,
    }
