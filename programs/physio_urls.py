"""Physiotherapist workspace URLs (caseload, client review, adjustments)."""

from django.urls import path

from programs import physio_views as views

app_name = "physio"

_client = "clients/<int:client_id>/"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(_client, views.client, name="client"),
    path(_client + "end/", views.client_end, name="client_end"),
    path(
        _client + "flags/<int:flag_id>/acknowledge/",
        views.flag_acknowledge,
        name="flag_acknowledge",
    ),
    path(_client + "flags/<int:flag_id>/resolve/", views.flag_resolve, name="flag_resolve"),
    path(_client + "program/pause/", views.program_pause, name="program_pause"),
    path(_client + "program/resume/", views.program_resume, name="program_resume"),
    path(_client + "program/strength-days/", views.strength_days, name="strength_days"),
    path(_client + "program/exercises/add/", views.exercise_add, name="exercise_add"),
    path(
        _client + "program/exercises/<int:exercise_id>/level/",
        views.exercise_level,
        name="exercise_level",
    ),
    path(
        _client + "program/exercises/<int:exercise_id>/dose/",
        views.exercise_dose,
        name="exercise_dose",
    ),
    path(
        _client + "program/exercises/<int:exercise_id>/remove/",
        views.exercise_remove,
        name="exercise_remove",
    ),
    path(_client + "notes/", views.note_add, name="note_add"),
    path(_client + "messages/", views.message_send, name="message_send"),
]
