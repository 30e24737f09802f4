from django.contrib import admin

from binaan.core.admin import ReadOnlyAdmin
from binaan.partners.models import Facilitator, Partner


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "facility", "agreement_end"]
    list_filter = ["facility", "kind"]


@admin.register(Facilitator)
class FacilitatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "partner", "facility"]
    list_filter = ["facility"]
