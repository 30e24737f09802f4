"""The one audited create and update every service uses.

A service says which fields a caller may set and which rules of its own apply; this module does
the rest the same way everywhere: lock and re-read the stored row, snapshot it, set the fields,
validate, diff, save only what changed and write the audit row with the before and after of the
changed fields alone. Nothing changed means nothing is saved and no audit row is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction

from binaan.core.audit import audit_record, changed_fields, model_snapshot
from binaan.core.models import AuditAction

if TYPE_CHECKING:
    # Core imports no app above it: a facility is any model row (facilities.Facility).
    Facility = models.Model

M = TypeVar("M", bound=models.Model)

Hook = Callable[[M], None]
Snapshot = Callable[[M], dict[str, Any]]


@dataclass
class Change:
    """What an audited write did: the before and after of the changed fields only."""

    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> list[str]:
        return sorted(self.after)

    def __bool__(self) -> bool:
        return bool(self.after)


def _apply(obj: models.Model, fields: Iterable[str], data: Mapping[str, Any]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


def _field_names(obj: models.Model, keys: Iterable[str]) -> list[str]:
    """Snapshot keys are attnames (`parent_id`); `save(update_fields=...)` wants field names."""
    by_attname = {f.attname: f.name for f in obj._meta.concrete_fields}
    return [by_attname[key] for key in keys if key in by_attname]


def _has_field(obj: models.Model, name: str) -> bool:
    return any(f.name == name for f in obj._meta.concrete_fields)


def audited_create(
    obj: M,
    *,
    data: Mapping[str, Any] | None = None,
    fields: Sequence[str] = (),
    clean: Hook[M] | None = None,
    validate: Hook[M] | None = None,
    after_save: Hook[M] | None = None,
    snapshot: Snapshot[M] | None = None,
    extra_snapshot: Snapshot[M] | None = None,
    facility: Facility | None = None,
    action: AuditAction | str = AuditAction.CREATE,
) -> M:
    """Save the new row `obj` (already built with its owner, e.g. its facility) and audit it.

    `fields` of `data` are set on it; `clean` runs before `full_clean()` (rules that set derived
    values or need the new values), `validate` after it (rules that query other rows);
    `after_save` writes what needs the primary key (m2m, child rows). The audit row carries
    `snapshot(obj)` (default: every concrete field) plus `extra_snapshot(obj)`.
    """
    with transaction.atomic():
        _apply(obj, fields, data or {})
        if clean is not None:
            clean(obj)
        obj.full_clean()
        if validate is not None:
            validate(obj)
        obj.save()
        if after_save is not None:
            after_save(obj)
        after = snapshot(obj) if snapshot is not None else model_snapshot(obj)
        if extra_snapshot is not None:
            after |= extra_snapshot(obj)
        audit_record(action=action, obj=obj, facility=facility, after=after)
    return obj


def audited_update(
    obj: M,
    *,
    data: Mapping[str, Any],
    fields: Sequence[str],
    derived: Sequence[str] = (),
    mark_changed: Mapping[str, Any] | None = None,
    clean: Hook[M] | None = None,
    validate: Hook[M] | None = None,
    after_save: Hook[M] | None = None,
    extra_snapshot: Snapshot[M] | None = None,
    audit_extra: Mapping[str, Any] | None = None,
    facility: Facility | None = None,
    action: AuditAction | str = AuditAction.UPDATE,
) -> Change:
    """Set `fields` of `data` on `obj` and save what changed, with one audit row.

    The stored row is locked (`select_for_update`, a no-op where the database has no row locks)
    and re-read, so the "before" is what the database holds even when a ModelForm has already
    written the new values into `obj` while cleaning, and two editors cannot interleave. The
    stored values of `fields` and `derived` are put back on `obj` before `data` is applied.

    `derived` are fields the service computes in `clean` (e.g. key dates from the sentence);
    they are diffed and saved like `fields`. `mark_changed` values are set only when a column
    changed (e.g. a session's `is_modified`), so an edit that changes nothing marks nothing.
    `after_save` writes what is not a concrete column
    (m2m, child rows) and `extra_snapshot` lets the diff see it: it is taken before and after.
    `audit_extra` is added to the audit row's "after" when something changed (e.g. a reason).
    Returns the change; an empty one when nothing changed (nothing saved, no audit row).
    """
    marks = dict(mark_changed or {})
    tracked = [*fields, *derived, *marks]
    with transaction.atomic():
        stored = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        before = model_snapshot(stored, fields=tracked)
        for db_field in obj._meta.concrete_fields:
            if db_field.name in tracked:
                setattr(obj, db_field.attname, getattr(stored, db_field.attname))
        if extra_snapshot is not None:
            before |= extra_snapshot(obj)
        _apply(obj, fields, data)
        if clean is not None:
            clean(obj)
        obj.full_clean()
        if validate is not None:
            validate(obj)
        after = model_snapshot(obj, fields=tracked)
        columns = changed_fields(before, after)
        if columns and marks:
            _apply(obj, marks, marks)
            after = model_snapshot(obj, fields=tracked)
            columns = changed_fields(before, after)
        if columns:
            update_fields = _field_names(obj, columns)
            if _has_field(obj, "updated_at"):
                update_fields.append("updated_at")
            obj.save(update_fields=update_fields)
        if after_save is not None:
            after_save(obj)
        if extra_snapshot is not None:
            after |= extra_snapshot(obj)
        changed = changed_fields(before, after)
        change = Change(
            before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed}
        )
        if change:
            audit_record(
                action=action,
                obj=obj,
                facility=facility,
                before=change.before,
                after=change.after | dict(audit_extra or {}),
            )
    return change
