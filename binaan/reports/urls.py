from django.urls import path

from binaan.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("facilities/<int:facility_id>/", views.facility_report, name="facility"),
    path("regions/<int:regional_office_id>/", views.regional, name="regional"),
    path("national/", views.national, name="national"),
]
