from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from binaan.core.numbers import format_percent
from binaan.residents.models import Resident

register = template.Library()


@register.simple_tag
def resident_photo_url(resident: Resident) -> str:
    """The scoped photo URL of the residents app, or "" (no photo, or that page not installed)."""
    if not resident.photo:
        return ""
    try:
        return reverse("residents:photo", kwargs={"resident_id": resident.pk})
    except NoReverseMatch:
        return ""


@register.filter
def percent_or_dash(value: int | None) -> str:
    """'75%' or '—' (binaan.core.numbers, the one format of a percentage)."""
    return format_percent(value)
