from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from binaan.accounts.models import FACILITY_ROLES, Role, User
from binaan.facilities.models import Facility
from tests.factories import FacilityFactory, user_with_roles

# A shared 2-core CI machine can stall any example for a moment; the properties are about
# correctness, not speed (performance is measured by `manage.py benchmark`).
hypothesis_settings.register_profile("binaan", deadline=None, print_blob=True)
hypothesis_settings.load_profile("binaan")


@pytest.fixture
def facility(db: None) -> Facility:
    return FacilityFactory(name="Rutan Kelas IIA Balikpapan", code="RUTAN-BPN")


@pytest.fixture
def other_facility(db: None) -> Facility:
    return FacilityFactory(
        name="Lapas Kelas IIA Jayapura", code="LAPAS-JYP", time_zone="Asia/Jayapura"
    )


@pytest.fixture
def make_user(facility: Facility) -> Callable[..., User]:
    def make(*roles: str, at: Facility | None = None) -> User:
        return user_with_roles(at or facility, *roles)

    return make


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.OFFICER)


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN)


@pytest.fixture
def all_roles_user(make_user: Callable[..., User]) -> User:
    """Holds every facility role, so a 404 can only come from scoping, never from a role check."""
    return make_user(*sorted(FACILITY_ROLES))


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    # Production uses PBKDF2 with many iterations; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def builtin_reasons(transactional_db: None) -> None:
    """The eight reasons come from a data migration, which a transactional test's flush removes
    for the tests after it: put them back the way the migration does."""
    import importlib

    from django.apps import apps

    importlib.import_module("binaan.attendance.migrations.0002_builtin_reasons").seed(apps, None)


@pytest.fixture(autouse=True, scope="session")
def flush_past_the_audit_trigger() -> Iterator[None]:
    """On PostgreSQL the audit trail refuses TRUNCATE (core migration audit_refuse_truncate),
    and Django's flush after a transactional test truncates every table. The test database's
    owner is a superuser: it flushes with triggers off (`session_replication_role = replica`),
    the way a maintenance superuser would; the application role cannot set it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield
