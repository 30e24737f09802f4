"""Who may join a program: each non-empty rule of the program must hold for the resident."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from binaan.residents.models import CustodyStatus, Religion, ResidentState, Sex

if TYPE_CHECKING:
    from binaan.programs.models import Program
    from binaan.residents.models import Resident


def _labels(choices: type[Sex] | type[Religion] | type[CustodyStatus], values: list[str]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values)


def eligibility_failures(program: Program, resident: Resident, block_ids: set[int]) -> list[str]:
    """The rules the resident fails, as sentences to show; empty when eligible.

    `block_ids` are the program's blocks (passed in so bulk checks do not query per resident).
    """
    failures: list[str] = []
    if resident.facility_id != program.facility_id:
        failures.append(_("The resident is held at another facility."))
    if resident.state != ResidentState.ACTIVE:
        failures.append(
            _("The resident is no longer held here (%(state)s).")
            % {"state": resident.get_state_display()}
        )
    if program.sexes and resident.sex not in program.sexes:
        failures.append(
            _("The program is only for %(allowed)s; the resident is %(value)s.")
            % {"allowed": _labels(Sex, program.sexes), "value": resident.get_sex_display()}
        )
    if program.religions and resident.religion not in program.religions:
        failures.append(
            _("The program is only for the religion(s) %(allowed)s; the resident's is %(value)s.")
            % {
                "allowed": _labels(Religion, program.religions),
                "value": resident.get_religion_display() or _("not recorded"),
            }
        )
    if program.custody_statuses and resident.custody_status not in program.custody_statuses:
        failures.append(
            _("The program is only for %(allowed)s; the resident is %(value)s.")
            % {
                "allowed": _labels(CustodyStatus, program.custody_statuses),
                "value": resident.get_custody_status_display(),
            }
        )
    if block_ids and resident.block_id not in block_ids:
        failures.append(
            _("The program is only for residents of its blocks; the resident lives in %(block)s.")
            % {"block": resident.block or _("no block")}
        )
    return failures


def eligibility_words(program: Program) -> str:
    """Who may join, in words: "Perempuan · Islam · Blok Wanita", or "Semua warga binaan"."""
    parts = [
        _labels(choices, values)
        for choices, values in (
            (Sex, program.sexes),
            (Religion, program.religions),
            (CustodyStatus, program.custody_statuses),
        )
        if values
    ]
    blocks = [str(block) for block in program.blocks.all()]
    if blocks:
        parts.append(", ".join(blocks))
    return " · ".join(parts) if parts else _("All residents")


def eligible_filter(program: Program, block_ids: set[int]) -> Q:
    """The same rules as one SQL condition on Resident, for lists and bulk enrolment."""
    condition = Q(facility_id=program.facility_id, state=ResidentState.ACTIVE)
    if program.sexes:
        condition &= Q(sex__in=program.sexes)
    if program.religions:
        condition &= Q(religion__in=program.religions)
    if program.custody_statuses:
        condition &= Q(custody_status__in=program.custody_statuses)
    if block_ids:
        condition &= Q(block_id__in=block_ids)
    return condition
