from django.urls import path

from binaan.facilities import views

app_name = "facilities"

urlpatterns = [
    path("facility/", views.facility_settings, name="settings"),
    path("locations/", views.location_list, name="location_list"),
    path("locations/new/", views.location_create, name="location_create"),
    path("locations/<int:location_id>/", views.location_edit, name="location_edit"),
]
