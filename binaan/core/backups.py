"""Backups that are proven to restore: the database and the uploaded files in one archive.

`python manage.py backup FILE` writes a tar.gz with
- the database: SQLite through its online backup API (consistent while officers keep working),
  PostgreSQL through `pg_dump --format=custom`;
- `media/`: every uploaded file under MEDIA_ROOT;
- `manifest.json`: the row count and a SHA-256 of the content of every table, so that a restore
  can prove it gave back what was saved.
`python manage.py restore FILE --database-url URL` restores into an empty database (refusing a
database that already has tables, unless --force) and then checks every table against the
manifest. A backup restores only into the same kind of database it came from.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import environ
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
# Archive members are read back only from our own archives; these bounds stop a crafted one.
MAX_MEMBERS = 200_000
MAX_UNPACKED_BYTES = 50 * 1024**3


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class TableCheck:
    rows: int
    sha256: str


def model_tables() -> list[str]:
    """Every table of the installed apps (models, auto-created m2m tables, Django's own)."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    tables.add("django_migrations")
    return sorted(tables)


def _rows_digest(cursor: Any, table: str, quote: str) -> TableCheck:
    cursor.execute(f"SELECT * FROM {quote}{table}{quote}")  # noqa: S608 - names from the app registry
    rows = cursor.fetchall()
    # Order-independent of the physical order: hash each row, then the sorted row hashes.
    digests = sorted(hashlib.sha256(repr(tuple(row)).encode()).hexdigest() for row in rows)
    return TableCheck(rows=len(rows), sha256=hashlib.sha256("".join(digests).encode()).hexdigest())


def table_checks(cursor: Any, tables: Iterable[str], *, vendor: str) -> dict[str, TableCheck]:
    quote = '"'
    existing = set(_existing_tables(cursor, vendor))
    return {t: _rows_digest(cursor, t, quote) for t in tables if t in existing}


def _existing_tables(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
    return [row[0] for row in cursor.fetchall()]


# --- database connection details -----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    vendor: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, db: dict[str, Any]) -> Target:
        vendor = "sqlite" if "sqlite" in db["ENGINE"] else "postgresql"
        return cls(
            vendor=vendor,
            name=str(db["NAME"]),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
            host=str(db.get("HOST") or ""),
            port=str(db.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Target:
        return cls.from_settings(environ.Env.db_url_config(url))

    def pg_args(self) -> list[str]:
        args = ["--dbname", self.name]
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self) -> Any:
        if self.vendor == "sqlite":
            return sqlite3.connect(self.name)
        import psycopg

        return psycopg.connect(
            dbname=self.name,
            user=self.user or None,
            password=self.password or None,
            host=self.host or None,
            port=self.port or None,
        )


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    raise BackupError(_("%(tool)s is not installed on this server.") % {"tool": name})


# --- backup ---------------------------------------------------------------------------------------


def _media_files(media_root: Path) -> Iterator[Path]:
    if media_root.is_dir():
        for path in sorted(media_root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def backup(destination: Path, *, media_root: Path | None = None) -> dict[str, Any]:
    """Writes the archive; returns its manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Target.from_settings(connection.settings_dict)
    with tempfile.TemporaryDirectory(prefix="binaan-backup-") as work:
        work_dir = Path(work)
        if target.vendor == "sqlite":
            copy = work_dir / SQLITE_MEMBER
            connection.ensure_connection()
            source = connection.connection
            with closing(sqlite3.connect(copy)) as dest:
                source.backup(dest)  # SQLite's online backup API: a consistent copy
            with closing(sqlite3.connect(copy)) as check:
                checks = table_checks(check.cursor(), model_tables(), vendor="sqlite")
            member = SQLITE_MEMBER
        else:
            copy = work_dir / POSTGRES_MEMBER
            # One snapshot: pg_dump reads inside a single repeatable-read transaction.
            subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(copy)]
                + target.pg_args(),
                check=True,
                capture_output=True,
                env=target.pg_env(),
            )
            # The manifest is computed from a restore of the dump itself, so it describes
            # exactly what the archive holds (the live database moves on while we count).
            checks = _checks_of_pg_dump(copy, target)
            member = POSTGRES_MEMBER
        manifest: dict[str, Any] = {
            "format": 1,
            "created_at": timezone.now().isoformat(),
            "vendor": target.vendor,
            "database": member,
            "tables": {name: vars(check) for name, check in checks.items()},
            "media": [str(p.relative_to(media_root)) for p in _media_files(media_root)],
        }
        destination.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(destination, "w:gz") as archive:
            archive.add(copy, arcname=member)
            for path in _media_files(media_root):
                archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return manifest


def _checks_of_pg_dump(dump: Path, source: Target) -> dict[str, TableCheck]:
    scratch = f"binaan_backup_check_{os.getpid()}"
    admin = Target(**{**vars(source), "name": "postgres"})
    _pg_admin(admin, f'DROP DATABASE IF EXISTS "{scratch}"')
    _pg_admin(admin, f'CREATE DATABASE "{scratch}"')
    try:
        check_target = Target(**{**vars(source), "name": scratch})
        _pg_restore(dump, check_target)
        with closing(check_target.connect()) as conn:
            return table_checks(conn.cursor(), model_tables(), vendor="postgresql")
    finally:
        _pg_admin(admin, f'DROP DATABASE IF EXISTS "{scratch}"')


def _pg_admin(target: Target, sql: str) -> None:
    import psycopg

    with closing(
        psycopg.connect(
            dbname=target.name,
            user=target.user or None,
            password=target.password or None,
            host=target.host or None,
            port=target.port or None,
            autocommit=True,
        )
    ) as conn:
        conn.execute(sql)


def _pg_restore(dump: Path, target: Target) -> None:
    subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        [_pg_tool("pg_restore"), "--no-owner", "--exit-on-error"] + target.pg_args() + [str(dump)],
        check=True,
        capture_output=True,
        env=target.pg_env(),
    )


# --- restore --------------------------------------------------------------------------------------


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    if len(members) > MAX_MEMBERS or sum(m.size for m in members) > MAX_UNPACKED_BYTES:
        raise BackupError(_("The archive is larger than a Binaan backup can be."))
    for member in members:
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(
                _("The archive holds an unsafe entry: %(name)s") % {"name": member.name}
            )
    return members


def read_manifest(source: Path) -> dict[str, Any]:
    with tarfile.open(source, "r:gz") as archive:
        _safe_members(archive)
        handle = archive.extractfile(MANIFEST)
        if handle is None:
            raise BackupError(_("The archive has no manifest: it is not a Binaan backup."))
        manifest: dict[str, Any] = json.load(handle)
    return manifest


def restore(
    source: Path, *, target: Target, media_root: Path | None = None, force: bool = False
) -> dict[str, TableCheck]:
    """Restores the archive into `target` and checks every table; returns the checks."""
    manifest = read_manifest(source)
    if manifest["vendor"] != target.vendor:
        raise BackupError(
            _("This backup is of a %(source)s database and cannot be restored into %(target)s.")
            % {"source": manifest["vendor"], "target": target.vendor}
        )
    if not force and _has_tables(target):
        raise BackupError(
            _("The target database already has tables; restore into an empty one (or --force).")
        )
    with tempfile.TemporaryDirectory(prefix="binaan-restore-") as work:
        work_dir = Path(work)
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work_dir, members=_safe_members(archive), filter="data")
        dump = work_dir / manifest["database"]
        if target.vendor == "sqlite":
            Path(target.name).parent.mkdir(parents=True, exist_ok=True)
            with (
                closing(sqlite3.connect(dump)) as src,
                closing(sqlite3.connect(target.name)) as dst,
            ):
                src.backup(dst)
        else:
            _pg_restore(dump, target)
        if media_root is not None and (work_dir / "media").is_dir():
            shutil.copytree(work_dir / "media", media_root, dirs_exist_ok=True)
    with closing(target.connect()) as conn:
        checks = table_checks(conn.cursor(), manifest["tables"], vendor=target.vendor)
    expected = {name: TableCheck(**values) for name, values in manifest["tables"].items()}
    differing = sorted(name for name in expected if checks.get(name) != expected[name])
    if differing:
        raise BackupError(
            _("The restored database differs from the backup in: %(tables)s")
            % {"tables": ", ".join(differing)}
        )
    return checks


def _has_tables(target: Target) -> bool:
    if target.vendor == "sqlite" and not Path(target.name).exists():
        return False
    with closing(target.connect()) as conn:
        return bool(_existing_tables(conn.cursor(), target.vendor))
