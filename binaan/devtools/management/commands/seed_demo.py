from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    # Only installed with BINAAN_ALLOW_DEMO (config/settings.py): demo passwords are public.
    help = "Load the fictional demo data (idempotent: running it again changes nothing new)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The seeders need Faker, which only requirements-demo.lock installs (not production's
        # requirements.lock): imported here so a missing Faker gets a clear message.
        try:
            from binaan.devtools.seeding import print_logins, run_all_seeders
        except ModuleNotFoundError as error:
            if error.name != "faker":
                raise
            raise CommandError(
                "Demo data needs Faker: pip install -r requirements-demo.lock"
            ) from error
        with transaction.atomic():
            logins = run_all_seeders(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        print_logins(self.stdout, logins)
