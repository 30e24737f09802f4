from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.devtools.samples import sample_rows, write_file
from binaan.facilities.models import Location, LocationKind


class Command(BaseCommand):
    help = "Write a fictional import file of N residents (XLSX or CSV by the file extension)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("out", type=Path)
        parser.add_argument("--facility", default="", help="use this facility's block names")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.suffix.lower() not in {".xlsx", ".csv"}:
            raise CommandError("The file name must end in .xlsx or .csv.")
        blocks: list[str] = []
        if options["facility"]:
            blocks = list(
                Location.objects.filter(
                    facility__code=options["facility"], kind=LocationKind.BLOCK
                ).values_list("name", flat=True)
            )
        rows = sample_rows(options["count"], blocks=blocks, seed=options["seed"])
        write_file(rows, out)
        self.stdout.write(f"Wrote {len(rows)} residents to {out}")
