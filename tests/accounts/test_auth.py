from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Membership, Role, User
from binaan.accounts.workplace import SESSION_KEY
from binaan.core.models import AuditAction, AuditEvent
from binaan.facilities.models import Facility
from tests.factories import PASSWORD, national_user, regional_user
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_page_speaks_indonesian(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke Binaan" in html
    assert "Nama pengguna" in html


def test_login_records_audit_and_lands_on_dashboard(client: Client, officer: User) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == officer
    assert event.ip_address == "10.1.2.3"


def test_every_demo_login_works(client: Client, settings: object) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from binaan.devtools.demo.facilities import DEMO_USERS

    for username, _role, _scope in DEMO_USERS:
        client.logout()
        response = client.post(
            reverse("accounts:login"),
            {"username": username, "password": "Binaan#Demo2026"},
        )
        assert response.status_code == 302, username
        assert client.get("/").status_code == 200, username


def test_seed_demo_is_idempotent() -> None:
    devnull = open("/dev/null", "w")  # noqa: SIM115
    call_command("seed_demo", stdout=devnull)
    counts = (User.objects.count(), Membership.objects.count(), Facility.objects.count())
    call_command("seed_demo", stdout=devnull)
    assert (User.objects.count(), Membership.objects.count(), Facility.objects.count()) == counts
    balikpapan = Facility.objects.get(code="RUTAN-BPN")
    assert balikpapan.time_zone == "Asia/Makassar"
    assert balikpapan.regional_office.name == "Kanwil Ditjenpas Kalimantan Timur"
    # Kanwil Kaltim: Rutan Balikpapan, Lapas Samarinda, Rutan Tenggarong and LPKA Samarinda (all
    # WITA); Kanwil Papua: Lapas Jayapura (WIT).
    assert counts[2] == 5
    kaltim = Facility.objects.filter(regional_office=balikpapan.regional_office)
    assert kaltim.count() == 4 and {f.time_zone for f in kaltim} == {"Asia/Makassar"}
    other = Facility.objects.exclude(regional_office=balikpapan.regional_office).get()
    assert other.time_zone != balikpapan.time_zone


def test_lockout_after_repeated_failures(client: Client, officer: User) -> None:
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": officer.username, "password": "x"})
    response = client.post(
        reverse("accounts:login"), {"username": officer.username, "password": PASSWORD}
    )
    # Even the right password is refused while locked.
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert client.get("/").status_code == 302


def test_logout_requires_post(client_for: Callable[[User], Client], officer: User) -> None:
    client = client_for(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_validates(client_for: Callable[[User], Client], officer: User) -> None:
    client = client_for(officer)
    url = reverse("accounts:password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200
    assert "Kata sandi terlalu pendek" in weak.content.decode()
    ok = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Lebih#Aman-2026",
            "new_password2": "Lebih#Aman-2026",
        },
    )
    assert ok.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Lebih#Aman-2026")


def test_switch_facility(
    client_for: Callable[[User], Client],
    officer: User,
    facility: Facility,
    other_facility: Facility,
) -> None:
    Membership.objects.create(user=officer, facility=other_facility, role=Role.HEAD)
    client = client_for(officer)
    assert facility.name in client.get("/").content.decode()
    response = client.post(reverse("accounts:switch_facility"), {"facility_id": other_facility.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == other_facility.pk
    page = client.get("/").content.decode()
    assert other_facility.name in page
    assert "WIT" in page
    # The roles follow the facility: head there, not officer.
    assert "Kepala UPT" in page


def test_switch_to_a_facility_without_membership_is_404(
    client_for: Callable[[User], Client], officer: User, other_facility: Facility
) -> None:
    client = client_for(officer)
    response = client.post(reverse("accounts:switch_facility"), {"facility_id": other_facility.pk})
    assert response.status_code == 404
    assert client.get(reverse("accounts:switch_facility")).status_code == 405


def test_regional_and_national_users_see_read_only_dashboard(
    client_for: Callable[[User], Client], facility: Facility
) -> None:
    for user in (regional_user(facility.regional_office), national_user()):
        client = client_for(user)
        page = client.get("/").content.decode()
        assert "baca-saja" in page
        # No facility pages for them.
        assert client.get(reverse("facilities:location_list")).status_code == 403
        assert client.get(reverse("core:audit_list")).status_code == 403


def test_english_switch(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in to Binaan" in page


class TestUserAdministration:
    def test_admin_creates_user_with_roles(
        self, client_for: Callable[[User], Client], admin_user: User, facility: Facility
    ) -> None:
        client = client_for(admin_user)
        response = client.post(
            reverse("accounts:user_create"),
            {
                "username": "ustadzah.rahma",
                "full_name": "Rahma Uji",
                "roles": [Role.PARTNER],
                "password1": "Mitra#Qonita-2026",
                "password2": "Mitra#Qonita-2026",
            },
        )
        assert response.status_code == 302
        user = User.objects.get(username="ustadzah.rahma")
        assert list(user.memberships.values_list("role", "facility")) == [
            (Role.PARTNER, facility.pk)
        ]
        assert AuditEvent.objects.filter(object_id=str(user.pk), action="create").exists()

    def test_bad_input_names_the_field_and_saves_nothing(
        self, client_for: Callable[[User], Client], admin_user: User
    ) -> None:
        client = client_for(admin_user)
        response = client.post(
            reverse("accounts:user_create"),
            {
                "username": admin_user.username,
                "full_name": "X",
                "roles": [],
                "password1": "a",
                "password2": "b",
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert f"Nama pengguna “{admin_user.username}” sudah dipakai." in html
        assert "Kedua kata sandi tidak sama." in html
        assert User.objects.count() == 1

    def test_admin_edits_roles(
        self,
        client_for: Callable[[User], Client],
        admin_user: User,
        officer: User,
        facility: Facility,
    ) -> None:
        client = client_for(admin_user)
        url = reverse("accounts:user_edit", kwargs={"user_id": officer.pk})
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {"full_name": "Baru", "roles": [Role.OFFICER, Role.CASEWORKER], "is_active": "on"},
        )
        assert response.status_code == 302
        assert set(officer.memberships.values_list("role", flat=True)) == {
            Role.OFFICER,
            Role.CASEWORKER,
        }

    def test_admin_cannot_drop_own_admin_role(
        self, client_for: Callable[[User], Client], admin_user: User
    ) -> None:
        client = client_for(admin_user)
        url = reverse("accounts:user_edit", kwargs={"user_id": admin_user.pk})
        response = client.post(url, {"full_name": "X", "roles": [Role.OFFICER], "is_active": "on"})
        assert response.status_code == 200
        assert admin_user.memberships.filter(role=Role.ADMIN).exists()

    @pytest.mark.parametrize("role", [Role.OFFICER, Role.HEAD, Role.PARTNER, Role.INTERN])
    def test_non_admin_cannot_create_users(
        self, client_for: Callable[[User], Client], make_user: Callable[..., User], role: str
    ) -> None:
        client = client_for(make_user(role))
        assert client.get(reverse("accounts:user_create")).status_code == 403

    def test_user_list_queries_constant(
        self,
        client_for: Callable[[User], Client],
        admin_user: User,
        make_user: Callable[..., User],
    ) -> None:
        client = client_for(admin_user)
        for _ in range(3):
            make_user(Role.OFFICER)
        assert_flat_queries(
            requesting(client, reverse("accounts:user_list")),
            grow=lambda: [make_user(Role.OFFICER, Role.CASEWORKER) for _ in range(40)],
            ceiling=8,
        )
