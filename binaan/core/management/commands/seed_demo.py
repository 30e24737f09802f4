from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from binaan.core.demo import print_logins, run_all_seeders


class Command(BaseCommand):
    help = "Load the fictional demo data (idempotent: running it again changes nothing new)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.BINAAN_ALLOW_DEMO:
            raise CommandError(
                "Demo data has known passwords; set BINAAN_ALLOW_DEMO=1 to load it on purpose."
            )
        with transaction.atomic():
            logins = run_all_seeders(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        print_logins(self.stdout, logins)
