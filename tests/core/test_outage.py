"""When the database is down, a person is told their save did not happen; the API and /healthz
answer JSON 503; the app recovers by itself once the database is back (binaan.core.faults)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]


def _raise_outage(*args: object, **kwargs: object) -> None:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@pytest.mark.django_db
def test_page_answers_indonesian_503_when_the_database_fails(
    officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    # The first database access of the request fails: the session read, as in a real outage.
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", _raise_outage)
    response = client.get(reverse("programs:list"))
    assert response.status_code == 503
    body = response.content.decode()
    assert "TIDAK disimpan" in body, body
    assert "database_unavailable" in body
    assert response["Retry-After"] == "60"


@pytest.mark.django_db
def test_api_answers_json_503_when_the_database_fails(
    officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", _raise_outage)
    response = client.get("/api/v1/programs/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert "TIDAK disimpan" in response.json()["detail"]


@pytest.mark.django_db
def test_other_errors_stay_500_without_a_trace(
    officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(officer)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail of a bug")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", broken)
    page = client.get(reverse("programs:list"))
    assert page.status_code == 500
    assert "secret detail" not in page.content.decode()
    assert "Tidak ada yang disimpan" in page.content.decode()
    api = client.get("/api/v1/programs/")
    assert api.status_code == 500
    assert api.json()["code"] == "server_error"
    assert "secret detail" not in api.content.decode()


@pytest.mark.django_db
def test_healthz_answers_json_503(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(raise_request_exception=False)
    assert client.get("/healthz").json() == {"status": "ok"}
    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", _raise_outage)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "unavailable"
    assert response.json()["code"] == "database_unavailable"


# --- a real outage: a throwaway PostgreSQL cluster that this test starts and stops -------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    port: int
    pg_ctl: list[str]


@pytest.fixture
def throwaway_cluster() -> Iterator[Cluster]:
    bin_dir = _pg_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are missing in CI")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    # PostgreSQL refuses to run as root: run it as the postgres user when we are root.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    # Not pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    tmp_path = Path(tempfile.mkdtemp(prefix="binaan-outage-"))
    data = tmp_path / "pgdata"
    sockets = tmp_path / "sockets"
    for folder in (data, sockets):
        folder.mkdir()
        if as_user:
            shutil.chown(folder, "postgres", "postgres")
    if as_user:
        shutil.chown(tmp_path, "postgres", "postgres")
    port = _free_port()
    subprocess.run(  # noqa: S603
        [*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -k {sockets} -c fsync=off"
    # `pg_ctl … start` / `… stop`: the driver appends the action.
    pg_ctl = [
        *as_user,
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data),
        "-w",
        "-t",
        "60",
        "-m",
        "fast",
        "-l",
        str(tmp_path / "server.log"),
        "-o",
        options,
    ]
    subprocess.run([*pg_ctl, "start"], check=True, capture_output=True, timeout=120)  # noqa: S603
    try:
        yield Cluster(port=port, pg_ctl=pg_ctl)
    finally:
        subprocess.run([*pg_ctl, "stop"], capture_output=True, timeout=120)  # noqa: S603
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_real_outage_answers_503_and_recovers_without_losing_a_mark(
    throwaway_cluster: Cluster,
) -> None:
    port = throwaway_cluster.port
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/postgres",
        DEBUG="0",
        SECRET_KEY="outage-test-" + "x" * 50,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        BINAAN_ALLOW_DEMO="0",
        STATIC_MANIFEST="0",
        DJANGO_SETTINGS_MODULE="config.settings",
        OUTAGE_PG_CTL=json.dumps(throwaway_cluster.pg_ctl),
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "tests" / "core" / "outage_driver.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("OUTAGE-RESULT ")]
    assert lines, result.stdout + result.stderr
    observed = json.loads(lines[-1].removeprefix("OUTAGE-RESULT "))
    assert observed["vendor"] == "postgresql"
    assert observed["save_before"] == 200
    assert observed["api_during"]["status"] == 503
    assert observed["api_during"]["body"]["code"] == "database_unavailable"
    assert observed["healthz_during"]["status"] == 503
    assert observed["healthz_during"]["body"]["code"] == "database_unavailable"
    for key in ("page_during", "page_post_during"):
        assert observed[key]["status"] == 503, key
        assert "TIDAK disimpan" in observed[key]["body"], key
    # Recovered without a restart, and every acknowledged mark is stored; the refused one is not.
    assert observed["healthz_after"] == 200, result.stderr[-4000:]
    assert observed["api_after"] == 200
    assert observed["acknowledged_stored"] == observed["acknowledged"]
    assert observed["refused_stored"] is False
