from django.contrib import admin

from binaan.core.admin import ReadOnlyAdmin
from binaan.programs.models import Enrollment, Program, ProgramCategory, Session


@admin.register(ProgramCategory)
class ProgramCategoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "group", "is_active"]


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["name", "category", "facility", "status"]
    list_filter = ["facility", "status"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["program", "starts_at", "status", "is_modified"]
    list_filter = ["facility", "status"]


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["program", "resident", "status", "waitlist_position"]
    list_filter = ["facility", "status"]
