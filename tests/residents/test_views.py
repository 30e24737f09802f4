from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from binaan.accounts.models import Role
from binaan.core.dates import facility_today
from binaan.core.models import AuditAction, AuditEvent
from binaan.devtools.samples import sample_rows, to_csv, to_xlsx
from binaan.facilities.models import Facility, Location
from binaan.residents.importing import HEADERS
from binaan.residents.models import (
    CustodyStatus,
    MovementKind,
    Resident,
    ResidentState,
    fold,
)
from tests.factories import LocationFactory, ResidentFactory
from tests.querycount import assert_flat_queries, requesting

pytestmark = pytest.mark.django_db

LIST = reverse("residents:list")


def _names(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- List and search -------------------------------------------------------------------------


def test_list_search_is_case_and_accent_insensitive(
    officer_client: Client, resident: Resident, facility: Facility
) -> None:
    ResidentFactory(facility=facility, full_name="Budi Santoso")
    for query in ["aminah", "AMIN", "siti ãm", "Ami", "0777"]:
        html = _names(officer_client.get(LIST, {"q": query}))
        assert "Siti Ãminah" in html and "Budi Santoso" not in html, query
    assert "Siti Ãminah" not in _names(officer_client.get(LIST, {"q": "budi"}))


def test_list_filters(officer_client: Client, resident: Resident, facility: Facility) -> None:
    other_block = LocationFactory(facility=facility, name="Blok A")
    ResidentFactory(
        facility=facility,
        full_name="Yohanes Tahanan",
        block=other_block,
        custody_status=CustodyStatus.TAHANAN,
        register_code="A.II",
        religion="kristen",
        sentence_start=None,
        sentence_years=0,
    )

    def names(**params: object) -> set[str]:
        html = _names(officer_client.get(LIST, params))
        return {n for n in ("Siti Ãminah", "Yohanes Tahanan") if n in html}

    assert names() == {"Siti Ãminah", "Yohanes Tahanan"}
    assert names(block=resident.block_id) == {"Siti Ãminah"}
    assert names(custody_status="tahanan") == {"Yohanes Tahanan"}
    assert names(sex="P") == {"Siti Ãminah"}
    assert names(religion="kristen") == {"Yohanes Tahanan"}
    # Sentence from 2025-01-01, 3 years 7 months: lanjutan I from its 1/3 date (2026-03-12)
    # until the 1/2 date (2026-10-16); the filter uses today's date in the facility's zone.
    today = facility_today(facility)
    expected = resident.key_dates(on=today)
    assert expected is not None and expected.stage is not None
    assert names(stage=str(expected.stage)) == {"Siti Ãminah"}
    assert names(stage="selesai" if expected.stage != "selesai" else "awal") == set()
    Resident.objects.filter(pk=resident.pk).update(state=ResidentState.RELEASED)
    assert names() == {"Yohanes Tahanan"}
    assert names(state="bebas") == {"Siti Ãminah"}
    assert names(state="all") == {"Siti Ãminah", "Yohanes Tahanan"}


def test_list_htmx_gets_the_rows_only(officer_client: Client, resident: Resident) -> None:
    response = officer_client.get(LIST, {"q": "siti"}, HTTP_HX_REQUEST="true")
    html = _names(response)
    assert response.status_code == 200 and "Siti Ãminah" in html and "<html" not in html


def test_list_paginates_by_50(officer_client: Client, facility: Facility) -> None:
    for n in range(51):
        ResidentFactory(facility=facility, full_name=f"Warga {n:02d}")
    first = _names(officer_client.get(LIST))
    second = _names(officer_client.get(LIST, {"page": 2}))
    assert "Warga 49" in first and "Warga 50" not in first and "Warga 50" in second


def test_list_wrong_method_and_role(
    officer_client: Client, role_client: Callable[[str], Client]
) -> None:
    assert officer_client.post(LIST).status_code == 405
    assert role_client(Role.HUMAS).get(LIST).status_code == 403


def _bulk_residents(facility: Facility, block: Location, count: int) -> None:
    Resident.objects.bulk_create(
        Resident(
            facility=facility,
            registration_number=f"N{n:05d}",
            full_name=f"Warga Uji {n}",
            search_name=fold(f"Warga Uji {n}"),
            custody_status=CustodyStatus.NARAPIDANA,
            sex="L",
            block=block,
        )
        for n in range(count)
    )


def test_list_search_and_profile_queries_do_not_grow(
    officer_client: Client, facility: Facility, block: Location, resident: Resident
) -> None:
    _bulk_residents(facility, block, 9)
    pages = {
        "list": requesting(officer_client, LIST),
        "search": requesting(officer_client, LIST, {"q": "warga", "block": str(block.pk)}),
        "filter": requesting(officer_client, LIST, {"stage": "awal", "religion": "islam"}),
        "profile": requesting(officer_client, reverse("residents:detail", args=[resident.pk])),
    }

    def to_1000() -> None:
        Resident.objects.bulk_create(
            Resident(
                facility=facility,
                registration_number=f"M{n:05d}",
                full_name=f"Warga Banyak {n}",
                search_name=fold(f"Warga Banyak {n}"),
                custody_status=CustodyStatus.NARAPIDANA,
                sex="L",
                block=block,
            )
            for n in range(990)
        )
        assert Resident.objects.count() == 1000

    # Each page writes its one audit row: on PostgreSQL the chain lock, the last row, the insert.
    budgets = {"list": 10, "search": 11, "filter": 9, "profile": 17}
    assert_flat_queries(pages, grow=to_1000, ceiling=budgets)


# --- Profile -----------------------------------------------------------------------------------


def test_profile_shows_stage_in_indonesian_and_logs_access(
    officer_client: Client, officer: object, resident: Resident
) -> None:
    url = reverse("residents:detail", args=[resident.pk])
    html = _names(officer_client.get(url))
    assert "Tahap dan tanggal penting" in html and "Pembebasan bersyarat (PB) sejak" in html
    assert "Pasal 378 KUHP penipuan" in html and "3 tahun 7 bulan 0 hari" in html
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(resident.pk))
    assert event.actor == officer and event.facility == resident.facility
    officer_client.get(url)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 2


