from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    # Only installed with BINAAN_ALLOW_DEMO (config/settings.py): demo passwords are public.
    help = "Load the fictional demo data (idempotent: running it again changes nothing new)."

    def add_arguments(self, parser: CommandParser) -> None:
        # `make run` prints the logins itself (demo_logins, with the port it serves): without
        # this they would be printed twice on the first run.
        parser.add_argument("--no-logins", action="store_true", help="Do not print the logins.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

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
        if not options["no_logins"]:
            print_logins(self.stdout, logins, host=options["host"], port=options["port"])
