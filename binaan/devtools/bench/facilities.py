"""Benchmarks of the shell: dashboard and audit trail on a facility with many audit events."""

from __future__ import annotations

from django.conf import settings

from binaan.accounts.models import FACILITY_ROLES, Membership, User
from binaan.core.audit import audit_chain_append
from binaan.core.models import AuditEvent
from binaan.devtools.benchmarking import BenchResult, measure, page_client
from binaan.facilities.models import Facility, RegionalOffice


def benchmark() -> list[BenchResult]:
    office = RegionalOffice.objects.create(name="Bench Kanwil", code="BENCH-KW", province="-")
    facility = Facility.objects.create(
        regional_office=office, type="rutan", name="Bench Rutan", code="BENCH-RT"
    )
    user = User.objects.create(username="bench-user")
    Membership.objects.bulk_create(
        Membership(user=user, facility=facility, role=role) for role in FACILITY_ROLES
    )
    audit_chain_append(
        [
            AuditEvent(facility=facility, action="view", object_type="bench", object_repr=f"#{i}")
            for i in range(20_000)
        ]
    )
    client = page_client(user)
    assert settings.ALLOWED_HOSTS  # noqa: S101
    return [
        measure("shell: dashboard", lambda: client.get("/")),
        measure("shell: audit trail, 20,000 events, page 1", lambda: client.get("/audit/")),
        measure("shell: audit trail, filtered", lambda: client.get("/audit/?action=view&page=5")),
    ]
