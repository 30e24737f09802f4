"""`python manage.py monthly_report FACILITY_CODE YYYY-MM --format xlsx|pdf|csv|json -o FILE`:
the facility's monthly report for scheduled runs, from the same selectors as the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.facilities.models import Facility
from binaan.reports import selectors, services
from binaan.reports.documents import export_monthly
from binaan.reports.forms import EXPORT_FORMATS
from binaan.reports.selectors import Month


class Command(BaseCommand):
    help = "Write a facility's monthly report (Laporan Bulanan Pembinaan dan Pelayanan) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("facility_code")
        parser.add_argument("month", help="YYYY-MM, the facility's calendar month")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="File to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            facility = Facility.objects.select_related("regional_office").get(
                code=options["facility_code"]
            )
        except Facility.DoesNotExist:
            raise CommandError(f"No facility with code {options['facility_code']!r}.") from None
        try:
            month = Month.parse(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        fmt = options["format"]
        report = selectors.monthly_report(facility=facility, month=month)
        content = export_monthly(report, fmt, "monthly_report (scheduled)")
        Path(options["output"]).write_bytes(content)
        services.report_export_record(
            kind="monthly", fmt=fmt, month=str(month), facility=facility, actor=None,
            scope="command",
        )  # fmt: skip
        self.stdout.write(f"Wrote {options['output']} ({len(content)} bytes).")
