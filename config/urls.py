from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from binaan.accounts import views as accounts_views
from binaan.attendance import api as attendance_api
from binaan.facilities import api as facilities_api
from binaan.interns import api as interns_api
from binaan.programs import api as programs_api
from binaan.programs.search import search_page
from binaan.reports import api as reports_api
from binaan.reports.dashboard import dashboard
from binaan.residents import api as residents_api

# A database outage answers 503 saying nothing was saved (binaan.core.faults).
handler500 = "binaan.core.faults.server_error"

api_v1 = [
    path("locations/", facilities_api.LocationListApi.as_view(), name="location_list"),
    path(
        "locations/<int:location_id>/",
        facilities_api.LocationDetailApi.as_view(),
        name="location_detail",
    ),
    path("programs/", programs_api.ProgramListApi.as_view(), name="program_list"),
    path(
        "programs/<int:program_id>/",
        programs_api.ProgramDetailApi.as_view(),
        name="program_detail",
    ),
    path(
        "programs/<int:program_id>/enrollments/",
        programs_api.ProgramEnrollmentListApi.as_view(),
        name="program_enrollments",
    ),
    path("sessions/", programs_api.SessionListApi.as_view(), name="session_list"),
    path(
        "sessions/<int:session_id>/",
        programs_api.SessionDetailApi.as_view(),
        name="session_detail",
    ),
    path("residents/", residents_api.ResidentListApi.as_view(), name="resident_list"),
    path(
        "residents/<int:resident_id>/",
        residents_api.ResidentDetailApi.as_view(),
        name="resident_detail",
    ),
    path("placements/", interns_api.PlacementListApi.as_view(), name="placement_list"),
    path(
        "placements/<int:placement_id>/",
        interns_api.PlacementDetailApi.as_view(),
        name="placement_detail",
    ),
    path(
        "placements/<int:placement_id>/logbook/",
        interns_api.PlacementLogbookApi.as_view(),
        name="placement_logbook",
    ),
    path(
        "sessions/<int:session_id>/attendance/",
        attendance_api.SessionAttendanceApi.as_view(),
        name="session_attendance",
    ),
    path("reports/monthly/", reports_api.MonthlyReportApi.as_view(), name="report_monthly"),
]

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("search/", search_page, name="search"),
    path("", include("binaan.core.urls")),
    path("accounts/", include("binaan.accounts.urls")),
    path("", include("binaan.facilities.urls")),
    path("", include("binaan.partners.urls")),
    path("programs/", include("binaan.programs.urls")),
    path("", include("binaan.residents.urls")),
    path("", include("binaan.interns.urls")),
    path("", include("binaan.attendance.urls")),
    path("reports/", include("binaan.reports.urls")),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("django-admin/", admin.site.urls),
]
# Uploaded files are never served by URL, not even under DEBUG: each is reached through a view
# that checks the user's facility and role (e.g. residents:photo).
