from __future__ import annotations

from collections.abc import Callable

import pytest

from binaan.facilities.models import Facility
from binaan.programs.models import Session
from tests.factories import att_session_with_roster


@pytest.fixture
def make_session(facility: Facility) -> Callable[..., Session]:
    def make(size: int = 5, **fields: object) -> Session:
        return att_session_with_roster(fields.pop("at", facility), size, **fields)  # type: ignore[arg-type]

    return make
