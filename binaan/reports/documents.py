"""The one switch from an export format to its renderer (pages, command and tests use it)."""

from __future__ import annotations

from binaan.reports import exports, pdf
from binaan.reports.selectors import MonthlyReport


def export_monthly(report: MonthlyReport, fmt: str, user_name: str) -> bytes:
    if fmt == "xlsx":
        return exports.monthly_xlsx(report, user_name=user_name)
    if fmt == "pdf":
        return pdf.render_monthly_pdf(report, user_name=user_name)
    if fmt == "csv":
        return exports.monthly_csv(report, user_name=user_name)
    if fmt == "json":
        return exports.monthly_json(report, user_name=user_name)
    raise ValueError(f"Unknown format: {fmt!r}")
