"""`python manage.py anonymise_released [--years N] [--dry-run]`: the retention run (UU 27/2022
Pasal 43), meant for a daily or monthly cron. See docs/privacy.md."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.residents.retention import residents_anonymise_released


class Command(BaseCommand):
    help = "Anonymise residents released more than N years ago (default BINAAN_RETENTION_YEARS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        years = (
            options["years"] if options["years"] is not None else settings.BINAAN_RETENTION_YEARS
        )
        if years < 1:
            raise CommandError("--years must be at least 1")
        result = residents_anonymise_released(years=years, dry_run=options["dry_run"])
        verb = "would be anonymised" if result.dry_run else "anonymised"
        # Counts and ids, never names: the output may land in a cron mail.
        self.stdout.write(f"{result.count} residents released more than {years} years ago {verb}.")
        for code, count in result.by_facility.items():
            self.stdout.write(f"  {code}: {count}")
