from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from binaan.core.models import AuditEvent


class ReadOnlyAdminMixin:
    """The Django admin only looks at domain rows. Every write goes through the services, which
    check the domain's rules and write the audit row; an admin form would do neither. Binaan's
    own pages add and edit (users and their roles: `accounts:user_list`). Viewing keeps Django's
    rule: a superuser, or staff holding the model's view permission."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "actor_username",
        "facility",
        "action",
        "object_type",
        "object_repr",
    ]
    list_filter = ["action", "facility"]
    search_fields = ["actor_username", "object_repr", "object_id"]
    # Append-only: not even a superuser edits or deletes the trail (ReadOnlyAdmin).
