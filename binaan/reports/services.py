"""Writes of the reports app: only the audit row of an export (a report leaves the system)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from binaan.core.audit import export_record
from binaan.core.models import AuditEvent

if TYPE_CHECKING:
    from binaan.accounts.models import User
    from binaan.facilities.models import Facility


@transaction.atomic
def report_export_record(
    *,
    kind: str,
    fmt: str,
    month: str,
    facility: Facility | None,
    actor: User | None,
    scope: str = "",
) -> AuditEvent:
    """An `export` event: which report, which month, which format, by whom (UU 27/2022 Pasal 16:
    processing of personal data must be accountable, aggregates included)."""
    label = f"{kind} {month} {fmt}" + (f" ({scope})" if scope else "")
    return export_record(
        fmt=fmt,
        details={"report": kind, "month": month, "scope": scope},
        facility=facility,
        actor=actor,
        object_type=f"reports.{kind}",
        object_repr=label,
    )
