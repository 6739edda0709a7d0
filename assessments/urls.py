"""Questionnaire, result and list of a client's assessments (mounted at /assessment/)."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.start, name="start"),
    path("mine/", views.assessment_list, name="list"),
    path("<uuid:uid>/result/", views.result, name="result"),
    path("<uuid:uid>/clearance/", views.clearance, name="clearance"),
    path("<uuid:uid>/<slug:slug>/", views.step, name="step"),
]
