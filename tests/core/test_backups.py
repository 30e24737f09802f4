"""A backup restores: every table's row count and the attendance and audit content come back
the same, on SQLite and on PostgreSQL (whichever DATABASE_URL the suite runs on)."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import load_backend

from binaan.accounts.models import Role
from binaan.attendance import services as attendance_services
from binaan.attendance.models import Attendance
from binaan.core import backups
from binaan.core.models import AuditEvent
from binaan.facilities.models import Facility
from tests.factories import att_session_with_roster, user_with_roles

# Committed for real: the backup reads the database from outside the test transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_reasons")]


def _populate(facility: Facility) -> None:
    officer = user_with_roles(facility, Role.OFFICER)
    for _ in range(2):
        session = att_session_with_roster(facility, 5)
        roster = list(session.program.enrollments.values_list("resident_id", flat=True))
        attendance_services.register_save(
            session=session,
            marks={r: ("hadir" if i % 2 else "sakit", "") for i, r in enumerate(roster)},
            expected_version=0,
            user=officer,
        )


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - our own table names
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _content(cursor: Any, table: str) -> str:
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608 - our own table names
    return hashlib.sha256(repr([tuple(row) for row in cursor.fetchall()]).encode()).hexdigest()


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[backups.Target]:
    source = backups.Target.from_settings(connection.settings_dict)
    if source.vendor == "sqlite":
        yield backups.Target(vendor="sqlite", name=str(tmp_path / "restored.sqlite3"))
        return
    name = f"binaan_restore_test_{os.getpid()}"
    admin = backups.Target(**{**vars(source), "name": "postgres"})
    backups._pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}"')
    backups._pg_admin(admin, f'CREATE DATABASE "{name}"')
    try:
        yield backups.Target(**{**vars(source), "name": name})
    finally:
        backups._pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}"')


def test_backup_restores_every_table_and_the_media(
    facility: Facility, empty_target: backups.Target, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "residents").mkdir(parents=True)
    (tmp_path / "media" / "residents" / "photo.jpg").write_bytes(b"\xff\xd8 not really a photo")
    _populate(facility)
    assert Attendance.objects.count() == 10
    assert AuditEvent.objects.count() > 0
    archive = tmp_path / "binaan.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())

    restored_media = tmp_path / "restored-media"
    backups.restore(archive, target=empty_target, media_root=restored_media)
    tables = backups.model_tables()
    with connection.cursor() as cursor:
        source_counts = _counts(cursor, tables)
        source_content = {
            t: _content(cursor, t) for t in ("attendance_attendance", "core_auditevent")
        }
    # Read the restored database through Django too, so values convert the same way on both sides.
    backend = load_backend(connection.settings_dict["ENGINE"])
    restored = backend.DatabaseWrapper(
        {**connection.settings_dict, "NAME": empty_target.name}, alias="restored"
    )
    try:
        with restored.cursor() as cursor:
            assert _counts(cursor, tables) == source_counts
            for table, digest in source_content.items():
                assert _content(cursor, table) == digest, table
    finally:
        restored.close()
    assert source_counts["attendance_attendance"] == 10
    assert (
        restored_media / "residents" / "photo.jpg"
    ).read_bytes() == b"\xff\xd8 not really a photo"


def test_restore_refuses_a_database_with_tables(facility: Facility, tmp_path: Path) -> None:
    archive = tmp_path / "binaan.tar.gz"
    backups.backup(archive, media_root=tmp_path / "none")
    live = backups.Target.from_settings(connection.settings_dict)
    with pytest.raises(backups.BackupError, match="sudah berisi tabel"):
        backups.restore(archive, target=live)


def test_restore_refuses_another_kind_of_database(facility: Facility, tmp_path: Path) -> None:
    archive = tmp_path / "binaan.tar.gz"
    manifest = backups.backup(archive, media_root=tmp_path / "none")
    other = "postgresql" if manifest["vendor"] == "sqlite" else "sqlite"
    with pytest.raises(backups.BackupError, match="tidak dapat dipulihkan"):
        backups.restore(archive, target=backups.Target(vendor=other, name=str(tmp_path / "x")))


def test_restore_detects_a_changed_archive(
    facility: Facility, empty_target: backups.Target, tmp_path: Path
) -> None:
    _populate(facility)
    archive = tmp_path / "binaan.tar.gz"
    backups.backup(archive, media_root=tmp_path / "none")
    # Tamper with the manifest's promise for the attendance table: the restore must notice.
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            assert data is not None
            content = data.read()
            if member.name == backups.MANIFEST:
                content = content.replace(b'"rows": 10', b'"rows": 11', 1)
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(backups.BackupError, match="attendance_attendance"):
        backups.restore(forged, target=empty_target)


def test_restore_command_reports_a_bad_archive(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="entri yang tidak aman"):
        call_command("restore", str(bogus), "--database-url", f"sqlite:///{tmp_path / 'r.db'}")
