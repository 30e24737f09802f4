"""The query-count helper catches what it is there to catch: N+1 queries and a blown budget."""

from __future__ import annotations

import pytest

from binaan.facilities.models import Facility, Location
from tests.factories import LocationFactory
from tests.querycount import Action, assert_flat_queries, assert_flat_queries_at

pytestmark = pytest.mark.django_db


def _names_one_by_one() -> list[str]:
    return [location.facility.name for location in Location.objects.all()]  # N+1


def _names_joined() -> list[str]:
    return [location.facility.name for location in Location.objects.select_related("facility")]


def _grow(facility: Facility) -> None:
    LocationFactory.create_batch(10, facility=facility)


def test_constant_queries_pass_and_report_the_count(facility: Facility) -> None:
    LocationFactory(facility=facility)
    assert assert_flat_queries(_names_joined, grow=lambda: _grow(facility), ceiling=1) == 1


def test_n_plus_one_fails_with_the_extra_statements(facility: Facility) -> None:
    LocationFactory(facility=facility)
    with pytest.raises(AssertionError, match=r"grows with the data .*: 2 → 12") as failure:
        assert_flat_queries(_names_one_by_one, grow=lambda: _grow(facility), ceiling=50)
    assert "facilities_facility" in str(failure.value)  # the diff names the repeated query


def test_over_the_budget_fails(facility: Facility) -> None:
    LocationFactory(facility=facility)
    with pytest.raises(AssertionError, match="1 queries, over the budget of 0"):
        assert_flat_queries(_names_joined, grow=lambda: _grow(facility), ceiling=0)


def test_named_actions_have_their_own_budgets(facility: Facility) -> None:
    LocationFactory(facility=facility)
    actions = {"joined": _names_joined, "count": lambda: Location.objects.count()}
    with pytest.raises(AssertionError, match="count: 1 queries, over the budget of 0"):
        assert_flat_queries(
            actions, grow=lambda: _grow(facility), ceiling={"joined": 1, "count": 0}
        )


def test_sized_form_builds_each_size_and_refuses_close_sizes(facility: Facility) -> None:
    def prepare(size: int) -> Action:
        LocationFactory.create_batch(size, facility=facility)
        return _names_joined

    assert assert_flat_queries_at((2, 20), prepare, ceiling=1) == 1
    with pytest.raises(AssertionError, match="too close"):
        assert_flat_queries_at((10, 20), prepare, ceiling=1)
