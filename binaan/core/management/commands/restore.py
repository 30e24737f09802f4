"""`python manage.py restore FILE --database-url URL`: restore a backup and prove it complete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.core.backups import BackupError, Target, restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database (default: the configured one) and check every "
        "table's row count and checksum against the backup's manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database-url", help="target database (default: DATABASE_URL)")
        parser.add_argument("--media-root", type=Path, help="where to put the uploaded files")
        parser.add_argument(
            "--force", action="store_true", help="restore even if the target has tables"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["database_url"]
        target = (
            Target.from_url(url) if url else Target.from_settings(settings.DATABASES["default"])
        )
        try:
            checks = restore(
                options["file"],
                target=target,
                media_root=options["media_root"] or Path(settings.MEDIA_ROOT),
                force=options["force"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(check.rows for check in checks.values())
        self.stdout.write(f"restored {len(checks)} tables, {rows} rows; every checksum matches")
