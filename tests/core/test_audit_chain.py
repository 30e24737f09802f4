"""The audit trail's hash chain: written by audit_record, walked by verify_audit.

The tampering tests write raw SQL as someone with the database in hand would. On PostgreSQL the
append-only trigger stops the application role, so they first switch triggers off the way only a
superuser can (`session_replication_role = replica`, local to the test's transaction): the chain
is what catches a superuser.
"""

from __future__ import annotations

import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.loader import MigrationLoader

from binaan.accounts.models import User
from binaan.core.audit import audit_chain_append, audit_chain_verify, audit_record
from binaan.core.auditchain import GENESIS
from binaan.core.context import acting_as
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
)


def _raw(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])


def _verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def _five_events(facility: Facility, officer: User) -> list[AuditEvent]:
    with acting_as(officer, "2001:DB8::1"):
        events = [
            audit_record(
                action=AuditAction.UPDATE,
                facility=facility,
                object_repr=f"Penghuni {i} — ümlaut",
                before={"b": (1, 2), "a": {"z": None, "y": "é"}},
                after={"b": [3], "a": 1.5},
            )
            for i in range(5)
        ]
    return events


def test_rows_are_numbered_and_linked(facility: Facility, officer: User) -> None:
    events = _five_events(facility, officer)
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.row_hash for a, b in zip(events, events[1:], strict=False))
    # Stored as they read back: tuples as lists, IPv6 in its canonical form.
    stored = AuditEvent.objects.get(pk=events[0].pk)
    assert stored.before == {"b": [1, 2], "a": {"z": None, "y": "é"}}
    assert stored.ip_address == events[0].ip_address == "2001:db8::1"


def test_intact_chain_exits_0_with_the_count(facility: Facility, officer: User) -> None:
    events = _five_events(facility, officer)
    audit_chain_append(
        [AuditEvent(facility=facility, action="view", object_repr=f"#{i}") for i in range(3)]
    )
    code, message = _verify()
    assert code == 0
    assert message.startswith("8 rows, chain intact")
    assert f"sequence 8, hash {AuditEvent.objects.get(sequence=8).row_hash}" in message
    assert events[-1].sequence == 5


def test_empty_trail_is_intact() -> None:
    assert _verify() == (0, f"0 rows, chain intact (head: sequence 0, hash {GENESIS})\n")


def test_raw_update_of_after_is_named(facility: Facility, officer: User) -> None:
    events = _five_events(facility, officer)
    _raw('UPDATE core_auditevent SET "after" = %s WHERE id = %s', ['{"a": 2}', events[2].pk])
    code, message = _verify()
    assert code == 1
    assert f"row id {events[2].pk} (sequence 3)" in message
    assert "does not match the row's content" in message
    assert "2 rows before it are intact" in message


def test_raw_delete_of_a_middle_row_is_named(facility: Facility, officer: User) -> None:
    events = _five_events(facility, officer)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    code, message = _verify()
    assert code == 1
    assert f"row id {events[2].pk} (sequence 3)" in message
    assert "sequence 3 follows 1: row(s) 2 deleted" in message


def test_raw_insert_of_a_forged_row_is_named(facility: Facility, officer: User) -> None:
    events = _five_events(facility, officer)
    _raw(
        "INSERT INTO core_auditevent (created_at, actor_username, facility_id, action, "
        "object_type, object_id, object_repr, sequence, prev_hash, row_hash) "
        "VALUES (%s, %s, %s, %s, '', '', %s, %s, %s, %s)",
        [
            "2026-01-01 00:00:00",
            "kepala",
            facility.pk,
            "delete",
            "Penghuni 9",
            6,
            events[-1].row_hash,
            "f" * 64,
        ],
    )
    forged = AuditEvent.objects.get(sequence=6)
    code, message = _verify()
    assert code == 1
    assert f"row id {forged.pk} (sequence 6)" in message and "forged" in message


def test_a_rehashed_row_breaks_the_link_after_it(facility: Facility, officer: User) -> None:
    """Who edits a row and recomputes its hash still breaks the next row's prev_hash."""
    events = _five_events(facility, officer)
    _raw("UPDATE core_auditevent SET row_hash = %s WHERE id = %s", ["0" * 64, events[1].pk])
    code, message = _verify()
    assert code == 1
    assert f"row id {events[1].pk} (sequence 2)" in message


def test_backfill_chains_rows_written_before_the_chain(facility: Facility, officer: User) -> None:
    events = _five_events(facility, officer)
    # Unchained rows, as before the migration: out-of-range numbers and no hashes.
    _raw("UPDATE core_auditevent SET sequence = sequence + 1000, prev_hash = '', row_hash = ''")
    assert audit_chain_verify().broken is not None
    migration = MigrationLoader(connection).get_migration("core", "0005_audit_chain_backfill")
    state = MigrationLoader(connection).project_state(("core", "0005_audit_chain_backfill"))

    class Editor:
        def __init__(self) -> None:
            self.connection = connection

        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    migration.operations[0].code(state.apps, Editor())  # type: ignore[attr-defined]
    report = audit_chain_verify()
    assert report.broken is None and report.count == len(events)
    assert list(AuditEvent.objects.order_by("id").values_list("sequence", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


@postgresql_only
def test_postgresql_refuses_truncate(facility: Facility) -> None:
    audit_record(action=AuditAction.VIEW, facility=facility, object_repr="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            # Else PostgreSQL refuses for the queued foreign-key checks, not for the trigger.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE core_auditevent")
    assert AuditEvent.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(2))
def test_concurrent_writers_never_fork_the_chain(facility: Facility, round_: int) -> None:
    threads_count, per_thread = 8, 5
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            for i in range(per_thread):
                with transaction.atomic():
                    audit_record(action=AuditAction.VIEW, facility=facility, object_repr=f"{n}/{i}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    total = threads_count * per_thread
    assert sorted(AuditEvent.objects.values_list("sequence", flat=True)) == list(
        range(1, total + 1)
    )
    report = audit_chain_verify()
    assert report.broken is None and report.count == total
