"""`python manage.py backup FILE`: the database and the uploaded files in one verified archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a tar.gz with a manifest of every table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the archive (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"{options['file']}: {manifest['vendor']}, {len(manifest['tables'])} tables, "
            f"{rows} rows, {len(manifest['media'])} media files"
        )
