from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from binaan.facilities.models import Facility
from binaan.programs.models import Program, Session

pytestmark = pytest.mark.django_db


def test_generate_sessions_is_idempotent(facility: Facility, qonita: Program) -> None:
    out = StringIO()
    call_command("generate_sessions", "--facility", facility.code, "--weeks", "4", stdout=out)
    created = Session.objects.count()
    assert created > 0
    assert f"Pengajian Rutin Qonita: {created} created, 0 kept" in out.getvalue()

    out = StringIO()
    call_command("generate_sessions", "--weeks", "4", stdout=out)
    assert Session.objects.count() == created
    assert f"Pengajian Rutin Qonita: 0 created, {created} kept" in out.getvalue()


def test_unknown_facility(facility: Facility) -> None:
    with pytest.raises(CommandError):
        call_command("generate_sessions", "--facility", "NOPE")
