"""The partner portal and session rosters for partners and interns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binaan.core.audit import read_record
from binaan.core.permissions import allows, permission_required
from binaan.core.scoping import get_scoped_or_404, workplace_of
from binaan.interns import selectors, services
from binaan.interns.forms import (
    AgendaFormSet,
    SessionNotesForm,
)
from binaan.interns.views.common import _form_errors, _MethodNotAllowed, methods
from binaan.programs.models import Session
from binaan.programs.selectors import allowed_sessions, visible_sessions

# --- partner portal and rosters -----------------------------------------------------------------


def _optional_url(name: str, **kwargs: Any) -> str:
    """Pages of other apps (session page, attendance register) where they are installed."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _session_for(request: HttpRequest, session_id: int, permission: str) -> Session:
    """The session if the user holds `permission` for it; otherwise (another facility's, or a
    session they do not lead or assist at) a 404."""
    sessions = allowed_sessions(workplace_of(request), permission)
    return get_scoped_or_404(request, sessions, pk=session_id)


@permission_required("sessions.facilitate")
@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    """Kegiatan saya: the sessions a partner's facilitator leads, upcoming first."""
    sessions = list(
        allowed_sessions(workplace_of(request), "sessions.facilitate").order_by("starts_at", "pk")
    )
    now = timezone.now()
    rows: list[dict[str, Any]] = [
        {
            "session": s,
            "detail_url": _optional_url("programs:session_detail", session_id=s.pk),
            "register_url": _optional_url("attendance:register", session_id=s.pk),
        }
        for s in sessions
    ]
    return render(
        request,
        "interns/portal.html",
        {
            "upcoming": [r for r in rows if r["session"].ends_at >= now],
            "past": list(reversed([r for r in rows if r["session"].ends_at < now])),
        },
    )


@permission_required("sessions.write_notes")
@methods
def session_notes(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id, "sessions.write_notes")
    if request.method not in {"GET", "POST"}:
        raise _MethodNotAllowed
    items = list(session.agenda_items.all())
    form = SessionNotesForm(request.POST or None, initial={"notes": session.notes})
    formset = AgendaFormSet(
        request.POST or None,
        initial=[{"kind": a.kind, "topic": a.topic, "speaker": a.speaker} for a in items],
        prefix="agenda",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        agenda = [row for row in formset.cleaned_data if row and not row.get("DELETE")]
        try:
            services.partner_session_notes_update(
                session=session, notes=form.cleaned_data["notes"], agenda=agenda
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Notes and agenda saved."))
            return redirect("interns:session_notes", session_id=session.pk)
    return render(
        request,
        "interns/session_notes.html",
        {"session": session, "form": form, "formset": formset},
    )


@permission_required("sessions.view_roster")
@require_GET
def session_roster(request: HttpRequest, session_id: int) -> HttpResponse:
    # The sessions they see; the permission keeps caseworker and humas off rosters.
    session = get_scoped_or_404(request, visible_sessions(workplace_of(request)), pk=session_id)
    roster = selectors.session_roster(session=session)
    read_record(
        request, what="interns.session_roster", count=len(roster), filters={"session": session.pk}
    )
    return render(
        request,
        "interns/session_roster.html",
        {
            "session": session,
            "roster": roster,
            "can_edit_notes": allows(workplace_of(request), "sessions.write_notes"),
        },
    )
