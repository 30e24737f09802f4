from datetime import date, datetime
from decimal import Decimal

from django import template

from binaan.core import dates, numbers

register = template.Library()


@register.filter
def tanggal(value: date | None) -> str:
    """{{ d|tanggal }} → 'Senin, 6 April 2026'."""
    return dates.format_date(value) if value else ""


@register.filter
def tanggal_singkat(value: date | None) -> str:
    """{{ d|tanggal_singkat }} → '6 April 2026'."""
    return dates.format_date(value, weekday=False) if value else ""


@register.filter
def waktu(value: datetime | None) -> str:
    """{{ dt|waktu }} → 'Senin, 6 April 2026, 09.00 WITA' in the facility's zone."""
    return dates.format_datetime(value) if value else ""


@register.filter
def jam(value: datetime | None) -> str:
    """{{ dt|jam }} → '09.00 WITA'."""
    return dates.format_time(value) if value else ""


@register.filter
def angka(value: int | float | Decimal | None) -> str:
    """{{ n|angka }} → '1.234' (Indonesian separators; English ones when English is chosen)."""
    return numbers.format_number(value)


@register.filter
def persen(value: int | Decimal | None) -> str:
    """{{ p|persen }} → '87,5%' or '—' for an unknown rate."""
    return numbers.format_percent(value)
