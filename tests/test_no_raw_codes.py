"""No stored code reaches a person: every choice is shown by its (translated) label.

The codes checked are the values of every TextChoices of the project that their Indonesian
label does not contain as written (`pendamping` is shown "Pendamping", `perguruan_tinggi`
"Perguruan tinggi", `L` "Laki-laki" …). The demo is rendered for every login: each page of
its menu, the detail pages of a program, a session, a resident and a placement, the monthly
report's PDF and CSV and an intern's month PDF. Each must show none of those codes as a word of
its visible text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from html import unescape

import pypdfium2
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from binaan.accounts.models import Role, User
from binaan.accounts.navigation import nav_for
from binaan.accounts.workplace import load_workplace
from binaan.devtools.demo.facilities import DEMO_USERS
from binaan.facilities.models import Facility
from binaan.interns.models import Placement
from binaan.programs.models import Program, SessionIntern
from binaan.residents.models import Resident
from tests.factories import LocationFactory
from tests.test_project import _po_entries

pytestmark = pytest.mark.django_db

# Codes that are also ordinary Indonesian words of labels and of the demo's own texts, where
# they are not a leaked code: "Menurut blok", "Mitra / narasumber", "pembinaan kepribadian",
# "Jam masuk", "Mempersiapkan ruang", "dokumentasi foto kegiatan" (a logbook line), "kegiatan
# tambahan", Qonita's description "tilawah, tausiyah dan diskusi", the detaining authority
# "Penuntut umum", "bagi tahanan yang masih ditahan", "Alasan (khusus perpanjangan …)". And two
# demo usernames that are also role codes, shown as usernames on the users' list.
ORDINARY_WORDS = {"blok", "narasumber", "kepribadian", "kemandirian", "masuk", "ruang"}
ORDINARY_WORDS |= {"dokumentasi", "tambahan", "tilawah", "tausiyah", "diskusi", "umum", "tahanan"}
ORDINARY_WORDS |= {"khusus", "admin", "humas"}


def _choice_classes() -> list[type[models.TextChoices]]:
    found: dict[str, type[models.TextChoices]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("binaan."):
            continue
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if not choices:
                continue
            module = __import__(model.__module__, fromlist=["*"])
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, models.TextChoices)
                    and value is not models.TextChoices
                ):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def raw_codes() -> set[str]:
    """Values of the project's TextChoices that their Indonesian label does not contain as
    written: `pendamping` (shown "Pendamping"), `perguruan_tinggi`, `L`. A label that shows its
    code on purpose ("A.I — ditahan penyidik", "WITA (Asia/Makassar)") does not count."""
    codes: set[str] = set()
    with translation.override("id"):
        for choices in _choice_classes():
            for value, label in zip(choices.values, choices.labels, strict=True):
                if str(value) not in re.findall(r"[\w./]+", str(label)):
                    codes.add(str(value))
    return codes - ORDINARY_WORDS


def _visible_text(html: str) -> str:
    # <code> is the audit trail's record of the stored values, shown as code on purpose.
    html = re.sub(r"<(script|style|code)\b.*?</\1>", " ", html, flags=re.S | re.I)
    # Decorative text hidden from screen readers: a photo's stand-in initial ("L" of "Lili").
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', " ", html)
    html = re.sub(r"<[^>]+>", " ", html)
    return unescape(html)


def _pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _leaks(text: str, codes: set[str]) -> set[str]:
    words = set(re.findall(r"[\w.]+", text))
    return {code for code in codes if code in words}


def test_every_choice_label_is_translated() -> None:
    """Each TextChoices label is a gettext string with an Indonesian entry in the catalogue."""
    entries = _po_entries()
    missing = []
    for choices in _choice_classes():
        for member, label in zip(choices, choices.labels, strict=True):
            if not isinstance(label, Promise):
                missing.append(f"{choices.__qualname__}.{member.name}: not wrapped in gettext")
            else:
                with translation.override("en"):  # the msgid: English is the source language
                    msgid = str(label)
                if not entries.get(msgid):
                    missing.append(f"{choices.__qualname__}.{member.name}: {msgid}")
    assert missing == []
    assert len(_choice_classes()) >= 20


def test_the_codes_list_is_the_one_the_issue_names() -> None:
    codes = raw_codes()
    # Examples of each kind the issue lists: a task, a role, a status, a kind.
    assert {"pendamping", "caseworker", "waitlisted", "perguruan_tinggi", "L", "islam"} <= codes
    assert "A.I" not in codes and "Asia/Makassar" not in codes  # shown in their labels


def test_no_raw_code_on_the_demo_pages_and_documents() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    codes = raw_codes()
    qonita = Program.objects.get(name="Pengajian Rutin Qonita")
    session = SessionIntern.objects.filter(session__program=qonita).first()
    assert session is not None
    resident = Resident.objects.filter(facility=qonita.facility).order_by("pk").first()
    assert resident is not None
    placement = Placement.objects.filter(facility=qonita.facility).order_by("pk").first()
    assert placement is not None
    details = {
        "petugas": [
            reverse("programs:detail", kwargs={"program_id": qonita.pk}),
            reverse("programs:session_detail", kwargs={"session_id": session.session_id}),
            reverse("attendance:register", kwargs={"session_id": session.session_id}),
            reverse("residents:detail", kwargs={"resident_id": resident.pk}),
        ],
        "admin": [
            reverse("interns:placement_detail", kwargs={"placement_id": placement.pk}),
            reverse("interns:month", kwargs={"placement_id": placement.pk}),
        ],
    }
    documents = {
        "kepala": [
            reverse("reports:facility", kwargs={"facility_id": qonita.facility_id})
            + "?month=2026-04&export=pdf",
            reverse("reports:facility", kwargs={"facility_id": qonita.facility_id})
            + "?month=2026-04&export=csv",
        ],
        "admin": [reverse("interns:month_pdf", kwargs={"placement_id": placement.pk})],
    }
    found: dict[str, set[str]] = {}
    opened = 0
    for username, _role, _scope in DEMO_USERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        urls = [str(item["url"]) for item in nav_for(load_workplace(user, None), "/")]
        for url in urls + details.get(username, []):
            response = client.get(url, follow=True)
            assert response.status_code == 200, (username, url)
            leaks = _leaks(_visible_text(response.content.decode()), codes)
            if leaks:
                found[f"{username} {url}"] = leaks
            opened += 1
        for url in documents.get(username, []):
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            if response["Content-Type"].startswith("application/pdf"):
                text = _pdf_text(response.content)
            else:
                rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
                # The CSV's first columns are its own keys (breakdown, key, metric); the labels
                # of the values (a breakdown's row) must be labels.
                text = "\n".join(row[1] for row in rows if len(row) > 1)
            leaks = _leaks(text, codes)
            if leaks:
                found[f"{username} {url}"] = leaks
            opened += 1
    assert opened > 40
    assert found == {}


def test_the_api_gives_the_label_next_to_each_code(
    client_for: Callable[[User], Client], make_user: Callable[..., User], facility: Facility
) -> None:
    LocationFactory(facility=facility, name="Masjid At-Taubah", kind="masjid")
    data = client_for(make_user(Role.OFFICER)).get("/api/v1/locations/").json()
    rows = data["results"] if isinstance(data, dict) else data
    mosque = next(row for row in rows if row["name"] == "Masjid At-Taubah")
    assert (mosque["kind"], mosque["kind_label"]) == ("masjid", "Masjid")
