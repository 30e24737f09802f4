from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the fictional demo data (idempotent: running it again changes nothing new)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.BINAAN_ALLOW_DEMO:
            raise CommandError(
                "Demo data has known passwords; set BINAAN_ALLOW_DEMO=1 to load it on purpose."
            )
        # The seeders need Faker, which only requirements-demo.lock installs (not production's
        # requirements.lock); imported here so the refusal above works without it.
        try:
            from binaan.core.demo import print_logins, run_all_seeders
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
