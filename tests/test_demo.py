"""The demo is the system's shop window: every demo login opens every page its menu offers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from binaan.accounts.models import User
from binaan.accounts.navigation import nav_for
from binaan.accounts.workplace import load_workplace
from binaan.devtools.demo.facilities import DEMO_USERS
from binaan.programs.models import Program, Session
from binaan.residents.models import Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_every_demo_user_opens_every_menu_page(demo: None) -> None:
    opened = 0
    for username, _role, _scope in DEMO_USERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        items = nav_for(load_workplace(user, None), "/")
        assert items, username
        for item in items:
            response = client.get(str(item["url"]), follow=True)
            assert response.status_code == 200, f"{username} {item['url']} {response.status_code}"
            opened += 1
    assert opened > 40


def test_the_story_is_in_the_demo(demo: None) -> None:
    qonita = Program.objects.get(name="Pengajian Rutin Qonita")
    assert qonita.facility.code == "RUTAN-BPN"
    assert set(qonita.sexes) == {"P"} and set(qonita.religions) == {"islam"}
    story = Session.objects.filter(program=qonita, starts_at__date="2026-04-06").get()
    assert story.starts_at.hour == 1  # 09.00 WITA is 01.00 UTC
    assert story.intern_assignments.filter(user__username="magang").exists()
    assert story.attendances.exists()
    assert qonita.enrollments.filter(resident__block__name="Blok Wanita").count() >= 10
    assert Resident.objects.filter(facility__code="RUTAN-BPN").count() >= 150

    officer = Client()
    officer.force_login(User.objects.get(username="petugas"))
    for url in (
        f"/programs/{qonita.pk}/",
        f"/programs/sessions/{story.pk}/",
        f"/attendance/sessions/{story.pk}/",
        f"/residents/{qonita.enrollments.first().resident_id}/",  # type: ignore[union-attr]
        "/reports/",
        f"/reports/facilities/{qonita.facility_id}/?month=2026-04",
    ):
        assert officer.get(url).status_code in {200, 302}, url
