"""The physiotherapist's workspace (mounted at /physio/)."""

from django.urls import path

from care.views import adjustments, caseload, client, clinic, library, notifications, records

app_name = "physio"

_client = "clients/<int:client_id>/"
_exercise = _client + "program/exercises/<int:exercise_id>/"

urlpatterns = [
    path("", caseload.caseload, name="caseload"),
    path("invitations/", caseload.invitations, name="invitations"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("records/", records.records, name="records"),
    path(
        "invitations/<int:invitation_id>/cancel/",
        caseload.invitation_cancel,
        name="invitation_cancel",
    ),
    path("library/", library.library, name="library"),
    path("templates/", library.templates, name="templates"),
    path("templates/<int:template_id>/", library.template_detail, name="template_detail"),
    path("templates/<int:template_id>/delete/", library.template_delete, name="template_delete"),
    path(_client, client.client, name="client"),
    path(_client + "library/", library.library, name="client_library"),
    path(_client + "handout/", library.handout, name="handout"),
    path(_client + "program/template/", library.template_save, name="template_save"),
    path(_client + "program/template/apply/", library.template_apply, name="template_apply"),
    path(_exercise + "when/", library.exercise_frequency, name="exercise_frequency"),
    path(_client + "end/", client.client_end, name="client_end"),
    path(
        _client + "flags/<int:flag_id>/acknowledge/",
        adjustments.flag_acknowledge,
        name="flag_acknowledge",
    ),
    path(_client + "flags/<int:flag_id>/resolve/", adjustments.flag_resolve, name="flag_resolve"),
    path(_client + "program/pause/", adjustments.program_pause, name="program_pause"),
    path(_client + "program/resume/", adjustments.program_resume, name="program_resume"),
    path(_client + "program/strength-days/", adjustments.strength_days, name="strength_days"),
    path(_client + "program/exercises/add/", adjustments.exercise_add, name="exercise_add"),
    path(_exercise + "level/", adjustments.exercise_level, name="exercise_level"),
    path(_exercise + "dose/", adjustments.exercise_dose, name="exercise_dose"),
    path(_exercise + "remove/", adjustments.exercise_remove, name="exercise_remove"),
    path(_client + "assessment/", clinic.assessment_start, name="assessment_start"),
    path(
        _client + "assessment/<uuid:uid>/",
        clinic.assessment_result,
        name="assessment_result",
    ),
    path(
        _client + "assessment/<uuid:uid>/clearance/",
        clinic.assessment_clearance,
        name="assessment_clearance",
    ),
    path(
        _client + "assessment/<uuid:uid>/<slug:slug>/",
        clinic.assessment_step,
        name="assessment_step",
    ),
    path(_client + "notes/", client.note_add, name="note_add"),
    path(_client + "messages/", client.message_send, name="message_send"),
]
