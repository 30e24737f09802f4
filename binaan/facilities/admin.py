from django.contrib import admin

from binaan.facilities.models import Facility, Location, RegionalOffice

admin.site.register(RegionalOffice)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "type", "regional_office", "time_zone"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "facility"]
    list_filter = ["facility", "kind"]
