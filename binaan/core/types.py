"""What core needs to know of rows that live in the apps above it.

`binaan.core` is the ground floor and imports no other app of ours; where it works with a
facility it asks only for these attributes (`binaan.facilities.models.Facility` has them).
"""

from __future__ import annotations

from typing import Any, Protocol
from zoneinfo import ZoneInfo


class FacilityLike(Protocol):
    pk: Any
    name: str

    @property
    def tzinfo(self) -> ZoneInfo: ...
