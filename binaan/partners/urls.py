from django.urls import path

from binaan.partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("facilitators/", views.facilitator_list, name="facilitator_list"),
    path("facilitators/new/", views.facilitator_create, name="facilitator_create"),
    path("facilitators/<int:facilitator_id>/", views.facilitator_edit, name="facilitator_edit"),
]
