"""Cron entry point: keep every active program's sessions generated up to the horizon.

Like the program page, it creates sessions from today on: a past day never gets a session (it
would raise "no attendance taken" at once); past sessions are created only on purpose, from the
program page's check page with an earlier start picked."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.core.dates import facility_today
from binaan.facilities.models import Facility
from binaan.programs.models import Program, ProgramStatus
from binaan.programs.services import sessions_generate


class Command(BaseCommand):
    help = "Generate program sessions up to the horizon (idempotent; safe to run from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--facility", help="Facility code (default: all facilities)")
        parser.add_argument(
            "--weeks", type=int, help="Horizon in weeks (default: the facility's setting)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        facilities = Facility.objects.order_by("code")
        if options["facility"]:
            facilities = facilities.filter(code=options["facility"])
            if not facilities.exists():
                raise CommandError(f"No facility with code {options['facility']}.")
        weeks = options["weeks"]
        if weeks is not None and not 1 <= weeks <= 104:
            raise CommandError("--weeks must be between 1 and 104.")
        total = 0
        for facility in facilities:
            programs = Program.objects.filter(
                facility=facility, status=ProgramStatus.ACTIVE
            ).order_by("name")
            for program in programs:
                result = sessions_generate(
                    program=program, start=facility_today(facility), weeks=weeks
                )
                total += result.created
                self.stdout.write(
                    f"{facility.code} · {program.name}: {result.created} created, "
                    f"{result.kept} kept, {result.removed} removed"
                )
        self.stdout.write(self.style.SUCCESS(f"Done: {total} sessions created."))
