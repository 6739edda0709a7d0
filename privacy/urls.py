"""The privacy page (mounted at /accounts/privacy/, as before the privacy app existed)."""

from django.urls import path

from privacy import views

urlpatterns = [
    path("", views.privacy, name="privacy"),
    path("export.json", views.privacy_export_json, name="privacy_export_json"),
    path("export.zip", views.privacy_export_zip, name="privacy_export_zip"),
    path("delete/", views.privacy_delete, name="privacy_delete"),
    path("withdraw-consent/", views.consent_withdraw, name="consent_withdraw"),
]
