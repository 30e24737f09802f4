from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from binaan.devtools.samples import sample_rows, to_csv
from binaan.facilities.models import Facility
from binaan.residents.importing import HEADERS
from binaan.residents.models import Resident
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def _call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_make_file_then_import_with_progress_and_time(facility: Facility, tmp_path: Path) -> None:
    LocationFactory(facility=facility, name="Blok A")
    path = tmp_path / "penghuni.xlsx"
    out, _ = _call("make_resident_file", "250", str(path), "--facility", facility.code)
    assert "250" in out and path.exists()

    out, err = _call("import_residents", facility.code, str(path), "--dry-run")
    assert "250 new" in out and "Dry run" in out and "Elapsed:" in out
    assert "100% (250/250)" in err and "[####" in err
    assert not Resident.objects.exists()

    out, err = _call("import_residents", facility.code, str(path))
    assert "250 new" in out and "Elapsed:" in out and "Written." in out
    assert Resident.objects.filter(facility=facility, block__name="Blok A").count() == 250


def test_bad_row_names_row_and_writes_nothing(facility: Facility, tmp_path: Path) -> None:
    rows = sample_rows(20)
    rows[9][HEADERS.index("Jenis Kelamin")] = "X"
    path = tmp_path / "penghuni.csv"
    path.write_bytes(to_csv(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_residents", facility.code, str(path), stdout=io.StringIO(), stderr=err)
    assert "Baris 11, kolom “Jenis Kelamin”, nilai “X”" in err.getvalue()
    assert not Resident.objects.exists()


def test_unknown_facility_and_file(facility: Facility, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        _call("import_residents", "NOPE", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError):
        _call("import_residents", facility.code, str(tmp_path / "x.csv"))
    with pytest.raises(CommandError):
        _call("make_resident_file", "3", str(tmp_path / "x.txt"))
