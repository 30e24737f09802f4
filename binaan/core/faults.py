"""Clear answers when the system itself fails: the database is down or unreachable.

Django hands every uncaught exception to `handler500` (config/urls.py), including those raised by
middleware before a view runs (the session and the user are read from the database). When the
cause is the database, the person must learn that their save did NOT happen: pages answer an
Indonesian 503 page, the API and /healthz answer JSON 503 with the stable code
`database_unavailable`. The page is rendered without the request context, since the context
processors would query the database again. Django reconnects by itself on the next request
(`CONN_HEALTH_CHECKS` on PostgreSQL), so no restart is needed once the database is back.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("binaan.faults")

DATABASE_UNAVAILABLE = "database_unavailable"
SERVER_ERROR = "server_error"
# Errors that say the database could not be reached or the connection broke, not that a query
# was wrong: OperationalError (connection refused, server closed the connection, lock timeout on
# SQLite) and InterfaceError (connection already closed).
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


def wants_json(request: HttpRequest) -> bool:
    path = request.path
    return path.startswith("/api/") or path.startswith("/healthz") or path.startswith("/readyz")


def is_outage(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        # Django wraps driver errors; their cause says whether the server was unreachable.
        error = error.__cause__ if isinstance(error, DatabaseError) else None
    return False


def api_error(code: str, message: str) -> dict[str, object]:
    """The API's error shape (binaan.core.api.error_body); `detail` kept for older clients."""
    errors = {"non_field_errors": [message]}
    return {"code": code, "message": message, "field": None, "errors": errors, "detail": message}


def outage_response(request: HttpRequest) -> HttpResponse:
    message = _("The database cannot be reached right now. What you just sent was NOT saved.")
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {"status": "unavailable", **api_error(DATABASE_UNAVAILABLE, message)}, status=503
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a database outage becomes a 503 that says nothing was saved."""
    error = sys.exc_info()[1]
    if is_outage(error):
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        return outage_response(request)
    if wants_json(request):
        message = _("An unexpected error occurred. Nothing was saved.")
        return JsonResponse(api_error(SERVER_ERROR, message), status=500)
    return HttpResponseServerError(render_to_string("500.html"))
