from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

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


# django-otp's admin shows and edits the TOTP secrets: whoever reads a secret can make the
# user's codes, and a device changed there skips the services' audit row. Two-factor login is
# turned on and off by its owner only (accounts:two_factor).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
