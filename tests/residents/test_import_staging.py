"""Import staging on Django's storage API: random names, size-bounded, removed when done."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from binaan.accounts.models import Role
from binaan.devtools.samples import sample_rows, to_xlsx
from binaan.facilities.models import Location
from binaan.residents import importing, services
from binaan.residents.models import Resident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def _staged() -> list[str]:
    try:
        return default_storage.listdir(services.IMPORT_STAGING_DIR)[1]
    except FileNotFoundError:
        return []


def test_stage_read_unstage() -> None:
    token = services.import_stage(data=b"a;b\n1;2\n", user_id=7)
    assert token.startswith("u7-") and _staged() == [token]
    assert services.import_staged_read(token=token) == b"a;b\n1;2\n"
    services.import_unstage(token=token)
    assert _staged() == [] and services.import_staged_read(token=token) is None


def test_stage_refuses_an_oversized_file() -> None:
    with pytest.raises(ValidationError):
        services.import_stage(data=b"x" * (importing.MAX_FILE_BYTES + 1), user_id=7)
    assert _staged() == []


@pytest.mark.parametrize("token", ["../secret", "u7-../../x", "penghuni.xlsx", ""])
def test_foreign_tokens_are_refused(token: str) -> None:
    assert services.import_staged_read(token=token) is None
    services.import_unstage(token=token)  # no error, nothing touched


def test_upload_name_never_reaches_storage_and_cancel_cleans(
    officer_client: Client, block: Location
) -> None:
    data = to_xlsx(sample_rows(3, blocks=[block.name]))
    name = "Data Penghuni; rahasia.xlsx"
    response = officer_client.post(
        reverse("residents:import"), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    staged = _staged()
    assert len(staged) == 1 and "rahasia" not in staged[0] and staged[0].startswith("u")
    response = officer_client.post(reverse("residents:import_cancel"))
    assert response.status_code == 302 and response["Location"] == reverse("residents:import")
    assert _staged() == []
    # Confirming after cancel finds nothing to import.
    assert officer_client.post(reverse("residents:import_confirm"))["Location"] == reverse(
        "residents:import"
    )
    assert not Resident.objects.exists()


def test_confirm_imports_and_removes_the_staged_file(
    officer_client: Client, block: Location
) -> None:
    data = to_xlsx(sample_rows(3, blocks=[block.name]))
    officer_client.post(reverse("residents:import"), {"file": SimpleUploadedFile("p.xlsx", data)})
    assert len(_staged()) == 1
    assert officer_client.post(reverse("residents:import_confirm")).status_code == 302
    assert Resident.objects.count() == 3 and _staged() == []


def test_cancel_wrong_method_and_role(role_client: Callable[[str], Client]) -> None:
    url = reverse("residents:import_cancel")
    assert role_client(Role.OFFICER).get(url).status_code == 405
    assert role_client(Role.CASEWORKER).post(url).status_code == 403
