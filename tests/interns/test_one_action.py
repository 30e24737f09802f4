"""Saving and submitting (logbook, evaluation) is one service call: both or nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User
from binaan.core.models import AuditEvent
from binaan.interns import services
from binaan.interns.models import Evaluation, LogbookEntry, LogbookState

pytestmark = pytest.mark.django_db


def test_logbook_save_and_submit_in_one_call(placement: Any, intern: User) -> None:
    entry = services.logbook_save(
        placement=placement,
        by=intern,
        day=placement.start_date,
        activities="Mendampingi pengajian",
        hours=Decimal("7.5"),
        submit=True,
    )
    entry.refresh_from_db()
    assert entry.state == LogbookState.SUBMITTED and entry.submitted_at is not None


def test_logbook_entry_not_saved_when_submit_fails(
    placement: Any,
    intern: User,
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(**kwargs: Any) -> None:
        raise ValidationError("The mentor's queue is closed.")

    monkeypatch.setattr(services, "logbook_submit", refuse)
    with pytest.raises(ValidationError):
        services.logbook_save(
            placement=placement,
            by=intern,
            day=placement.start_date,
            activities="Mendampingi pengajian",
            hours=Decimal("7.5"),
            submit=True,
        )
    assert not LogbookEntry.objects.exists()
    url = reverse("interns:logbook", args=[placement.pk]) + f"?date={placement.start_date}"
    response = client_for(intern).post(
        url, {"activities": "Mendampingi pengajian", "hours": "7.5", "submit": "1"}
    )
    assert response.status_code == 200 and "queue is closed" in response.content.decode()
    assert (
        not LogbookEntry.objects.exists()
        and not AuditEvent.objects.filter(object_type="interns.logbookentry").exists()
    )


def test_evaluation_not_saved_when_submit_fails(
    placement: Any, mentor: User, client_for: Callable[[User], Client]
) -> None:
    first, second = services.competencies_update(
        placement=placement, names=["Komunikasi", "Dokumentasi"]
    )
    with pytest.raises(ValidationError, match="Dokumentasi"):
        services.evaluation_save(
            placement=placement,
            by=mentor,
            month=placement.start_date,
            scores={first.pk: 4},
            narrative="Aktif",
            submit=True,
        )
    assert not Evaluation.objects.exists()
    url = reverse("interns:evaluation", args=[placement.pk]) + "?month=2026-03"
    response = client_for(mentor).post(
        url, {f"score_{first.pk}": "4", "narrative": "Aktif", "submit": "1"}
    )
    assert response.status_code == 200
    assert not Evaluation.objects.exists()
    response = client_for(mentor).post(
        url,
        {f"score_{first.pk}": "4", f"score_{second.pk}": "5", "narrative": "Aktif", "submit": "1"},
    )
    assert response.status_code == 302
    assert Evaluation.objects.get().submitted_at is not None
