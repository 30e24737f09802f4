from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.core.context import acting_as
from binaan.facilities.models import Facility
from binaan.residents import services


class ProgressBar:
    """A plain text bar on stderr: no extra package, and stdout stays clean for the summary."""

    def __init__(self, stream: Any, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.label = ""

    def __call__(self, label: str, done: int, total: int) -> None:
        if label != self.label and self.label:
            self.stream.write("", ending="\n")
        self.label = label
        filled = self.width * done // total if total else self.width
        percent = 100 * done // total if total else 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{label:<12} [{bar}] {percent:3d}% ({done}/{total})", ending="")
        self.stream.flush()

    def close(self) -> None:
        if self.label:
            self.stream.write("", ending="\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Import residents from an XLSX or CSV export into a facility (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("facility_code", help="e.g. RUTAN-BPN")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            facility = Facility.objects.get(code=options["facility_code"])
        except Facility.DoesNotExist as error:
            raise CommandError(f"Unknown facility code {options['facility_code']!r}.") from error
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        bar = ProgressBar(self.stderr)
        with path.open("rb") as handle, acting_as(None):
            result = services.resident_import(
                facility=facility,
                file=handle,
                filename=path.name,
                dry_run=options["dry_run"],
                progress=bar,
            )
        bar.close()
        for problem in result.errors:
            self.stderr.write(str(problem))
        self.stdout.write(
            f"{facility.code}: {result.total_rows} rows, {len(result.created)} new, "
            f"{len(result.updated)} updated, {result.unchanged} unchanged, "
            f"{len(result.rejected_rows)} rejected rows, {len(result.errors)} errors."
        )
        if result.missing:
            self.stdout.write(
                f"{len(result.missing)} active residents are not in the file (kept): "
                + ", ".join(result.missing[:50])
            )
        self.stdout.write(f"Elapsed: {result.seconds:.2f} s")
        if result.errors:
            raise CommandError("Nothing was written: the file has errors.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS("Written."))
