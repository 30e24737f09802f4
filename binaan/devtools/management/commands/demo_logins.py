from typing import Any

from django.core.management.base import BaseCommand

from binaan.devtools.seeding import demo_logins, print_logins


class Command(BaseCommand):
    help = "Print the demo logins and the address to open."

    def handle(self, *args: Any, **options: Any) -> None:
        print_logins(self.stdout, demo_logins())
