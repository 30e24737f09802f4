from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from binaan.attendance.templatetags.attendance import percent_or_dash, resident_photo_url
from binaan.facilities.models import Facility
from tests.factories import AttResidentFactory

pytestmark = pytest.mark.django_db


def test_photo_url_only_when_there_is_a_photo_and_a_photo_page(facility: Facility) -> None:
    resident = AttResidentFactory(facility=facility)
    assert resident_photo_url(resident) == ""
    resident.photo.name = "residents/2026/foto.jpg"
    try:
        expected = reverse("residents:photo", kwargs={"resident_id": resident.pk})
    except NoReverseMatch:
        expected = ""  # the residents pages are not installed on this branch
    assert resident_photo_url(resident) == expected


def test_percent_or_dash() -> None:
    assert percent_or_dash(None) == "—"
    assert percent_or_dash(75) == "75%"
