"""Moving a session and editing its notes is one service call: kept or refused together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User
from binaan.core.models import AuditEvent
from binaan.programs import services
from binaan.programs.models import Program, Session

pytestmark = pytest.mark.django_db


def _session(program: Program) -> Session:
    services.sessions_generate(program=program, until=date(2026, 3, 31))
    session = Session.objects.filter(program=program).order_by("starts_at").first()
    assert session is not None
    return session


def test_session_edit_is_one_save_and_one_audit_row(qonita: Program) -> None:
    session = _session(qonita)
    events = AuditEvent.objects.count()
    result = services.session_edit(
        session=session,
        starts_at=session.starts_at.replace(hour=2),
        ends_at=session.ends_at.replace(hour=4),
        location=None,
        notes="Pindah ke aula",
    )
    assert result.session.is_modified
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1 and event is not None
    assert event.after is not None
    assert {"starts_at", "ends_at", "location_id", "notes", "is_modified"} <= set(event.after)


def test_moving_is_not_kept_when_the_notes_are_refused(
    qonita: Program,
    officer: User,
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = _session(qonita)
    starts_at, notes = session.starts_at, session.notes

    def refuse_notes(self: Session) -> None:
        if self.notes == "Ditolak":
            raise ValidationError("These notes are refused.")

    monkeypatch.setattr(Session, "clean", refuse_notes)
    response = client_for(officer).post(
        reverse("programs:session_move", args=[session.pk]),
        {"day": "2026-03-03", "start": "10:00", "end": "12:00", "location": "", "notes": "Ditolak"},
    )
    assert response.status_code == 200  # the form again, with the error
    session.refresh_from_db()
    assert (session.starts_at, session.notes, session.is_modified) == (starts_at, notes, False)
