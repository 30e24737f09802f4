"""`python manage.py breach_report --user USERNAME --from DATE --to DATE [--csv FILE]`: the
residents a compromised account could read in the period, for the UU 27/2022 Pasal 46 notice.
See docs/privacy.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from binaan.core.audit import export_record
from binaan.core.dates import NATIONAL_ZONE, format_datetime
from binaan.core.spreadsheets import csv_writer
from binaan.residents.breach import breach_exposure


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}") from error


class Command(BaseCommand):
    help = "List the residents an account could read in a period (breach notice, UU 27/2022)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The account's user name")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--csv", dest="csv_path", help="Also write the list to this CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _day(options["start"]), _day(options["end"])
        if end < start:
            raise CommandError("--to is before --from")
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"no account named {options['user']!r}") from error
        report = breach_exposure(user=user, start=start, end=end)
        out = self.stdout
        out.write(f"Account: {report.username}; period {start} to {end}")
        for scope, roles in sorted(report.roles.items()):
            out.write(f"  roles at {scope}: {', '.join(roles)}")
        if report.aggregate_only:
            out.write("Aggregates only: this account could read no resident's record.")
        out.write(f"Residents the account could read: {len(report.residents)}")
        for row in report.residents:
            out.write(
                f"  {row.facility_code}\t{row.resident_id}\t{', '.join(row.category_list())}"
                f"\t({', '.join(sorted(row.sources))})"
            )
        out.write(
            "Notify the residents and the authority in writing by "
            f"{report.deadline.isoformat(timespec='minutes')} "
            f"({format_datetime(report.deadline, NATIONAL_ZONE, language='id')}; "
            "3 x 24 hours, UU 27/2022 Pasal 46)."
        )
        if options["csv_path"]:
            with Path(options["csv_path"]).open("w", newline="", encoding="utf-8") as handle:
                writer = csv_writer(handle)
                writer.writerow(["facility", "resident_id", "categories", "sources"])
                for row in report.residents:
                    writer.writerow(
                        [row.facility_code, row.resident_id, "; ".join(row.category_list()),
                         "; ".join(sorted(row.sources))]
                    )  # fmt: skip
            out.write(f"Written: {options['csv_path']}")
        export_record(
            fmt="csv" if options["csv_path"] else "text",
            details={
                "document": "breach_report", "from": str(start), "to": str(end),
                "residents": len(report.residents),
            },
            obj=user,
            facility=None,
        )  # fmt: skip
