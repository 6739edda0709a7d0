"""Physiotherapist workspace URLs (caseload, client review, adjustments)."""

app_name = "physio"

urlpatterns: list = []
