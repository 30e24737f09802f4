"""The Django admin shows domain rows read-only: writes go through the services."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from binaan.core.admin import ReadOnlyAdminMixin
from binaan.facilities.models import Facility
from tests.factories import LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ours() -> list[type[models.Model]]:
    return [m for m in admin.site._registry if m.__module__.startswith("binaan.")]


def test_every_domain_admin_is_read_only() -> None:
    registered = _ours()
    assert {m._meta.label_lower for m in registered} >= {
        "accounts.user",
        "core.auditevent",
        "facilities.facility",
        "facilities.location",
        "programs.program",
        "programs.session",
        "partners.partner",
    }
    for model in registered:
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, ReadOnlyAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, ReadOnlyAdminMixin), inline


def test_superuser_views_but_cannot_add_change_or_delete(facility: Facility) -> None:
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(superuser)
    location = LocationFactory(facility=facility, name="Aula")
    objects: dict[type[models.Model], models.Model] = {
        type(facility): facility,
        type(location): location,
        type(superuser): superuser,
    }
    for model in _ours():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, model
        assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403, model
        obj = objects.get(model)
        if obj is None:
            continue
        change_url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        page = client.get(change_url)
        # The read-only view: no save buttons.
        assert page.status_code == 200 and b'name="_save"' not in page.content, model
        assert client.post(change_url, {"name": "Diubah"}).status_code == 403, model
        delete_url = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 403, model
    location.refresh_from_db()
    facility.refresh_from_db()
    assert location.name == "Aula" and facility.name != "Diubah"


def test_users_and_roles_have_binaan_pages() -> None:
    # What the admin no longer edits, Binaan's own pages do.
    assert reverse("accounts:user_list") and reverse("accounts:user_create")
    assert reverse("accounts:user_edit", args=[1])
