from django.urls import path

from binaan.residents import detention_views, views

app_name = "residents"

urlpatterns = [
    path("residents/", views.resident_list, name="list"),
    path("residents/new/", views.resident_create, name="create"),
    path("residents/import/", views.import_upload, name="import"),
    path("residents/import/confirm/", views.import_confirm, name="import_confirm"),
    path("residents/import/cancel/", views.import_cancel, name="import_cancel"),
    path("residents/import/template.xlsx", views.import_template, name="import_template"),
    path("residents/children/", views.age_review, name="age_review"),
    path(
        "residents/remissions/<int:remission_id>/revoke/",
        views.remission_revoke,
        name="remission_revoke",
    ),
    path("residents/detention/", detention_views.detention_list, name="detention"),
    path("residents/<int:resident_id>/", views.resident_detail, name="detail"),
    path("residents/<int:resident_id>/edit/", views.resident_edit, name="edit"),
    path("residents/<int:resident_id>/photo/", views.resident_photo, name="photo"),
    path("residents/<int:resident_id>/remissions/", views.remission_add, name="remission_add"),
    path(
        "residents/<int:resident_id>/sentence-changes/",
        views.sentence_change_add,
        name="sentence_change_add",
    ),
    path("residents/<int:resident_id>/court-dates/", views.court_date_add, name="court_date_add"),
    path(
        "residents/<int:resident_id>/detention/",
        detention_views.detention_order_add,
        name="detention_add",
    ),
    path("residents/<int:resident_id>/move/", views.resident_move, name="move"),
    path("residents/<int:resident_id>/transfer/", views.resident_transfer, name="transfer"),
    path("residents/<int:resident_id>/release/", views.resident_release, name="release"),
    path("residents/<int:resident_id>/death/", views.resident_death, name="death"),
    path(
        "residents/<int:resident_id>/subject-access.zip",
        views.resident_subject_access,
        name="subject_access",
    ),
]
