"""Runs in its own process against a throwaway PostgreSQL cluster that the test started
(tests/core/test_outage.py): saves marks, stops the database, checks what a person and the API
are told, starts the database again and checks the app recovered and no acknowledged mark is lost.

Prints one JSON object with what it observed; the test asserts on it. It is a separate process
because the app's settings (DATABASES, DEBUG off so that handler500 answers) are read at start.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


def pg_ctl(action: str) -> None:
    command = json.loads(os.environ["OUTAGE_PG_CTL"]) + [action]
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)

    from binaan.accounts.models import Role
    from binaan.attendance.models import Attendance
    from tests.factories import FacilityFactory, att_session_with_roster, user_with_roles

    facility = FacilityFactory(name="Rutan Uji Gangguan", code="RUTAN-OUT")
    officer = user_with_roles(facility, Role.OFFICER)
    session = att_session_with_roster(facility, 4)
    residents = list(
        session.program.enrollments.order_by("pk").values_list("resident_id", flat=True)
    )
    # A real WSGI server: Django's test Client skips close_old_connections, which is exactly
    # what lets a real server recover from a dropped connection.
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    login = Client()
    login.force_login(officer)
    # A 32-character CSRF secret is accepted as both cookie and header value.
    csrf = "c" * 32
    cookie = f"sessionid={login.cookies['sessionid'].value}; csrftoken={csrf}"

    def call(method: str, path: str, body: str = "", content_type: str = "") -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
        headers = {"Cookie": cookie, "X-CSRFToken": csrf, "Host": "testserver"}
        if content_type:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body.encode(), headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode()

    def post_json(path: str, data: object) -> tuple[int, str]:
        return call("POST", path, json.dumps(data), "application/json")

    api = f"/api/v1/sessions/{session.pk}/attendance/"
    page = f"/attendance/sessions/{session.pk}/"

    observed: dict[str, object] = {}
    version = json.loads(call("GET", api)[1])["version"]
    acknowledged = residents[:2]
    status, body = post_json(
        api,
        {"version": version, "marks": [{"resident": r, "reason": "hadir"} for r in acknowledged]},
    )
    observed["save_before"] = status
    version = json.loads(body)["version"]

    pg_ctl("stop")
    status, body = post_json(
        api, {"version": version, "marks": [{"resident": residents[2], "reason": "hadir"}]}
    )
    observed["api_during"] = {"status": status, "body": json.loads(body)}
    status, body = call("GET", "/healthz")
    observed["healthz_during"] = {"status": status, "body": json.loads(body)}
    status, body = call("GET", page)
    observed["page_during"] = {"status": status, "body": body}
    status, body = call("POST", page, f"version={version}", "application/x-www-form-urlencoded")
    observed["page_post_during"] = {"status": status, "body": body}

    pg_ctl("start")
    observed["healthz_after"] = call("GET", "/healthz")[0]
    observed["api_after"] = call("GET", api)[0]
    server.shutdown()
    connection.close()  # the driver's own connection (outside any request) broke with the server
    stored = set(Attendance.objects.filter(session=session).values_list("resident_id", flat=True))
    observed["acknowledged_stored"] = sorted(set(acknowledged) & stored)
    observed["acknowledged"] = sorted(acknowledged)
    observed["refused_stored"] = residents[2] in stored
    observed["vendor"] = connection.vendor
    print("OUTAGE-RESULT " + json.dumps(observed))


if __name__ == "__main__":
    main()
