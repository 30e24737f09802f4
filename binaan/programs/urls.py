from django.urls import path

from binaan.programs import holiday_views, views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("calendar/", views.calendar, name="calendar"),
    path("categories/", views.category_list, name="category_list"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/edit/", views.program_edit, name="edit"),
    path("<int:program_id>/archive/", views.program_archive, name="archive"),
    path("<int:program_id>/generate/", views.program_generate, name="generate"),
    path("<int:program_id>/enrol/", views.program_enroll, name="enroll"),
    path("<int:program_id>/enrol/all/", views.program_enroll_all, name="enroll_all"),
    path("<int:program_id>/sessions/new/", views.session_create, name="session_create"),
    path("<int:program_id>/sessions/cancel/", views.sessions_cancel_range, name="cancel_range"),
    path("enrolments/<int:enrollment_id>/end/", views.enrollment_end, name="enrollment_end"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/move/", views.session_move, name="session_move"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_id>/restore/", views.session_restore, name="session_restore"),
    path("sessions/<int:session_id>/agenda/", views.session_agenda, name="session_agenda"),
    path("sessions/<int:session_id>/staff/", views.session_staff, name="session_staff"),
    path(
        "residents/<int:resident_id>/calendar/",
        views.resident_calendar,
        name="resident_calendar",
    ),
]

# Holiday corrections (binaan.programs.holiday_views).
urlpatterns += [
    path("holidays/", holiday_views.holiday_list, name="holidays"),
    path(
        "holidays/<int:holiday_id>/delete/",
        holiday_views.holiday_delete,
        name="holiday_delete",
    ),
]
