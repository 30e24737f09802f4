"""Query-count checks that mean something: the same work at a small and at a large data size.

A number copied from one run says nothing about N+1 queries and breaks on every harmless change;
the rule is that a page or a service costs the same number of statements for 3 rows as for 300,
and stays under a budget. `assert_flat_queries` measures both sizes and asserts exactly that:

    assert_flat_queries(
        requesting(client, url),
        grow=lambda: ProgramFactory.create_batch(15, facility=facility),
        ceiling=20,
    )

or, where each size needs its own objects (a session of 10 and one of 300 residents),

    assert_flat_queries_at(
        (10, 300), lambda size: requesting(client, register_url(make_session(size))), ceiling=25
    )

The ceiling is a budget with some room above today's count (see the failure message for the
measured figure), not a copy of it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

Action = Callable[[], object]
SqlFilter = Callable[[str], bool]
# One budget for every action, or one per named action.
Ceiling = int | Mapping[str, int]


def captured_sql(
    action: Action, *, exclude: SqlFilter | None = None, using: str = "default"
) -> list[str]:
    """The SQL statements `action()` runs, less those `exclude` matches."""
    with CaptureQueriesContext(connections[using]) as context:
        action()
    return [q["sql"] for q in context.captured_queries if not (exclude and exclude(q["sql"]))]


def requesting(
    client: Client, url: str, params: dict[str, Any] | None = None, *, status: int = 200
) -> Action:
    """A GET of `url` that must answer `status`: a measured request that fails is no measure."""

    def get() -> object:
        response = client.get(url, params or {})
        assert response.status_code == status, f"GET {url}: {response.status_code}"
        return response

    return get


def _shape(sql: str) -> str:
    # Ids and literals differ between the two runs; the statements' shapes should not.
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def _measure(
    action: Action | Mapping[str, Action], exclude: SqlFilter | None, using: str
) -> dict[str, list[str]]:
    actions = action if isinstance(action, Mapping) else {"": action}
    return {name: captured_sql(act, exclude=exclude, using=using) for name, act in actions.items()}


def _compare(
    small: dict[str, list[str]], large: dict[str, list[str]], *, ceiling: Ceiling, sizes: str
) -> int:
    for name, before in small.items():
        after = large[name]
        budget = ceiling[name] if isinstance(ceiling, Mapping) else ceiling
        label = f"{name}: " if name else ""
        diff = "\n".join(
            difflib.unified_diff(
                [_shape(s) for s in before],
                [_shape(s) for s in after],
                "small",
                "large",
                lineterm="",
            )
        )
        assert len(before) == len(after), (
            f"{label}query count grows with the data ({sizes}): {len(before)} → {len(after)}\n{diff}"
        )
        assert len(after) <= budget, f"{label}{len(after)} queries, over the budget of {budget}"
    return max(len(after) for after in large.values())


def assert_flat_queries(
    action: Action | Mapping[str, Action],
    *,
    grow: Action,
    ceiling: Ceiling,
    exclude: SqlFilter | None = None,
    using: str = "default",
) -> int:
    """Run `action`, then `grow()` the data, then `action` again: the two runs must issue the same
    number of queries, at most `ceiling`. `action` may be a mapping of named actions (several
    pages over the same data); each is compared on its own, against its own budget when `ceiling`
    is a mapping too. Returns the largest count."""
    small = _measure(action, exclude, using)
    grow()
    large = _measure(action, exclude, using)
    return _compare(small, large, ceiling=ceiling, sizes="before and after grow()")


def assert_flat_queries_at(
    sizes: tuple[int, int],
    prepare: Callable[[int], Action | Mapping[str, Action]],
    *,
    ceiling: Ceiling,
    exclude: SqlFilter | None = None,
    using: str = "default",
) -> int:
    """`prepare(size)` builds the data for one size (not counted) and returns the action (or the
    named actions) to measure; the small and the large size must cost the same, at most
    `ceiling`."""
    small_size, large_size = sizes
    assert large_size >= 5 * small_size, f"sizes {sizes} are too close to show growth"
    small = _measure(prepare(small_size), exclude, using)
    large = _measure(prepare(large_size), exclude, using)
    return _compare(small, large, ceiling=ceiling, sizes=f"{small_size} and {large_size}")
