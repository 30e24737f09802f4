"""Helpers for the benchmark command: time a callable and count its queries."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class BenchResult:
    label: str
    seconds: float
    queries: int


# `benchmark --repeat 1` (the smoke test) runs every measurement once.
REPEAT_LIMIT: int | None = None


def measure(label: str, func: Callable[[], Any], *, repeat: int = 3) -> BenchResult:
    """Best of `repeat` runs (the first warms caches), with the query count of the last."""
    if REPEAT_LIMIT is not None:
        repeat = min(repeat, REPEAT_LIMIT)
    best = float("inf")
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            func()
            best = min(best, time.perf_counter() - started)
        queries = len(captured)
    return BenchResult(label, best, queries)


def page_client(user: Any) -> Client:
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    return client
