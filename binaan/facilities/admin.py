from django.contrib import admin

from binaan.core.admin import ReadOnlyAdmin
from binaan.facilities.models import Facility, Location, RegionalOffice

admin.site.register(RegionalOffice, ReadOnlyAdmin)


@admin.register(Facility)
class FacilityAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "type", "regional_office", "time_zone"]


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "facility"]
    list_filter = ["facility", "kind"]
