"""The demo is the system's shop window: every demo login opens every page its menu offers."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binaan.accounts.models import User
from binaan.accounts.navigation import nav_for
from binaan.accounts.workplace import load_workplace
from binaan.attendance.models import Attendance
from binaan.core.dates import facility_today
from binaan.devtools.demo.facilities import DEMO_USERS
from binaan.facilities.models import Facility, RegionalOffice
from binaan.interns.models import LogbookEntry, Placement, PresenceDay
from binaan.partners.models import Facilitator
from binaan.programs.models import Enrollment, Program, Session, SessionIntern
from binaan.reports.selectors import Month
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


# Faker id_ID's `name()` adds these; a resident register never carries them.
TITLE = re.compile(
    r",|\b(Dr|Drs|Dra|Hj|H|Ir|Prof|drg|dr|R|Tgk|Cut|KH|S\.\w+|M\.\w+|A\.Md\w*)\.", re.IGNORECASE
)


def test_the_demo_is_believable_and_seeding_again_creates_nothing(demo: None) -> None:
    counts = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == counts

    # Names: no titles, and the sexes where they belong.
    titled = [r.full_name for r in Resident.objects.all() if TITLE.search(r.full_name)]
    assert titled == []
    assert set(
        Resident.objects.filter(block__name="Blok Wanita").values_list("sex", flat=True)
    ) == {"P"}
    women_only = [p for p in Program.objects.all() if p.sexes == ["P"]]
    assert women_only, "the demo has a women-only program (Qonita)"
    for program in women_only:
        sexes = set(program.enrollments.values_list("resident__sex", flat=True))
        assert sexes == {"P"}, program.name

    # The mitra login is the ustadzah who leads Qonita.
    mitra = User.objects.get(username="mitra")
    facilitator = Facilitator.objects.get(user=mitra)
    qonita = Program.objects.get(name="Pengajian Rutin Qonita")
    assert qonita.facilitators.filter(pk=facilitator.pk).exists()
    assert facilitator.name == mitra.full_name

    # Documents are signed with the head's name, and the kepala login is that head.
    balikpapan = Facility.objects.get(code="RUTAN-BPN")
    assert "demo" not in balikpapan.head_name.lower()
    assert User.objects.get(username="kepala").full_name == balikpapan.head_name

    # Interns work sessions only within their placement, and a cohort is under way today.
    for assignment in SessionIntern.objects.select_related("session__facility"):
        day = timezone.localtime(
            assignment.session.starts_at, assignment.session.facility.tzinfo
        ).date()
        assert Placement.objects.filter(
            intern_id=assignment.user_id,
            facility_id=assignment.session.facility_id,
            start_date__lte=day,
            end_date__gte=day,
        ).exists(), (assignment.user_id, day)
    today = facility_today(balikpapan)
    assert (
        Placement.objects.filter(
            facility=balikpapan, start_date__lte=today, end_date__gte=today
        ).count()
        >= 3
    )


def test_kanwil_kaltim_compares_several_upts(demo: None) -> None:
    """The regional view of Kanwil Kalimantan Timur lists at least four UPTs with sessions and
    attendance last month, with figures that differ (one seeding for the whole check: it is the
    slow part)."""
    office = RegionalOffice.objects.get(code="KANWIL-KALTIM")
    kanwil = Client()
    kanwil.force_login(User.objects.get(username="kanwil"))
    balikpapan = Facility.objects.get(code="RUTAN-BPN")
    month = Month.of(facility_today(balikpapan)).shifted(-1)
    url = reverse("reports:regional", kwargs={"regional_office_id": office.pk})
    page = kanwil.get(url, {"month": str(month)})
    assert page.status_code == 200
    data = json.loads(kanwil.get(url, {"month": str(month), "export": "json"}).content)
    held = [line for line in data["facilities"] if line["held"] and line["marked"]]
    assert len(held) >= 4, [line["code"] for line in data["facilities"]]
    assert {line["code"] for line in held} >= {"RUTAN-BPN", "LAPAS-SMD", "RUTAN-TGR", "LPKA-SMD"}
    assert len({line["rate"] for line in held}) >= 3  # different figures, a real comparison
    html = page.content.decode()
    for line in held:
        assert line["name"] in html

    # The units are believable: the LPKA's children are under 18 today, boys in its wisma.
    lpka = Facility.objects.get(code="LPKA-SMD")
    today = facility_today(lpka)
    children = Resident.objects.filter(facility=lpka)
    assert children.count() >= 20
    for child in children:
        born = child.birth_date
        assert born is not None
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        assert 14 <= age < 18, (child.full_name, born)
        assert child.sex == "L"
    # Lapas Samarinda holds sentenced prisoners only; each unit has programs with attendance.
    assert set(
        Resident.objects.filter(facility__code="LAPAS-SMD").values_list("custody_status", flat=True)
    ) == {"narapidana"}
    for code in ("LAPAS-SMD", "RUTAN-TGR", "LPKA-SMD"):
        assert Program.objects.filter(facility__code=code).count() >= 2, code
        assert Attendance.objects.filter(facility__code=code).exists(), code
    women = set(
        Resident.objects.filter(facility__code="RUTAN-TGR", block__name="Blok Wanita").values_list(
            "sex", flat=True
        )
    )
    assert women == {"P"}


def _counts() -> dict[str, int]:
    models = [Resident, User, Program, Enrollment, Session, SessionIntern, Placement, PresenceDay]
    models += [LogbookEntry, Attendance, Facilitator]
    return {m.__name__: m.objects.count() for m in models}


def test_logins_are_printed_once_with_the_port_served(demo: None) -> None:
    out = io.StringIO()
    call_command("demo_logins", "--port", "8765", stdout=out)
    assert "http://127.0.0.1:8765" in out.getvalue()
    out = io.StringIO()
    call_command("seed_demo", "--no-logins", stdout=out)
    assert "Binaan demo" not in out.getvalue()
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "demo_logins --host $(HOST) --port $(PORT)" in makefile
    assert "seed_demo --no-logins" in makefile
