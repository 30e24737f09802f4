"""Who may join a program: each non-empty rule of the program must hold for the resident."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from binaan.core.dates import facility_today
from binaan.residents.models import Religion, ResidentGroup, ResidentState, Sex
from binaan.residents.selectors import children_on

if TYPE_CHECKING:
    from binaan.programs.models import Program
    from binaan.residents.models import Resident


def _labels(choices: type[Sex] | type[Religion] | type[ResidentGroup], values: list[str]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values)


def _in_groups(program: Program, resident: Resident, on: date | None) -> bool:
    # A group is a legal status, or "anak": a child on the day of the check (UU 11/2012), so a
    # detained child fits a program for tahanan and one for children alike.
    if resident.custody_status in program.custody_statuses:
        return True
    if ResidentGroup.ANAK in program.custody_statuses:
        return resident.is_child_on(on or facility_today(program.facility))
    return False


def _resident_groups(resident: Resident, on: date | None, program: Program) -> str:
    value = str(resident.get_custody_status_display())
    if ResidentGroup.ANAK in program.custody_statuses:
        adult = not resident.is_child_on(on or facility_today(program.facility))
        value += ", " + (_("not a child (18 or older)") if adult else str(ResidentGroup.ANAK.label))
    return value


def eligibility_failures(
    program: Program, resident: Resident, block_ids: set[int], on: date | None = None
) -> list[str]:
    """The rules the resident fails, as sentences to show; empty when eligible.

    `block_ids` are the program's blocks (passed in so bulk checks do not query per resident);
    `on` is the day that decides who is a child (default: the facility's today).
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
    if program.custody_statuses and not _in_groups(program, resident, on):
        failures.append(
            _("The program is only for %(allowed)s; the resident is %(value)s.")
            % {
                "allowed": _labels(ResidentGroup, program.custody_statuses),
                "value": _resident_groups(resident, on, program),
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
            (ResidentGroup, program.custody_statuses),
        )
        if values
    ]
    blocks = [str(block) for block in program.blocks.all()]
    if blocks:
        parts.append(", ".join(blocks))
    return " · ".join(parts) if parts else _("All residents")


def eligible_filter(program: Program, block_ids: set[int], on: date | None = None) -> Q:
    """The same rules as one SQL condition on Resident, for lists and bulk enrolment."""
    condition = Q(facility_id=program.facility_id, state=ResidentState.ACTIVE)
    if program.sexes:
        condition &= Q(sex__in=program.sexes)
    if program.religions:
        condition &= Q(religion__in=program.religions)
    if program.custody_statuses:
        groups = Q(custody_status__in=program.custody_statuses)
        if ResidentGroup.ANAK in program.custody_statuses:
            groups |= children_on(on or facility_today(program.facility))
        condition &= groups
    if block_ids:
        condition &= Q(block_id__in=block_ids)
    return condition
