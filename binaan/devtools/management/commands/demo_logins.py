from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from binaan.devtools.seeding import demo_logins, print_logins


class Command(BaseCommand):
    help = "Print the demo logins and the address to open."

    def add_arguments(self, parser: CommandParser) -> None:
        # `make run HOST=… PORT=…` passes what runserver will serve, so the address printed is
        # the one that answers.
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        print_logins(self.stdout, demo_logins(), host=options["host"], port=options["port"])
