from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from binaan.devtools.seeding import print_logins, run_all_seeders


class Command(BaseCommand):
    # Only installed with BINAAN_ALLOW_DEMO (config/settings.py): demo passwords are public.
    help = "Load the fictional demo data (idempotent: running it again changes nothing new)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            logins = run_all_seeders(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        print_logins(self.stdout, logins)
