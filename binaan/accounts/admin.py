from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from binaan.accounts.models import Membership, User
from binaan.core.admin import ReadOnlyAdminMixin


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(ReadOnlyAdminMixin, BaseUserAdmin):
    """Users and their roles are managed on Binaan's own pages (accounts:user_list)."""

    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Binaan", {"fields": ("full_name", "nip", "phone")}),
    )
