"""Reports as plain rows and dictionaries for the CSV, XLSX and JSON exports and the API."""

from __future__ import annotations

from typing import Any

from binaan.reports.selectors.common import MonthlyReport
from binaan.reports.selectors.regional import Consolidation


def rows_as_long_table(report: MonthlyReport) -> list[tuple[str, str, str, Any]]:
    """(breakdown, key, metric, value): the CSV's one long table. Rates are percentages with the
    reports' one decimal (Decimal), hours a Decimal; the CSV writes them in Indonesian."""
    table: list[tuple[str, str, str, Any]] = []
    lines = [("total", report.total.key, report.total)]
    lines.append(("previous_month", report.previous.key, report.previous))
    lines += [(b.key, row.label, row) for b in report.breakdowns for row in b.rows]
    for name, key, row in lines:
        for metric, value in row.as_dict().items():
            if metric == "rate":
                # The rate as the page shows it: a percentage, one decimal, half up.
                table.append((name, key, metric, row.report_percent))
            elif metric not in {"key", "label"}:
                table.append((name, key, metric, value))
    for reason, n in report.cancel_reasons:
        table.append(("cancel_reason", reason, "sessions", n))
    for kind, people in (
        ("partner", report.partners),
        ("facilitator", report.facilitators),
        ("intern", report.interns),
    ):
        for person in people:
            table.append((kind, person.name, "sessions", person.sessions))
            if person.hours is not None:
                table.append((kind, person.name, "hours", person.hours))
    for point in report.trend:
        table.append(("trend", point.start.isoformat(), "marked", point.marked))
        table.append(("trend", point.start.isoformat(), "rate", point.report_percent))
    return table


def report_as_dict(report: MonthlyReport) -> dict[str, Any]:
    """The JSON of the command and the API: the same figures as the page."""
    return {
        "facility": {"code": report.facility.code, "name": report.facility.name},
        "month": str(report.month),
        "generated_at": report.generated_at.isoformat(),
        "total": report.total.as_dict(),
        "previous_month": report.previous.as_dict(),
        "breakdowns": {
            b.key: {"title": b.title, "rows": [r.as_dict() for r in b.rows]}
            for b in report.breakdowns
        },
        "cancel_reasons": [{"reason": r, "sessions": n} for r, n in report.cancel_reasons],
        "partners": [p.as_dict() for p in report.partners],
        "facilitators": [f.as_dict() for f in report.facilitators],
        "interns": [i.as_dict() for i in report.interns],
        "trend": [
            {
                "month": p.start.isoformat()[:7],
                "marked": p.marked,
                "present": p.present,
                "excused": p.excused,
                "rate": None if p.tally.rate is None else round(p.tally.rate, 4),
            }
            for p in report.trend
        ],
    }


def consolidation_as_dict(report: Consolidation) -> dict[str, Any]:
    return {
        "title": report.title,
        "month": str(report.month),
        "total": report.total.as_dict(),
        "regions": [r.as_dict() for r in report.regions],
        "facilities": [
            {"code": line.code, "name": line.name, "region": line.region, "rank": line.rank,
             **line.row.as_dict()}
            for line in report.lines
        ],
    }  # fmt: skip
