from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from binaan.accounts.workplace import SESSION_KEY, Workplace, load_workplace
from binaan.core.context import acting_as
from binaan.core.request import client_ip


class FacilityMiddleware:
    """Attach the user's workplace, activate the facility's time zone, set the audit actor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            requested = request.session.get(SESSION_KEY)
            workplace = load_workplace(user, int(requested) if requested else None)
        else:
            workplace = Workplace()
        request.workplace = workplace  # type: ignore[attr-defined]
        if workplace.facility is not None:
            timezone.activate(workplace.facility.tzinfo)
        else:
            timezone.deactivate()
        actor = user if user.is_authenticated else None
        try:
            with acting_as(actor, client_ip(request)):
                return self.get_response(request)
        finally:
            timezone.deactivate()
