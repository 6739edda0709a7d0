"""Questionnaire, result and reassessment URLs."""

app_name = "assessments"

urlpatterns: list = []
