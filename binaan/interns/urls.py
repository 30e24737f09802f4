from django.urls import path, re_path

from binaan.interns import views

app_name = "interns"

urlpatterns = [
    path("interns/", views.placement_list, name="placement_list"),
    path("interns/new/", views.placement_create, name="placement_create"),
    path("interns/mine/", views.intern_home, name="intern_home"),
    path("interns/mentor/", views.mentor_home, name="mentor_home"),
    path("interns/<int:placement_id>/", views.placement_detail, name="placement_detail"),
    path("interns/<int:placement_id>/edit/", views.placement_edit, name="placement_edit"),
    path("interns/<int:placement_id>/stop/", views.placement_stop, name="placement_stop"),
    path(
        "interns/<int:placement_id>/competencies/",
        views.competencies_edit,
        name="competencies_edit",
    ),
    path("interns/<int:placement_id>/check-in/", views.check_in, name="check_in"),
    path("interns/<int:placement_id>/check-out/", views.check_out, name="check_out"),
    path("interns/<int:placement_id>/absence/", views.absence, name="absence"),
    path("interns/<int:placement_id>/logbook/", views.logbook_edit, name="logbook"),
    path("interns/<int:placement_id>/month/", views.month, name="month"),
    path("interns/<int:placement_id>/month/xlsx/", views.month_xlsx, name="month_xlsx"),
    path("interns/<int:placement_id>/month/pdf/", views.month_pdf, name="month_pdf"),
    path("interns/<int:placement_id>/evaluation/", views.evaluation_edit, name="evaluation"),
    path("interns/<int:placement_id>/certificate/", views.certificate, name="certificate"),
    path(
        "interns/presence/<int:presence_id>/correct/",
        views.presence_correct,
        name="presence_correct",
    ),
    path("interns/logbook/<int:entry_id>/review/", views.entry_review, name="entry_review"),
    path("portal/", views.portal, name="portal"),
    path("portal/sessions/<int:session_id>/notes/", views.session_notes, name="session_notes"),
    path("portal/sessions/<int:session_id>/roster/", views.session_roster, name="session_roster"),
    # Public and facility-agnostic: the code is not a facility-owned object, so it is an unnamed
    # group (the cross-facility URL walk, binaan.devtools.access_matrix, treats named keywords as
    # objects).
    re_path(
        r"^verify/(BNM-[0-9]{1,12}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4})/$",
        views.certificate_verify,
        name="certificate_verify",
    ),
]
