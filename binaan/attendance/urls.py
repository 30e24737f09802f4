from django.urls import path

from binaan.attendance import views

app_name = "attendance"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("attendance/sessions/<int:session_id>/", views.session_register, name="register"),
    path("attendance/sessions/<int:session_id>/scan/", views.session_scan, name="scan"),
    path("attendance/sessions/<int:session_id>/walk-in/", views.walk_in_search, name="walk_in"),
    path(
        "attendance/sessions/<int:session_id>/daftar-hadir.pdf",
        views.session_sheet_pdf,
        name="sheet_pdf",
    ),
    path(
        "attendance/sessions/<int:session_id>/cards.pdf",
        views.session_cards_pdf,
        name="session_cards_pdf",
    ),
    path("attendance/cards.pdf", views.cards_pdf, name="cards_pdf"),
    path("attendance/reasons/", views.reason_list, name="reason_list"),
    path("attendance/reasons/<int:reason_id>/toggle/", views.reason_toggle, name="reason_toggle"),
]
