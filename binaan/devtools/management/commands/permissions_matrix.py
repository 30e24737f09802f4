"""`python manage.py permissions_matrix`: writes docs/permissions.md, the access matrix.

Every route is requested as every role (binaan.devtools.access_matrix) inside one transaction
that is rolled back, so generating the document never changes the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from binaan.devtools import access_matrix


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Request every route as every role and write the access matrix to docs/permissions.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / access_matrix.DOCUMENT),
            help="Where to write the document (default: docs/permissions.md); '-' for stdout.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; list the cells that differ from the document and fail if any.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows: list[access_matrix.Row] = []
        try:
            with transaction.atomic():
                rows = access_matrix.measure()
                raise Rollback
        except Rollback:
            pass
        text = access_matrix.render(rows)
        output = options["output"]
        if options["check"]:
            committed = access_matrix.parse(Path(output).read_text(encoding="utf-8"))
            changed = access_matrix.differences(committed, rows)
            if changed:
                raise CommandError(
                    f"{output} is out of date (route × role: document → now):\n"
                    + "\n".join(changed)
                )
            self.stdout.write(f"{output}: up to date ({len(rows)} routes).")
        elif output == "-":
            self.stdout.write(text, ending="")
        else:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"{output}: {len(rows)} routes × {len(access_matrix.ROLES)} roles.")