def test_profile_of_tahanan_has_no_stage(officer_client: Client, facility: Facility) -> None:
    tahanan = ResidentFactory(
        facility=facility,
        custody_status=CustodyStatus.TAHANAN,
        register_code="A.III",
        sentence_start=None,
        sentence_years=0,
    )
    html = _names(officer_client.get(reverse("residents:detail", args=[tahanan.pk])))
    assert "Tahap dan tanggal penting" not in html and "Jadwal sidang" in html


def test_profile_wrong_method_and_role(
    officer_client: Client, role_client: Callable[[str], Client], resident: Resident
) -> None:
    url = reverse("residents:detail", args=[resident.pk])
    assert officer_client.post(url).status_code == 405
    assert role_client(Role.HUMAS).get(url).status_code == 403


# --- Photo -------------------------------------------------------------------------------------


def test_photo_is_served_only_through_the_scoped_view(
    role_client: Callable[[str], Client], resident: Resident, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    url = reverse("residents:photo", args=[resident.pk])
    placeholder = role_client(Role.CASEWORKER).get(url)
    assert placeholder.status_code == 200 and placeholder["Content-Type"] == "image/svg+xml"
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    resident.photo.save("foto.png", io.BytesIO(png), save=True)
    response = role_client(Role.OFFICER).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png  # type: ignore[attr-defined]
    assert response["Cache-Control"] == "private, no-store"
    assert role_client(Role.HUMAS).get(url).status_code == 403
    assert role_client(Role.OFFICER).post(url).status_code == 405
    assert Client().get(url).status_code == 302  # login required


# --- Create, edit and case actions -------------------------------------------------------------


def test_create_and_edit(officer_client: Client, block: Location) -> None:
    assert officer_client.get(reverse("residents:create")).status_code == 200
    data = {
        "registration_number": "AIII 5/2026",
        "full_name": "Rahmat Hidayat",
        "custody_status": "tahanan",
        "register_code": "A.III",
        "sex": "L",
        "nationality": "Indonesia",
        "block": block.pk,
        "sentence_years": 0,
        "sentence_months": 0,
        "sentence_days": 0,
        "admission_date": "2026-03-02",
    }
    response = officer_client.post(reverse("residents:create"), data)
    resident = Resident.objects.get(registration_number="AIII 5/2026")
    assert response.status_code == 302 and response["Location"] == resident.get_absolute_url()
    assert resident.movements.get().kind == MovementKind.ADMISSION
    again = officer_client.post(reverse("residents:create"), data)
    assert again.status_code == 200 and "sudah dipakai" in _names(again)
    edit = reverse("residents:edit", args=[resident.pk])
    assert officer_client.get(edit).status_code == 200
    data.update(custody_status="narapidana", register_code="B.I", sentence_start="2026-03-02")
    data.update(sentence_years=2)
    assert officer_client.post(edit, data).status_code == 302
    resident.refresh_from_db()
    assert resident.expiry_date == date(2028, 3, 2)


def test_create_edit_wrong_method_and_role(
    role_client: Callable[[str], Client], resident: Resident
) -> None:
    for url in (reverse("residents:create"), reverse("residents:edit", args=[resident.pk])):
        assert role_client(Role.OFFICER).put(url).status_code == 405
        assert role_client(Role.CASEWORKER).get(url).status_code == 403
        assert role_client(Role.PARTNER).post(url).status_code == 403


def test_remission_move_transfer_release(
    role_client: Callable[[str], Client],
    resident: Resident,
    facility: Facility,
    other_facility: Facility,
) -> None:
    head = role_client(Role.HEAD)
    url = reverse("residents:remission_add", args=[resident.pk])
    response = head.post(url, {"kind": "umum", "days": 30, "decree_date": "2025-08-17"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.remission_days_total == 30
    assert head.post(url, {"kind": "umum", "days": 0, "decree_date": ""}).status_code == 400

    other_block = LocationFactory(facility=facility, name="Blok B")
    move = reverse("residents:move", args=[resident.pk])
    assert head.post(move, {"block": other_block.pk, "on": "2026-01-05"}).status_code == 302
    resident.refresh_from_db()
    assert resident.block == other_block

    release = reverse("residents:release", args=[resident.pk])
    transfer = reverse("residents:transfer", args=[resident.pk])
    response = head.post(transfer, {"to_facility": other_facility.pk, "on": "2026-02-01"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.facility == other_facility
    # Gone from this facility now: the old URLs answer 404.
    assert head.post(release, {"on": "2026-02-02"}).status_code == 404


def test_release_view(role_client: Callable[[str], Client], resident: Resident) -> None:
    url = reverse("residents:release", args=[resident.pk])
    assert role_client(Role.HEAD).post(url, {"on": "2026-02-02"}).status_code == 302
    resident.refresh_from_db()
    assert resident.state == ResidentState.RELEASED
    assert role_client(Role.HEAD).post(url, {"on": "2026-02-03"}).status_code == 400


def test_court_date_add(role_client: Callable[[str], Client], resident: Resident) -> None:
    url = reverse("residents:court_date_add", args=[resident.pk])
    client = role_client(Role.OFFICER)
    data = {"on": "2026-04-07", "court": "Pengadilan Negeri Balikpapan"}
    assert client.post(url, data).status_code == 302
    assert resident.court_dates.get().date == date(2026, 4, 7)
    # The same day twice is refused with a message, not a server error.
    assert client.post(url, data).status_code == 400
    html = client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert "Selasa, 7 April 2026" in html


@pytest.mark.parametrize("name", ["remission_add", "court_date_add", "move", "transfer", "release"])
def test_actions_wrong_method_and_role(
    role_client: Callable[[str], Client], resident: Resident, name: str
) -> None:
    url = reverse(f"residents:{name}", args=[resident.pk])
    assert role_client(Role.ADMIN).get(url).status_code == 200
    assert role_client(Role.ADMIN).put(url).status_code == 405
    assert role_client(Role.PARTNER).post(url).status_code == 403
    if name in {"transfer", "release"}:
        assert role_client(Role.OFFICER).post(url).status_code == 403


# --- Import page -------------------------------------------------------------------------------

IMPORT = reverse("residents:import")
CONFIRM = reverse("residents:import_confirm")


def _upload(client: Client, data: bytes, name: str = "penghuni.xlsx", **extra: str) -> object:
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)}, **extra)


def test_import_preview_then_confirm(
    officer_client: Client, block: Location, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    assert officer_client.get(IMPORT).status_code == 200
    data = to_xlsx(sample_rows(30, blocks=[block.name]))
    preview = _upload(officer_client, data, HTTP_HX_REQUEST="true")
    html = _names(preview)
    assert preview.status_code == 200 and 'data-testid="count-created">30<' in html  # type: ignore[attr-defined]
    assert "Impor sekarang" in html and "<html" not in html
    assert not Resident.objects.exists()
    stored = list((tmp_path / "imports").iterdir())  # type: ignore[operator]
    assert len(stored) == 1
    response = officer_client.post(CONFIRM)
    assert response.status_code == 302 and response["Location"] == LIST
    assert Resident.objects.count() == 30
    assert not stored[0].exists()
    # The same confirmation cannot run twice.
    assert officer_client.post(CONFIRM)["Location"] == IMPORT


def test_import_with_an_error_shows_it_and_writes_nothing(
    officer_client: Client, block: Location, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    rows = sample_rows(5, blocks=[block.name])
    rows[2][HEADERS.index("Kode Register")] = "Z.9"
    response = _upload(officer_client, to_csv(rows), "penghuni.csv")
    html = _names(response)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Baris 4, kolom “Kode Register”, nilai “Z.9”" in html
    assert "Impor sekarang" not in html
    assert officer_client.post(CONFIRM)["Location"] == IMPORT
    assert not Resident.objects.exists()


def test_import_refuses_a_disguised_file(officer_client: Client) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    html = _names(_upload(officer_client, png, "penghuni.xlsx"))
    assert "Berkas bukan lembar kerja (XLSX atau CSV)." in html


def test_import_refuses_an_oversized_upload(officer_client: Client) -> None:
    response = _upload(officer_client, b"a;b\n" * (5 * 1024 * 1024 // 4 + 10), "besar.csv")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Berkas lebih besar dari 5 MB." in _names(response)


def test_import_template_download(officer_client: Client) -> None:
    response = officer_client.get(reverse("residents:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Penghuni"][1]] == HEADERS


@pytest.mark.parametrize("name", ["import", "import_confirm", "import_template"])
def test_import_wrong_method_and_role(role_client: Callable[[str], Client], name: str) -> None:
    url = reverse(f"residents:{name}")
    assert role_client(Role.OFFICER).put(url).status_code == 405
    assert role_client(Role.CASEWORKER).get(url).status_code == 403
    assert role_client(Role.INTERN).post(url).status_code == 403


def test_stale_uploads_are_purged(
    officer_client: Client, block: Location, settings: object, tmp_path: object
) -> None:
    import os

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    folder = tmp_path / "imports"  # type: ignore[operator]
    folder.mkdir()
    stale = folder / "u999-old"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    _upload(officer_client, to_xlsx(sample_rows(2, blocks=[block.name])))
    assert not stale.exists() and len(list(folder.iterdir())) == 1


def test_photo_upload_and_clear_through_the_edit_form(
    officer_client: Client, resident: Resident, settings: object, tmp_path: object
) -> None:
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    edit = reverse("residents:edit", args=[resident.pk])
    data = {
        "registration_number": resident.registration_number,
        "full_name": resident.full_name,
        "custody_status": resident.custody_status,
        "register_code": resident.register_code,
        "sex": resident.sex,
        "nationality": "Indonesia",
        "sentence_start": "2025-01-01",
        "sentence_years": 3,
        "sentence_months": 7,
        "sentence_days": 0,
    }
    photo = SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")
    assert officer_client.post(edit, {**data, "photo": photo}).status_code == 302
    resident.refresh_from_db()
    assert resident.photo.name.startswith("residents/")
    served = officer_client.get(reverse("residents:photo", args=[resident.pk]))
    assert served["Content-Type"] == "image/png"
    assert officer_client.post(edit, {**data, "photo-clear": "on"}).status_code == 302
    resident.refresh_from_db()
    assert not resident.photo


def test_death_view(role_client: Callable[[str], Client], resident: Resident) -> None:
    url = reverse("residents:death", args=[resident.pk])
    assert role_client(Role.OFFICER).post(url, {"on": "2026-02-02"}).status_code == 403
    assert role_client(Role.HEAD).get(url).status_code == 200
    assert role_client(Role.HEAD).post(url, {"on": "2026-02-02"}).status_code == 302
    resident.refresh_from_db()
    assert resident.state == ResidentState.DECEASED
    again = role_client(Role.HEAD).post(url, {"on": "2026-02-03"})
    assert again.status_code == 400
    assert "Kematian hanya dapat dicatat" in again.content.decode()
