"""The hash chain of the audit trail: pure functions, no Django import.

Each audit row stores `row_hash` = SHA-256 of the previous row's hash and a canonical
serialisation of the row's own content, so a row edited, deleted or slipped in afterwards by
anyone who can reach the database (a superuser included, whom no trigger stops) breaks the chain
at that row. `python manage.py verify_audit` walks it.

The serialisation is a stored format: the migration that back-filled the chain imports this
module, and every row ever written depends on it. Never change it; a new format would need a
version field and its own branch here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The `prev_hash` of the first row.
GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainContent:
    """What a row's hash covers, as plain values read from a row."""

    sequence: int
    actor_id: int | None
    actor_username: str
    facility_id: int | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    ip_address: str | None
    created_at: datetime


def canonical(content: ChainContent) -> str:
    """One text for one content, whatever the database: sorted keys, no spaces, UTC instants."""
    created = content.created_at.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(
        {
            "sequence": content.sequence,
            "actor_id": content.actor_id,
            "actor_username": content.actor_username,
            "facility_id": content.facility_id,
            "action": content.action,
            "object_type": content.object_type,
            "object_id": content.object_id,
            "object_repr": content.object_repr,
            "before": content.before,
            "after": content.after,
            "ip_address": content.ip_address,
            "created_at": created,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def row_hash(prev_hash: str, content: ChainContent) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(content)}".encode()).hexdigest()


def json_normalised(value: Any) -> Any:
    """The value as it will read back from a JSON column (tuples as lists, keys as text), so
    the hash written and the hash verified are over the same thing."""
    if value is None:
        return None
    return json.loads(json.dumps(value))


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain."""

    row_id: int
    sequence: int
    problem: str


class ChainWalker:
    """Checks rows one at a time in sequence order, holding only the previous link."""

    def __init__(self) -> None:
        self.count = 0
        self.expected_sequence = 1
        self.prev_hash = GENESIS

    def check(
        self, row_id: int, prev_hash: str, stored_hash: str, content: ChainContent
    ) -> Break | None:
        sequence = content.sequence
        if sequence != self.expected_sequence:
            if sequence > self.expected_sequence:
                missing = (
                    f"{self.expected_sequence}"
                    if sequence == self.expected_sequence + 1
                    else f"{self.expected_sequence}-{sequence - 1}"
                )
                problem = f"sequence {sequence} follows {self.expected_sequence - 1}: row(s) {missing} deleted"
            else:
                problem = (
                    f"sequence {sequence} repeats or goes back (expected {self.expected_sequence})"
                )
            return Break(row_id, sequence, problem)
        if prev_hash != self.prev_hash:
            return Break(
                row_id,
                sequence,
                "prev_hash does not match the previous row's hash: a row before it was replaced "
                "or this row was inserted",
            )
        computed = row_hash(prev_hash, content)
        if computed != stored_hash:
            return Break(
                row_id,
                sequence,
                "row_hash does not match the row's content: the row was changed after it was "
                "written, or forged",
            )
        self.count += 1
        self.expected_sequence = sequence + 1
        self.prev_hash = stored_hash
        return None
