from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from binaan.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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

    # Append-only: not even a superuser edits or deletes the trail.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
