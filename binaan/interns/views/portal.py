"""The partner portal and session rosters for partners and interns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binaan.accounts.models import Role
from binaan.core.scoping import current_facility, get_scoped_or_404, roles_required, workplace_of
from binaan.interns import selectors, services
from binaan.interns.forms import (
    AgendaFormSet,
    SessionNotesForm,
)
from binaan.interns.views.common import MANAGERS, _form_errors, _MethodNotAllowed, _user, methods
from binaan.programs.models import Session

# --- partner portal and rosters -----------------------------------------------------------------


def _optional_url(name: str, **kwargs: Any) -> str:
    """Pages of other apps (session page, attendance register) where they are installed."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _session_for(request: HttpRequest, session_id: int, *, intern_ok: bool) -> Session:
    session = get_scoped_or_404(
        request, Session.objects.select_related("program", "location", "facility"), pk=session_id
    )
    workplace = workplace_of(request)
    user = _user(request)
    if workplace.has_role(*MANAGERS):
        return session
    if workplace.has_role(Role.PARTNER) and (
        selectors.partner_sessions(facility=session.facility, user=user)
        .filter(pk=session.pk)
        .exists()
    ):
        return session
    if (
        intern_ok
        and workplace.has_role(Role.INTERN)
        and session.intern_assignments.filter(user=user).exists()
    ):
        return session
    raise Http404


@roles_required(Role.PARTNER)
@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    """Kegiatan saya: the sessions a partner's facilitator leads, upcoming first."""
    sessions = list(
        selectors.partner_sessions(facility=current_facility(request), user=_user(request))
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


@roles_required(Role.PARTNER, *MANAGERS)
@methods
def session_notes(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id, intern_ok=False)
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


@roles_required(Role.PARTNER, Role.INTERN, *MANAGERS)
@require_GET
def session_roster(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id, intern_ok=True)
    return render(
        request,
        "interns/session_roster.html",
        {
            "session": session,
            "roster": selectors.session_roster(session=session),
            "can_edit_notes": workplace_of(request).has_role(Role.PARTNER, *MANAGERS),
        },
    )
